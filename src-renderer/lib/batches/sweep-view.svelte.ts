/**
 * The batch on show in the Sweeps view: its points with their runs (batches.get), its sweep table
 * (batches.table: mean ± SD over seeds per point and population), the statistic and the kind of
 * plot chosen, and the point opened by a click. While the batch runs, its table is read again as
 * runs end (at most once a second), so the plots fill in point by point.
 */
import type { BatchDetail } from '../../../src-main/contract.ts';
import type { SweepTable } from '../../../src-main/batches/sweep-table.ts';
import { errorText, type StudioClient } from '../client.ts';

export type SweepPlotMode = 'lines' | 'heatmap';

/** How often the table of a running batch is read again at most, ms. */
export const TABLE_REFRESH_MS = 1000;

export class SweepView {
  batchId = $state<number | null>(null);
  detail = $state.raw<BatchDetail | null>(null);
  table = $state.raw<SweepTable | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  /** The sweep table's column on show: rate_hz, cv_isi or corr. */
  column = $state('rate_hz');
  mode = $state<SweepPlotMode>('lines');
  /** Which axis is on x (two axes: the other gives the lines, or the heatmap's rows). */
  xAxis = $state(0);
  /** The point opened (its runs and statistics shown). */
  point = $state<number | null>(null);
  /** The form that defines a new sweep is open. */
  defining = $state(false);

  readonly #client: StudioClient;
  #request = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastReadMs = 0;
  #now: () => number;

  constructor(client: StudioClient, now: () => number = () => Date.now()) {
    this.#client = client;
    this.#now = now;
  }

  /** Shows a batch (its first point closed, lines against its first axis). */
  async open(id: number): Promise<void> {
    if (this.batchId !== id) {
      this.batchId = id;
      this.detail = null;
      this.table = null;
      this.point = null;
      this.xAxis = 0;
      this.mode = 'lines';
    }
    this.defining = false;
    await this.reload();
  }

  async reload(): Promise<void> {
    const id = this.batchId;
    if (id === null) return;
    const request = ++this.#request;
    this.loading = true;
    this.#lastReadMs = this.#now();
    try {
      const [detail, table] = await Promise.all([this.#client.call('batches.get', { id }), this.#client.call('batches.table', { id })]);
      if (request !== this.#request) return;
      this.detail = detail;
      this.table = table;
      this.error = null;
      if (detail.axes.length < 2) this.mode = 'lines';
    } catch (error) {
      if (request === this.#request) this.error = errorText(error);
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  /** A run of the batch on show started or ended: read it again, at most once every TABLE_REFRESH_MS. */
  changed(batchId: number): void {
    if (batchId !== this.batchId || this.#timer !== undefined) return;
    const wait = Math.max(0, this.#lastReadMs + TABLE_REFRESH_MS - this.#now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.reload();
    }, wait);
  }

  /** The batch was deleted. */
  close(): void {
    this.batchId = null;
    this.detail = null;
    this.table = null;
    this.point = null;
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}
