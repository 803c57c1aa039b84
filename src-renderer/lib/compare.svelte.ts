/**
 * The runs picked for comparison (in the order picked: the first is the base) and the services'
 * comparison of them (runs.compare).
 */
import { MAX_COMPARED_RUNS } from '../../src-main/common/limits.ts';
import type { StoredRunsComparison } from '../../src-main/contract.ts';
import { errorText, type StudioClient } from './client.ts';

/** An ensemble picked as one side of a comparison of ensembles. */
export interface PickedEnsemble {
  id: number;
  name: string;
  runIds: readonly number[];
}

/** The most ensembles picked at once (each is compared with the first). */
export const MAX_PICKED_ENSEMBLES = 8;

export class CompareState {
  picked = $state.raw<number[]>([]);
  /**
   * Ensembles picked in the History to compare, in the order picked (the first is the base): each
   * one side of a comparison of groups of runs. `groups` is what a comparison of groups takes.
   */
  ensembles = $state.raw<PickedEnsemble[]>([]);
  result = $state.raw<StoredRunsComparison | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);

  readonly #client: StudioClient;
  #request = 0;

  constructor(client: StudioClient) {
    this.#client = client;
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

  isEnsemblePicked(id: number): boolean {
    return this.ensembles.some((e) => e.id === id);
  }

  toggleEnsemble(e: PickedEnsemble): void {
    if (this.isEnsemblePicked(e.id)) this.ensembles = this.ensembles.filter((x) => x.id !== e.id);
    else if (this.ensembles.length < MAX_PICKED_ENSEMBLES) this.ensembles = [...this.ensembles, { id: e.id, name: e.name, runIds: [...e.runIds] }];
  }

  /** The picked ensembles' runs, one group per ensemble, in the order picked (the first is the base). */
  get groups(): number[][] {
    return this.ensembles.map((e) => [...e.runIds]);
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
