import { describe, expect, it, vi } from 'vitest';
import { encodeWire, WIRE_CONTENT_TYPE } from '../../src-main/common/wire.ts';
import type { StudioEvent } from '../../src-main/contract.ts';
import { WebTransport } from './web-transport.ts';

function response(body: string | Uint8Array, status: number, type: string): Response {
  return new Response(body as BodyInit, { status, headers: { 'Content-Type': type } });
}

class FakeSocket {
  static last: FakeSocket | null = null;
  binaryType = '';
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string | ArrayBuffer }) => void) | null = null;
  onclose: (() => void) | null = null;
  closed = false;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
    FakeSocket.last = this;
  }
  close(): void {
    this.closed = true;
  }
}

describe('WebTransport', () => {
  it('POSTs to /api/<method> with the token and returns the envelope', async () => {
    const fetch = vi.fn(async () => response(JSON.stringify({ ok: true, value: 1 }), 200, 'application/json'));
    const t = new WebTransport({ origin: 'http://127.0.0.1:9', token: 'tok', fetch: fetch as unknown as typeof globalThis.fetch });
    expect(await t.invoke('params.defaults', { preset: 'full' })).toEqual({ ok: true, value: 1 });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://127.0.0.1:9/api/params.defaults');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    expect(init.body).toBe('{"preset":"full"}');
  });

  it('decodes binary replies', async () => {
    const frame = encodeWire({ ok: true, value: { senders: new Uint32Array([3, 4]) } }) as Uint8Array;
    const fetch = async () => response(frame, 200, WIRE_CONTENT_TYPE);
    const t = new WebTransport({ origin: 'http://x', token: 't', fetch: fetch as unknown as typeof globalThis.fetch });
    const r = await t.invoke('app.info', {});
    expect(r.ok && Array.from((r.value as { senders: Uint32Array }).senders)).toEqual([3, 4]);
  });

  it('turns a refusal or an unreachable server into a typed error', async () => {
    const refused = async () => response('nope', 401, 'text/plain');
    const t1 = new WebTransport({ origin: 'http://x', token: 't', fetch: refused as unknown as typeof globalThis.fetch });
    expect(await t1.invoke('app.info', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const down = async () => {
      throw new TypeError('Failed to fetch');
    };
    const t2 = new WebTransport({ origin: 'http://x', token: 't', fetch: down as unknown as typeof globalThis.fetch });
    expect(await t2.invoke('app.info', {})).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('cannot be reached') } });
  });

  it('opens the event socket on first subscription, decodes binary events, closes when nobody listens', () => {
    const t = new WebTransport({ origin: 'http://127.0.0.1:9', token: 'a b', WebSocket: FakeSocket as unknown as typeof WebSocket });
    const got: StudioEvent[] = [];
    const off = t.onEvent((e) => got.push(e));
    const socket = FakeSocket.last!;
    expect(socket.url).toBe('ws://127.0.0.1:9/ws?token=a%20b');
    expect(socket.binaryType).toBe('arraybuffer');
    const preview = { fromStep: 0, toStep: 1, senders: new Uint32Array([5]), steps: new Uint32Array([1]), stride: 4, totalSpikes: 3 };
    const frame = encodeWire({ type: 'run.spikes', runId: 7, preview }) as Uint8Array;
    socket.onmessage?.({ data: frame.buffer as ArrayBuffer });
    socket.onmessage?.({ data: encodeWire({ type: 'run.progress', runId: 7, progress: { phase: 'building', realTimeFactor: NaN } }) as string });
    expect(got).toHaveLength(2);
    const spikes = got[0];
    expect(spikes?.type === 'run.spikes' && Array.from(spikes.preview.senders)).toEqual([5]);
    const progress = got[1];
    // NaN survives the text frames as it survives structured clone over IPC.
    expect(progress?.type === 'run.progress' && progress.progress.realTimeFactor).toBeNaN();
    off();
    expect(socket.closed).toBe(true);
  });
});
