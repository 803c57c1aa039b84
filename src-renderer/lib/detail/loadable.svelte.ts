/**
 * One part of a view that the services compute on request (a run's activity, spectra, membrane
 * potentials, parameters): the query it was asked with, its value, whether it is loading and why
 * it failed, and how long the page waited for it. Loaded when first shown (ensure) and again when
 * the query changes (load); only the newest request may land (the user can change the query faster
 * than replies come), and reset() forgets everything (another run was opened).
 */
import { errorText } from '../client.ts';

export class Loadable<Q, R> {
  query = $state.raw<Q>(undefined as unknown as Q);
  value = $state.raw<R | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  /** Milliseconds the last successful request took, as the page measured it. */
  tookMs = $state<number | null>(null);

  readonly #fetch: (q: Q) => Promise<R>;
  #seq = 0;
  #started = false;

  constructor(fetch: (q: Q) => Promise<R>, initial: Q) {
    this.#fetch = fetch;
    this.query = initial;
  }

  /** A request was made since the last reset. */
  get started(): boolean {
    return this.#started;
  }

  /** Asks for the value of `query` (default: the current one); the previous value stays on show until it lands. */
  async load(query: Q = this.query): Promise<R | null> {
    const n = ++this.#seq;
    this.#started = true;
    this.query = query;
    this.loading = true;
    this.error = null;
    const t0 = performance.now();
    try {
      const value = await this.#fetch(query);
      if (n !== this.#seq) return null;
      this.value = value;
      this.tookMs = performance.now() - t0;
      return value;
    } catch (error) {
      if (n === this.#seq) {
        this.value = null;
        this.error = errorText(error);
      }
      return null;
    } finally {
      if (n === this.#seq) this.loading = false;
    }
  }

  /** Loads once: the first time the part is shown. */
  ensure(): Promise<R | null> | null {
    return this.#started ? null : this.load();
  }

  /** Forgets the value and any request on its way, and starts again from `query`. */
  reset(query: Q): void {
    this.#seq++;
    this.#started = false;
    this.query = query;
    this.value = null;
    this.loading = false;
    this.error = null;
    this.tookMs = null;
  }
}
