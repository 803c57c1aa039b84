import { describe, expect, it } from 'vitest';
import { RUN_COLORS, populationColor } from '../../../src-main/common/figures/populations.ts';
import { heatmaps, linePanels, meanSdText, nearestPoint, paddedRange, pointIndex, pointText, pointValues } from './sweep-plot.ts';
import type { SweepReference } from './sweep-reference.ts';
import { sweepTable } from './test-support/sweep-fixtures.ts';

const G = { path: 'net.g', values: [-4, -5, -6] };
const BG = { path: 'net.bg_rate', values: [8, 6] };
/** rate = -g + bg / 10: e.g. g = -5, bg = 8 -> 5.8 (L23E; population i gets (i + 1) times it). */
const rate = ([g, bg]: number[]) => -g + bg / 10;

const reference: SweepReference = {
  applies: true,
  at: [-4, 8],
  onGrid: [true, true],
  rangesHz: { L23E: { min: 0.4, max: 0.55 }, L5E: { min: 6.2, max: 6.9 } },
  source: 'NEST 3.10',
};

describe('sweep plot models', () => {
  it('maps points to the grid and back, first axis outer', () => {
    expect(pointIndex([G, BG], [2, 1])).toBe(5);
    expect(pointValues([G, BG], 5)).toEqual([-6, 6]);
    expect(pointValues([G, BG], 0)).toEqual([-4, 8]);
    expect(pointText([G, BG], [-6, 6])).toBe('net.g = -6, net.bg_rate = 6');
  });

  it('draws a line per value of the other axis, x ascending, each point with its mean, SD and grid point', () => {
    const t = sweepTable(1, [G, BG], rate);
    const panels = linePanels(t, 'rate_hz', 0, null);
    expect(panels.map((p) => p.population)).toEqual(t.populations);
    const l23e = panels[0];
    expect(l23e.x).toEqual([-6, -5, -4]);
    expect(l23e.series.map((s) => [s.label, s.other])).toEqual([
      ['net.bg_rate = 6', 6],
      ['net.bg_rate = 8', 8],
    ]);
    expect(l23e.series.map((s) => s.color)).toEqual([RUN_COLORS[0], RUN_COLORS[1]]);
    expect(l23e.series[1].mean).toEqual([6.8, 5.8, 4.8]);
    expect(l23e.series[1].sd.map((v) => Number(v?.toFixed(2)))).toEqual([0.68, 0.58, 0.48]);
    expect(l23e.series[1].points).toEqual([4, 2, 0]);
    expect(l23e.series[1].n).toEqual([2, 2, 2]);
    // y holds every mean ± SD (4.6 - 0.46 .. 6.8 + 0.68), padded by 5 % of that span; not from 0,
    // since the lowest value is more than half the highest.
    const [lo, hi] = l23e.yRange;
    const span = 6.8 + 0.68 - (4.6 - 0.46);
    expect(lo).toBeCloseTo(4.6 - 0.46 - span * 0.05, 9);
    expect(hi).toBeCloseTo(6.8 + 0.68 + span * 0.05, 9);
    // The other axis on x: three lines of g.
    const swapped = linePanels(t, 'rate_hz', 1, null)[0];
    expect(swapped.x).toEqual([6, 8]);
    expect(swapped.series.map((s) => s.label)).toEqual(['net.g = -6', 'net.g = -5', 'net.g = -4']);
  });

  it('one axis: one line in the population colour; points without a completed run are gaps', () => {
    const t = sweepTable(2, [G], ([g]) => -g, { missing: [1] });
    const [l23e, l23i] = linePanels(t, 'cv_isi', 0, null);
    expect(l23e.series).toHaveLength(1);
    expect(l23e.series[0].color).toBe(populationColor('L23E'));
    expect(l23i.series[0].color).toBe(populationColor('L23I'));
    expect(l23e.series[0].mean).toEqual([0.8, null, 0.8]);
    expect(l23e.series[0].n).toEqual([2, 0, 2]);
  });

  it("NEST's band: the mean rate only, at the shipped value, on the line of the other axis's shipped value", () => {
    const t = sweepTable(3, [G, BG], rate);
    const panels = linePanels(t, 'rate_hz', 0, reference);
    expect(panels[0].band).toEqual({ x: -4, lo: 0.4, hi: 0.55 });
    // The y range holds the band.
    expect(panels[0].yRange[0]).toBeLessThanOrEqual(0.4);
    expect(panels[1].band).toBeNull(); // no range for L23I in this reference
    expect(linePanels(t, 'cv_isi', 0, reference)[0].band).toBeNull();
    expect(linePanels(t, 'rate_hz', 0, { ...reference, onGrid: [true, false] })[0].band).toBeNull();
    expect(linePanels(t, 'rate_hz', 0, { applies: false, why: 'no' })[0].band).toBeNull();
    // With bg on x the band sits at bg = 8 (the g line of -4 is on the grid).
    expect(linePanels(t, 'rate_hz', 1, reference)[0].band).toEqual({ x: 8, lo: 0.4, hi: 0.55 });
  });

  it('heatmaps: rows and columns ascending, the colour scale from the smallest to the largest mean, the shipped cell marked', () => {
    const t = sweepTable(4, [G, BG], rate, { missing: [5] });
    const maps = heatmaps(t, 'rate_hz', 0, reference);
    expect(maps).toHaveLength(8);
    const m = maps[0];
    expect(m.xs).toEqual([-6, -5, -4]);
    expect(m.ys).toEqual([6, 8]);
    expect(m.cells[0].map((c) => c.point)).toEqual([5, 3, 1]);
    expect(m.cells[1].map((c) => c.mean)).toEqual([6.8, 5.8, 4.8]);
    expect(m.cells[0][0]).toEqual({ point: 5, mean: null, sd: null, n: 0 });
    expect([m.lo, m.hi]).toEqual([4.6, 6.8]);
    expect(m.reference).toEqual({ row: 1, col: 2, lo: 0.4, hi: 0.55 });
    expect(heatmaps(t, 'cv_isi', 0, reference)[0].reference).toBeNull();
    expect(heatmaps(sweepTable(5, [G], rate), 'rate_hz', 0, null)).toEqual([]);
  });

  it('pads a y range, from 0 for values well above it, never below 0 for values that cannot be negative', () => {
    expect(paddedRange([2, 10])).toEqual([0, 10.5]);
    expect(paddedRange([8, 10])).toEqual([7.9, 10.1]);
    expect(paddedRange([0, 0])).toEqual([0, 1]);
    expect(paddedRange([3, 3])).toEqual([2.7, 3.3]);
    expect(paddedRange([-0.01, 0.02])).toEqual([expect.closeTo(-0.0115, 9), expect.closeTo(0.0215, 9)]);
    expect(paddedRange([])).toEqual([0, 1]);
  });

  it('picks the point nearest to a click within reach', () => {
    const pts = [
      { x: 10, y: 10, point: 0 },
      { x: 30, y: 10, point: 1 },
    ];
    expect(nearestPoint(pts, 27, 12, 14)).toBe(1);
    expect(nearestPoint(pts, 20, 40, 14)).toBeNull();
    expect(meanSdText({ mean: 4.123456, sd: 0.3142, n: 3 })).toBe('4.12 ± 0.31');
    expect(meanSdText({ mean: 4.1, sd: null, n: 1 })).toBe('4.1');
    expect(meanSdText({ mean: null, sd: null, n: 0 })).toBe('–');
  });
});
