/**
 * Permutation tests over seeds. Two ensembles of runs (seeds) of configurations A and B: if A and B
 * are the same configuration, every run is a draw from one distribution of runs, so any relabelling
 * of the nA + nB runs into nA "A" and nB "B" is as likely as the real one. A statistic of the split
 * (here the mean distance over the cross pairs) is compared with its value over every relabelling:
 * its p-value is the fraction of relabellings at least as extreme as the real one. Exact (no model
 * of the distances, any scale, any statistic) and honest about small ensembles: with 5 seeds a side
 * there are C(10, 5) = 252 relabellings (126 distinct for a symmetric statistic), so no p-value can
 * be smaller than 1/126 — `smallestP` says so before anything is judged.
 *
 * Pure: no I/O, shared with the page. Deterministic: sampled relabellings (when there are too many
 * to enumerate) come from a seeded generator.
 */
import { Purpose, Rng } from '../rng/rng.ts';

/** Relabellings enumerated in full up to this many; beyond, this many are sampled. */
export const MAX_SPLITS = 2000;
/** Seed of the sampler of relabellings (results are reproducible). */
export const SPLIT_SEED = 20140;
/** The most runs a permutation test takes (both sides together): bounds every allocation here. */
export const MAX_PERMUTED_RUNS = 256;

/** C(n, k) as a float (exact below 2^53). */
export function binomial(n: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(k) || n < 0) throw new RangeError(`binomial(${n}, ${k}): n and k must be whole numbers, n >= 0`);
  if (k < 0 || k > n) return 0;
  const kk = Math.min(k, n - k);
  let c = 1;
  for (let i = 1; i <= kk; i++) c = (c * (n - kk + i)) / i;
  return Math.round(c);
}

/**
 * The relabellings of nA + nB runs: row s of `inA` (n bytes) marks with 1 the runs labelled A in
 * split s. Split 0 is always the real labelling (runs 0..nA-1 are A). Enumerated in full when there
 * are at most maxSplits, else the real one plus maxSplits - 1 sampled uniformly (with replacement).
 */
export interface SeedSplits {
  nA: number;
  nB: number;
  /** True when every relabelling is listed. */
  exact: boolean;
  count: number;
  inA: Uint8Array;
}

function checkSizes(nA: number, nB: number): void {
  for (const [what, n] of [['nA', nA], ['nB', nB]] as const) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`${what} = ${n}: a permutation test needs at least one run a side`);
  }
  if (nA + nB > MAX_PERMUTED_RUNS) throw new RangeError(`nA + nB = ${nA + nB}: a permutation test takes at most ${MAX_PERMUTED_RUNS} runs`);
}

export function seedSplits(nA: number, nB: number, maxSplits = MAX_SPLITS, seed = SPLIT_SEED): SeedSplits {
  checkSizes(nA, nB);
  if (!Number.isInteger(maxSplits) || maxSplits < 2 || maxSplits > 1_000_000) throw new RangeError(`maxSplits = ${maxSplits}: a whole number in [2, 1000000]`);
  const n = nA + nB;
  const total = binomial(n, nA);
  const exact = total <= maxSplits;
  const count = exact ? total : maxSplits;
  const inA = new Uint8Array(count * n);
  for (let i = 0; i < nA; i++) inA[i] = 1;
  if (exact) {
    // Every k-subset in lexicographic order, the real one (0..nA-1) first.
    const idx = Array.from({ length: nA }, (_, i) => i);
    for (let s = 1; s < count; s++) {
      let i = nA - 1;
      while (idx[i] === n - nA + i) i--;
      idx[i]++;
      for (let j = i + 1; j < nA; j++) idx[j] = idx[j - 1] + 1;
      for (const j of idx) inA[s * n + j] = 1;
    }
  } else {
    // A partial Fisher–Yates shuffle per split: its first nA places are side A.
    const rng = new Rng(seed, Purpose.SeedSplits);
    const order = new Uint16Array(n);
    for (let s = 1; s < count; s++) {
      for (let i = 0; i < n; i++) order[i] = i;
      for (let i = 0; i < nA; i++) {
        const j = i + rng.uniformInt(n - i);
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
        inA[s * n + order[i]] = 1;
      }
    }
  }
  return { nA, nB, exact, count, inA };
}

/**
 * The smallest p-value a permutation test of nA against nB runs can give: 1/C(n, nA) when the
 * relabellings are enumerated (2/C(n, nA) for equal sides and a statistic symmetric in A and B, as
 * the mean cross distance is: a split and its mirror image are the same split), 1/maxSplits when
 * they are sampled.
 */
export function smallestP(nA: number, nB: number, maxSplits = MAX_SPLITS): number {
  checkSizes(nA, nB);
  const total = binomial(nA + nB, nA);
  if (total > maxSplits) return 1 / maxSplits;
  return (nA === nB ? 2 : 1) / total;
}

/**
 * A symmetric matrix of distances between n runs (row-major n × n; NaN where a pair cannot be
 * compared, e.g. a run without values). Only i < j is read.
 */
export interface DistanceMatrix {
  n: number;
  d: Float64Array;
}

/** The mean of the distances over pairs (i in A, j in B) of one split (NaN when none is a number). */
export function meanCrossDistance(m: DistanceMatrix, inA: Uint8Array, offset: number): number {
  const { n, d } = m;
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (inA[offset + i] === inA[offset + j]) continue;
      const x = d[i * n + j];
      if (Number.isNaN(x)) continue;
      s += x;
      c++;
    }
  }
  return c > 0 ? s / c : NaN;
}

/** The mean of the distances over pairs within one side of a split (side 1 = A, 0 = B). */
export function meanWithinDistance(m: DistanceMatrix, inA: Uint8Array, offset: number, side: 0 | 1): number {
  const { n, d } = m;
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    if (inA[offset + i] !== side) continue;
    for (let j = i + 1; j < n; j++) {
      if (inA[offset + j] !== side) continue;
      const x = d[i * n + j];
      if (Number.isNaN(x)) continue;
      s += x;
      c++;
    }
  }
  return c > 0 ? s / c : NaN;
}

/** A permutation test's outcome. */
export interface PermutationResult {
  /** The statistic of the real labelling. */
  observed: number;
  /** Fraction of relabellings whose statistic is >= the observed one (the real one included); NaN when the observed is NaN. */
  p: number;
  /** Relabellings used. */
  splits: number;
  exact: boolean;
}

/**
 * p-value of a statistic of the split that is large when A and B differ: the fraction of
 * relabellings whose statistic reaches the real one's (ties count; a relative tolerance of 1e-12
 * absorbs rounding in sums taken in another order). Relabellings whose statistic is NaN are left out.
 */
export function permutationP(splits: SeedSplits, statistic: (inA: Uint8Array, offset: number) => number): PermutationResult {
  const n = splits.nA + splits.nB;
  const observed = statistic(splits.inA, 0);
  if (Number.isNaN(observed)) return { observed, p: NaN, splits: splits.count, exact: splits.exact };
  const bar = observed - 1e-12 * Math.abs(observed);
  let atLeast = 0;
  let valid = 0;
  for (let s = 0; s < splits.count; s++) {
    const t = statistic(splits.inA, s * n);
    if (Number.isNaN(t)) continue;
    valid++;
    if (t >= bar) atLeast++;
  }
  return { observed, p: atLeast / valid, splits: splits.count, exact: splits.exact };
}
