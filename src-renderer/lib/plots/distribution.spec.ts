import { describe, expect, it } from 'vitest';
import { ksStatistic } from '../../../engine/analysis/ks.ts';
import { cleanSeries, displayRange, ecdfPolyline, histogramFractions, latticeStep, ksLocation, polylinePath, pooledExtent, sharedBinEdges } from './distribution.ts';
import { seededRandom } from './test-support/pd14-synthetic.ts';

const f = (...v: number[]): Float64Array => Float64Array.from(v);
const ident = (v: number): number => v;

describe('cleanSeries', () => {
  it('sorts, drops NaN and counts what it dropped', () => {
    const [s] = cleanSeries([{ label: 'a', color: '#000000', values: f(3, NaN, 1, Infinity, 2) }]);
    expect(Array.from(s.sorted)).toEqual([1, 2, 3]);
    expect(s.dropped).toBe(2);
  });

  it('pools the extent of non-empty series; null when all are empty', () => {
    const c = cleanSeries([
      { label: 'a', color: '#000000', values: f(2, 5) },
      { label: 'b', color: '#000000', values: f(-1) },
      { label: 'c', color: '#000000', values: f() },
    ]);
    expect(pooledExtent(c)).toEqual([-1, 5]);
    expect(pooledExtent(cleanSeries([{ label: 'a', color: '#000', values: f(NaN) }]))).toBeNull();
  });
});

describe('ecdfPolyline', () => {
  it('steps up by 1/n at each value, ties together, flat in between', () => {
    // y in fractions (identity), x identity.
    const pts = ecdfPolyline(f(1, 2, 2, 4), ident, ident, 0, 5);
    expect(pts).toEqual([
      [0, 0],
      [1, 0],
      [1, 0.25],
      [2, 0.25],
      [2, 0.75],
      [4, 0.75],
      [4, 1],
      [5, 1],
    ]);
  });

  it('merges rises that fall in one half-pixel column, so 100k values give at most 2 points per half pixel', () => {
    const rnd = seededRandom(3);
    const values = Float64Array.from({ length: 100_000 }, () => rnd());
    values.sort();
    const pts = ecdfPolyline(values, (v) => v * 400, (y) => 200 - y * 200, 0, 400);
    expect(pts.length).toBeLessThanOrEqual(2 * 800 + 4);
    expect(pts[pts.length - 1]).toEqual([400, 0]);
    // Monotone: y never goes back down (up the screen means smaller y).
    for (let i = 1; i < pts.length; i++) expect(pts[i][1]).toBeLessThanOrEqual(pts[i - 1][1]);
  });

  it('is empty without values, and paths print 1 decimal', () => {
    expect(ecdfPolyline(f(), ident, ident, 0, 1)).toEqual([]);
    expect(polylinePath([[0, 1], [2.345, 3]])).toBe('M0.0 1.0L2.3 3.0');
  });
});

describe('histogram', () => {
  it('shares bins over all series and gives fractions that sum to 1', () => {
    const c = cleanSeries([
      { label: 'a', color: '#000', values: Float64Array.from({ length: 200 }, (_, i) => i / 10) },
      { label: 'b', color: '#000', values: Float64Array.from({ length: 50 }, (_, i) => 5 + i / 10) },
    ]);
    // A lattice of 0.1: bins centred on it, from -0.05.
    const edges = sharedBinEdges(c);
    expect(edges[0]).toBeCloseTo(-0.05, 12);
    expect(edges[edges.length - 1]).toBeGreaterThan(19.9);
    expect(edges.length - 1).toBeGreaterThanOrEqual(8);
    for (const s of c) {
      const fr = histogramFractions(s.sorted, edges);
      expect(fr.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  it('centres bins on lattice values (rates = counts / T), so no bin is empty by construction', () => {
    // Rates of whole spike counts over 1 s: 0..30 spikes/s, every value present.
    const rnd = seededRandom(5);
    const rates = Float64Array.from({ length: 3000 }, () => Math.floor(rnd() * rnd() * 31));
    const c = cleanSeries([{ label: 'a', color: '#000', values: rates }]);
    expect(latticeStep(c[0].sorted)).toBe(1);
    const edges = sharedBinEdges(c);
    expect(edges[0]).toBe(-0.5);
    const w = edges[1] - edges[0];
    expect(Number.isInteger(w)).toBe(true);
    expect(edges[edges.length - 1]).toBeGreaterThanOrEqual(30.5 - 1e-9);
    const fr = histogramFractions(c[0].sorted, edges);
    expect(fr.every((x) => x > 0)).toBe(true);
    expect(fr.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(latticeStep(f(0, 0.25, 1.25))).toBe(0.25);
    expect(latticeStep(f(0, 0.5, 1.25))).toBeNull();
    expect(latticeStep(f(0, 0.3, Math.PI))).toBeNull();
  });

  it('puts the maximum into the last bin and handles a single value', () => {
    expect(histogramFractions(f(0, 1, 2), [0, 1, 2])).toEqual([1 / 3, 2 / 3]);
    const one = cleanSeries([{ label: 'a', color: '#000', values: f(3, 3) }]);
    expect(sharedBinEdges(one)).toEqual([2.5, 3.5]);
    expect(sharedBinEdges(cleanSeries([]))).toEqual([]);
  });
});

describe('ksLocation', () => {
  it('finds where the ECDFs are furthest apart, with the same D as engine/analysis', () => {
    const a = f(1, 2, 3, 4);
    const b = f(3, 4, 5, 6);
    const k = ksLocation(a, b)!;
    expect(k.d).toBe(ksStatistic(a, b));
    expect(k.d).toBe(0.5);
    expect(Math.abs(k.fa - k.fb)).toBe(0.5);
    expect(k.x).toBe(2);
    expect(ksLocation(a, f())).toBeNull();
  });

  it('agrees with ksStatistic on random samples', () => {
    const rnd = seededRandom(9);
    const a = Float64Array.from({ length: 300 }, () => Math.round(rnd() * 50) / 10).sort();
    const b = Float64Array.from({ length: 170 }, () => Math.round((rnd() * 50 + 3) ) / 10).sort();
    const k = ksLocation(a, b)!;
    expect(k.d).toBe(ksStatistic(a, b));
    expect(Math.abs(k.fa - k.fb)).toBeCloseTo(k.d, 12);
  });
});

describe('displayRange', () => {
  const series = (values: number[]) => cleanSeries([{ label: 'a', color: '#000', values: Float64Array.from(values) }]);

  it('shows everything when no few values squeeze the rest', () => {
    const r = displayRange(series(Array.from({ length: 1000 }, (_, i) => i / 100)));
    expect(r).toEqual({ lo: 0, hi: 9.99, clipped: false });
    expect(displayRange(series([]))).toBeNull();
  });

  it('clips to the central 99% when a few extreme values would squeeze the rest', () => {
    // Correlations: 1000 values in [-0.05, 0.05] and 3 pairs at 1.
    const r = displayRange(series([...Array.from({ length: 1000 }, (_, i) => -0.05 + i / 10000), 1, 1, 1]))!;
    expect(r.clipped).toBe(true);
    expect(r.lo).toBeGreaterThanOrEqual(-0.05);
    expect(r.hi).toBeLessThan(0.1);
  });
});
