/**
 * Histograms with a fixed bin width, and the box-plot numbers of large samples in a bounded size
 * (the distribution of membrane potentials over a window: millions of values). Pure, shared with
 * the page.
 */
import { boxplotStats, type BoxplotStats, type NumericArray } from './descriptive.ts';

export interface Histogram {
  /** Left edge of the first bin (a whole multiple of the bin width). */
  lo: number;
  binWidth: number;
  /** counts[k]: values in [lo + k·w, lo + (k+1)·w) (the last bin also holds its right edge). */
  counts: Uint32Array;
  /** Values counted (NaN and ±Infinity are not). */
  n: number;
}

/**
 * Counts the finite values in bins of `binWidth` aligned to whole multiples of it, from the bin of
 * the smallest value to that of the largest. Refuses (RangeError) a bin width that would need more
 * than `maxBins` bins.
 */
export function histogram(values: NumericArray, binWidth: number, maxBins = 100_000): Histogram {
  if (!(binWidth > 0) || !Number.isFinite(binWidth)) throw new RangeError(`binWidth: got ${binWidth}, allowed: a positive finite number`);
  let min = Infinity;
  let max = -Infinity;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) return { lo: 0, binWidth, counts: new Uint32Array(0), n: 0 };
  const first = Math.floor(min / binWidth);
  const bins = Math.floor(max / binWidth) - first + 1;
  if (bins > maxBins) throw new RangeError(`binWidth: got ${binWidth}, allowed: at least ${(max - min) / maxBins} for values from ${min} to ${max} (at most ${maxBins} bins)`);
  const counts = new Uint32Array(bins);
  const lo = first * binWidth;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const k = Math.min(bins - 1, Math.max(0, Math.floor(v / binWidth) - first));
    counts[k]++;
  }
  return { lo, binWidth, counts, n };
}

/** Box-plot numbers whose outliers are thinned to at most `maxOutliers` values (the count is kept). */
export interface BoundedBoxStats extends BoxplotStats {
  /** Values beyond the whiskers, all of them (outliers holds at most maxOutliers of them). */
  outlierCount: number;
}

/**
 * matplotlib's box-plot numbers (descriptive.ts boxplotStats, exact), with the outliers thinned to
 * at most `maxOutliers` values evenly spaced in rank, the smallest and the largest always kept: a
 * plot of them looks the same, and a reply stays bounded.
 */
export function boundedBoxStats(values: NumericArray, maxOutliers = 2000): BoundedBoxStats {
  const s = boxplotStats(values);
  const all = s.outliers;
  if (all.length <= maxOutliers) return { ...s, outlierCount: all.length };
  const kept = new Float64Array(maxOutliers);
  for (let i = 0; i < maxOutliers; i++) kept[i] = all[Math.round((i * (all.length - 1)) / (maxOutliers - 1))];
  return { ...s, outliers: kept, outlierCount: all.length };
}
