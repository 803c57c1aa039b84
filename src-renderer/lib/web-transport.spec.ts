import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeWire, WIRE_CONTENT_TYPE } from '../../src-main/common/wire.ts';
import type { ConnectionState, StudioEvent } from '../../src-main/contract.ts';
import { WebTransport } from './web-transport.ts';

function response(body: string | Uint8Array, status: number, type: string): Response {
  return new Response(body as BodyInit, { status, headers: { 'Content-Type': type } });
}

class FakeSocket {
  static last: FakeSocket | null = null;
  static count = 0;
  binaryType = '';
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string | ArrayBuffer }) => void) | null = null;
  onclose: (() => void) | null = null;
  closed = false;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
    FakeSocket.last = this;
    FakeSocket.count += 1;
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

describe('WebTransport: the connection', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A transport whose server answers `status` to the probe, or cannot be reached (null). */
  function connected(probe: () => number | null) {
    vi.useFakeTimers();
    const probes: string[] = [];
    const fetch = vi.fn(async (url: string) => {
      probes.push(url);
      const status = probe();
      if (status === null) throw new TypeError('Failed to fetch');
      return response(JSON.stringify(status === 401 ? { ok: false, error: { code: 'unauthorized', message: 'wrong token' } } : { ok: true, value: {} }), status, 'application/json');
    });
    const t = new WebTransport({
      origin: 'http://127.0.0.1:9',
      token: 'tok',
      fetch: fetch as unknown as typeof globalThis.fetch,
      WebSocket: FakeSocket as unknown as typeof WebSocket,
      firstRetryMs: 100,
      maxRetryMs: 400,
    });
    const states: ConnectionState[] = [];
    t.onConnection((s) => states.push(s));
    t.onEvent(() => {});
    return { t, states, probes, socket: () => FakeSocket.last! };
  }

  it('connected once the socket opens; lost, it tries again with a growing wait, and is connected again', async () => {
    let serverUp = true;
    const { t, states, probes, socket } = connected(() => (serverUp ? 200 : null));
    expect(states.map((s) => s.status)).toEqual(['connecting']);
    socket().onopen?.();
    expect(t.connection).toEqual({ status: 'connected' });

    // The server is killed: the socket closes.
    serverUp = false;
    const lostAt = Date.now();
    socket().onclose?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.connection).toEqual({ status: 'reconnecting', sinceMs: lostAt, attempt: 1, nextTryAtMs: lostAt + 100 });
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = FakeSocket.count;
      const s = t.connection as Extract<ConnectionState, { status: 'reconnecting' }>;
      waits.push(s.nextTryAtMs - Date.now());
      await vi.advanceTimersByTimeAsync(s.nextTryAtMs - Date.now());
      expect(FakeSocket.count).toBe(before + 1);
      socket().onclose?.(); // the try fails: nobody listens
      await vi.advanceTimersByTimeAsync(0);
      expect(t.connection).toMatchObject({ status: 'reconnecting', sinceMs: lostAt, attempt: i + 2 });
    }
    expect(waits).toEqual([100, 200, 400, 400]);
    expect(probes.length).toBe(4); // each failed try asked the server whether it takes the token

    // The server is back (with the same token): the next try opens.
    serverUp = true;
    await vi.advanceTimersByTimeAsync(400);
    socket().onopen?.();
    expect(t.connection).toEqual({ status: 'connected' });
    expect(states.map((s) => s.status).filter((s, i, a) => s !== a[i - 1])).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
    // After a new loss the wait starts short again.
    serverUp = false;
    socket().onclose?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.connection).toMatchObject({ status: 'reconnecting', attempt: 1, nextTryAtMs: Date.now() + 100 });
  });

  it('a restarted server that refuses the token: refused, and it stops trying', async () => {
    const { t, probes, socket } = connected(() => 401);
    socket().onopen?.();
    socket().onclose?.(); // killed
    await vi.advanceTimersByTimeAsync(0);
    expect(t.connection.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(100);
    socket().onclose?.(); // the upgrade was refused: the browser does not say why
    await vi.advanceTimersByTimeAsync(0);
    expect(probes).toEqual(['http://127.0.0.1:9/api/app.info']);
    expect(t.connection.status).toBe('refused');
    const sockets = FakeSocket.count;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.count).toBe(sockets);
    // "Try again" tries once more, at once.
    t.reconnect();
    expect(FakeSocket.count).toBe(sockets + 1);
    expect(t.connection.status).toBe('connecting');
  });

  it('a request refused for its token says refused too, and closes the socket', async () => {
    vi.useFakeTimers();
    const t = new WebTransport({
      origin: 'http://x',
      token: 'old',
      fetch: (async () => response('{"ok":false,"error":{"code":"unauthorized","message":"wrong token"}}', 401, 'application/json')) as unknown as typeof globalThis.fetch,
      WebSocket: FakeSocket as unknown as typeof WebSocket,
    });
    t.onEvent(() => {});
    const socket = FakeSocket.last!;
    socket.onopen?.();
    expect(await t.invoke('runs.list', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(t.connection.status).toBe('refused');
    expect(socket.closed).toBe(true);
  });

  it('"Try now" while reconnecting tries at once, with the shortest wait after', async () => {
    const { t, socket } = connected(() => null);
    socket().onopen?.();
    socket().onclose?.();
    await vi.advanceTimersByTimeAsync(0);
    const before = FakeSocket.count;
    t.reconnect();
    expect(FakeSocket.count).toBe(before + 1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(FakeSocket.count).toBe(before + 1); // the scheduled try was dropped; this one has not closed
  });
});
