/**
 * The series of a stored run (issue 15): per-population activity and power spectra over any window
 * (engine/analysis/series.ts), the membrane potentials the voltmeter recorded (traces of chosen
 * neurons, and the distribution of V over a window), and the run's parameters grouped as in the
 * editor. Every option is checked before anything is read or allocated, and a refusal names the
 * field, the value and what is allowed.
 */
import { boundedBoxStats, histogram } from '../../engine/analysis/histogram.ts';
import { SERIES, type PopulationSeries, type SeriesEntry, type SpectrumOptions } from '../../engine/analysis/series.ts';
import { populationSize, type TimeWindow } from '../../engine/analysis/spikes.ts';
import { groupedParams } from '../../engine/params/grouped.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import { MAX_VOLTAGE_NEURONS, MAX_VOLTAGE_VALUES } from '../common/limits.ts';
import type { PopulationActivity, PopulationSpectra, RunParameters, RunVoltages, VoltageDistributions } from '../contract.ts';
import { analysisWindow, storedRunSpikesSync } from '../runs/run-stats.ts';
import type { RunStore } from '../store/run-store.ts';
import { resolvePopulations } from '../store/spike-reader.ts';
import type { RunRecord } from '../store/types.ts';
import { StudioError } from './errors.ts';

/** Values of one population that the V distribution uses at most (every k-th recorded neuron beyond). */
export const MAX_DISTRIBUTION_VALUES = 1_000_000;
/** The V histogram's bin widths, mV. */
export const VOLTAGE_BIN_MV = { min: 0.01, max: 10, default: 0.5 } as const;

type Store = Pick<
  RunStore,
  'getRunSync' | 'getParamsSync' | 'getSpikesSync' | 'getVoltageSendersSync' | 'getVoltageTracesSync' | 'scanVoltageSync'
>;

/** A RangeError of the analysis ("binMs: got 0.05 ms, allowed: 0.1 to 50 ms") as a bad-request naming the field. */
function asBadRequest(e: unknown): never {
  if (e instanceof RangeError) {
    const m = /^([\w.]+): got (.*), allowed: (.*)$/.exec(e.message);
    throw m ? new StudioError('bad-request', e.message, { field: m[1], got: m[2], allowed: m[3] }) : new StudioError('bad-request', e.message);
  }
  throw e;
}

function badRequest(field: string, got: string, allowed: string): StudioError {
  return new StudioError('bad-request', `${field}: got ${got}, allowed: ${allowed}`, { field, got, allowed });
}

/** The window asked for, else the analysis window (t_presim, t_presim + t_sim]. */
function windowOf(params: ParamSet, q: { t0Ms?: number; t1Ms?: number }): TimeWindow {
  const a = analysisWindow(params);
  const w = { t0Ms: q.t0Ms ?? a.t0Ms, t1Ms: q.t1Ms ?? a.t1Ms };
  if (!(w.t1Ms > w.t0Ms)) throw badRequest('t1Ms', `${w.t1Ms} ms`, `a time after t0Ms (${w.t0Ms} ms)`);
  return w;
}

/** A bin width must be a whole number of integration steps (spike times are on the step grid). */
function checkOnGrid(field: string, binMs: number, resolutionMs: number): void {
  const steps = binMs / resolutionMs;
  if (Math.abs(steps - Math.round(steps)) > 1e-6) throw badRequest(field, `${binMs} ms`, `a whole multiple of the resolution ${resolutionMs} ms`);
}

function spikingRun(store: Store, id: number): { record: RunRecord; params: ParamSet } {
  const record = store.getRunSync(id);
  const params = store.getParamsSync(id);
  if (!params.sim.rec_dev.includes('spike_recorder')) {
    throw new StudioError('conflict', `run ${id} (${record.name}) recorded no spikes (sim.rec_dev has no spike_recorder)`);
  }
  return { record, params };
}

function selected(record: RunRecord, populations: readonly string[] | undefined): number[] {
  try {
    return resolvePopulations(record.populations, populations);
  } catch {
    throw badRequest('populations', JSON.stringify(populations), `names of the run's populations: ${record.populations.map((p) => p.name).join(', ')}`);
  }
}

export interface ActivityQuery {
  id: number;
  t0Ms?: number;
  t1Ms?: number;
  binMs?: number;
  populations?: string[];
}

/**
 * A series of the registry for each selected population of run q.id over the window: its options
 * checked first (a bad one answers bad-request naming it; the bin width on the run's step grid),
 * then the stored spikes read and the series computed.
 */
function runSeries<O extends { binMs: number }, S extends PopulationSeries>(
  store: Store,
  q: ActivityQuery,
  entry: SeriesEntry<O, S>,
  raw: Partial<O>,
): { record: RunRecord; window: TimeWindow; options: O; pops: number[]; series: S[] } {
  const { record, params } = spikingRun(store, q.id);
  const window = windowOf(params, q);
  let options: O;
  try {
    options = entry.check(raw, window);
  } catch (e) {
    asBadRequest(e);
  }
  checkOnGrid('binMs', options.binMs, record.resolutionMs);
  const pops = selected(record, q.populations);
  const spikes = storedRunSpikesSync(store, q.id, window);
  const series = pops.map((i) => {
    const p = spikes[i];
    return entry.compute({ name: p.name, nNeurons: populationSize(p), window, timesMs: p.timesMs }, options);
  });
  return { record, window, options, pops, series };
}

/** Each population's activity (spikes/s per neuron) in bins of binMs over the window. */
export function runActivitySync(store: Store, q: ActivityQuery): PopulationActivity {
  const { record, window, options, pops, series } = runSeries(store, q, SERIES.activity, { binMs: q.binMs });
  return {
    id: q.id,
    window,
    binMs: options.binMs,
    rule: SERIES.activity.rule(options),
    timesMs: series[0]?.x ?? new Float64Array(0),
    populations: series.map((s, k) => ({ name: s.name, nNeurons: populationSize(record.populations[pops[k]]), ratesHz: s.y })),
  };
}

export interface SpectrumQuery extends ActivityQuery {
  segmentMs?: number;
  overlap?: number;
  taper?: SpectrumOptions['taper'];
  detrend?: SpectrumOptions['detrend'];
  peakMinHz?: number;
  peakMaxHz?: number;
}

/** Each population's power spectrum (Welch) of its activity over the window, and its peak. */
export function runSpectrumSync(store: Store, q: SpectrumQuery): PopulationSpectra {
  const d = SERIES.spectrum.defaults;
  const { window, options, series } = runSeries(store, q, SERIES.spectrum, {
    binMs: q.binMs,
    segmentMs: q.segmentMs,
    overlap: q.overlap,
    taper: q.taper,
    detrend: q.detrend,
    peakBandHz: { minHz: q.peakMinHz ?? d.peakBandHz.minHz, maxHz: q.peakMaxHz ?? d.peakBandHz.maxHz },
  });
  const first = series[0];
  return {
    id: q.id,
    window,
    options,
    rule: SERIES.spectrum.rule(options),
    frequenciesHz: first?.x ?? new Float64Array(0),
    segments: first?.segments ?? 0,
    segmentLength: first?.segmentLength ?? 0,
    overlapLength: first?.overlapLength ?? 0,
    resolutionHz: first?.resolutionHz ?? NaN,
    populations: series.map((s) => ({ name: s.name, psd: s.y, peakHz: s.peak.frequencyHz, peakPower: s.peak.power })),
  };
}

function recordedVoltage(store: Store, id: number): { record: RunRecord; params: ParamSet; senders: Uint32Array } {
  const record = store.getRunSync(id);
  const params = store.getParamsSync(id);
  const senders = store.getVoltageSendersSync(id);
  if (senders === null) throw new StudioError('conflict', `run ${id} (${record.name}) recorded no membrane potentials (sim.rec_dev has no voltmeter)`);
  return { record, params, senders };
}

/** The recorded neurons of each population, in column order. */
function recordedByPopulation(record: RunRecord, senders: Uint32Array): number[][] {
  return record.populations.map((p) => Array.from(senders).filter((s) => s >= p.firstId && s <= p.lastId));
}

export interface VoltageQuery {
  id: number;
  t0Ms?: number;
  t1Ms?: number;
  /** Node ids of the neurons to show (recorded ones). */
  neurons?: number[];
  /** Else this many recorded neurons of each population, evenly spaced (default 3). */
  perPopulation?: number;
  populations?: string[];
}

/** The membrane potential traces of chosen recorded neurons over the window, grouped by population. */
export function runVoltagesSync(store: Store, q: VoltageQuery): RunVoltages {
  const { record, params, senders } = recordedVoltage(store, q.id);
  const window = windowOf(params, q);
  const recorded = recordedByPopulation(record, senders);
  const pops = selected(record, q.populations);
  let chosen: number[][];
  if (q.neurons !== undefined) {
    const set = new Set(senders);
    for (const n of q.neurons) if (!set.has(n)) throw badRequest('neurons', String(n), `node ids the voltmeter recorded (${senders.length} neurons)`);
    chosen = record.populations.map((p, i) => (pops.includes(i) ? [...new Set(q.neurons)].filter((n) => n >= p.firstId && n <= p.lastId).sort((a, b) => a - b) : []));
  } else {
    const k = q.perPopulation ?? 3;
    chosen = recorded.map((ids, i) => (pops.includes(i) ? Array.from({ length: Math.min(k, ids.length) }, (_, j) => ids[Math.floor((j * ids.length) / Math.min(k, ids.length))]) : []));
  }
  const all = chosen.flat();
  if (all.length > MAX_VOLTAGE_NEURONS) throw badRequest('neurons', `${all.length} neurons`, `at most ${MAX_VOLTAGE_NEURONS}`);
  const trace = (() => {
    try {
      return store.getVoltageTracesSync(q.id, { t0Ms: window.t0Ms, t1Ms: window.t1Ms, nodeIds: all, maxValues: MAX_VOLTAGE_VALUES });
    } catch (e) {
      if (e instanceof Error && /values; at most/.test(e.message)) throw new StudioError('bad-request', e.message, { field: 'neurons', got: `${all.length} neurons`, allowed: `at most ${MAX_VOLTAGE_VALUES} values (samples × neurons)` });
      throw e;
    }
  })();
  const nSamples = trace.steps.length;
  const width = all.length;
  let col = 0;
  const populations = record.populations.flatMap((p, i) => {
    if (!pops.includes(i)) return [];
    const ids = chosen[i];
    const vMv = new Float32Array(nSamples * ids.length);
    for (let s = 0; s < nSamples; s++) for (let j = 0; j < ids.length; j++) vMv[s * ids.length + j] = trace.vMv[s * width + col + j];
    col += ids.length;
    return [{ name: p.name, recorded: recorded[i].length, senders: Uint32Array.from(ids), vMv }];
  });
  return { id: q.id, window, resolutionMs: trace.resolutionMs, steps: trace.steps, populations };
}

export interface VoltageDistributionQuery {
  id: number;
  t0Ms?: number;
  t1Ms?: number;
  binMv?: number;
  populations?: string[];
}

/**
 * The distribution of V over the window per population: every sample of the recorded neurons (every
 * k-th neuron when more than MAX_DISTRIBUTION_VALUES values), as a histogram and box-plot numbers.
 */
export function runVoltageDistributionSync(store: Store, q: VoltageDistributionQuery): VoltageDistributions {
  const { record, params, senders } = recordedVoltage(store, q.id);
  const window = windowOf(params, q);
  const binMv = q.binMv ?? VOLTAGE_BIN_MV.default;
  const pops = selected(record, q.populations);
  const width = senders.length;
  // Columns of each population, thinned after the samples are counted.
  let samples = 0;
  store.scanVoltageSync(q.id, window, (steps) => (samples += steps.length));
  const plan = pops.map((i) => {
    const p = record.populations[i];
    const cols: number[] = [];
    senders.forEach((s, c) => {
      if (s >= p.firstId && s <= p.lastId) cols.push(c);
    });
    const stride = Math.max(1, Math.ceil((cols.length * samples) / MAX_DISTRIBUTION_VALUES));
    const used = cols.filter((_, j) => j % stride === 0);
    return { name: p.name, recorded: cols.length, stride, cols: Uint32Array.from(used), values: new Float64Array(used.length * samples), n: 0 };
  });
  store.scanVoltageSync(q.id, window, (steps, vMv) => {
    for (const p of plan) {
      for (let s = 0; s < steps.length; s++) {
        const row = s * width;
        for (let j = 0; j < p.cols.length; j++) p.values[p.n++] = vMv[row + p.cols[j]];
      }
    }
  });
  const rule = `every sample of the recorded neurons in (${window.t0Ms}, ${window.t1Ms}] ms (every k-th neuron where a population has more than ${MAX_DISTRIBUTION_VALUES.toLocaleString('en-US')} values); ${binMv}-mV bins`;
  return {
    id: q.id,
    window,
    binMv,
    rule,
    populations: plan.map((p) => {
      const h = (() => {
        try {
          return histogram(p.values, binMv, 100_000);
        } catch (e) {
          return asBadRequest(e instanceof RangeError ? new RangeError(e.message.replace(/^binWidth/, 'binMv')) : e);
        }
      })();
      return {
        name: p.name,
        neuronsRecorded: p.recorded,
        neuronsUsed: p.cols.length,
        neuronStride: p.stride,
        samples,
        box: boundedBoxStats(p.values),
        histogram: { loMv: h.lo, binMv, counts: h.counts },
      };
    }),
  };
}

/** Every parameter of the run, grouped as in the editor, with the differences from its preset marked. */
export function runParametersSync(store: Pick<RunStore, 'getParamsSync'>, id: number): RunParameters {
  return { id, ...groupedParams(store.getParamsSync(id)) };
}
