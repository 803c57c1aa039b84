/**
 * The registry of statistics: every statistic the studio computes per population, with its key,
 * label, unit, the rule the UI shows beside it, how it is computed and how two runs' values are
 * compared. The analysis (population-stats.ts analyzeRun), the KS comparison and its yardstick
 * (yardstick.ts), the stored-run comparison with its CLI tables (src-main/interop) and the page's
 * plots and tables all read this one table, so adding a statistic is one entry here plus its
 * function; it then appears in every run's values, and a distribution in every comparison.
 *
 * A statistic is either
 * - a distribution: one value per neuron, pair of neurons or time bin (Float64Array), compared
 *   between runs by the two-sample KS distance, shown as box plots, CDFs and histograms; or
 * - a scalar: one number per population, compared by the absolute difference.
 *
 * Adding one: an entry in STATISTICS plus its function of a PopulationInput. For example the
 * synchrony of a population (variance ÷ mean of its spike count in 1-ms bins):
 *
 *   synchrony: {
 *     key: 'synchrony', kind: 'scalar', label: 'Synchrony', noun: 'synchrony', unit: '',
 *     description: 'variance ÷ mean of the population spike count per bin',
 *     rule: `${COUNT_BIN_MS} ms bins (${PARTIAL_BIN_RULE})`,
 *     compute: (p) => fanoFactor(countHistogram(p.spikes.timesMs, p.window, p.binsMs.count)),
 *     comparison: ABSOLUTE_DIFFERENCE,
 *   },
 *
 * Every run's values (RunAnalysis.values, runs.distributions) then carry it, and the generic code
 * (yardstickFromRuns, compareRunSets, statisticDistance, valueOf) takes its key. A distribution
 * also joins the KS comparison, its CLI table and the comparison plots by default: regenerate the
 * shipped NEST yardstick (test/main/interop/gen-yardstick.ts; its test fails until then). An
 * intermediate result that several entries read (a Welch spectrum for a peak frequency and a
 * band power) is wrapped in sharedResult, so it is computed once per population.
 *
 * Pure: no I/O, shared with the page.
 */
import { mean } from './descriptive.ts';
import { ksStatistic } from './ks.ts';
import { spikeCountCorrelations, type CorrelationResult } from './correlation.ts';
import { cvIsi, neuronRatesHz } from './rates.ts';
import { SERIES, type SpectrumSeries } from './series.ts';
import type { PopulationSpikes, SpikesByNeuron, TimeWindow } from './spikes.ts';

/** Neurons need at least this many spikes in the window for a CV ISI (2 intervals). */
export const CV_MIN_SPIKES = 3;
/** Bin width of the spike counts of the pairwise correlations, ms. */
export const CORRELATION_BIN_MS = 2;
/** Neurons sampled per population for the pairwise correlations. */
export const CORRELATION_SAMPLE_SIZE = 200;
/** Seed of the numpy-compatible sampler of those neurons (numpy default_rng), as the reference. */
export const CORRELATION_SEED = 12345;
/** Bin width of the population spike count (Fano factor), ms. */
export const COUNT_BIN_MS = 1;
/** Bin width of the binned population rate, ms. */
export const RATE_BIN_MS = 10;

/** The rule of every binned statistic for a window that is not a whole number of bins (spikes.ts binCount). */
export const PARTIAL_BIN_RULE = 'counted from the window start, a last partial bin dropped';

/** Bin widths of the binned statistics, ms. */
export interface BinWidthsMs {
  /** Spike counts of the pairwise correlations (CORRELATION_BIN_MS). */
  correlation: number;
  /** Population spike count (COUNT_BIN_MS). */
  count: number;
  /** Binned population rate (RATE_BIN_MS). */
  rate: number;
}

/** What every statistic is computed from: one population's spikes over the analysis window. */
export interface PopulationInput {
  /** Population label, e.g. 'L23E'. */
  readonly name: string;
  readonly window: TimeWindow;
  /** The population's spikes as given (any order; spikes outside the window included). */
  readonly spikes: PopulationSpikes;
  /** Its spikes in the window, grouped by neuron. */
  readonly byNeuron: SpikesByNeuron;
  /** Local indices of the neurons sampled for pairwise statistics (correlation.ts referenceCorrelationSample). */
  readonly pairSample: ArrayLike<number>;
  readonly binsMs: BinWidthsMs;
}

/**
 * An intermediate result that several statistics (or the reference-JSON block) read: computed at
 * most once per PopulationInput, then shared. Wrap an expensive computation in it.
 */
export function sharedResult<T>(compute: (input: PopulationInput) => T): (input: PopulationInput) => T {
  const cache = new WeakMap<PopulationInput, T>();
  return (input) => {
    if (cache.has(input)) return cache.get(input) as T;
    const value = compute(input);
    cache.set(input, value);
    return value;
  };
}

/** Per-neuron rates, spikes/s (node-id order, silent neurons 0). */
export const neuronRates = sharedResult((p) => neuronRatesHz(p.byNeuron, p.window));
/** Spike-count correlations of the sampled neurons (with the sample's size and its active neurons). */
export const pairCorrelations = sharedResult((p): CorrelationResult => spikeCountCorrelations(p.byNeuron, p.pairSample, p.window, p.binsMs.correlation));

/** The spectrum of the population activity at the registry's default options (series.ts), for its peak. */
export const defaultSpectrum = sharedResult(
  (p): SpectrumSeries =>
    SERIES.spectrum.compute({ name: p.name, nNeurons: p.byNeuron.nNeurons, window: p.window, timesMs: p.spikes.timesMs }, SERIES.spectrum.defaults),
);

/** The spectral peak of a window too short for one bin is NaN rather than an error. */
function peakOf(p: PopulationInput): SpectrumSeries['peak'] {
  const d = SERIES.spectrum.defaults;
  if (p.window.t1Ms - p.window.t0Ms < 2 * d.binMs) return { frequencyHz: NaN, power: NaN, index: -1 };
  return defaultSpectrum(p).peak;
}

/** How two runs' values of a statistic are compared. */
export interface ValueComparison<V> {
  /** In words, e.g. 'two-sample KS distance D'. */
  readonly text: string;
  /** The distance (>= 0; NaN when a side has no values). */
  readonly distance: (a: V, b: V) => number;
}

export const KS_DISTANCE: ValueComparison<Float64Array> = {
  text: 'two-sample Kolmogorov–Smirnov distance D (largest gap between the two empirical CDFs)',
  distance: ksStatistic,
};

export const ABSOLUTE_DIFFERENCE: ValueComparison<number> = {
  text: 'absolute difference',
  distance: (a, b) => Math.abs(a - b),
};

interface StatisticText {
  /** Key of the statistic in every result, comparison row and the reference JSON ('cv_isi'). */
  readonly key: string;
  /** Title of plots and table columns: 'Firing rate'. */
  readonly label: string;
  /** The statistic in a sentence: 'L23E rates differ', 'L5I CV ISI agree'. */
  readonly noun: string;
  /** Unit of the values ('spikes/s'); '' when dimensionless. */
  readonly unit: string;
  /** What one value is, in words. */
  readonly description: string;
  /** Which neurons, pairs or bins count: the short text the UI shows beside the values. */
  readonly rule: string;
}

/** A statistic with one value per neuron or per pair of neurons: KS-comparable. */
export interface DistributionStatistic extends StatisticText {
  readonly kind: 'distribution';
  /** What one value belongs to: a neuron, a pair of neurons, a time bin of the population. */
  readonly per: 'neuron' | 'pair' | 'bin';
  readonly compute: (input: PopulationInput) => Float64Array;
  readonly comparison: ValueComparison<Float64Array>;
}

/** A statistic with one number per population. */
export interface ScalarStatistic extends StatisticText {
  readonly kind: 'scalar';
  readonly compute: (input: PopulationInput) => number;
  readonly comparison: ValueComparison<number>;
}

export type Statistic = DistributionStatistic | ScalarStatistic;

/** Checks at compile time that every entry's `key` is its key in the registry. */
function registry<T extends { [K in keyof T]: Statistic & { key: K } }>(entries: T): T {
  return entries;
}

/**
 * THE registry, in display order (table columns, comparison rows, plots). Keys are those of the NEST
 * reference JSON where it has the statistic.
 */
export const STATISTICS = registry({
  rates: {
    key: 'rates',
    kind: 'distribution',
    per: 'neuron',
    label: 'Firing rate',
    noun: 'rates',
    unit: 'spikes/s',
    description: "a neuron's spikes in the analysis window ÷ the window's length",
    rule: 'every neuron, silent ones as 0',
    compute: neuronRates,
    comparison: KS_DISTANCE,
  },
  cv_isi: {
    key: 'cv_isi',
    kind: 'distribution',
    per: 'neuron',
    label: 'CV ISI',
    noun: 'CV ISI',
    unit: '',
    description: "SD ÷ mean of a neuron's inter-spike intervals",
    rule: `only neurons with ≥ ${CV_MIN_SPIKES} spikes in the window`,
    compute: (p) => cvIsi(p.byNeuron, CV_MIN_SPIKES).cv,
    comparison: KS_DISTANCE,
  },
  corr_2ms: {
    key: 'corr_2ms',
    kind: 'distribution',
    per: 'pair',
    label: 'Spike-count correlation',
    noun: 'correlations',
    unit: '',
    description: `Pearson r of two neurons' spike counts in ${CORRELATION_BIN_MS}-ms bins`,
    rule: `${CORRELATION_SAMPLE_SIZE} neurons sampled, ${CORRELATION_BIN_MS} ms bins (${PARTIAL_BIN_RULE}), pairs with a silent neuron dropped`,
    compute: (p) => pairCorrelations(p).r,
    comparison: KS_DISTANCE,
  },
  rate_mean: {
    key: 'rate_mean',
    kind: 'scalar',
    label: 'Mean rate',
    noun: 'mean rate',
    unit: 'spikes/s',
    description: 'mean of the per-neuron rates',
    rule: 'every neuron, silent ones included',
    compute: (p) => mean(neuronRates(p)),
    comparison: ABSOLUTE_DIFFERENCE,
  },
  peak_freq: {
    key: 'peak_freq',
    kind: 'scalar',
    label: 'Peak frequency',
    noun: 'peak frequency',
    unit: 'Hz',
    description: "frequency of the largest power of the population activity's spectrum",
    rule: SERIES.spectrum.rule(SERIES.spectrum.defaults),
    compute: (p) => peakOf(p).frequencyHz,
    comparison: ABSOLUTE_DIFFERENCE,
  },
  peak_power: {
    key: 'peak_power',
    kind: 'scalar',
    label: 'Peak power',
    noun: 'peak power',
    unit: '(spikes/s)²/Hz',
    description: "the largest power spectral density of the population activity, at the peak frequency",
    rule: SERIES.spectrum.rule(SERIES.spectrum.defaults),
    compute: (p) => peakOf(p).power,
    comparison: ABSOLUTE_DIFFERENCE,
  },
});

export type StatisticKey = keyof typeof STATISTICS;
/** The keys of the distributions (KS-comparable statistics). */
export type DistributionKey = { [K in StatisticKey]: (typeof STATISTICS)[K] extends { kind: 'distribution' } ? K : never }[StatisticKey];
/** The keys of the scalar statistics. */
export type ScalarKey = Exclude<StatisticKey, DistributionKey>;

/** Every key, in display order. */
export const STATISTIC_KEYS = Object.keys(STATISTICS) as StatisticKey[];
/** The distributions, in display order: what the KS comparison judges. */
export const DISTRIBUTION_KEYS = STATISTIC_KEYS.filter((k): k is DistributionKey => STATISTICS[k].kind === 'distribution');
/** The scalars, in display order. */
export const SCALAR_KEYS = STATISTIC_KEYS.filter((k): k is ScalarKey => STATISTICS[k].kind === 'scalar');

/** One population's value of every statistic. */
export interface PopulationValues {
  /** Population label, e.g. 'L23E'. */
  name: string;
  distributions: Record<DistributionKey, Float64Array>;
  scalars: Record<ScalarKey, number>;
}

/** Computes every registered statistic of one population. */
export function computePopulationValues(input: PopulationInput): PopulationValues {
  const distributions = {} as Record<DistributionKey, Float64Array>;
  const scalars = {} as Record<ScalarKey, number>;
  for (const key of DISTRIBUTION_KEYS) distributions[key] = STATISTICS[key].compute(input);
  for (const key of SCALAR_KEYS) scalars[key] = STATISTICS[key].compute(input);
  return { name: input.name, distributions, scalars };
}

/** A statistic's value in a population's values: its distribution, or its scalar. */
export function valueOf(values: PopulationValues, key: StatisticKey): Float64Array | number {
  return isDistributionKey(key) ? values.distributions[key] : values.scalars[key];
}

export function isDistributionKey(key: StatisticKey): key is DistributionKey {
  return STATISTICS[key].kind === 'distribution';
}

/** How many values a statistic has: a distribution's length; 1 for a scalar (0 when it is NaN). */
export function valueCount(value: Float64Array | number): number {
  return typeof value === 'number' ? (Number.isNaN(value) ? 0 : 1) : value.length;
}

/** The distance between two populations' values of a statistic, by the entry's comparison. */
export function statisticDistance(key: StatisticKey, a: PopulationValues, b: PopulationValues): number {
  if (isDistributionKey(key)) return STATISTICS[key].comparison.distance(a.distributions[key], b.distributions[key]);
  return STATISTICS[key].comparison.distance(a.scalars[key], b.scalars[key]);
}
