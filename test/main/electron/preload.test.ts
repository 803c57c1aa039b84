// The preload exposes a StudioTransport, never ipcRenderer itself.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunEvent, StudioEvent, StudioTransport } from '../../../src-main/contract.ts';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../../src-main/electron/ipc-channels.ts';

const exposed = new Map<string, unknown>();
const listeners = new Map<string, (...args: unknown[]) => void>();
const ipcRenderer = {
  invoke: vi.fn(async () => ({ ok: true, value: 'pong' })),
  on: vi.fn((channel: string, fn: (...args: unknown[]) => void) => void listeners.set(channel, fn)),
  removeListener: vi.fn((channel: string) => void listeners.delete(channel)),
};

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer,
}));

describe('preload', () => {
  beforeEach(async () => {
    exposed.clear();
    vi.resetModules();
    await import('../../../src-main/electron/preload.ts');
  });

  it('exposes window.studio with invoke and onEvent only', () => {
    expect([...exposed.keys()]).toEqual(['studio']);
    const studio = exposed.get('studio') as StudioTransport;
    expect(Object.keys(studio).sort()).toEqual(['invoke', 'kind', 'onEvent']);
    expect(studio.kind).toBe('ipc');
    expect(Object.values(studio)).not.toContain(ipcRenderer);
  });

  it('invoke goes through the one channel', async () => {
    const studio = exposed.get('studio') as StudioTransport;
    expect(await studio.invoke('app.info', {})).toEqual({ ok: true, value: 'pong' });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(INVOKE_CHANNEL, 'app.info', {});
  });

  it('onEvent passes the event (not the IPC event object) and unsubscribes', () => {
    const studio = exposed.get('studio') as StudioTransport;
    const got: StudioEvent[] = [];
    const off = studio.onEvent((e) => got.push(e));
    const event: RunEvent = { type: 'run.log', runId: 1, level: 'info', line: 'building the network' };
    listeners.get(EVENT_CHANNEL)?.({ sender: 'ipc internals' }, event);
    expect(got).toEqual([event]);
    off();
    expect(listeners.has(EVENT_CHANNEL)).toBe(false);
  });
});
