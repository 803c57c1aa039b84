/**
 * The runs picked for comparison (in the order picked: the first is the base) and the services'
 * comparison of them (runs.compare).
 */
import { MAX_COMPARED_RUNS } from '../../src-main/common/limits.ts';
import type { StoredRunsComparison } from '../../src-main/contract.ts';
import { errorText, type StudioClient } from './client.ts';
import { CompareSeries } from './compare-series.svelte.ts';

export class CompareState {
  picked = $state.raw<number[]>([]);
  result = $state.raw<StoredRunsComparison | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);

  /** The compared runs' activity and spectra, overlaid (loaded when shown). */
  readonly series: CompareSeries;

  readonly #client: StudioClient;
  #request = 0;

  constructor(client: StudioClient) {
    this.#client = client;
    this.series = new CompareSeries(client);
  }

  isPicked(id: number): boolean {
    return this.picked.includes(id);
  }

  /** As many runs are picked as one comparison takes (MAX_COMPARED_RUNS): no other can be added. */
  get full(): boolean {
    return this.picked.length >= MAX_COMPARED_RUNS;
  }

  toggle(id: number): void {
    if (this.picked.includes(id)) this.picked = this.picked.filter((x) => x !== id);
    else if (!this.full) this.picked = [...this.picked, id];
  }

  get canCompare(): boolean {
    return this.picked.length >= 2;
  }

  async compare(): Promise<void> {
    if (!this.canCompare) return;
    const request = ++this.#request;
    this.loading = true;
    this.error = null;
    try {
      const result = await this.#client.call('runs.compare', { ids: [...this.picked] });
      if (request === this.#request) this.result = result;
    } catch (error) {
      if (request === this.#request) {
        this.error = errorText(error);
        this.result = null;
      }
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }
}
