/**
 * The analysis of a run: every registered statistic (statistics.ts) of every population, and the
 * per-population blocks of the NEST reference JSON (`populations.<name>`) with the same field
 * names (snake_case) and the same rules (`rules` in the JSON, validation.md), so that our runs and
 * NEST's compare field by field.
 */
import { mean, referenceQuantiles, std, type QuantileSet } from './descriptive.ts';
import { countHistogram, countStats, populationRateHz, roundLikeNumpy, type CountStats } from './counts.ts';
import { referenceCorrelationSample } from './correlation.ts';
import { fractionSilent } from './rates.ts';
import { binCount, groupByNeuron, populationSize, type PopulationSpikes, type TimeWindow } from './spikes.ts';
import {
  computePopulationValues,
  CORRELATION_BIN_MS,
  CORRELATION_SAMPLE_SIZE,
  CORRELATION_SEED,
  COUNT_BIN_MS,
  pairCorrelations,
  RATE_BIN_MS,
  type BinWidthsMs,
  type PopulationInput,
  type PopulationValues,
} from './statistics.ts';

/** One population's block of the reference JSON. Undefined statistics are NaN (null in JSON). */
export interface PopulationStats {
  n_neurons: number;
  node_ids: [number, number];
  /** Spikes in the window. */
  n_spikes: number;
  rate_mean_hz: number;
  /** Std of the per-neuron rates (ddof 0), spikes/s. */
  rate_std_hz: number;
  rate_quantiles_hz: QuantileSet;
  frac_silent: number;
  cv_isi: { n_neurons_used: number; mean: number; quantiles: QuantileSet };
  corr_2ms: { n_sampled: number; n_active_in_sample: number; n_pairs: number; mean: number; quantiles: QuantileSet };
  pop_count_1ms: CountStats;
  /** Population rate in 10-ms bins (t0+10k, t0+10k+10], spikes/s per neuron, rounded to 4 decimals as in the JSON. */
  pop_rate_10ms_bins_hz: number[];
}

/** Network-wide numbers of the reference JSON's `spikes` block. */
export interface NetworkStats {
  n_spikes_window: number;
  /** Mean of all neurons' rates, spikes/s. */
  network_rate_mean_hz: number;
  /** Fano factor of the whole network's spike count in 1-ms bins. */
  network_pop_count_1ms_fano_factor: number;
}

export interface AnalysisOptions extends TimeWindow {
  /** Neurons sampled per population for the correlations (CORRELATION_SAMPLE_SIZE). */
  corrSampleSize?: number;
  /** Seed of the numpy-compatible sampler (CORRELATION_SEED, as the reference). */
  corrSeed?: number;
  /** Explicit sample per population (local indices), replacing the seeded sampler. */
  corrSample?: readonly ArrayLike<number>[];
  /** Correlation bin width, ms (CORRELATION_BIN_MS). */
  corrBinMs?: number;
  /** Bin width of the population count for the Fano factor, ms (COUNT_BIN_MS). */
  countBinMs?: number;
  /** Bin width of `pop_rate_10ms_bins_hz`, ms (RATE_BIN_MS). */
  rateBinMs?: number;
}

export interface RunAnalysis {
  window: TimeWindow;
  /** The reference JSON's block per population, by name, in population order. */
  populations: Record<string, PopulationStats>;
  network: NetworkStats;
  /** Every registered statistic per population, in population order. */
  values: PopulationValues[];
}

function binWidths(options: AnalysisOptions): BinWidthsMs {
  return { correlation: options.corrBinMs ?? CORRELATION_BIN_MS, count: options.countBinMs ?? COUNT_BIN_MS, rate: options.rateBinMs ?? RATE_BIN_MS };
}

/**
 * What the statistics of each population are computed from (statistics.ts PopulationInput): its
 * in-window spikes by neuron and its share of the correlation sample, which the reference draws
 * for all populations in order from one generator.
 */
export function populationInputs(pops: readonly PopulationSpikes[], options: AnalysisOptions): PopulationInput[] {
  const window: TimeWindow = { t0Ms: options.t0Ms, t1Ms: options.t1Ms };
  const binsMs = binWidths(options);
  const samples =
    options.corrSample ??
    referenceCorrelationSample(
      pops.map((p) => populationSize(p)),
      options.corrSampleSize ?? CORRELATION_SAMPLE_SIZE,
      options.corrSeed ?? CORRELATION_SEED,
    );
  if (samples.length !== pops.length) throw new RangeError(`${samples.length} correlation samples for ${pops.length} populations`);
  return pops.map((spikes, p) => ({ name: spikes.name, window, spikes, byNeuron: groupByNeuron(spikes, window), pairSample: samples[p], binsMs }));
}

/**
 * Analyses the spikes of every population over (t0, t1]. Populations must be given in network order
 * (L23E .. L6I) for the correlation sample to be the reference's. Roughly linear in spikes + neurons
 * (sorts for the quantiles); a full-scale second (77k neurons, 250k spikes) takes well under a second.
 * Binned statistics bin from t0 and drop a last partial bin (spikes.ts binCount).
 */
export function analyzeRun(pops: readonly PopulationSpikes[], options: AnalysisOptions): RunAnalysis {
  const inputs = populationInputs(pops, options);
  const window: TimeWindow = { t0Ms: options.t0Ms, t1Ms: options.t1Ms };
  const { count: countBinMs, rate: rateBinMs } = binWidths(options);

  const populations: Record<string, PopulationStats> = {};
  const values: PopulationValues[] = [];
  let nAll = 0;
  let spikesAll = 0;
  const nCountBins = binCount(window, countBinMs);
  const netCounts = new Float64Array(nCountBins);
  // The 10-ms rate bins are sums of whole 1-ms count bins when the widths divide (both start at t0,
  // and both drop a last partial bin: the rate bins that fit are exactly the whole groups of counts).
  const perRateBin = rateBinMs / countBinMs;
  const rateFromCounts = Number.isInteger(perRateBin);

  for (const input of inputs) {
    const { spikes: pop, byNeuron } = input;
    const v = computePopulationValues(input);
    const rates = v.distributions.rates;
    const cv = v.distributions.cv_isi;
    const corr = pairCorrelations(input);
    const counts = countHistogram(pop.timesMs, window, countBinMs);
    const nSpikes = byNeuron.offsets[byNeuron.nNeurons];
    populations[pop.name] = {
      n_neurons: byNeuron.nNeurons,
      node_ids: [pop.firstId, pop.lastId],
      n_spikes: nSpikes,
      rate_mean_hz: v.scalars.rate_mean,
      rate_std_hz: std(rates),
      rate_quantiles_hz: referenceQuantiles(rates),
      frac_silent: fractionSilent(byNeuron),
      cv_isi: { n_neurons_used: cv.length, mean: mean(cv), quantiles: referenceQuantiles(cv) },
      corr_2ms: {
        n_sampled: corr.nSampled,
        n_active_in_sample: corr.activeIds.length,
        n_pairs: corr.r.length,
        mean: mean(corr.r),
        quantiles: referenceQuantiles(corr.r),
      },
      pop_count_1ms: countStats(counts),
      pop_rate_10ms_bins_hz: rateFromCounts
        ? binnedRate(counts, perRateBin, byNeuron.nNeurons, rateBinMs)
        : Array.from(populationRateHz(pop.timesMs, byNeuron.nNeurons, window, rateBinMs, 4)),
    };
    values.push(v);
    nAll += rates.length;
    spikesAll += nSpikes;
    for (let k = 0; k < nCountBins; k++) netCounts[k] += counts[k];
  }

  const concatRates = new Float64Array(nAll);
  let o = 0;
  for (const v of values) {
    concatRates.set(v.distributions.rates, o);
    o += v.distributions.rates.length;
  }
  const network: NetworkStats = {
    n_spikes_window: spikesAll,
    network_rate_mean_hz: mean(concatRates),
    network_pop_count_1ms_fano_factor: countStats(netCounts).fano_factor,
  };
  return { window, populations, network, values };
}

/** Population rate from fine counts: sums of `per` consecutive bins / (neurons · bin s), 4 decimals as np.round. */
function binnedRate(counts: Uint32Array, per: number, nNeurons: number, rateBinMs: number): number[] {
  const out: number[] = [];
  const norm = nNeurons * (rateBinMs / 1000);
  for (let k = 0; k + per <= counts.length; k += per) {
    let c = 0;
    for (let j = 0; j < per; j++) c += counts[k + j];
    out.push(roundLikeNumpy(c / norm, 4));
  }
  return out;
}

/** The reference JSON's `populations` block for our spikes (see analyzeRun). */
export function populationStats(pops: readonly PopulationSpikes[], options: AnalysisOptions): Record<string, PopulationStats> {
  return analyzeRun(pops, options).populations;
}
