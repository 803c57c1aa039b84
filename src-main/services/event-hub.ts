import type { StudioEvent } from '../contract.ts';
import { describeForLog } from '../common/text.ts';

type Listener = (event: StudioEvent) => void;

/**
 * Fan-out of pushed events to every connected renderer (the Electron window, WebSocket clients).
 * A listener that throws is reported and does not stop the others.
 */
export class EventHub {
  readonly #listeners = new Set<Listener>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = (e) => console.error(`event listener failed: ${describeForLog(e)}`)) {
    this.#onListenerError = onListenerError;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: StudioEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}
