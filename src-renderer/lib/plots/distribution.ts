/**
 * Overlaid distributions (per-neuron rates, CV ISI, pair correlations) of several runs: empirical
 * CDFs, whose largest vertical gap is the KS distance D the comparison judges, or histograms with
 * bins shared by all series. NaN and infinite values are dropped and counted.
 */
import { ksStatisticSorted } from '../../../engine/analysis/ks.ts';
import { finiteValues } from './scale.ts';

export interface DistributionSeries {
  label: string;
  color: string;
  values: Float64Array;
}

export interface CleanSeries {
  label: string;
  color: string;
  /** Finite values, ascending. */
  sorted: Float64Array;
  /** Values dropped (NaN, ±Infinity). */
  dropped: number;
}

export function cleanSeries(series: readonly DistributionSeries[]): CleanSeries[] {
  return series.map((s) => {
    const sorted = Float64Array.from(finiteValues(s.values));
    sorted.sort();
    return { label: s.label, color: s.color, sorted, dropped: s.values.length - sorted.length };
  });
}

/** [min, max] over all series' values; null when every series is empty. */
export function pooledExtent(series: readonly CleanSeries[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    if (s.sorted.length === 0) continue;
    lo = Math.min(lo, s.sorted[0]);
    hi = Math.max(hi, s.sorted[s.sorted.length - 1]);
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * The x range to show: all values, unless a few extreme ones would squeeze the rest (the central 99%
 * of the pooled values spans less than a third of the full range, as with correlations piled up
 * near 0 and a handful of pairs near 1): then the central 99%, widened by 5% on each side.
 */
export function displayRange(series: readonly CleanSeries[]): { lo: number; hi: number; clipped: boolean } | null {
  const ext = pooledExtent(series);
  if (!ext) return null;
  const [lo, hi] = ext;
  const n = series.reduce((k, s) => k + s.sorted.length, 0);
  if (n < 200 || hi === lo) return { lo, hi, clipped: false };
  const pooled = new Float64Array(n);
  let k = 0;
  for (const s of series) {
    pooled.set(s.sorted, k);
    k += s.sorted.length;
  }
  pooled.sort();
  const c0 = pooled[Math.floor(0.005 * (n - 1))];
  const c1 = pooled[Math.ceil(0.995 * (n - 1))];
  if (c1 - c0 >= (hi - lo) / 3 || c1 === c0) return { lo, hi, clipped: false };
  const pad = 0.05 * (c1 - c0);
  return { lo: Math.max(lo, c0 - pad), hi: Math.min(hi, c1 + pad), clipped: true };
}

/**
 * The ECDF of ascending values as a step polyline in pixels: F(x) = fraction of values <= x, flat
 * between values and rising at each; steps that fall in the same pixel column are merged, so the
 * polyline has at most about two points per column however many values there are.
 */
export function ecdfPolyline(
  sorted: Float64Array,
  sx: (v: number) => number,
  sy: (f: number) => number,
  xLeftPx: number,
  xRightPx: number,
): [number, number][] {
  const n = sorted.length;
  if (n === 0) return [];
  const pts: [number, number][] = [[xLeftPx, sy(0)]];
  let f = 0;
  let lastCol = NaN;
  let i = 0;
  while (i < n) {
    const v = sorted[i];
    while (i < n && sorted[i] === v) i++;
    const x = sx(v);
    const col = Math.round(x * 2);
    const next = i / n;
    if (col === lastCol) {
      // Same column as the previous rise: extend that rise.
      pts[pts.length - 1] = [pts[pts.length - 1][0], sy(next)];
    } else {
      pts.push([x, sy(f)], [x, sy(next)]);
      lastCol = col;
    }
    f = next;
  }
  pts.push([xRightPx, sy(1)]);
  return pts;
}

/** An SVG path through the points ("M x y L x y ..."), 1 decimal. */
export function polylinePath(pts: readonly [number, number][]): string {
  return pts.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`).join('');
}

/**
 * Bin edges shared by all series: the Freedman–Diaconis width of the pooled values, between 8 and
 * maxBins bins over the pooled extent (or the given range). One bin around a single repeated value.
 */
export function sharedBinEdges(series: readonly CleanSeries[], maxBins = 50, range?: { lo: number; hi: number }): number[] {
  const ext = pooledExtent(series);
  if (!ext) return [];
  const [lo, hi] = range ? [range.lo, range.hi] : ext;
  if (hi === lo) return [lo - 0.5, hi + 0.5];
  const pooled = new Float64Array(series.reduce((n, s) => n + s.sorted.length, 0));
  let k = 0;
  for (const s of series) {
    pooled.set(s.sorted, k);
    k += s.sorted.length;
  }
  pooled.sort();
  const q = (p: number): number => pooled[Math.min(pooled.length - 1, Math.floor(p * (pooled.length - 1)))];
  const iqr = q(0.75) - q(0.25);
  const fd = iqr > 0 ? 2 * iqr * pooled.length ** (-1 / 3) : (hi - lo) / 20;
  const bins = Math.max(8, Math.min(maxBins, Math.ceil((hi - lo) / fd)));
  const w = (hi - lo) / bins;
  const step = latticeStep(pooled);
  if (step !== null) {
    // Values on a lattice (rates = spike counts / T): bins of whole lattice steps, centred on the
    // lattice points, so no bin catches one more lattice value than its neighbour (no picket fence).
    let mult = Math.max(1, Math.round(w / step));
    const start = lo - step / 2;
    while (Math.ceil((hi + step / 2 - start) / (mult * step)) > maxBins) mult++;
    const nb = Math.ceil((hi + step / 2 - start) / (mult * step) - 1e-9);
    return Array.from({ length: nb + 1 }, (_, i) => start + i * mult * step);
  }
  return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * w));
}

/**
 * The spacing of values that all lie on a lattice lo + k·step (e.g. rates of whole spike counts),
 * found as the smallest gap between distinct values; null for values that do not (or too fine a
 * lattice, over 10,000 steps across the range).
 */
export function latticeStep(sorted: Float64Array): number | null {
  const n = sorted.length;
  if (n < 2) return null;
  const lo = sorted[0];
  const hi = sorted[n - 1];
  let step = Infinity;
  for (let i = 1; i < n; i++) {
    const d = sorted[i] - sorted[i - 1];
    if (d > 0 && d < step) step = d;
  }
  if (!Number.isFinite(step) || (hi - lo) / step > 10_000) return null;
  for (let i = 0; i < n; i++) {
    const k = (sorted[i] - lo) / step;
    if (Math.abs(k - Math.round(k)) > 1e-6) return null;
  }
  return step;
}

/**
 * Fraction of the values in each bin [e_i, e_i+1) (the last bin includes its right edge), so series
 * of different sizes compare; sums to 1 for a non-empty series.
 */
export function histogramFractions(sorted: Float64Array, edges: readonly number[]): number[] {
  const nb = edges.length - 1;
  if (nb <= 0) return [];
  const counts = new Array<number>(nb).fill(0);
  let b = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i];
    if (v < edges[0] || v > edges[nb]) continue;
    while (b < nb - 1 && v >= edges[b + 1]) b++;
    counts[b]++;
  }
  const n = sorted.length;
  return counts.map((c) => (n > 0 ? c / n : 0));
}

/** Where the two ECDFs are furthest apart: D (as engine/analysis computes it), the x, and both F(x). */
export function ksLocation(a: Float64Array, b: Float64Array): { d: number; x: number; fa: number; fb: number } | null {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return null;
  let i = 0;
  let j = 0;
  let best = -1;
  let at = { x: a[0], i: 0, j: 0 };
  while (i < n1 && j < n2) {
    const x = a[i] <= b[j] ? a[i] : b[j];
    while (i < n1 && a[i] === x) i++;
    while (j < n2 && b[j] === x) j++;
    const diff = Math.abs(i * n2 - j * n1);
    if (diff > best) {
      best = diff;
      at = { x, i, j };
    }
  }
  return { d: ksStatisticSorted(a, b), x: at.x, fa: at.i / n1, fb: at.j / n2 };
}
