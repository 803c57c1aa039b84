/**
 * The IPC transport: one invoke channel into the shared dispatcher, after checking the sender.
 * Typed against Electron's own declarations, but takes ipcMain as a parameter so a test can pass a
 * fake.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Envelope } from '../contract.ts';
import type { Dispatch } from '../services/dispatch.ts';
import { INVOKE_CHANNEL } from './ipc-channels.ts';
import { isTrustedSender } from './policy.ts';

export function senderFacts(event: IpcMainInvokeEvent): Parameters<typeof isTrustedSender>[0] {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    frameUrl: frame ? frame.url : null,
    isMainFrame: frame !== null && frame.parent === null,
  };
}

export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, dispatch: Dispatch, ourWebContentsIds: ReadonlySet<number>): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, payload: unknown): Promise<Envelope<unknown>> => {
    if (!isTrustedSender(senderFacts(event), ourWebContentsIds)) {
      return { ok: false, error: { code: 'forbidden', message: 'IPC is accepted from the app window only' } };
    }
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'bad-request', message: 'method: expected a string', field: 'method' } };
    }
    return dispatch(method, payload, { transport: 'ipc' });
  });
  return () => ipcMain.removeHandler(INVOKE_CHANNEL);
}
