/**
 * A StudioTransport for renderer specs: answers requests from the real presets (imported as data
 * by the spec, not by app code) and records the calls.
 */
import type { Envelope, Method, StudioEvent, StudioTransport, TransportKind } from '../../src-main/contract.ts';

export type FakeAnswer = (payload: unknown) => Envelope<unknown> | Promise<Envelope<unknown>>;

export class FakeTransport implements StudioTransport {
  readonly kind: TransportKind;
  readonly calls: { method: Method; payload: unknown }[] = [];
  readonly #answers: Partial<Record<Method, FakeAnswer>>;
  readonly #listeners = new Set<(event: StudioEvent) => void>();

  constructor(answers: Partial<Record<Method, FakeAnswer>>, kind: TransportKind = 'web') {
    this.#answers = answers;
    this.kind = kind;
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
