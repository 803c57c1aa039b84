/**
 * A StudioTransport for renderer specs: answers requests from the real presets (imported as data
 * by the spec, not by app code) and records the calls. `withConnection` makes it report the link
 * to the services as the web transport does (`setConnection` moves it); without, it has none, as
 * the IPC transport.
 */
import type { ConnectionState, Envelope, Method, StudioEvent, StudioTransport, TransportKind } from '../../src-main/contract.ts';

export type FakeAnswer = (payload: unknown) => Envelope<unknown> | Promise<Envelope<unknown>>;

export class FakeTransport implements StudioTransport {
  readonly kind: TransportKind;
  readonly calls: { method: Method; payload: unknown }[] = [];
  readonly #answers: Partial<Record<Method, FakeAnswer>>;
  readonly #listeners = new Set<(event: StudioEvent) => void>();
  readonly #connectionListeners = new Set<(state: ConnectionState) => void>();
  #connection: ConnectionState = { status: 'connecting' };
  reconnects = 0;

  constructor(answers: Partial<Record<Method, FakeAnswer>>, kind: TransportKind = 'web') {
    this.#answers = answers;
    this.kind = kind;
  }

  /** Reports the link to the services, starting connected. */
  withConnection(): this & Required<Pick<StudioTransport, 'onConnection' | 'reconnect'>> {
    this.#connection = { status: 'connected' };
    return Object.assign(this, {
      onConnection: (listener: (state: ConnectionState) => void) => {
        this.#connectionListeners.add(listener);
        listener(this.#connection);
        return () => this.#connectionListeners.delete(listener);
      },
      reconnect: () => {
        this.reconnects += 1;
      },
    });
  }

  setConnection(state: ConnectionState): void {
    this.#connection = state;
    for (const l of this.#connectionListeners) l(state);
  }

  /** Replaces the answer to a method (the services changed meanwhile). */
  answer(method: Method, answer: FakeAnswer): void {
    this.#answers[method] = answer;
  }

  async invoke(method: Method, payload: unknown): Promise<Envelope<unknown>> {
    this.calls.push({ method, payload });
    const answer = this.#answers[method];
    if (!answer) return { ok: false, error: { code: 'unknown-method', message: `unknown method "${method}"` } };
    return answer(payload);
  }

  onEvent(listener: (event: StudioEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  push(event: StudioEvent): void {
    for (const l of this.#listeners) l(event);
  }
}
