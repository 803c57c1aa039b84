/**
 * The run detail: one stored run's record, parameters, summary and statistics (runs.get), the
 * raster's spikes for a chosen time window and neuron stride (runs.spikes), the per-neuron rates
 * over the analysis window (runs.counts) — what the first tab shows — and, each when its tab is
 * first opened, the CV ISI and correlation distributions (runs.distributions, the slowest request),
 * the population activity (runs.activity), the power spectra (runs.spectrum), the membrane
 * potentials (runs.voltages, runs.voltageDistribution) and every parameter (runs.parameters).
 * Each part loads, fails and shows on its own; only the newest request of each part may land (the
 * user can change the window faster than replies come). The time plots of the detail (raster,
 * activity, membrane potentials) share one zoom (`timeView`) and one pointer (`syncKey`).
 */
import { ratesFromCountsHz } from '../../engine/analysis/rates.ts';
import { ACTIVITY_DEFAULT_BIN_MS, SERIES } from '../../engine/analysis/series.ts';
import type { PopulationValues } from '../../engine/analysis/statistics.ts';
import type { PopulationActivity, PopulationSpectra, RunDetail, RunParameters, RunVoltages, VoltageDistributions } from '../../src-main/contract.ts';
import type { NeuronCounts, RunRecord, SpikeWindow } from '../../src-main/store/types.ts';
import { errorText, type StudioClient } from './client.ts';
import { Loadable } from './detail/loadable.svelte.ts';
import { recordDetailTimings } from './plots/plot-stats.ts';
import type { ViewWindow } from './plots/time-window.ts';

/** The tabs of the run detail, in order; each loads what it shows when first opened. */
export const DETAIL_TABS = [
  { id: 'overview', label: 'Raster & rates' },
  { id: 'activity', label: 'Activity' },
  { id: 'spectra', label: 'Spectra' },
  { id: 'voltage', label: 'Membrane potential' },
  { id: 'distributions', label: 'CV ISI & correlations' },
  { id: 'parameters', label: 'Parameters' },
] as const;
export type DetailTab = (typeof DETAIL_TABS)[number]['id'];

export interface SeriesWindowQuery {
  t0Ms: number;
  t1Ms: number;
  binMs: number;
}

export interface SpectrumQuery extends SeriesWindowQuery {
  segmentMs: number;
  overlap: number;
}

export interface VoltageQuery {
  t0Ms: number;
  t1Ms: number;
  /** Chosen node ids; empty: `perPopulation` evenly spaced recorded neurons of each population. */
  neurons: number[];
  perPopulation: number;
}

/** Neurons per population the membrane potential traces show by default. */
export const DEFAULT_TRACES_PER_POPULATION = 3;

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
  tab = $state<DetailTab>('overview');
  /** The zoom shared by the detail's time plots (raster, activity, membrane potentials); null: each shows its whole window. */
  timeView = $state.raw<ViewWindow | null>(null);
  /** Saving the notes: the error, when it failed. */
  notesError = $state<string | null>(null);
  savingNotes = $state(false);
  /** Milliseconds from open() to the reply of each first-tab request, as the page measured them. */
  openTimings = $state.raw<Record<string, number>>({});

  readonly activity: Loadable<SeriesWindowQuery, PopulationActivity>;
  readonly spectrum: Loadable<SpectrumQuery, PopulationSpectra>;
  readonly voltages: Loadable<VoltageQuery, RunVoltages>;
  readonly voltageDistribution: Loadable<{ t0Ms: number; t1Ms: number }, VoltageDistributions>;
  readonly parameters: Loadable<null, RunParameters>;

  readonly #client: StudioClient;
  readonly #seq = { detail: 0, spikes: 0, counts: 0, distributions: 0 };
  /** The run whose distributions were asked for (they load once per opened run). */
  #distributionsFor: number | null = null;

  constructor(client: StudioClient) {
    this.#client = client;
    const id = (): number => {
      if (this.id === null) throw new Error('no run is open');
      return this.id;
    };
    this.activity = new Loadable((q) => client.call('runs.activity', { id: id(), ...q }), { t0Ms: 0, t1Ms: 0, binMs: ACTIVITY_DEFAULT_BIN_MS });
    const d = SERIES.spectrum.defaults;
    this.spectrum = new Loadable((q) => client.call('runs.spectrum', { id: id(), ...q }), { t0Ms: 0, t1Ms: 0, binMs: d.binMs, segmentMs: d.segmentMs, overlap: d.overlap });
    this.voltages = new Loadable<VoltageQuery, RunVoltages>(
      (q) => client.call('runs.voltages', { id: id(), t0Ms: q.t0Ms, t1Ms: q.t1Ms, ...(q.neurons.length > 0 ? { neurons: q.neurons } : { perPopulation: q.perPopulation }) }),
      { t0Ms: 0, t1Ms: 0, neurons: [], perPopulation: DEFAULT_TRACES_PER_POPULATION },
    );
    this.voltageDistribution = new Loadable((q) => client.call('runs.voltageDistribution', { id: id(), ...q }), { t0Ms: 0, t1Ms: 0 });
    this.parameters = new Loadable(() => client.call('runs.parameters', { id: id() }), null);
  }

  /** The key that links the pointer of the detail's time plots. */
  get syncKey(): string {
    return `detail-time-${this.id ?? 0}`;
  }

  /** Shows a tab and loads what it needs the first time. */
  showTab(tab: DetailTab): void {
    this.tab = tab;
    this.#ensureTab();
  }

  #ensureTab(): void {
    const d = this.detail.value;
    if (!d || this.id === null) return;
    const completed = d.record.status === 'completed';
    const spikes = d.params.sim.rec_dev.includes('spike_recorder') && (d.record.spikesStored > 0 || completed);
    switch (this.tab) {
      case 'activity':
        if (spikes) void this.activity.ensure();
        return;
      case 'spectra':
        if (spikes) void this.spectrum.ensure();
        return;
      case 'voltage':
        if (d.record.hasVoltage) {
          void this.voltages.ensure();
          void this.voltageDistribution.ensure();
        }
        return;
      case 'distributions':
        if (completed && this.#distributionsFor !== this.id) void this.loadDistributions();
        return;
      case 'parameters':
        void this.parameters.ensure();
        return;
      default:
    }
  }

  async loadDistributions(): Promise<void> {
    const id = this.id;
    if (id === null) return;
    this.#distributionsFor = id;
    await this.#load('distributions', () => this.#client.call('runs.distributions', { id }).then((r) => r.populations), (p) => (this.distributions = p), null);
  }

  /** Replaces the run's notes; the record on show follows. Resolves true when saved. */
  async saveNotes(notes: string): Promise<RunRecord | null> {
    const id = this.id;
    if (id === null) return null;
    this.savingNotes = true;
    this.notesError = null;
    try {
      const record = await this.#client.call('runs.setNotes', { id, notes });
      this.updateRecord(record);
      return record;
    } catch (error) {
      if (this.id === id) this.notesError = errorText(error);
      return null;
    } finally {
      this.savingNotes = false;
    }
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

  /**
   * Opens a run: its detail first, then what the first tab shows (the raster and the rates); the
   * other tabs load when opened (the one on show now, at once).
   */
  async open(id: number): Promise<void> {
    const started = performance.now();
    const took = (what: string): void => {
      if (this.id !== id) return;
      this.openTimings = { ...this.openTimings, [what]: performance.now() - started };
      recordDetailTimings(this.openTimings);
    };
    this.id = id;
    this.openTimings = {};
    this.spikes = idle();
    this.counts = idle();
    this.distributions = idle();
    this.#seq.distributions++;
    this.#distributionsFor = null;
    this.timeView = null;
    this.notesError = null;
    const d = await this.#load('detail', () => this.#client.call('runs.get', { id }), (p) => (this.detail = p), null);
    took('runs.get');
    if (!d || this.id !== id) return;
    const neurons = d.record.numNeurons ?? d.record.populations.reduce((a, p) => a + p.lastId - p.firstId + 1, 0);
    this.stride = defaultStride(neurons);
    this.window = defaultRasterWindow(d.window);
    const w = { t0Ms: d.window.t0Ms, t1Ms: d.window.t1Ms };
    this.activity.reset({ ...w, binMs: ACTIVITY_DEFAULT_BIN_MS });
    const sd = SERIES.spectrum.defaults;
    this.spectrum.reset({ ...w, binMs: sd.binMs, segmentMs: sd.segmentMs, overlap: sd.overlap });
    this.voltages.reset({ ...this.window, neurons: [], perPopulation: DEFAULT_TRACES_PER_POPULATION });
    this.voltageDistribution.reset(w);
    this.parameters.reset(null);
    this.#ensureTab();
    if (d.record.spikesStored === 0 && d.record.status !== 'completed') return;
    const tasks = [this.loadSpikes().then(() => took('runs.spikes'))];
    if (d.record.status === 'completed') {
      tasks.push(this.#load('counts', () => this.#client.call('runs.counts', { id, t0Ms: d.window.t0Ms, t1Ms: d.window.t1Ms }), (p) => (this.counts = p), null).then(() => took('runs.counts')));
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
    this.timeView = null;
  }
}
