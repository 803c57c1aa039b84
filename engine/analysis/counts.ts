/**
 * Population spike counts in time bins, and the synchrony measures derived from them.
 */
import { mean, variance } from './descriptive.ts';
import { binCount, binIndex, type TimeWindow } from './spikes.ts';

/**
 * Spike counts in the bins (t0 + k·w, t0 + (k+1)·w], k = 0 .. floor((t1-t0)/w) - 1, of all the given
 * spike times (ms); spikes outside those whole bins (before t0, after t1, or in a last partial bin
 * of the window: see binCount) are ignored.
 */
export function countHistogram(timesMs: Float64Array, window: TimeWindow, binMs: number): Uint32Array {
  const nBins = binCount(window, binMs);
  const counts = new Uint32Array(nBins);
  for (let i = 0; i < timesMs.length; i++) {
    const k = binIndex(timesMs[i], window.t0Ms, binMs);
    if (k >= 0 && k < nBins) counts[k]++;
  }
  return counts;
}

/** Synchrony of a population count signal (the reference JSON's `pop_count_1ms` block). */
export interface CountStats {
  /** Mean spikes per bin. */
  mean_per_bin: number;
  /** Variance of the count per bin (ddof 0), spikes². */
  var: number;
  /** Fano factor var/mean (1 for Poisson; larger = more synchronous); NaN when no spikes. */
  fano_factor: number;
  /** Coefficient of variation std/mean of the count; NaN when no spikes. */
  cv: number;
}

/** Mean, variance (ddof 0), Fano factor and CV of bin counts, as numpy computes them. */
export function countStats(counts: ArrayLike<number>): CountStats {
  const m = mean(counts);
  const v = variance(counts, 0);
  return { mean_per_bin: m, var: v, fano_factor: v / m, cv: Math.sqrt(v) / m };
}

/** Fano factor (variance / mean, ddof 0) of bin counts. */
export function fanoFactor(counts: ArrayLike<number>): number {
  return variance(counts, 0) / mean(counts);
}

/** numpy's `np.round(x, decimals)` for float64: rint(x·10^d) / 10^d with ties to even. */
export function roundLikeNumpy(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const y = x * f;
  let r = Math.round(y);
  if (r - y === 0.5 && r % 2 !== 0) r -= 1; // Math.round rounds .5 up; rint rounds to even
  return r / f;
}

/**
 * Population rate per bin, spikes/s per neuron: count / (nNeurons · w / 1000). With `decimals`, each
 * value is rounded as numpy's `np.round` does (the reference JSON stores 4 decimals).
 */
export function populationRateHz(
  timesMs: Float64Array,
  nNeurons: number,
  window: TimeWindow,
  binMs: number,
  decimals?: number,
): Float64Array {
  const counts = countHistogram(timesMs, window, binMs);
  const out = new Float64Array(counts.length);
  const norm = nNeurons * (binMs / 1000);
  for (let k = 0; k < counts.length; k++) {
    const v = counts[k] / norm;
    out[k] = decimals === undefined ? v : roundLikeNumpy(v, decimals);
  }
  return out;
}
