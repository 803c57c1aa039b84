/**
 * The run detail: one stored run's record, parameters, summary and statistics (runs.get), the
 * raster's spikes for a chosen time window and neuron stride (runs.spikes), the per-neuron rates
 * over the analysis window (runs.counts) and the CV ISI and correlation distributions
 * (runs.distributions). Each part loads, fails and shows on its own; only the newest request of
 * each part may land (the user can change the window faster than replies come).
 */
import { ratesFromCountsHz } from '../../engine/analysis/rates.ts';
import type { PopulationValues } from '../../engine/analysis/statistics.ts';
import type { RunDetail } from '../../src-main/contract.ts';
import type { NeuronCounts, SpikeWindow } from '../../src-main/store/types.ts';
import { errorText, type StudioClient } from './client.ts';

export interface TimeWindowMs {
  t0Ms: number;
  t1Ms: number;
}

/** Neurons the raster shows by default, at most (the stride grows to keep to it). */
const DEFAULT_RASTER_NEURONS = 16_000;
/** Model time the raster shows by default, at most, ms. */
const DEFAULT_RASTER_SPAN_MS = 1000;

export function defaultStride(numNeurons: number): number {
  return Math.max(1, Math.ceil(numNeurons / DEFAULT_RASTER_NEURONS));
}

/** The first second (at most) of the analysis window. */
export function defaultRasterWindow(analysis: TimeWindowMs): TimeWindowMs {
  return { t0Ms: analysis.t0Ms, t1Ms: Math.min(analysis.t1Ms, analysis.t0Ms + DEFAULT_RASTER_SPAN_MS) };
}

/** Per-neuron rates of each population from the spike counts over (t0, t1], spikes/s: the analysis's own formula. */
export function ratesFromCounts(c: NeuronCounts, window: TimeWindowMs): { name: string; values: Float64Array }[] {
  return c.populations.map((p) => ({ name: p.name, values: ratesFromCountsHz(p.counts, window) }));
}

interface Part<T> {
  value: T | null;
  loading: boolean;
  error: string | null;
}

const idle = <T>(): Part<T> => ({ value: null, loading: false, error: null });

export class RunDetailState {
  id = $state<number | null>(null);
  detail = $state.raw<Part<RunDetail>>(idle());
  spikes = $state.raw<Part<SpikeWindow>>(idle());
  counts = $state.raw<Part<NeuronCounts>>(idle());
  distributions = $state.raw<Part<PopulationValues[]>>(idle());
  /** The raster's time window and stride (what runs.spikes was asked for). */
  window = $state.raw<TimeWindowMs>({ t0Ms: 0, t1Ms: 0 });
  stride = $state(1);

  readonly #client: StudioClient;
  readonly #seq = { detail: 0, spikes: 0, counts: 0, distributions: 0 };

  constructor(client: StudioClient) {
    this.#client = client;
  }

  async #load<T>(
    part: 'detail' | 'spikes' | 'counts' | 'distributions',
    request: () => Promise<T>,
    set: (p: Part<T>) => void,
    keep: T | null,
  ): Promise<T | null> {
    const n = ++this.#seq[part];
    set({ value: keep, loading: true, error: null });
    try {
      const value = await request();
      if (n === this.#seq[part]) set({ value, loading: false, error: null });
      return value;
    } catch (error) {
      if (n === this.#seq[part]) set({ value: null, loading: false, error: errorText(error) });
      return null;
    }
  }

  /** Opens a run: its detail first, then the raster, the rates and the distributions. */
  async open(id: number): Promise<void> {
    this.id = id;
    this.spikes = idle();
    this.counts = idle();
    this.distributions = idle();
    const d = await this.#load('detail', () => this.#client.call('runs.get', { id }), (p) => (this.detail = p), null);
    if (!d || this.id !== id) return;
    const neurons = d.record.numNeurons ?? d.record.populations.reduce((a, p) => a + p.lastId - p.firstId + 1, 0);
    this.stride = defaultStride(neurons);
    this.window = defaultRasterWindow(d.window);
    if (d.record.spikesStored === 0 && d.record.status !== 'completed') return;
    const tasks = [this.loadSpikes()];
    if (d.record.status === 'completed') {
      tasks.push(
        this.#load('counts', () => this.#client.call('runs.counts', { id, t0Ms: d.window.t0Ms, t1Ms: d.window.t1Ms }), (p) => (this.counts = p), null).then(() => {}),
        this.#load('distributions', () => this.#client.call('runs.distributions', { id }).then((r) => r.populations), (p) => (this.distributions = p), null).then(() => {}),
      );
    }
    await Promise.all(tasks);
  }

  async loadSpikes(): Promise<void> {
    const id = this.id;
    if (id === null) return;
    const { t0Ms, t1Ms } = this.window;
    const stride = this.stride;
    await this.#load('spikes', () => this.#client.call('runs.spikes', { id, t0Ms, t1Ms, stride }), (p) => (this.spikes = p), this.spikes.value);
  }

  setWindow(w: TimeWindowMs): Promise<void> {
    this.window = w;
    return this.loadSpikes();
  }

  setStride(stride: number): Promise<void> {
    this.stride = Math.max(1, Math.floor(stride));
    return this.loadSpikes();
  }

  /** The record changed elsewhere (renamed, tagged): show the new one without reloading the data. */
  updateRecord(record: RunDetail['record']): void {
    const d = this.detail.value;
    if (d && d.record.id === record.id) this.detail = { ...this.detail, value: { ...d, record } };
  }

  /** Reloads a run on show that was still going (after the connection came back: its events were missed). */
  async resync(): Promise<void> {
    const d = this.detail.value;
    if (this.id === null || (d && d.record.status !== 'queued' && d.record.status !== 'running')) return;
    await this.open(this.id);
  }

  close(): void {
    this.id = null;
    this.detail = idle();
    this.spikes = idle();
    this.counts = idle();
    this.distributions = idle();
  }
}
