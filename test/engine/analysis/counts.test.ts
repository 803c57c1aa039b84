import { describe, expect, it } from 'vitest';
import { countHistogram, countStats, fanoFactor, populationRateHz, roundLikeNumpy } from '../../../engine/analysis/counts.ts';
import { poissonTrains } from './synthetic.ts';

describe('population counts in (t0+k, t0+k+1] bins', () => {
  it('assigns edge spikes to the bin that ends there and ignores the outside', () => {
    const t = Float64Array.from([500, 500.1, 501, 501.05, 502.9, 503, 503.1]);
    expect(Array.from(countHistogram(t, { t0Ms: 500, t1Ms: 503 }, 1))).toEqual([2, 1, 2]);
  });

  it('counts whole bins from the window start; a last partial bin is dropped', () => {
    const t = Float64Array.from([0.5, 1, 2.5, 4, 4.5, 5]);
    // (0, 5] in 2-ms bins: (0, 2] and (2, 4]; 4.5 and 5 lie in the dropped partial bin (4, 5].
    expect(Array.from(countHistogram(t, { t0Ms: 0, t1Ms: 5 }, 2))).toEqual([2, 2]);
    expect(Array.from(populationRateHz(t, 2, { t0Ms: 0, t1Ms: 5 }, 2))).toEqual([500, 500]);
    expect(countHistogram(t, { t0Ms: 0, t1Ms: 1.5 }, 2)).toHaveLength(0);
  });

  it('count statistics: hand-computed', () => {
    // counts 0, 2, 4: mean 2, var (4+0+4)/3 = 8/3, fano 4/3, cv sqrt(8/3)/2
    const s = countStats([0, 2, 4]);
    expect(s.mean_per_bin).toBe(2);
    expect(s.var).toBeCloseTo(8 / 3, 15);
    expect(s.fano_factor).toBeCloseTo(4 / 3, 15);
    expect(s.cv).toBeCloseTo(Math.sqrt(8 / 3) / 2, 15);
    expect(fanoFactor([3, 3, 3])).toBe(0);
    expect(countStats([0, 0]).fano_factor).toBeNaN();
  });

  it('independent Poisson neurons give a Fano factor near 1', () => {
    const list = poissonTrains(200, 10, 0, 2000, 11); // 2 spikes per 1-ms bin on average
    const times = Float64Array.from(list.flat());
    const f = fanoFactor(countHistogram(times, { t0Ms: 0, t1Ms: 2000 }, 1));
    // Binomial per step: Fano = 1 - p (p = 1e-3) ~ 1; the estimate's SD over 2000 bins is ~ sqrt(2/2000) = 0.03.
    expect(f).toBeGreaterThan(0.9);
    expect(f).toBeLessThan(1.1);
  });

  it('a perfectly synchronous population has Fano factor = its size', () => {
    // 50 neurons all firing at 10, 30, 50 ... ms: counts 50 or 0
    const times: number[] = [];
    for (let k = 0; k < 50; k++) for (let n = 0; n < 50; n++) times.push(10 + 20 * k);
    const c = countHistogram(Float64Array.from(times), { t0Ms: 0, t1Ms: 1000 }, 1);
    // 50 bins of 50 and 950 of 0: mean 2.5, var = 2500*0.05 - 6.25 = 118.75, fano 47.5
    expect(fanoFactor(c)).toBeCloseTo(47.5, 12);
  });
});

describe('binned population rate', () => {
  it('count / (neurons · bin seconds), rounded like np.round', () => {
    const t = Float64Array.from([1, 2, 3, 15]);
    const r = populationRateHz(t, 3, { t0Ms: 0, t1Ms: 20 }, 10);
    expect(Array.from(r)).toEqual([100, 1 / 0.03]);
    expect(Array.from(populationRateHz(t, 3, { t0Ms: 0, t1Ms: 20 }, 10, 4))).toEqual([100, 33.3333]);
  });

  it('np.round ties go to even', () => {
    expect(roundLikeNumpy(2.5, 0)).toBe(2);
    expect(roundLikeNumpy(3.5, 0)).toBe(4);
    expect(roundLikeNumpy(-2.5, 0)).toBe(-2);
    expect(roundLikeNumpy(0.00125, 4)).toBe(0.0012); // 0.00125*1e4 is exactly 12.5: np.round gives 0.0012 (Python's round 0.0013)
    expect(roundLikeNumpy(1.23456, 4)).toBe(1.2346);
  });
});
