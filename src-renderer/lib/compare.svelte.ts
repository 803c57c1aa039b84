/**
 * The runs picked for comparison (in the order picked: the first is the base) and the services'
 * comparison of them (runs.compare).
 */
import { MAX_COMPARED_GROUPS, MAX_COMPARED_RUNS, MAX_GROUPED_COMPARED_RUNS } from '../../src-main/common/limits.ts';
import type { StoredRunsComparison } from '../../src-main/contract.ts';
import { errorText, type StudioClient } from './client.ts';
import { CompareSeries } from './compare-series.svelte.ts';

/** An ensemble picked as one side of a comparison of ensembles. */
export interface PickedEnsemble {
  id: number;
  name: string;
  runIds: readonly number[];
}

/** The most ensembles picked at once (each is compared with the first): as many groups as runs.compare takes. */
export const MAX_PICKED_ENSEMBLES = MAX_COMPARED_GROUPS;

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
  /** The comparison of the picked ensembles (runs.compare with groups), its request and its refusal. */
  ensembleResult = $state.raw<StoredRunsComparison | null>(null);
  ensembleLoading = $state(false);
  ensembleError = $state<string | null>(null);

  /** The compared runs' activity and spectra, overlaid (loaded when shown). */
  readonly series: CompareSeries;

  readonly #client: StudioClient;
  #request = 0;
  #ensembleRequest = 0;

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

  /** Why the picked ensembles cannot be compared as they are (null when they can). */
  get ensemblesProblem(): string | null {
    if (this.ensembles.length < 2) return 'Pick a second ensemble in the History (or a point of a sweep) to compare the two.';
    const empty = this.ensembles.find((e) => e.runIds.length === 0);
    if (empty) return `The ensemble ${empty.name} has no runs yet.`;
    const total = this.ensembles.reduce((n, e) => n + e.runIds.length, 0);
    if (total > MAX_GROUPED_COMPARED_RUNS) return `The picked ensembles hold ${total} runs; one comparison takes at most ${MAX_GROUPED_COMPARED_RUNS}. Remove one.`;
    return null;
  }

  /** Compares the picked ensembles, each with the first, by the seed-to-seed spread of their own runs. */
  async compareEnsembles(): Promise<void> {
    if (this.ensemblesProblem !== null) return;
    const request = ++this.#ensembleRequest;
    this.ensembleLoading = true;
    this.ensembleError = null;
    try {
      const result = await this.#client.call('runs.compare', { groups: this.groups });
      if (request === this.#ensembleRequest) this.ensembleResult = result;
    } catch (error) {
      if (request === this.#ensembleRequest) {
        this.ensembleError = errorText(error);
        this.ensembleResult = null;
      }
    } finally {
      if (request === this.#ensembleRequest) this.ensembleLoading = false;
    }
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
