/**
 * The preload (sandboxed, built to CommonJS): exposes `window.studio`, a StudioTransport over IPC.
 * The page gets these two functions only, never ipcRenderer.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Envelope, StudioEvent, StudioTransport } from '../contract.ts';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels.ts';

const studio: StudioTransport = {
  kind: 'ipc',
  invoke: (method, payload) => ipcRenderer.invoke(INVOKE_CHANNEL, method, payload) as Promise<Envelope<unknown>>,
  onEvent: (listener) => {
    const handler = (_event: IpcRendererEvent, event: StudioEvent): void => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('studio', studio);
