import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNEL } from '../../../src-main/electron/ipc-channels.ts';
import { registerIpc } from '../../../src-main/electron/ipc.ts';
import { createServices } from '../../../src-main/services/services.ts';

type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

function setup() {
  const handlers = new Map<string, InvokeHandler>();
  const ipcMain = {
    handle: vi.fn((channel: string, handler: InvokeHandler) => void handlers.set(channel, handler)),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
  const services = createServices({ identity: { name: 'Microcircuit Studio', version: '1.0.0' }, dataDir: '/tmp' });
  const dispose = registerIpc(ipcMain, services.dispatch, new Set([3]));
  const handler = handlers.get(INVOKE_CHANNEL);
  if (!handler) throw new Error('no invoke handler registered');
  return { handler, handlers, dispose };
}

function eventFrom(webContentsId: number, url: string, topFrame = true): IpcMainInvokeEvent {
  const frame = { url, parent: topFrame ? null : {} };
  return { sender: { id: webContentsId }, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

describe('IPC transport', () => {
  it('dispatches a call from our window, marked as ipc', async () => {
    const { handler } = setup();
    const reply = await handler(eventFrom(3, 'app://studio/index.html'), 'app.info', {});
    expect(reply).toMatchObject({ ok: true, value: { transport: 'ipc', version: '1.0.0' } });
  });

  it('refuses other senders with a typed error', async () => {
    const { handler } = setup();
    for (const event of [eventFrom(4, 'app://studio/index.html'), eventFrom(3, 'https://evil.example/'), eventFrom(3, 'app://studio/index.html', false)]) {
      expect(await handler(event, 'app.info', {})).toEqual({ ok: false, error: { code: 'forbidden', message: 'IPC is accepted from the app window only' } });
    }
  });

  it('validates method and payload', async () => {
    const { handler } = setup();
    const ev = eventFrom(3, 'app://studio/index.html');
    expect(await handler(ev, 42, {})).toMatchObject({ ok: false, error: { code: 'bad-request', field: 'method' } });
    expect(await handler(ev, 'params.defaults', { preset: 3 })).toMatchObject({ ok: false, error: { code: 'bad-request', field: 'preset' } });
    expect(await handler(ev, 'nope', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });

  it('unregisters', () => {
    const { handlers, dispose } = setup();
    dispose();
    expect(handlers.size).toBe(0);
  });
});
