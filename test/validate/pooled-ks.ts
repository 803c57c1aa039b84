/**
 * A candidate statistic of the verdict calibration study (docs/comparison.md), not used by the
 * verdict: the KS distance between the pooled values of the two sides of a split, read from every
 * run's empirical CDF on one grid so that each split costs O(runs × grid).
 */
import { MAX_PERMUTED_RUNS } from '../../engine/analysis/index.ts';

/** Points of the grid on which pooled distributions are compared (pooledCdfs). */
export const POOLED_GRID_POINTS = 256;

/**
 * Every run's empirical CDF on one grid, for the KS distance between the pooled distributions of
 * any split in O(runs × grid) instead of a pass over every value. The grid is the distinct values of
 * all runs when there are at most gridPoints of them (then the distance is the exact two-sample KS D
 * of the pooled values), else gridPoints quantiles of all values pooled (then it is D read on those
 * points: at most one grid step, 1/gridPoints of the pooled mass, below the exact D). The grid does
 * not depend on the labels, so the permutation test stays exact either way. `sorted`: every run's
 * values are already in ascending order (they are then not copied).
 */
export interface PooledCdfs {
  /** Runs. */
  n: number;
  /** Grid points. */
  g: number;
  grid: Float64Array;
  /** counts[r·g + k]: values of run r <= grid[k]. */
  counts: Float64Array;
  /** Values per run. */
  sizes: Float64Array;
  /** totals[k]: values of all runs <= grid[k]. */
  totals: Float64Array;
  /** Scratch for one side's counts (pooledKsDistance). */
  scratch: Float64Array;
}

export function pooledCdfs(values: readonly ArrayLike<number>[], gridPoints = POOLED_GRID_POINTS, sorted = false): PooledCdfs {
  if (!Number.isInteger(gridPoints) || gridPoints < 2 || gridPoints > 1 << 16) throw new RangeError(`gridPoints = ${gridPoints}: a whole number in [2, 65536]`);
  const n = values.length;
  if (n > MAX_PERMUTED_RUNS) throw new RangeError(`${n} runs: a permutation test takes at most ${MAX_PERMUTED_RUNS}`);
  let total = 0;
  for (const v of values) total += v.length;
  const all = new Float64Array(total);
  let o = 0;
  for (const v of values) {
    all.set(v as ArrayLike<number>, o);
    o += v.length;
  }
  all.sort();
  let distinct = 0;
  for (let i = 0; i < total; i++) if (i === 0 || all[i] !== all[i - 1]) distinct++;
  let grid: Float64Array;
  if (distinct <= gridPoints) {
    grid = new Float64Array(distinct);
    let k = 0;
    for (let i = 0; i < total; i++) if (i === 0 || all[i] !== all[i - 1]) grid[k++] = all[i];
  } else {
    const picks: number[] = [];
    for (let k = 1; k <= gridPoints; k++) {
      const x = all[Math.min(total - 1, Math.ceil((k * total) / gridPoints) - 1)];
      if (picks.length === 0 || x > picks[picks.length - 1]) picks.push(x);
    }
    grid = Float64Array.from(picks);
  }
  const g = grid.length;
  const counts = new Float64Array(n * g);
  const sizes = new Float64Array(n);
  values.forEach((v, r) => {
    sizes[r] = v.length;
    const row = r * g;
    // Walk the run's sorted values and the grid together: counts[row + k] = values <= grid[k].
    const x = sorted ? v : Float64Array.from(v).sort();
    let i = 0;
    for (let k = 0; k < g; k++) {
      while (i < x.length && x[i] <= grid[k]) i++;
      counts[row + k] = i;
    }
  });
  const totals = new Float64Array(g);
  for (let r = 0; r < n; r++) for (let k = 0; k < g; k++) totals[k] += counts[r * g + k];
  return { n, g, grid, counts, sizes, totals, scratch: new Float64Array(g) };
}

/** The KS distance between the pooled values of side A and side B of one split (NaN when a side has none). */
export function pooledKsDistance(c: PooledCdfs, inA: Uint8Array, offset: number): number {
  const { n, g, counts, sizes, totals, scratch: ca } = c;
  let na = 0;
  let nAll = 0;
  for (let r = 0; r < n; r++) {
    nAll += sizes[r];
    if (inA[offset + r]) na += sizes[r];
  }
  const nb = nAll - na;
  if (na === 0 || nb === 0) return NaN;
  ca.fill(0);
  for (let r = 0; r < n; r++) {
    if (!inA[offset + r]) continue;
    const row = r * g;
    for (let k = 0; k < g; k++) ca[k] += counts[row + k];
  }
  let d = 0;
  for (let k = 0; k < g; k++) {
    const x = Math.abs(ca[k] / na - (totals[k] - ca[k]) / nb);
    if (x > d) d = x;
  }
  return d;
}
