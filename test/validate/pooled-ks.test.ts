import { describe, expect, it } from 'vitest';
import { ksStatistic } from '../../engine/analysis/ks.ts';
import { seedSplits } from '../../engine/analysis/seed-permutation.ts';
import { seededRandom } from '../../src-renderer/lib/plots/test-support/pd14-synthetic.ts';
import { pooledCdfs, pooledKsDistance } from './pooled-ks.ts';

describe('KS distance of pooled distributions on a grid', () => {
  const runs = [Float64Array.from([1, 2, 2, 3]), Float64Array.from([5]), Float64Array.from([2, 3, 3, 4]), Float64Array.from([6, 7])];
  const cat = (xs: Float64Array[]) => Float64Array.from(xs.flatMap((x) => Array.from(x)));

  it('with few distinct values it is the exact KS distance of the pooled values, for every split', () => {
    const c = pooledCdfs(runs);
    expect(Array.from(c.grid)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const s = seedSplits(2, 2);
    for (let i = 0; i < s.count; i++) {
      const inA = s.inA.subarray(i * 4, i * 4 + 4);
      const a = runs.filter((_, r) => inA[r]);
      const b = runs.filter((_, r) => !inA[r]);
      expect(pooledKsDistance(c, s.inA, i * 4)).toBeCloseTo(ksStatistic(cat(a), cat(b)), 14);
    }
  });

  it('with many distinct values it reads D on quantiles of the pooled values: within one grid step of the exact D', () => {
    const rnd = seededRandom(9);
    const big = [0, 1, 2, 3].map((r) => Float64Array.from({ length: 3000 }, () => rnd() + 0.05 * r));
    const c = pooledCdfs(big, 64);
    expect(c.g).toBe(64);
    const s = seedSplits(2, 2);
    const exact = ksStatistic(cat([big[0], big[1]]), cat([big[2], big[3]]));
    const onGrid = pooledKsDistance(c, s.inA, 0);
    expect(onGrid).toBeLessThanOrEqual(exact + 1e-12);
    expect(exact - onGrid).toBeLessThan(2 / 64);
  });

  it('a side without values: NaN; bad grid sizes are refused', () => {
    const c = pooledCdfs([new Float64Array(0), Float64Array.from([1, 2])]);
    expect(Number.isNaN(pooledKsDistance(c, seedSplits(1, 1).inA, 0))).toBe(true);
    expect(() => pooledCdfs(runs, 1)).toThrow(/gridPoints = 1/);
  });
});
