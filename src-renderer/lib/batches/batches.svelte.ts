/**
 * The batches (sweeps and ensembles of seeds) and the ensembles, as the services list them, kept
 * current by the batch events (batch.state, batch.progress); what a researcher does with them
 * (cancel a batch, resume it, retry its failed runs, delete it, group runs by hand as an ensemble,
 * ungroup them); the ensembles' summaries (mean ± SD over seeds), loaded when shown; and which
 * groups the History has open. Each failed action keeps its message for the view.
 */
import type { BatchEvent, BatchListItem, BatchProgress, EnsembleSummary, NestRateReference, StudioErrorInfo } from '../../../src-main/contract.ts';
import type { BatchSpec } from '../../../src-main/batches/spec.ts';
import type { BatchRecord, EnsembleRecord } from '../../../src-main/store/batch-types.ts';
import { errorInfo, errorText, StudioRequestError, type StudioClient } from '../client.ts';
import { SvelteMap, SvelteSet } from 'svelte/reactivity';

export class BatchesState {
  list = $state.raw<BatchListItem[]>([]);
  ensembles = $state.raw<EnsembleRecord[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  /** The last action's failure (cancel, resume, delete, group, ungroup). */
  actionError = $state<string | null>(null);
  /** The batch or ensemble an action is being made on. */
  busy = $state<number | null>(null);
  /** Summaries by ensemble id (with the run ids they were made of: a change of runs makes them stale). */
  readonly summaries = new SvelteMap<number, EnsembleSummary>();
  /** NEST's reference range (loaded once). */
  reference = $state.raw<NestRateReference | null>(null);
  /** The History's open groups (kept while the view changes). */
  readonly open = new SvelteSet<string>();
  /** The batch this page started last (the Run view follows an ensemble of seeds it started). */
  lastStarted = $state<number | null>(null);

  readonly #client: StudioClient;
  #request = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Not reactive: it changes while the page renders (a summary shown starts its load). */
  #loadingSummaries: number[] = [];

  constructor(client: StudioClient) {
    this.#client = client;
  }

  get(id: number): BatchListItem | undefined {
    return this.list.find((b) => b.id === id);
  }

  /** The batches being made now. */
  get running(): BatchListItem[] {
    return this.list.filter((b) => b.status === 'running');
  }

  async refresh(): Promise<void> {
    const request = ++this.#request;
    try {
      const [list, ensembles] = await Promise.all([this.#client.call('batches.list', {}), this.#client.call('ensembles.list', {})]);
      if (request !== this.#request) return;
      this.list = list;
      this.ensembles = ensembles;
      this.error = null;
      this.loaded = true;
    } catch (error) {
      if (request === this.#request) this.error = errorText(error);
    }
  }

  /** A refresh soon (events come in bursts: a run ends, the next starts). */
  refreshSoon(delayMs = 300): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refresh(), delayMs);
  }

  handle(event: BatchEvent): void {
    if (event.type === 'batch.progress') this.#setProgress(event.batchId, event.progress);
    else this.#setRecord(event.batch, event.state === 'running' ? undefined : null);
    // The run ids of its points and their summaries change as runs start and end.
    this.refreshSoon();
  }

  #setProgress(id: number, progress: BatchProgress): void {
    if (!this.get(id)) return;
    this.list = this.list.map((b) => (b.id === id ? { ...b, progress } : b));
  }

  #setRecord(record: BatchRecord, progress?: null): void {
    if (!this.get(record.id)) return;
    this.list = this.list.map((b) => (b.id === record.id ? { ...b, ...record, ...(progress === null ? { progress: null } : {}) } : b));
  }

  /** Starts a sweep or an ensemble of seeds; the refusal (a bad spec, a bad point) comes back with every issue. */
  async start(spec: BatchSpec): Promise<{ ok: true; batch: BatchRecord } | { ok: false; error: StudioErrorInfo }> {
    try {
      const batch = await this.#client.call('batches.start', { spec });
      this.lastStarted = batch.id;
      await this.refresh();
      return { ok: true, batch };
    } catch (error) {
      return { ok: false, error: errorInfo(error) };
    }
  }

  async #act<T>(id: number | null, action: () => Promise<T>): Promise<T | null> {
    this.actionError = null;
    this.busy = id;
    try {
      return await action();
    } catch (error) {
      this.actionError = errorText(error);
      return null;
    } finally {
      this.busy = null;
    }
  }

  async cancel(id: number): Promise<boolean> {
    const r = await this.#act(id, () => this.#client.call('batches.cancel', { id, reason: 'cancelled by the user' }));
    if (r) this.#setRecord(r.batch);
    return r !== null;
  }

  /** Makes a stopped batch's missing runs; with retryFailed also those that failed. */
  async resume(id: number, retryFailed = false): Promise<boolean> {
    const r = await this.#act(id, () => this.#client.call('batches.resume', { id, ...(retryFailed ? { retryFailed } : {}) }));
    if (r) {
      this.#setRecord(r);
      await this.refresh();
    }
    return r !== null;
  }

  async remove(id: number, deleteRuns: boolean): Promise<number[] | null> {
    const r = await this.#act(id, () => this.#client.call('batches.delete', { id, deleteRuns }));
    if (r) await this.refresh();
    return r ? r.deletedRuns : null;
  }

  /**
   * Groups runs by hand as an ensemble. When their parameters differ beyond the seed the services
   * refuse (conflict): `differs` then holds their reason, and `anyway` groups them all the same.
   */
  async group(name: string, ids: readonly number[], anyway = false): Promise<{ ok: true; ensemble: EnsembleRecord } | { ok: false; differs: boolean; message: string }> {
    this.actionError = null;
    try {
      const ensemble = await this.#client.call('ensembles.group', { name, ids: [...ids], ...(anyway ? { allowDifferentParams: true } : {}) });
      await this.refresh();
      return { ok: true, ensemble };
    } catch (error) {
      const info = error instanceof StudioRequestError ? error.info : null;
      return { ok: false, differs: info?.code === 'conflict', message: info ? info.message : errorText(error) };
    }
  }

  async ungroup(id: number): Promise<boolean> {
    const r = await this.#act(id, () => this.#client.call('ensembles.ungroup', { id }));
    if (r) await this.refresh();
    return r !== null;
  }

  /** The summary of an ensemble on show: cached while its runs are the same, else loaded (once at a time). */
  summaryOf(e: EnsembleRecord): EnsembleSummary | null {
    const s = this.summaries.get(e.id);
    const current = s !== undefined && s.runIds.join(',') === e.runIds.join(',');
    if (!current && !this.#loadingSummaries.includes(e.id)) void this.#loadSummary(e.id);
    return s ?? null;
  }

  async #loadSummary(id: number): Promise<void> {
    this.#loadingSummaries = [...this.#loadingSummaries, id];
    try {
      const s = await this.#client.call('ensembles.summary', { id });
      this.summaries.set(id, s);
    } catch {
      // An ensemble deleted meanwhile: the next list drops its row.
    } finally {
      this.#loadingSummaries = this.#loadingSummaries.filter((x) => x !== id);
    }
  }

  /** A run ended or was deleted: the summaries of its ensembles are loaded again when shown. */
  forgetRun(runId: number): void {
    for (const [id, s] of [...this.summaries]) if (s.runIds.includes(runId)) this.summaries.delete(id);
  }

  async loadReference(): Promise<void> {
    if (this.reference) return;
    try {
      this.reference = await this.#client.call('batches.nestReference');
    } catch {
      // The view says that no reference could be read.
    }
  }

  isOpen(key: string): boolean {
    return this.open.has(key);
  }

  toggle(key: string): void {
    if (!this.open.delete(key)) this.open.add(key);
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}
