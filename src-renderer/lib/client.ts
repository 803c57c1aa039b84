/**
 * The renderer's typed client of the contract, over whichever transport it was given. Replies
 * arrive as envelopes; a failed one becomes a StudioRequestError carrying the typed error.
 */
import type { ConnectionState, Envelope, Method, Payload, Reply, StudioEvent, StudioErrorInfo, StudioTransport, TransportKind } from '../../src-main/contract.ts';

/** Requests whose payload is empty may be called without one. */
export type CallArgs<M extends Method> = Record<string, never> extends Payload<M> ? [payload?: Payload<M>] : [payload: Payload<M>];

export class StudioRequestError extends Error {
  readonly info: StudioErrorInfo;

  constructor(method: Method, info: StudioErrorInfo) {
    super(`${method}: ${info.message}`);
    this.name = 'StudioRequestError';
    this.info = info;
  }
}

export class StudioClient {
  readonly #transport: StudioTransport;

  constructor(transport: StudioTransport) {
    this.#transport = transport;
  }

  get transport(): TransportKind {
    return this.#transport.kind;
  }

  async call<M extends Method>(method: M, ...args: CallArgs<M>): Promise<Reply<M>> {
    const envelope = (await this.#transport.invoke(method, args[0] ?? {})) as Envelope<Reply<M>>;
    if (!envelope.ok) throw new StudioRequestError(method, envelope.error);
    return envelope.value;
  }

  onEvent(listener: (event: StudioEvent) => void): () => void {
    return this.#transport.onEvent(listener);
  }

  /** The link to the services (called at once with the current state); always connected over IPC. */
  onConnection(listener: (state: ConnectionState) => void): () => void {
    if (this.#transport.onConnection) return this.#transport.onConnection(listener);
    listener({ status: 'connected' });
    return () => {};
  }

  /** Tries to connect again now (a user's "Try again"). */
  reconnect(): void {
    this.#transport.reconnect?.();
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The typed error of a refused request, or an internal one carrying the message of any other failure. */
export function errorInfo(error: unknown): StudioErrorInfo {
  return error instanceof StudioRequestError ? error.info : { code: 'internal', message: errorText(error) };
}
