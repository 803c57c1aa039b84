/**
 * The localhost transport, for the page served by `npm run serve`: requests are POSTs to
 * /api/<method>, events arrive over one WebSocket (/ws), both carrying the token from the page's
 * URL. Binary values use the frames of src-main/common/wire.ts.
 */
import type { Envelope, ErrorCode, Method, StudioEvent, StudioTransport } from '../../src-main/contract.ts';
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
}

export class WebTransport implements StudioTransport {
  readonly kind = 'web' as const;
  readonly #origin: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #WebSocket: typeof WebSocket;
  readonly #listeners = new Set<(event: StudioEvent) => void>();
  #socket: WebSocket | null = null;
  #retryMs = 250;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: WebTransportOptions) {
    this.#origin = options.origin;
    this.#token = options.token;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#WebSocket = options.WebSocket ?? globalThis.WebSocket;
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

  #connect(): void {
    if (this.#socket || this.#listeners.size === 0) return;
    const wsOrigin = this.#origin.replace(/^http/, 'ws');
    const socket = new this.#WebSocket(`${wsOrigin}/ws?token=${encodeURIComponent(this.#token)}`);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      this.#retryMs = 250;
    };
    socket.onmessage = (message: MessageEvent<string | ArrayBuffer>) => {
      const event = decodeWire(message.data) as StudioEvent;
      for (const listener of this.#listeners) listener(event);
    };
    socket.onclose = () => {
      this.#socket = null;
      if (this.#listeners.size === 0) return;
      // Reconnect with backoff while someone listens (the server may be restarting).
      this.#retryTimer = setTimeout(() => this.#connect(), this.#retryMs);
      this.#retryMs = Math.min(this.#retryMs * 2, 5000);
    };
    this.#socket = socket;
  }

  #disconnect(): void {
    clearTimeout(this.#retryTimer);
    const socket = this.#socket;
    this.#socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close();
    }
  }
}
