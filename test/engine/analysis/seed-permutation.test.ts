import { describe, expect, it } from 'vitest';
import {
  binomial,
  meanCrossDistance,
  meanWithinDistance,
  permutationP,
  seedSplits,
  smallestP,
  type DistanceMatrix,
} from '../../../engine/analysis/seed-permutation.ts';
import { seededRandom } from '../../../src-renderer/lib/plots/test-support/pd14-synthetic.ts';

describe('relabellings of the seeds', () => {
  it('C(n, k)', () => {
    expect([binomial(10, 5), binomial(12, 5), binomial(6, 3), binomial(4, 0), binomial(3, 4)]).toEqual([252, 792, 20, 1, 0]);
    expect(binomial(40, 20)).toBe(137846528820);
    expect(() => binomial(2.5, 1)).toThrow(/whole numbers/);
  });

  it('enumerates every split once, the real labelling first', () => {
    const s = seedSplits(2, 3);
    expect(s).toMatchObject({ nA: 2, nB: 3, exact: true, count: 10 });
    const rows = Array.from({ length: s.count }, (_, i) => Array.from(s.inA.subarray(i * 5, i * 5 + 5)).join(''));
    expect(rows[0]).toBe('11000');
    expect(new Set(rows).size).toBe(10);
    expect(rows.every((r) => [...r].filter((c) => c === '1').length === 2)).toBe(true);
  });

  it('samples the splits when there are too many, reproducibly', () => {
    const s = seedSplits(10, 10, 1000);
    expect(s).toMatchObject({ exact: false, count: 1000 });
    expect(Array.from(s.inA.subarray(0, 20)).join('')).toBe('11111111110000000000');
    for (let i = 1; i < s.count; i++) expect(s.inA.subarray(i * 20, i * 20 + 20).reduce((a, b) => a + b, 0)).toBe(10);
    expect(seedSplits(10, 10, 1000).inA).toEqual(s.inA);
  });

  it('says how small a p-value can be', () => {
    expect(smallestP(5, 5)).toBeCloseTo(1 / 126, 15);
    expect(smallestP(5, 7)).toBeCloseTo(1 / 792, 15);
    expect(smallestP(3, 3)).toBeCloseTo(0.1, 15);
    expect(smallestP(1, 1)).toBe(1);
    expect(smallestP(10, 10, 5000)).toBe(1 / 5000);
  });

  it('refuses sides without runs and too many runs, naming the value', () => {
    expect(() => seedSplits(0, 3)).toThrow('nA = 0: a permutation test needs at least one run a side');
    expect(() => seedSplits(200, 100)).toThrow(/nA \+ nB = 300: a permutation test takes at most 256 runs/);
    expect(() => seedSplits(3, 3, 1)).toThrow(/maxSplits = 1/);
  });
});

/** Distances between runs that are points on a line: |x_i - x_j|. */
function lineDistances(x: number[]): DistanceMatrix {
  const n = x.length;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i * n + j] = Math.abs(x[i] - x[j]);
  return { n, d };
}

describe('the permutation test', () => {
  it('mean distance between and within the sides of a split', () => {
    const m = lineDistances([0, 1, 10, 12]);
    const s = seedSplits(2, 2);
    expect(meanCrossDistance(m, s.inA, 0)).toBe((10 + 12 + 9 + 11) / 4);
    expect(meanWithinDistance(m, s.inA, 0, 1)).toBe(1);
    expect(meanWithinDistance(m, s.inA, 0, 0)).toBe(2);
  });

  it('two well separated groups: the real split is the most extreme one, p = 2/C(n, k)', () => {
    const m = lineDistances([0, 0.1, 0.2, 0.3, 0.4, 5, 5.1, 5.2, 5.3, 5.4]);
    const r = permutationP(seedSplits(5, 5), (inA, off) => meanCrossDistance(m, inA, off));
    expect(r.p).toBeCloseTo(2 / 252, 15);
    expect(r).toMatchObject({ splits: 252, exact: true });
  });

  it('one population of runs: the p-values of many real splits are about uniform', () => {
    const rnd = seededRandom(3);
    const splits = seedSplits(4, 4);
    const ps: number[] = [];
    for (let k = 0; k < 400; k++) {
      const m = lineDistances(Array.from({ length: 8 }, rnd));
      ps.push(permutationP(splits, (inA, off) => meanCrossDistance(m, inA, off)).p);
    }
    const at = (x: number) => ps.filter((p) => p <= x).length / ps.length;
    expect(at(0.1)).toBeGreaterThan(0.05);
    expect(at(0.1)).toBeLessThan(0.16);
    expect(at(0.5)).toBeGreaterThan(0.4);
    expect(at(0.5)).toBeLessThan(0.6);
  });

  it('a NaN statistic gives a NaN p', () => {
    expect(Number.isNaN(permutationP(seedSplits(2, 2), () => NaN).p)).toBe(true);
  });
});
