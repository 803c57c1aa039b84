/**
 * Descriptive statistics on typed arrays, computed the way numpy computes them, so that our numbers
 * and the NEST reference JSON (made with numpy) agree to the last bit where the inputs agree.
 *
 * - sums use numpy's pairwise summation (blocks of 128, 8 accumulators): `np.sum`, `np.mean`;
 * - variance and std are numpy's two-pass `np.var` / `np.std` with ddof (default 0);
 * - quantiles are `np.percentile(x, p)` with the default 'linear' method (numpy >= 1.22 `_lerp`);
 * - box-plot numbers follow `matplotlib.cbook.boxplot_stats` (whiskers at 1.5 IQR, reaching the most
 *   extreme data point inside the fence).
 *
 * Empty inputs give NaN (numpy warns and returns nan). Values are unit-less here; callers keep units.
 */

/** A read-only numeric array: a typed array or a plain number array. */
export type NumericArray = ArrayLike<number>;

const PW_BLOCKSIZE = 128;

function pairwiseSumRange(a: NumericArray, lo: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[lo + i];
    return res;
  }
  if (n <= PW_BLOCKSIZE) {
    let r0 = a[lo];
    let r1 = a[lo + 1];
    let r2 = a[lo + 2];
    let r3 = a[lo + 3];
    let r4 = a[lo + 4];
    let r5 = a[lo + 5];
    let r6 = a[lo + 6];
    let r7 = a[lo + 7];
    const end8 = n - (n % 8);
    let i = 8;
    for (; i < end8; i += 8) {
      const b = lo + i;
      r0 += a[b];
      r1 += a[b + 1];
      r2 += a[b + 2];
      r3 += a[b + 3];
      r4 += a[b + 4];
      r5 += a[b + 5];
      r6 += a[b + 6];
      r7 += a[b + 7];
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[lo + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSumRange(a, lo, n2) + pairwiseSumRange(a, lo + n2, n - n2);
}

/** Sum of all values, with numpy's pairwise summation (bit-identical to `np.sum` on float64). */
export function sum(values: NumericArray): number {
  return pairwiseSumRange(values, 0, values.length);
}

/** Arithmetic mean (`np.mean`); NaN when empty. */
export function mean(values: NumericArray): number {
  const n = values.length;
  if (n === 0) return NaN;
  return sum(values) / n;
}

/** Variance with `ddof` delta degrees of freedom (`np.var`, default ddof 0); NaN when n <= ddof. */
export function variance(values: NumericArray, ddof = 0): number {
  const n = values.length;
  if (n - ddof <= 0) return NaN;
  const m = sum(values) / n;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = values[i] - m;
    sq[i] = d * d;
  }
  return sum(sq) / (n - ddof);
}

/** Standard deviation with `ddof` (`np.std`, default ddof 0, the population std). */
export function std(values: NumericArray, ddof = 0): number {
  return Math.sqrt(variance(values, ddof));
}

/** Mean and std (ddof 0) in one call. */
export function meanStd(values: NumericArray): { mean: number; std: number } {
  return { mean: mean(values), std: std(values, 0) };
}

/** An ascending copy of the values (NaN sorts last, as in numpy). */
export function sortedCopy(values: NumericArray): Float64Array {
  const out = Float64Array.from(values);
  out.sort();
  return out;
}

/**
 * The q-th quantile (0 <= q <= 1) of ascending-sorted values, numpy 'linear' method: virtual index
 * (n-1)·q, interpolated with numpy's `_lerp` (which works from the upper neighbour when the fraction
 * is >= 0.5, so results are bit-identical to numpy).
 */
export function quantileSorted(sorted: NumericArray, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${q}`);
  const virtualIndex = (n - 1) * q;
  const prev = Math.floor(virtualIndex);
  const next = Math.min(prev + 1, n - 1);
  const gamma = virtualIndex - prev;
  const a = sorted[Math.min(prev, n - 1)];
  const b = sorted[next];
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/** `np.percentile(values, p)` for p in [0, 100] (linear). Sorts a copy. */
export function percentile(values: NumericArray, p: number): number {
  return quantileSorted(sortedCopy(values), p / 100);
}

/** Several percentiles (0..100) at once, sorting once. */
export function percentiles(values: NumericArray, ps: readonly number[]): number[] {
  const s = sortedCopy(values);
  return ps.map((p) => quantileSorted(s, p / 100));
}

/** The percentiles reported in the NEST reference JSON. */
export const REFERENCE_PERCENTILES = [5, 25, 50, 75, 95] as const;

/** Quantiles as the reference JSON writes them: { p5, p25, p50, p75, p95 }. */
export interface QuantileSet {
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

/** The reference JSON's quantile set of the values (all NaN when empty). */
export function referenceQuantiles(values: NumericArray): QuantileSet {
  const [p5, p25, p50, p75, p95] = percentiles(values, REFERENCE_PERCENTILES);
  return { p5, p25, p50, p75, p95 };
}

/** The numbers behind one box of a box plot (matplotlib `cbook.boxplot_stats` conventions). */
export interface BoxplotStats {
  n: number;
  mean: number;
  median: number;
  q1: number;
  q3: number;
  iqr: number;
  /** Lower whisker: the smallest value >= q1 - whis·IQR (q1 if none is below q1). */
  whiskerLow: number;
  /** Upper whisker: the largest value <= q3 + whis·IQR (q3 if none is above q3). */
  whiskerHigh: number;
  /** Values outside the whiskers, ascending. */
  outliers: Float64Array;
  /** Notch confidence interval of the median: median ± 1.57·IQR/sqrt(n). */
  notchLow: number;
  notchHigh: number;
}

/**
 * Box-plot numbers as matplotlib draws them (`boxplot(x, whis=1.5)`): quartiles by numpy's linear
 * percentile, whiskers at the most extreme data points within [q1 - whis·IQR, q3 + whis·IQR],
 * outliers beyond the whiskers. Empty input gives NaN fields and no outliers.
 */
export function boxplotStats(values: NumericArray, whis = 1.5): BoxplotStats {
  const s = sortedCopy(values);
  const n = s.length;
  if (n === 0) {
    return {
      n: 0,
      mean: NaN,
      median: NaN,
      q1: NaN,
      q3: NaN,
      iqr: NaN,
      whiskerLow: NaN,
      whiskerHigh: NaN,
      outliers: new Float64Array(0),
      notchLow: NaN,
      notchHigh: NaN,
    };
  }
  const q1 = quantileSorted(s, 0.25);
  const median = quantileSorted(s, 0.5);
  const q3 = quantileSorted(s, 0.75);
  const iqr = q3 - q1;
  const loFence = q1 - whis * iqr;
  const hiFence = q3 + whis * iqr;
  // Most extreme points inside the fences (s is ascending).
  let lo = 0;
  while (lo < n && s[lo] < loFence) lo++;
  let hi = n - 1;
  while (hi >= 0 && s[hi] > hiFence) hi--;
  const whiskerLow = lo < n && s[lo] <= q1 ? s[lo] : q1;
  const whiskerHigh = hi >= 0 && s[hi] >= q3 ? s[hi] : q3;
  let nOut = 0;
  for (let i = 0; i < n; i++) if (s[i] < whiskerLow || s[i] > whiskerHigh) nOut++;
  const outliers = new Float64Array(nOut);
  let k = 0;
  for (let i = 0; i < n; i++) if (s[i] < whiskerLow || s[i] > whiskerHigh) outliers[k++] = s[i];
  const half = (1.57 * iqr) / Math.sqrt(n);
  return {
    n,
    mean: mean(values),
    median,
    q1,
    q3,
    iqr,
    whiskerLow,
    whiskerHigh,
    outliers,
    notchLow: median - half,
    notchHigh: median + half,
  };
}
