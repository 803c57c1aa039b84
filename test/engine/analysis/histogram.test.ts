// Histograms of fixed bin width and box numbers with a bounded number of outliers.
import { describe, expect, it } from 'vitest';
import { boxplotStats } from '../../../engine/analysis/descriptive.ts';
import { boundedBoxStats, histogram } from '../../../engine/analysis/histogram.ts';

describe('histogram', () => {
  it('counts finite values in bins aligned to whole multiples of the width: a hand count', () => {
    const h = histogram([-70.2, -70, -69.6, -69.5, -65, NaN, Infinity, -65.01], 0.5);
    // bins from -70.5: [-70.5,-70) 1, [-70,-69.5) 2, [-69.5,-69) 1, ..., [-65.5,-65) 1, [-65,-64.5) 1
    expect(h.lo).toBe(-70.5);
    expect(h.n).toBe(6);
    expect(Array.from(h.counts)).toEqual([1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(histogram([], 1)).toEqual({ lo: 0, binWidth: 1, counts: new Uint32Array(0), n: 0 });
  });

  it('refuses a width that is not positive, or one that needs too many bins', () => {
    expect(() => histogram([1], 0)).toThrow('binWidth: got 0, allowed: a positive finite number');
    expect(() => histogram([0, 100], 0.01, 1000)).toThrow('binWidth: got 0.01, allowed: at least 0.1 for values from 0 to 100 (at most 1000 bins)');
  });
});

describe('boundedBoxStats', () => {
  it('keeps the exact numbers and all outliers when few, thins them evenly by rank (ends kept) when many', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => (i < 900 ? i % 10 : 100 + i));
    const exact = boxplotStats(values);
    const few = boundedBoxStats(values, 5000);
    expect(few).toEqual({ ...exact, outlierCount: exact.outliers.length });
    const thin = boundedBoxStats(values, 11);
    expect(thin.outlierCount).toBe(100);
    expect(thin.outliers).toHaveLength(11);
    expect(thin.outliers[0]).toBe(exact.outliers[0]);
    expect(thin.outliers[10]).toBe(exact.outliers[99]);
    expect([thin.median, thin.q1, thin.q3, thin.whiskerHigh]).toEqual([exact.median, exact.q1, exact.q3, exact.whiskerHigh]);
  });
});
