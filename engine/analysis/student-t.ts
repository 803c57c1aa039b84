/**
 * Student's t distribution (any real degrees of freedom > 0), for Welch's confidence interval of a
 * difference of two ensemble means: its CDF through the regularized incomplete beta function
 * (Lentz's continued fraction) and its quantile by bisection on the CDF. Accurate to ~1e-10,
 * far beyond what a confidence interval needs. Also the F distribution, for the F test of two
 * ensembles' seed-to-seed spreads. Pure: shared with the page.
 */

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = 0.99999999999980993;
  const t = z + 7.5;
  for (let i = 0; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b), a, b > 0, 0 <= x <= 1. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0)) throw new RangeError(`incompleteBeta: a = ${a} and b = ${b} must be > 0`);
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(a, b, x)) / a;
  return 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** P(T <= t) for Student's t with df degrees of freedom (df > 0, any real). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`studentTCdf: df = ${df} must be > 0`);
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** The q-quantile of Student's t with df degrees of freedom (0 < q < 1). */
export function studentTQuantile(q: number, df: number): number {
  if (!(q > 0 && q < 1)) throw new RangeError(`studentTQuantile: q = ${q} must lie in (0, 1)`);
  if (!(df > 0)) throw new RangeError(`studentTQuantile: df = ${df} must be > 0`);
  if (q === 0.5) return 0;
  if (q < 0.5) return -studentTQuantile(1 - q, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < q) {
    lo = hi;
    hi *= 2;
    if (hi > 1e12) return Infinity;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (studentTCdf(mid, df) < q) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Welch's comparison of two means from their samples' means, SDs (ddof 1) and sizes. */
export interface WelchResult {
  /** meanB - meanA. */
  difference: number;
  /** Standard error of the difference. */
  se: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p-value of "the means are equal". */
  p: number;
  /** The 95 % confidence interval of the difference. */
  ci95: [number, number];
}

/**
 * Welch's t for meanB - meanA (each side needs >= 2 values; NaN fields otherwise). When both SDs are
 * 0 the difference is exact: p is 0 or 1 and the interval is the point.
 */
export function welch(meanA: number, sdA: number, nA: number, meanB: number, sdB: number, nB: number): WelchResult {
  const difference = meanB - meanA;
  if (nA < 2 || nB < 2 || [meanA, sdA, meanB, sdB].some(Number.isNaN)) {
    return { difference, se: NaN, df: NaN, p: NaN, ci95: [NaN, NaN] };
  }
  const va = (sdA * sdA) / nA;
  const vb = (sdB * sdB) / nB;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { difference, se, df: Infinity, p: difference === 0 ? 1 : 0, ci95: [difference, difference] };
  const df = (va + vb) ** 2 / ((va * va) / (nA - 1) + (vb * vb) / (nB - 1));
  const t = difference / se;
  const p = 2 * (1 - studentTCdf(Math.abs(t), df));
  const h = studentTQuantile(0.975, df) * se;
  return { difference, se, df, p, ci95: [difference - h, difference + h] };
}

/** P(F <= f) for the F distribution with d1 and d2 degrees of freedom (d1, d2 > 0). */
export function fCdf(f: number, d1: number, d2: number): number {
  if (!(d1 > 0) || !(d2 > 0)) throw new RangeError(`fCdf: d1 = ${d1} and d2 = ${d2} must be > 0`);
  if (Number.isNaN(f)) return NaN;
  if (f <= 0) return 0;
  if (f === Infinity) return 1;
  return incompleteBeta((d1 * f) / (d1 * f + d2), d1 / 2, d2 / 2);
}

/** The F test of two samples' variances from their SDs (ddof 1) and sizes. */
export interface SpreadRatio {
  /** sdA / sdB. */
  ratio: number;
  /** Two-sided p-value of "both samples scatter alike" (F = sdA^2 / sdB^2 on nA - 1 and nB - 1 degrees of freedom). */
  p: number;
}

/**
 * How sdA compares with sdB (each side needs >= 2 values; NaN otherwise). The F test assumes normal
 * samples; it is the classical test of a ratio of spreads, sensitive to heavy tails.
 */
export function spreadRatio(sdA: number, nA: number, sdB: number, nB: number): SpreadRatio {
  if (nA < 2 || nB < 2 || Number.isNaN(sdA) || Number.isNaN(sdB)) return { ratio: NaN, p: NaN };
  if (sdB === 0) return { ratio: sdA === 0 ? 1 : Infinity, p: sdA === 0 ? 1 : 0 };
  const ratio = sdA / sdB;
  const c = fCdf(ratio * ratio, nA - 1, nB - 1);
  return { ratio, p: Math.min(1, 2 * Math.min(c, 1 - c)) };
}
