import { describe, expect, it } from 'vitest';
import { boxplotStats } from '../../../engine/analysis/descriptive.ts';
import { boxModel, boxSlots } from './box-model.ts';
import { distinctPixels, finiteValues, linearScale } from './scale.ts';

const f = (...v: number[]): Float64Array => Float64Array.from(v);

describe('boxModel', () => {
  it('keeps the row order (L2/3E first, at the top), NEST labels and E/I fills', () => {
    const m = boxModel([
      { name: 'L23E', values: f(1, 2, 3) },
      { name: 'L23I', values: f(4, 5, 6) },
    ]);
    expect(m.bands.map((b) => b.label)).toEqual(['L2/3E', 'L2/3I']);
    expect(m.bands.map((b) => b.boxes[0].color)).toEqual(['#595289', '#af143c']);
    expect(m.legend).toEqual([]);
  });

  it('uses boxplotStats: quartiles by numpy, whiskers at the most extreme point within 1.5 IQR', () => {
    // q1 = 2, median = 3, q3 = 4 (IQR 2): fence 7, so 6 is the whisker and 20 an outlier.
    const values = f(1, 2, 2, 3, 3, 4, 4, 6, 20);
    const s = boxModel([{ name: 'L4E', values }]).bands[0].boxes[0].stats;
    expect([s.q1, s.median, s.q3]).toEqual([2, 3, 4]);
    expect(s.whiskerLow).toBe(1);
    expect(s.whiskerHigh).toBe(6);
    expect(Array.from(s.outliers)).toEqual([20]);
    expect(s.mean).toBeCloseTo(45 / 9);
    expect(s).toEqual(boxplotStats(values));
  });

  it('drops NaN before computing', () => {
    const s = boxModel([{ name: 'L4E', values: f(1, NaN, 3) }]).bands[0].boxes[0].stats;
    expect(s.n).toBe(2);
    expect(s.median).toBe(2);
  });

  it('spans whiskers, outliers and means; [0, 1] without data', () => {
    const m = boxModel([
      { name: 'L23E', values: f(1, 2, 3, 4, 50) },
      { name: 'L23I', values: f(-2, 0, 1) },
    ]);
    expect([m.xMin, m.xMax]).toEqual([-2, 50]);
    const empty = boxModel([{ name: 'L5E', values: f() }]);
    expect([empty.xMin, empty.xMax]).toEqual([0, 1]);
    expect(empty.bands[0].boxes[0].stats.n).toBe(0);
  });

  it('groups runs per population, in the runs’ colours, with a legend', () => {
    const m = boxModel([], [
      { label: 'run A', color: '#111111', rows: [{ name: 'L23E', values: f(1, 2) }, { name: 'L23I', values: f(3) }] },
      { label: 'run B', color: '#222222', rows: [{ name: 'L23E', values: f(5, 6) }] },
    ]);
    expect(m.bands.map((b) => b.population)).toEqual(['L23E', 'L23I']);
    expect(m.bands[0].boxes.map((b) => [b.series, b.color, b.stats.median])).toEqual([
      ['run A', '#111111', 1.5],
      ['run B', '#222222', 5.5],
    ]);
    // Run B has no L23I: an empty box keeps the slot.
    expect(m.bands[1].boxes[1].stats.n).toBe(0);
    expect(m.legend).toEqual([
      { label: 'run A', color: '#111111' },
      { label: 'run B', color: '#222222' },
    ]);
  });

  it('centres one box at half the band height, and stacks grouped boxes inside the band', () => {
    expect(boxSlots(1, 100, 40)).toEqual([{ y: 120, height: 20 }]);
    const two = boxSlots(2, 0, 50);
    expect(two[0].y).toBeLessThan(two[1].y);
    expect(two[0].y - two[0].height / 2).toBeGreaterThan(0);
    expect(two[1].y + two[1].height / 2).toBeLessThan(50);
  });
});

describe('scale helpers', () => {
  it('maps linearly', () => {
    const s = linearScale(0, 10, 100, 200);
    expect(s(5)).toBe(150);
    expect(s.domain).toEqual([0, 10]);
  });

  it('keeps one outlier per pixel', () => {
    const s = linearScale(0, 100, 0, 100);
    expect(distinctPixels(f(10, 10, 10.2, 11, 30), s)).toEqual([10, 11, 30]);
  });

  it('drops non-finite values', () => {
    expect(Array.from(finiteValues([1, NaN, Infinity, 2]))).toEqual([1, 2]);
    const keep = f(1, 2);
    expect(finiteValues(keep)).toBe(keep);
  });
});
