import { describe, expect, it } from 'vitest';
import type { PopulationActivity, PopulationSpectra } from '../../../src-main/contract.ts';
import { welchSpectra } from './test-support/welch-spectra.ts';
import { EXC_COLOR, INH_COLOR, RUN_COLORS } from './populations.ts';
import { activitySets, alignCurves, liveActivitySet, nearestIndex, seriesPanels, setLegend, spectrumSets, valuesAt, xExtent } from './series-sets.ts';

const NAMES = ['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I'];

function activity(id: number, scale: number, names = NAMES): PopulationActivity {
  const timesMs = Float64Array.from([500.5, 501.5, 502.5]);
  return {
    id,
    window: { t0Ms: 500, t1Ms: 503 },
    binMs: 1,
    rule: '1 ms bins',
    timesMs,
    populations: names.map((name, i) => ({ name, nNeurons: 10, ratesHz: Float64Array.from([i, i + 1, i + 2].map((v) => v * scale)) })),
  };
}

function spectra(): PopulationSpectra {
  return welchSpectra(1, [0, 3.9, 7.8, 11.7], 7, 3.9, [
    { name: 'L23E', psd: Float64Array.from([9, 1, 4, 2]), peakHz: 7.8, peakPower: 4 },
    { name: 'L23I', psd: Float64Array.from([9, 1, 0, 2]), peakHz: NaN, peakPower: NaN },
  ]);
}

describe('series sets', () => {
  it('one run: a panel per population laid out by layer (E left, I right) in NEST colours, no legend', () => {
    const sets = activitySets([{ label: '3: baseline', data: activity(3, 1) }]);
    const panels = seriesPanels(sets);
    expect(panels.map((p) => [p.title, p.row, p.col])).toEqual([
      ['L2/3E', 0, 0],
      ['L2/3I', 0, 1],
      ['L4E', 1, 0],
      ['L4I', 1, 1],
      ['L5E', 2, 0],
      ['L5I', 2, 1],
      ['L6E', 3, 0],
      ['L6I', 3, 1],
    ]);
    expect(panels[0]!.curves.map((c) => c.color)).toEqual([EXC_COLOR]);
    expect(panels[1]!.curves.map((c) => c.color)).toEqual([INH_COLOR]);
    expect(Array.from(panels[2]!.curves[0]!.y)).toEqual([2, 3, 4]);
    expect(setLegend(sets)).toEqual([]);
  });

  it('several runs overlaid: each in its run colour with a legend; an ensemble band is carried with its curve', () => {
    const lo = Float64Array.from([0, 0, 0]);
    const hi = Float64Array.from([5, 5, 5]);
    const sets = activitySets([
      { label: 'a', data: activity(1, 1) },
      { label: 'ensemble', color: '#123456', data: activity(2, 2, ['L23E']), bands: { L23E: { lo, hi } } },
    ]);
    const panels = seriesPanels(sets);
    expect(panels[0]!.curves.map((c) => [c.label, c.color])).toEqual([
      ['a', RUN_COLORS[0]],
      ['ensemble', '#123456'],
    ]);
    expect(panels[0]!.curves[1]!.band).toEqual({ lo, hi });
    expect(panels[1]!.curves).toHaveLength(1);
    expect(setLegend(sets)).toEqual([
      { label: 'a', color: RUN_COLORS[0], band: false },
      { label: 'ensemble', color: '#123456', band: true },
    ]);
  });

  it('spectra start above 0 Hz (a log axis has no 0) and carry each peak; a band without a peak has none', () => {
    const [s] = spectrumSets([{ label: 'r', data: spectra() }]);
    expect(Array.from(s!.x)).toEqual([3.9, 7.8, 11.7]);
    expect(Array.from(s!.curves[0]!.y)).toEqual([1, 4, 2]);
    expect(s!.curves[0]!.peak).toEqual({ x: 7.8, y: 4 });
    expect(s!.curves[1]!.peak).toBeUndefined();
  });

  it('curves on one x pass through; on different x they are placed on the union with gaps', () => {
    const x = Float64Array.from([1, 2, 3]);
    const y = Float64Array.from([4, 5, 6]);
    const same = alignCurves([{ x, y }, { x: Float64Array.from([1, 2, 3]), y: Float64Array.from([7, 8, 9]) }]);
    expect(same.x).toBe(x);
    expect(same.columns[0]).toBe(y);
    expect(same.index).toEqual([
      { y: 0, lo: -1, hi: -1 },
      { y: 1, lo: -1, hi: -1 },
    ]);
    const union = alignCurves([{ x, y }, { x: Float64Array.from([2, 4]), y: Float64Array.from([1, 2]) }]);
    expect(Array.from(union.x)).toEqual([1, 2, 3, 4]);
    expect(union.columns).toEqual([
      [4, 5, 6, null],
      [null, 1, null, 2],
    ]);
  });

  it('on a log axis values <= 0 and NaN become gaps; a band adds its lower and upper columns', () => {
    const x = Float64Array.from([1, 2, 3]);
    const a = alignCurves([{ x, y: Float64Array.from([1, 0, NaN]), band: { lo: Float64Array.from([0.5, 0, 1]), hi: Float64Array.from([2, 2, 2]) } }], true);
    expect(a.columns[0]).toEqual([1, null, null]);
    expect(a.columns[1]).toEqual([0.5, null, 1]);
    expect(a.index).toEqual([{ y: 0, lo: 1, hi: 2 }]);
  });

  it('reads the value nearest the pointer of each curve, and the x extent of the sets', () => {
    const panels = seriesPanels(activitySets([{ label: 'a', data: activity(1, 1) }, { label: 'b', data: activity(2, 10) }]));
    expect(valuesAt(panels[1]!, 501.9)).toEqual([
      { label: 'a', color: RUN_COLORS[0], x: 501.5, y: 2 },
      { label: 'b', color: RUN_COLORS[1], x: 501.5, y: 20 },
    ]);
    expect(nearestIndex([], 3)).toBe(-1);
    expect(nearestIndex([1, 2, 4], 3)).toBe(1);
    expect(nearestIndex([1, 2, 4], 3.1)).toBe(2);
    expect(xExtent(activitySets([{ label: 'a', data: activity(1, 1) }]))).toEqual([500.5, 502.5]);
    expect(xExtent([])).toBeNull();
  });

  it('the live accumulator output becomes one set in population order', () => {
    const s = liveActivitySet({ x: Float64Array.from([1, 2]), ratesHz: [Float64Array.from([3, 4])] }, [{ name: 'L23E' }, { name: 'L23I' }], 'live');
    expect(s.curves.map((c) => [c.name, Array.from(c.y)])).toEqual([
      ['L23E', [3, 4]],
      ['L23I', [0, 0]],
    ]);
  });
});
