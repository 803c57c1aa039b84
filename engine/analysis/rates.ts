/**
 * Per-neuron firing rates and CVs of inter-spike intervals (validation.md, pd14.md 4.7).
 */
import { std, mean } from './descriptive.ts';
import { spikeCounts, type SpikesByNeuron, type TimeWindow } from './spikes.ts';

/**
 * Firing rate of every neuron of the population in the window (t0, t1], spikes/s, ordered by node
 * id; silent neurons are 0 (ratesFromCountsHz of the neurons' spike counts).
 */
export function neuronRatesHz(byNeuron: SpikesByNeuron, window: TimeWindow): Float64Array {
  return ratesFromCountsHz(spikeCounts(byNeuron), window);
}

/**
 * Rates from spike counts over the window (t0, t1]: count · 1000 / (t1 - t0), spikes/s, evaluated in
 * that order as the NEST example's helpers.firing_rates does, so that rate<i>.dat files come out
 * byte-identical for any window length. The one formula of a rate, wherever counts come from (the
 * analysis, the store's counts, the page).
 */
export function ratesFromCountsHz(counts: ArrayLike<number>, window: TimeWindow): Float64Array {
  const spanMs = window.t1Ms - window.t0Ms;
  const rates = new Float64Array(counts.length);
  for (let i = 0; i < rates.length; i++) rates[i] = (counts[i] * 1000) / spanMs;
  return rates;
}

/** Fraction of neurons with no spike in the window (0 for an empty population). */
export function fractionSilent(byNeuron: SpikesByNeuron): number {
  if (byNeuron.nNeurons === 0) return NaN;
  let silent = 0;
  const off = byNeuron.offsets;
  for (let i = 0; i < byNeuron.nNeurons; i++) if (off[i + 1] === off[i]) silent++;
  return silent / byNeuron.nNeurons;
}

/** Coefficients of variation of the ISIs, with the node id of each neuron they belong to. */
export interface CvIsiResult {
  /** Node ids of the neurons used (those with >= minSpikes spikes in the window), ascending. */
  nodeIds: Uint32Array;
  /** CV = std(ISI, ddof 0) / mean(ISI) of each of those neurons, dimensionless. */
  cv: Float64Array;
}

/**
 * CV of the inter-spike intervals of each neuron with at least `minSpikes` (default 3, i.e. >= 2
 * ISIs) spikes in the window: std (ddof 0) over mean of its ISIs, as numpy computes them. A regular
 * train has CV 0; a Poisson train has CV near 1.
 */
export function cvIsi(byNeuron: SpikesByNeuron, minSpikes = 3): CvIsiResult {
  if (minSpikes < 2) throw new RangeError(`a CV needs at least 2 spikes, got minSpikes=${minSpikes}`);
  const off = byNeuron.offsets;
  const t = byNeuron.timesMs;
  let used = 0;
  let maxCount = 0;
  for (let i = 0; i < byNeuron.nNeurons; i++) {
    const c = off[i + 1] - off[i];
    if (c >= minSpikes) used++;
    if (c > maxCount) maxCount = c;
  }
  const nodeIds = new Uint32Array(used);
  const cv = new Float64Array(used);
  const scratch = new Float64Array(Math.max(0, maxCount - 1));
  let k = 0;
  for (let i = 0; i < byNeuron.nNeurons; i++) {
    const a = off[i];
    const c = off[i + 1] - a;
    if (c < minSpikes) continue;
    const isi = scratch.subarray(0, c - 1);
    for (let j = 0; j < c - 1; j++) isi[j] = t[a + j + 1] - t[a + j];
    nodeIds[k] = byNeuron.firstId + i;
    cv[k] = std(isi) / mean(isi);
    k++;
  }
  return { nodeIds, cv };
}
