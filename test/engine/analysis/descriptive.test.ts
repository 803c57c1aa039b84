import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  boxplotStats,
  mean,
  meanStd,
  percentile,
  percentiles,
  quantileSorted,
  referenceQuantiles,
  std,
  sum,
  variance,
} from '../../../engine/analysis/descriptive.ts';

interface DescCase {
  x: string[];
  sum: string;
  mean: string;
  std: string;
  var1: string;
  ps: number[];
  percentiles: string[];
}
const cases = JSON.parse(readFileSync(new URL('./fixtures/descriptive.json', import.meta.url), 'utf8')) as DescCase[];

describe('sum, mean, std as numpy computes them', () => {
  it('hand-computed values', () => {
    expect(sum([1, 2, 3, 4])).toBe(10);
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    // deviations ±1.5, ±0.5: variance (2.25+0.25)*2/4 = 1.25
    expect(variance([1, 2, 3, 4])).toBe(1.25);
    expect(std([1, 2, 3, 4])).toBe(Math.sqrt(1.25));
    expect(variance([1, 2, 3, 4], 1)).toBeCloseTo(5 / 3, 15);
    expect(meanStd([2, 2, 2])).toEqual({ mean: 2, std: 0 });
  });

  it('empty input gives NaN, as numpy does', () => {
    expect(mean([])).toBeNaN();
    expect(std([])).toBeNaN();
    expect(variance([5], 1)).toBeNaN();
  });

  it('pairwise summation is more accurate than a running sum', () => {
    const x = new Float64Array(1_000_001).fill(0.1);
    let naive = 0;
    for (const v of x) naive += v;
    const exact = 100000.1; // 1e6+1 times 0.1 (to 1e-11)
    expect(Math.abs(sum(x) - exact)).toBeLessThan(Math.abs(naive - exact));
  });

  it.each(cases.map((c, i) => [i, c.x.length, c] as const))('bit-identical to numpy, case %i (n=%i)', (_i, _n, c) => {
    const x = Float64Array.from(c.x.map(Number));
    expect(sum(x)).toBe(Number(c.sum));
    expect(mean(x)).toBe(Number(c.mean));
    expect(std(x)).toBe(Number(c.std));
    if (x.length > 1) expect(variance(x, 1)).toBe(Number(c.var1));
    expect(percentiles(x, c.ps)).toEqual(c.percentiles.map(Number));
  });
});

describe('quantiles (numpy linear interpolation)', () => {
  it('hand-computed values', () => {
    const x = [4, 1, 3, 2]; // sorted 1 2 3 4, virtual index 3q
    expect(percentile(x, 0)).toBe(1);
    expect(percentile(x, 25)).toBe(1.75);
    expect(percentile(x, 50)).toBe(2.5);
    expect(percentile(x, 75)).toBe(3.25);
    expect(percentile(x, 100)).toBe(4);
    expect(quantileSorted([7], 0.3)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
    expect(() => quantileSorted([1, 2], 1.5)).toThrow(RangeError);
  });

  it('reference quantile set p5..p95', () => {
    const x = Array.from({ length: 21 }, (_, i) => i); // 0..20: p = index
    expect(referenceQuantiles(x)).toEqual({ p5: 1, p25: 5, p50: 10, p75: 15, p95: 19 });
  });
});

describe('box-plot numbers (matplotlib conventions)', () => {
  it('whiskers reach the most extreme points inside 1.5 IQR, outliers beyond', () => {
    // sorted: 1..10 and 30; q1 = 3.5, q3 = 8.5 (index 2.5 and 7.5), IQR 5, fences -4 and 16.
    const b = boxplotStats([30, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(b.q1).toBe(3.5);
    expect(b.median).toBe(6);
    expect(b.q3).toBe(8.5);
    expect(b.iqr).toBe(5);
    expect(b.whiskerLow).toBe(1);
    expect(b.whiskerHigh).toBe(10);
    expect(Array.from(b.outliers)).toEqual([30]);
    expect(b.mean).toBe(85 / 11);
    expect(b.n).toBe(11);
    expect(b.notchLow).toBeCloseTo(6 - (1.57 * 5) / Math.sqrt(11), 12);
  });

  it('low outliers and a degenerate box', () => {
    const b = boxplotStats([-100, 0, 0, 0, 0, 1]);
    // q1 = 0, q3 = 0 (index 3.75 between 0 and 0), IQR 0: fences 0..0; everything else is an outlier.
    expect(b.q1).toBe(0);
    expect(b.q3).toBe(0);
    expect(b.whiskerLow).toBe(0);
    expect(b.whiskerHigh).toBe(0);
    expect(Array.from(b.outliers)).toEqual([-100, 1]);
  });

  it('whisker falls back to the quartile when no point lies between fence and quartile', () => {
    // sorted 0 10 10 10 10 20: q1=10, q3=10 -> whiskers 10, outliers 0 and 20.
    const b = boxplotStats([20, 10, 10, 0, 10, 10]);
    expect([b.whiskerLow, b.whiskerHigh]).toEqual([10, 10]);
    expect(Array.from(b.outliers)).toEqual([0, 20]);
  });

  it('empty input', () => {
    const b = boxplotStats([]);
    expect(b.n).toBe(0);
    expect(b.median).toBeNaN();
    expect(b.outliers.length).toBe(0);
  });
});
