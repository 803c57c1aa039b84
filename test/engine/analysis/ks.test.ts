import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kolmogorovSf, ksStatistic, ksTwoSample } from '../../../engine/analysis/ks.ts';
import { seededRandom } from '../../../src-renderer/lib/plots/test-support/pd14-synthetic.ts';

interface KsFixture {
  samples: { a: number[]; b: number[]; d: string }[];
  kstwobign_sf: [number, string][];
}
const fx = JSON.parse(readFileSync(new URL('./fixtures/ks.json', import.meta.url), 'utf8')) as KsFixture;

describe('two-sample KS distance', () => {
  it('hand-computed: disjoint, identical, shifted', () => {
    expect(ksStatistic([1, 2, 3], [4, 5])).toBe(1);
    expect(ksStatistic([1, 2, 3], [3, 2, 1])).toBe(0);
    // F_a jumps at 1,2,3,4 by 1/4; F_b at 2,3,4,5. Largest gap 1/4 (e.g. at x = 1).
    expect(ksStatistic([1, 2, 3, 4], [2, 3, 4, 5])).toBe(0.25);
  });

  it('ties are evaluated after all equal values (not one by one)', () => {
    // a = [0,0,1], b = [0,1,1]: at 0 F_a = 2/3, F_b = 1/3 -> D = 1/3 (a one-by-one walk would see 2/3).
    expect(ksStatistic([0, 0, 1], [0, 1, 1])).toBeCloseTo(1 / 3, 15);
    // Many zeros, as in rate distributions of sparse populations.
    expect(ksStatistic([0, 0, 0, 0, 1], [0, 0, 1, 1, 2])).toBeCloseTo(0.4, 15);
  });

  it('equals scipy.stats.ks_2samp statistic on tied integer samples', () => {
    for (const s of fx.samples) expect(ksStatistic(s.a, s.b)).toBe(Number(s.d));
  });

  it('empty samples give NaN; NaN values are refused', () => {
    expect(ksStatistic([], [1])).toBeNaN();
    expect(() => ksStatistic([NaN], [1])).toThrow(RangeError);
  });
});

describe('asymptotic p-value', () => {
  it('Kolmogorov survival function equals scipy.stats.kstwobign.sf', () => {
    for (const [z, want] of fx.kstwobign_sf) expect(kolmogorovSf(z)).toBeCloseTo(Number(want), 14);
    expect(kolmogorovSf(0)).toBe(1);
  });

  it('samples from one distribution: p is not small; shifted: p is tiny', () => {
    const rnd = seededRandom(5);
    const a = Array.from({ length: 2000 }, () => rnd());
    const b = Array.from({ length: 1500 }, () => rnd());
    const c = Array.from({ length: 1500 }, () => rnd() + 0.1);
    const same = ksTwoSample(a, b);
    expect(same.pValue).toBeGreaterThan(0.01);
    expect(same.n1).toBe(2000);
    const shifted = ksTwoSample(a, c);
    expect(shifted.d).toBeGreaterThan(0.08);
    expect(shifted.pValue).toBeLessThan(1e-10);
  });
});
