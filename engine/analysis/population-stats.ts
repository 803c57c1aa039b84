/**
 * All the per-population statistics of the NEST reference JSON (`populations.<name>`), with the same
 * field names (snake_case) and the same rules (`rules` in the JSON, validation.md), so that our runs
 * and NEST's compare field by field. Also keeps the distributions (per-neuron rates, CVs,
 * correlations) that the KS comparison needs.
 */
import { mean, referenceQuantiles, std, type QuantileSet } from './descriptive.ts';
import { countHistogram, countStats, populationRateHz, roundLikeNumpy, type CountStats } from './counts.ts';
import { referenceCorrelationSample, spikeCountCorrelations } from './correlation.ts';
import { cvIsi, fractionSilent, neuronRatesHz } from './rates.ts';
import { binCount, groupByNeuron, populationSize, type PopulationSpikes, type TimeWindow } from './spikes.ts';

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

/** The distributions the KS comparison uses, per population. */
export interface PopulationDistributions {
  name: string;
  /** Per-neuron rates, spikes/s, node-id order, silent neurons included. */
  ratesHz: Float64Array;
  /** CV ISI of the neurons with >= 3 spikes. */
  cvIsi: Float64Array;
  /** Pearson r of all active pairs of the sampled neurons (2-ms bins). */
  corr2ms: Float64Array;
}

export interface AnalysisOptions extends TimeWindow {
  /** Neurons sampled per population for the correlations (200). */
  corrSampleSize?: number;
  /** Seed of the numpy-compatible sampler (12345, as the reference). */
  corrSeed?: number;
  /** Explicit sample per population (local indices), replacing the seeded sampler. */
  corrSample?: readonly ArrayLike<number>[];
  /** Correlation bin width, ms (2). */
  corrBinMs?: number;
  /** Bin width of the population count for the Fano factor, ms (1). */
  countBinMs?: number;
  /** Bin width of `pop_rate_10ms_bins_hz`, ms (10). */
  rateBinMs?: number;
}

export interface RunAnalysis {
  window: TimeWindow;
  /** Per population, by name, in population order. */
  populations: Record<string, PopulationStats>;
  network: NetworkStats;
  distributions: PopulationDistributions[];
}

/**
 * Analyses the spikes of every population over (t0, t1]. Populations must be given in network order
 * (L23E .. L6I) for the correlation sample to be the reference's. Roughly linear in spikes + neurons
 * (sorts for the quantiles); a full-scale second (77k neurons, 250k spikes) takes well under a second.
 */
export function analyzeRun(pops: readonly PopulationSpikes[], options: AnalysisOptions): RunAnalysis {
  const window: TimeWindow = { t0Ms: options.t0Ms, t1Ms: options.t1Ms };
  const corrBinMs = options.corrBinMs ?? 2;
  const countBinMs = options.countBinMs ?? 1;
  const rateBinMs = options.rateBinMs ?? 10;
  const samples =
    options.corrSample ??
    referenceCorrelationSample(
      pops.map((p) => populationSize(p)),
      options.corrSampleSize ?? 200,
      options.corrSeed ?? 12345,
    );
  if (samples.length !== pops.length) throw new RangeError(`${samples.length} correlation samples for ${pops.length} populations`);

  const populations: Record<string, PopulationStats> = {};
  const distributions: PopulationDistributions[] = [];
  const allRates: Float64Array[] = [];
  let nAll = 0;
  let spikesAll = 0;
  const nCountBins = binCount(window, countBinMs);
  const netCounts = new Float64Array(nCountBins);
  // The 10-ms rate bins are sums of whole 1-ms count bins when the widths divide (both start at t0,
  // and both drop a last partial bin: the rate bins that fit are exactly the whole groups of counts).
  const perRateBin = rateBinMs / countBinMs;
  const rateFromCounts = Number.isInteger(perRateBin);

  pops.forEach((pop, p) => {
    const byNeuron = groupByNeuron(pop, window);
    const rates = neuronRatesHz(byNeuron, window);
    const cv = cvIsi(byNeuron, 3);
    const corr = spikeCountCorrelations(byNeuron, samples[p], window, corrBinMs);
    const counts = countHistogram(pop.timesMs, window, countBinMs);
    const nSpikes = byNeuron.offsets[byNeuron.nNeurons];
    populations[pop.name] = {
      n_neurons: byNeuron.nNeurons,
      node_ids: [pop.firstId, pop.lastId],
      n_spikes: nSpikes,
      rate_mean_hz: mean(rates),
      rate_std_hz: std(rates),
      rate_quantiles_hz: referenceQuantiles(rates),
      frac_silent: fractionSilent(byNeuron),
      cv_isi: { n_neurons_used: cv.cv.length, mean: mean(cv.cv), quantiles: referenceQuantiles(cv.cv) },
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
    distributions.push({ name: pop.name, ratesHz: rates, cvIsi: cv.cv, corr2ms: corr.r });
    allRates.push(rates);
    nAll += rates.length;
    spikesAll += nSpikes;
    for (let k = 0; k < nCountBins; k++) netCounts[k] += counts[k];
  });

  const concatRates = new Float64Array(nAll);
  let o = 0;
  for (const r of allRates) {
    concatRates.set(r, o);
    o += r.length;
  }
  const network: NetworkStats = {
    n_spikes_window: spikesAll,
    network_rate_mean_hz: mean(concatRates),
    network_pop_count_1ms_fano_factor: countStats(netCounts).fano_factor,
  };
  return { window, populations, network, distributions };
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
