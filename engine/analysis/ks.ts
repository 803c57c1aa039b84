/**
 * The two-sample Kolmogorov–Smirnov test (validation.md: the distance between our engine's and
 * NEST's distributions of a statistic).
 */
import { sortedCopy, type NumericArray } from './descriptive.ts';

/**
 * KS distance D = sup_x |F_a(x) - F_b(x)| of two ascending-sorted samples, with both empirical CDFs
 * evaluated after all values equal to x (ties handled as scipy.stats.ks_2samp's statistic does).
 * Computed in integers and divided once, so D is the exact fraction h / lcm(n1, n2) correctly
 * rounded: bit-identical to scipy's statistic. NaN when either sample is empty. Linear in the sizes.
 */
export function ksStatisticSorted(a: NumericArray, b: NumericArray): number {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return NaN;
  // Work with the integer n1·n2·|F_a - F_b| = |i·n2 - j·n1| (exact below 2^53), divide once at the end.
  let i = 0;
  let j = 0;
  let best = 0;
  while (i < n1 && j < n2) {
    const x = a[i] <= b[j] ? a[i] : b[j];
    while (i < n1 && a[i] === x) i++;
    while (j < n2 && b[j] === x) j++;
    const diff = Math.abs(i * n2 - j * n1);
    if (diff > best) best = diff;
  }
  // Past the end of one sample its CDF is 1; the other's only rises towards 1, so the largest
  // difference has been seen already. D = h / lcm(n1, n2), as scipy's ks_2samp reports it.
  const g = gcd(n1, n2);
  return best / g / ((n1 / g) * n2);
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** KS distance of two samples in any order (sorts copies). Throws on NaN values. */
export function ksStatistic(a: NumericArray, b: NumericArray): number {
  const sa = sortedCopy(a);
  const sb = sortedCopy(b);
  if ((sa.length > 0 && Number.isNaN(sa[sa.length - 1])) || (sb.length > 0 && Number.isNaN(sb[sb.length - 1]))) {
    throw new RangeError('KS distance of a sample containing NaN');
  }
  return ksStatisticSorted(sa, sb);
}

/**
 * Survival function of the Kolmogorov distribution, Q(z) = P(K > z) = 2 Σ_{k>=1} (-1)^(k-1) e^(-2k²z²)
 * (scipy.stats.kstwobign.sf); for small z from the Jacobi-theta form of the CDF. Absolute error
 * below 1e-15.
 */
export function kolmogorovSf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z <= 0) return 1;
  if (z < 1) {
    // P(K <= z) = sqrt(2π)/z Σ_{k>=1} exp(-(2k-1)² π² / (8 z²))
    const w = (Math.PI * Math.PI) / (8 * z * z);
    let s = 0;
    for (let k = 1; k <= 20; k++) {
      const term = Math.exp(-(2 * k - 1) * (2 * k - 1) * w);
      s += term;
      if (term < 1e-17 * s) break;
    }
    return 1 - (Math.sqrt(2 * Math.PI) / z) * s;
  }
  let s = 0;
  let sign = 1;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * z * z);
    s += sign * term;
    if (term < 1e-17) break;
    sign = -sign;
  }
  return Math.min(1, Math.max(0, 2 * s));
}

export interface KsResult {
  /** KS distance, 0..1. */
  d: number;
  /**
   * Asymptotic two-sided p-value Q(sqrt(n1·n2/(n1+n2))·D) (Kolmogorov's limit; scipy's
   * ks_2samp(method='asymp') uses a finite-n refinement and its default is exact for small samples,
   * so p-values agree with scipy only roughly; D agrees exactly).
   */
  pValue: number;
  n1: number;
  n2: number;
}

/** Two-sample KS test: distance and asymptotic p-value (NaN when a sample is empty). */
export function ksTwoSample(a: NumericArray, b: NumericArray): KsResult {
  const d = ksStatistic(a, b);
  const n1 = a.length;
  const n2 = b.length;
  const en = (n1 * n2) / (n1 + n2);
  return { d, pValue: Number.isNaN(d) ? NaN : kolmogorovSf(Math.sqrt(en) * d), n1, n2 };
}
