/**
 * Pairwise correlations of spike counts (validation.md; reference JSON rule `corr_2ms`).
 *
 * For the sampled neurons, the spike counts in bins (t0 + k·w, t0 + (k+1)·w] form one vector per
 * neuron (the whole bins of the window: a last partial bin is dropped, see binCount); r is the Pearson correlation (np.corrcoef) of every pair i < j of neurons whose count has
 * nonzero variance. Computed sparsely, bin by bin: the cost is the number of sampled spikes plus, per
 * bin, the square of the number of sampled neurons firing in it — not neurons² × bins — so a 15-min
 * window (450,000 bins) costs no more memory than a 1-s one. All sums are integers, exact in doubles,
 * so r is as accurate as one division and one square root allow.
 */
import { binCount, binIndex, type SpikesByNeuron, type TimeWindow } from './spikes.ts';
import { choiceWithoutReplacement, Pcg64 } from './numpy-random.ts';

export interface CorrelationResult {
  /** Number of neurons in the sample. */
  nSampled: number;
  /** Node ids of the sampled neurons with nonzero count variance, in sample order. */
  activeIds: Uint32Array;
  /** Pearson r of each pair (a, b), a < b in `activeIds` order, row-major upper triangle. */
  r: Float64Array;
}

/**
 * Spike-count correlations among the sampled neurons.
 * @param byNeuron the population's in-window spikes, grouped by neuron
 * @param sample local neuron indices (0 = the population's first node id), distinct
 * @param window analysis window (t0, t1], ms; binned from t0, a last partial bin dropped (binCount)
 * @param binMs bin width, ms (2 in the reference)
 */
export function spikeCountCorrelations(
  byNeuron: SpikesByNeuron,
  sample: ArrayLike<number>,
  window: TimeWindow,
  binMs = 2,
): CorrelationResult {
  const m = sample.length;
  const nBins = binCount(window, binMs);
  const off = byNeuron.offsets;
  const times = byNeuron.timesMs;

  // Bucket the sampled spikes by bin (counting sort), keeping sample order inside a bin.
  const binStart = new Uint32Array(nBins + 1);
  let total = 0;
  for (let i = 0; i < m; i++) {
    const local = sample[i];
    if (!(local >= 0 && local < byNeuron.nNeurons)) throw new RangeError(`sample index ${local} outside the population`);
    for (let s = off[local]; s < off[local + 1]; s++) {
      const k = binIndex(times[s], window.t0Ms, binMs);
      if (k < 0 || k >= nBins) continue; // in the window's dropped partial last bin
      binStart[k + 1]++;
      total++;
    }
  }
  for (let k = 0; k < nBins; k++) binStart[k + 1] += binStart[k];
  const fill = binStart.slice(0, nBins);
  const neuronOf = new Uint32Array(total);
  for (let i = 0; i < m; i++) {
    const local = sample[i];
    for (let s = off[local]; s < off[local + 1]; s++) {
      const k = binIndex(times[s], window.t0Ms, binMs);
      if (k >= 0 && k < nBins) neuronOf[fill[k]++] = i;
    }
  }

  // Integer sums: sx (spikes), sxx (sum of squared counts), sxy (co-occurrence products).
  const sx = new Float64Array(m);
  const sxx = new Float64Array(m);
  const sxy = new Float64Array(m * m);
  const who = new Uint32Array(m);
  const cnt = new Float64Array(m);
  for (let k = 0; k < nBins; k++) {
    const a = binStart[k];
    const b = binStart[k + 1];
    if (a === b) continue;
    let g = 0;
    for (let e = a; e < b; e++) {
      const i = neuronOf[e];
      if (g > 0 && who[g - 1] === i) cnt[g - 1]++;
      else {
        who[g] = i;
        cnt[g] = 1;
        g++;
      }
    }
    for (let p = 0; p < g; p++) {
      const i = who[p];
      const ci = cnt[p];
      sx[i] += ci;
      sxx[i] += ci * ci;
      const row = i * m;
      for (let q = p + 1; q < g; q++) sxy[row + who[q]] += ci * cnt[q];
    }
  }

  // Active neurons: B·Σx² - (Σx)² > 0, i.e. nonzero variance.
  const active: number[] = [];
  const sd = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const v = nBins * sxx[i] - sx[i] * sx[i];
    if (v > 0) {
      active.push(i);
      sd[i] = Math.sqrt(v);
    }
  }
  const nA = active.length;
  const r = new Float64Array((nA * (nA - 1)) / 2);
  let w = 0;
  for (let p = 0; p < nA; p++) {
    const i = active[p];
    for (let q = p + 1; q < nA; q++) {
      const j = active[q];
      // Within a bin, sample order was kept, so products sit at [min][max] of the sample indices.
      const co = i < j ? sxy[i * m + j] : sxy[j * m + i];
      const val = (nBins * co - sx[i] * sx[j]) / (sd[i] * sd[j]);
      r[w++] = val > 1 ? 1 : val < -1 ? -1 : val;
    }
  }
  const activeIds = new Uint32Array(nA);
  for (let p = 0; p < nA; p++) activeIds[p] = byNeuron.firstId + sample[active[p]];
  return { nSampled: m, activeIds, r };
}

/**
 * The reference's neuron sample: one numpy `default_rng(seed)` shared by all populations, in order,
 * each drawing `rng.choice(size, min(sampleSize, size), replace=False)` (also when the population
 * has no more than sampleSize neurons: then all neurons, in shuffled order). Returns local indices.
 * Bit-exact with numpy, so our correlations use the very neurons the reference used.
 */
export function referenceCorrelationSample(populationSizes: readonly number[], sampleSize = 200, seed = 12345): Uint32Array[] {
  const rng = new Pcg64(seed);
  return populationSizes.map((n) => choiceWithoutReplacement(rng, n, Math.min(sampleSize, n)));
}
