/**
 * The localhost transport, for the page served by `npm run serve`: requests are POSTs to
 * /api/<method>, events arrive over one WebSocket (/ws), both carrying the token from the page's
 * URL. Binary values use the frames of src-main/common/wire.ts.
 *
 * The event socket is the page's sign of life of the server: when it closes (the server stopped or
 * was killed), the transport reports 'reconnecting' and tries again with a growing wait. A browser
 * does not say why a socket could not open, so after a failed try the transport asks the server
 * over HTTP: no answer, it keeps trying; an answer refusing the token (a restarted server has a new
 * one), it reports 'refused' and stops, for the page to say what to do.
 */
import type { ConnectionState, Envelope, ErrorCode, Method, StudioEvent, StudioTransport } from '../../src-main/contract.ts';
import { decodeWire, encodeWire, WIRE_CONTENT_TYPE } from '../../src-main/common/wire.ts';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'unknown-method',
  409: 'conflict',
};

function isEnvelope(v: unknown): v is Envelope<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { ok?: unknown }).ok === 'boolean';
}

export interface WebTransportOptions {
  /** The page's origin, e.g. http://127.0.0.1:5123 */
  origin: string;
  token: string;
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
  /** The wait before the first try to reconnect, ms; it doubles up to `maxRetryMs`. */
  firstRetryMs?: number;
  maxRetryMs?: number;
}

export class WebTransport implements StudioTransport {
  readonly kind = 'web' as const;
  readonly #origin: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #WebSocket: typeof WebSocket;
  readonly #listeners = new Set<(event: StudioEvent) => void>();
  readonly #connectionListeners = new Set<(state: ConnectionState) => void>();
  readonly #firstRetryMs: number;
  readonly #maxRetryMs: number;
  #socket: WebSocket | null = null;
  #retryMs: number;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #state: ConnectionState = { status: 'connecting' };
  /** Failed tries since the connection was lost. */
  #attempt = 0;

  constructor(options: WebTransportOptions) {
    this.#origin = options.origin;
    this.#token = options.token;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#WebSocket = options.WebSocket ?? globalThis.WebSocket;
    this.#firstRetryMs = options.firstRetryMs ?? 250;
    this.#maxRetryMs = options.maxRetryMs ?? 5000;
    this.#retryMs = this.#firstRetryMs;
  }

  get connection(): ConnectionState {
    return this.#state;
  }

  async invoke(method: Method, payload: unknown): Promise<Envelope<unknown>> {
    const body = encodeWire(payload);
    let response: Response;
    try {
      response = await this.#fetch(`${this.#origin}/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${this.#token}`,
          'Content-Type': typeof body === 'string' ? 'application/json' : WIRE_CONTENT_TYPE,
        },
        body,
      });
    } catch (error) {
      return { ok: false, error: { code: 'internal', message: `the server cannot be reached (${String(error)})` } };
    }
    const type = response.headers.get('Content-Type') ?? '';
    let data: unknown;
    try {
      data = type.startsWith(WIRE_CONTENT_TYPE) ? decodeWire(await response.arrayBuffer()) : decodeWire(await response.text());
    } catch {
      data = null;
    }
    if (response.status === 401) this.#refused();
    if (isEnvelope(data)) return data;
    const code = CODE_BY_STATUS[response.status] ?? 'internal';
    return { ok: false, error: { code, message: `HTTP ${response.status} from the server` } };
  }

  onEvent(listener: (event: StudioEvent) => void): () => void {
    this.#listeners.add(listener);
    this.#connect();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#disconnect();
    };
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.#connectionListeners.add(listener);
    listener(this.#state);
    return () => {
      this.#connectionListeners.delete(listener);
    };
  }

  reconnect(): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#retryMs = this.#firstRetryMs;
    if (this.#state.status === 'refused') this.#setState({ status: 'connecting' });
    this.#connect();
  }

  #setState(state: ConnectionState): void {
    this.#state = state;
    for (const listener of this.#connectionListeners) listener(state);
  }

  #connect(): void {
    if (this.#socket || this.#listeners.size === 0 || this.#state.status === 'refused') return;
    const wsOrigin = this.#origin.replace(/^http/, 'ws');
    const socket = new this.#WebSocket(`${wsOrigin}/ws?token=${encodeURIComponent(this.#token)}`);
    socket.binaryType = 'arraybuffer';
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.#retryMs = this.#firstRetryMs;
      this.#attempt = 0;
      this.#setState({ status: 'connected' });
    };
    socket.onmessage = (message: MessageEvent<string | ArrayBuffer>) => {
      const event = decodeWire(message.data) as StudioEvent;
      for (const listener of this.#listeners) listener(event);
    };
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      if (this.#listeners.size === 0) return;
      void this.#afterClose(opened);
    };
    this.#socket = socket;
  }

  /** The socket closed (or never opened): find out why, then try again later, or stop when refused. */
  async #afterClose(opened: boolean): Promise<void> {
    const sinceMs = this.#state.status === 'reconnecting' ? this.#state.sinceMs : Date.now();
    // A socket that opened and closed: the server went away, try again. One that never opened: the
    // server is still away, or it answers but refuses the token (the browser does not say which).
    if (!opened && (await this.#tokenRefused())) {
      this.#refused();
      return;
    }
    if (this.#socket || this.#listeners.size === 0 || this.#state.status === 'refused' || this.#retryTimer !== undefined) return;
    const waitMs = this.#retryMs;
    this.#retryMs = Math.min(waitMs * 2, this.#maxRetryMs);
    this.#attempt += 1;
    this.#setState({ status: 'reconnecting', sinceMs, attempt: this.#attempt, nextTryAtMs: Date.now() + waitMs });
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#connect();
    }, waitMs);
  }

  /** Asks the server whether it takes the token: true only on its answer that it does not. */
  async #tokenRefused(): Promise<boolean> {
    try {
      const response = await this.#fetch(`${this.#origin}/api/app.info`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.#token}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      return response.status === 401;
    } catch {
      return false;
    }
  }

  /** The server no longer takes the token: stop trying (nothing but a new URL can help) and say so. */
  #refused(): void {
    if (this.#state.status === 'refused') return;
    this.#disconnect();
    this.#setState({ status: 'refused', sinceMs: Date.now() });
  }

  /** Stops retrying and closes the socket without its close handler (no reconnection follows). */
  #disconnect(): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    const socket = this.#socket;
    this.#socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close();
    }
  }
}
