/**
 * The registry of series: what the studio computes per population as a curve rather than a number
 * or a distribution — the population activity (rate over time) and its power spectrum — with the
 * words and units of both axes, the rule in a sentence, the options each takes (validated, with
 * their bounds) and the function. The sibling of statistics.ts (which holds one value per neuron,
 * pair or population): the services' runs.activity / runs.spectrum requests, the CLI's figures and
 * the page's plots all read this one table. The spectral peak (frequency and power at the default
 * options) is also a scalar statistic of the registry in statistics.ts, so every comparison of runs
 * carries it.
 *
 * Adding a series: an entry in SERIES (key, words, axes, options with defaults and a check,
 * `compute` of a SeriesInput). Pure: no I/O, shared with the page.
 */
import { binCount, type TimeWindow } from './spikes.ts';
import { populationRateHz } from './counts.ts';
import { DETRENDS, spectralPeak, TAPERS, welch, type Detrend, type FrequencyBand, type SpectralPeak, type Taper } from './spectrum.ts';

/** The bin widths a population activity may have, ms (0.1 ms: one step of the default resolution). */
export const ACTIVITY_BIN_MS = { min: 0.1, max: 50 } as const;
/** Default bin width of the activity plot, ms. */
export const ACTIVITY_DEFAULT_BIN_MS = 1;
/** Default bin width of the activity a spectrum is computed from, ms (1 kHz sampling). */
export const SPECTRUM_BIN_MS = 1;
/** Default Welch segment, ms (256 samples at 1-ms bins: scipy.signal.welch's default nperseg). */
export const SPECTRUM_SEGMENT_MS = 256;
/** Default overlap of consecutive segments, as a fraction of the segment (scipy's default: half). */
export const SPECTRUM_OVERLAP = 0.5;
/**
 * Default band in which the peak is looked for, Hz: up to 300 Hz, the cortical rhythms up to high
 * gamma. Above it, the 1-ms activity of NEST's full-scale inhibitory populations (L5I, L6I) carries a
 * broad hump at 300–360 Hz that would otherwise be named the peak instead of the model's ~82 Hz
 * oscillation.
 */
export const SPECTRUM_PEAK_BAND_HZ: FrequencyBand = { minHz: 1, maxHz: 300 };
/** The most bins (samples) one series may have: bounds the arrays before they are allocated. */
export const MAX_SERIES_BINS = 1_000_000;

/** What a series is computed from: one population's spike times over a window. */
export interface SeriesInput {
  /** Population label, e.g. 'L23E'. */
  name: string;
  /** Number of neurons the spikes come from (the activity is per neuron). */
  nNeurons: number;
  window: TimeWindow;
  /** Spike times, ms, any order; those outside the window's whole bins are ignored. */
  timesMs: Float64Array;
}

export interface ActivityOptions {
  /** Bin width, ms, in [ACTIVITY_BIN_MS.min, ACTIVITY_BIN_MS.max]. */
  binMs: number;
}

export interface SpectrumOptions {
  /** Bin width of the activity the spectrum is computed from, ms: the sampling interval. */
  binMs: number;
  /** Welch segment length, ms (a whole number of bins). */
  segmentMs: number;
  /** Overlap of consecutive segments, fraction of a segment in [0, 1). */
  overlap: number;
  taper: Taper;
  detrend: Detrend;
  /** Where the peak is looked for. */
  peakBandHz: FrequencyBand;
}

/** One population's series: x and y of equal length, plus what the entry adds (the spectrum's peak). */
export interface PopulationSeries {
  name: string;
  x: Float64Array;
  y: Float64Array;
}

export interface ActivitySeries extends PopulationSeries {
  /** Bin width, ms; x holds the bins' centres. */
  binMs: number;
}

export interface SpectrumSeries extends PopulationSeries {
  /** Segments averaged, samples per segment and overlap (in samples), frequency resolution. */
  segments: number;
  segmentLength: number;
  overlapLength: number;
  resolutionHz: number;
  /** The largest density in the peak band. */
  peak: SpectralPeak;
}

export interface Axis {
  label: string;
  /** '' when dimensionless. */
  unit: string;
  scale: 'linear' | 'log';
}

export interface SeriesEntry<O, S extends PopulationSeries> {
  readonly key: string;
  /** Title of plots: 'Population activity'. */
  readonly label: string;
  readonly description: string;
  readonly x: Axis;
  readonly y: Axis;
  readonly defaults: O;
  /** The options in a sentence, for the UI and figure captions. */
  rule(options: O): string;
  /** Throws a RangeError naming the option, its value and what is allowed; returns the options completed by the defaults. */
  check(options: Partial<O>, window: TimeWindow): O;
  compute(input: SeriesInput, options: O): S;
}

function finite(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${name}: got ${String(v)}, allowed: a finite number`);
  return v;
}

/** Checks a bin width (and that the window holds at least one and at most MAX_SERIES_BINS bins). */
export function checkBinMs(binMs: unknown, window: TimeWindow, name = 'binMs'): number {
  const b = finite(name, binMs);
  if (b < ACTIVITY_BIN_MS.min || b > ACTIVITY_BIN_MS.max) {
    throw new RangeError(`${name}: got ${b} ms, allowed: ${ACTIVITY_BIN_MS.min} to ${ACTIVITY_BIN_MS.max} ms`);
  }
  const span = window.t1Ms - window.t0Ms;
  const bins = span > 0 ? Math.floor(span / b + 1e-9) : 0;
  if (bins < 1) throw new RangeError(`${name}: got ${b} ms, allowed: at most the window's length (${span} ms)`);
  if (bins > MAX_SERIES_BINS) {
    throw new RangeError(`${name}: got ${b} ms, allowed: at least ${span / MAX_SERIES_BINS} ms for a ${span}-ms window (at most ${MAX_SERIES_BINS} bins)`);
  }
  return b;
}

/** Centres of the bins (t0 + k·w, t0 + (k+1)·w], ms. */
export function binCentresMs(window: TimeWindow, binMs: number): Float64Array {
  const n = binCount(window, binMs);
  const x = new Float64Array(n);
  for (let k = 0; k < n; k++) x[k] = window.t0Ms + (k + 0.5) * binMs;
  return x;
}

/** The population activity: spikes per bin ÷ (neurons · bin width), spikes/s per neuron. */
export function populationActivity(input: SeriesInput, binMs: number): ActivitySeries {
  const y = input.nNeurons > 0 ? populationRateHz(input.timesMs, input.nNeurons, input.window, binMs) : new Float64Array(binCount(input.window, binMs)).fill(NaN);
  return { name: input.name, binMs, x: binCentresMs(input.window, binMs), y };
}

/** The PSD of the population activity (Welch, per the options) and its peak in the band. */
export function populationSpectrum(input: SeriesInput, o: SpectrumOptions): SpectrumSeries {
  const activity = populationActivity(input, o.binMs).y;
  const segmentLength = Math.max(1, Math.round(o.segmentMs / o.binMs));
  const overlapLength = Math.min(segmentLength - 1, Math.floor(o.overlap * segmentLength));
  const s = welch(activity, 1000 / o.binMs, { segmentLength, overlapLength, taper: o.taper, detrend: o.detrend });
  return {
    name: input.name,
    x: s.frequenciesHz,
    y: s.psd,
    segments: s.segments,
    segmentLength: s.segmentLength,
    overlapLength: s.overlapLength,
    resolutionHz: s.resolutionHz,
    peak: spectralPeak(s, o.peakBandHz),
  };
}

const activity: SeriesEntry<ActivityOptions, ActivitySeries> = {
  key: 'activity',
  label: 'Population activity',
  description: "the population's spikes per time bin ÷ (its neurons · the bin width)",
  x: { label: 'Time', unit: 'ms', scale: 'linear' },
  y: { label: 'Rate', unit: 'spikes/s', scale: 'linear' },
  defaults: { binMs: ACTIVITY_DEFAULT_BIN_MS },
  rule: (o) => `${o.binMs} ms bins from the window start (a last partial bin dropped), per neuron`,
  check(o, window) {
    return { binMs: checkBinMs(o.binMs ?? ACTIVITY_DEFAULT_BIN_MS, window) };
  },
  compute: (input, o) => populationActivity(input, o.binMs),
};

const spectrum: SeriesEntry<SpectrumOptions, SpectrumSeries> = {
  key: 'spectrum',
  label: 'Power spectrum',
  description: "power spectral density of the population activity (Welch's method, one-sided)",
  x: { label: 'Frequency', unit: 'Hz', scale: 'log' },
  y: { label: 'PSD', unit: '(spikes/s)²/Hz', scale: 'log' },
  defaults: {
    binMs: SPECTRUM_BIN_MS,
    segmentMs: SPECTRUM_SEGMENT_MS,
    overlap: SPECTRUM_OVERLAP,
    taper: 'hann',
    detrend: 'constant',
    peakBandHz: SPECTRUM_PEAK_BAND_HZ,
  },
  rule: (o) =>
    `Welch: activity in ${o.binMs} ms bins, ${o.segmentMs} ms ${o.taper} segments overlapping ${Math.round(o.overlap * 100)} %, ` +
    `${o.detrend === 'none' ? 'not detrended' : o.detrend === 'constant' ? 'mean removed' : 'linear trend removed'}; ` +
    `peak searched in ${o.peakBandHz.minHz}–${o.peakBandHz.maxHz} Hz`,
  check(o, window) {
    const d = spectrum.defaults;
    const binMs = checkBinMs(o.binMs ?? d.binMs, window);
    const segmentMs = finite('segmentMs', o.segmentMs ?? d.segmentMs);
    const samples = segmentMs / binMs;
    if (segmentMs <= 0 || Math.abs(samples - Math.round(samples)) > 1e-6 || Math.round(samples) < 2) {
      throw new RangeError(`segmentMs: got ${segmentMs} ms, allowed: a whole number (>= 2) of ${binMs}-ms bins`);
    }
    if (Math.round(samples) > MAX_SERIES_BINS) throw new RangeError(`segmentMs: got ${segmentMs} ms, allowed: at most ${MAX_SERIES_BINS} bins`);
    const overlap = finite('overlap', o.overlap ?? d.overlap);
    if (overlap < 0 || overlap >= 1) throw new RangeError(`overlap: got ${overlap}, allowed: a fraction in [0, 1)`);
    const taper = o.taper ?? d.taper;
    if (!(TAPERS as readonly string[]).includes(taper)) throw new RangeError(`taper: got ${String(taper)}, allowed: one of ${TAPERS.join(', ')}`);
    const detrend = o.detrend ?? d.detrend;
    if (!(DETRENDS as readonly string[]).includes(detrend)) throw new RangeError(`detrend: got ${String(detrend)}, allowed: one of ${DETRENDS.join(', ')}`);
    const band = o.peakBandHz ?? d.peakBandHz;
    const minHz = finite('peakBandHz.minHz', band.minHz);
    const maxHz = finite('peakBandHz.maxHz', band.maxHz);
    if (minHz < 0 || maxHz <= minHz) throw new RangeError(`peakBandHz: got ${minHz}–${maxHz} Hz, allowed: 0 <= minHz < maxHz`);
    return { binMs, segmentMs, overlap, taper, detrend, peakBandHz: { minHz, maxHz } };
  },
  compute: populationSpectrum,
};

/** THE registry of series, in display order. */
export const SERIES = { activity, spectrum } as const;
export type SeriesKey = keyof typeof SERIES;
export const SERIES_KEYS = Object.keys(SERIES) as SeriesKey[];

/** Mean and SD (ddof 0) over runs of series sampled at the same x: an ensemble's curve and its spread. */
export interface EnsembleSeries {
  x: Float64Array;
  mean: Float64Array;
  sd: Float64Array;
  /** Runs averaged. */
  n: number;
}

/** The ensemble of series that share their x (the same window and options); throws when they do not. */
export function ensembleSeries(series: readonly { x: Float64Array; y: Float64Array }[]): EnsembleSeries {
  if (series.length === 0) throw new RangeError('an ensemble needs at least one series');
  const x = series[0].x;
  for (const s of series) {
    if (s.x.length !== x.length || s.y.length !== x.length || s.x.some((v, i) => Math.abs(v - x[i]) > 1e-9 * Math.max(1, Math.abs(v)))) {
      throw new RangeError('the series of an ensemble must share their x (same window, bin width and spectrum options)');
    }
  }
  const n = series.length;
  const mean = new Float64Array(x.length);
  const sd = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) {
    let s = 0;
    for (const r of series) s += r.y[k];
    const m = s / n;
    let v = 0;
    for (const r of series) v += (r.y[k] - m) ** 2;
    mean[k] = m;
    sd[k] = Math.sqrt(v / n);
  }
  return { x, mean, sd, n };
}
