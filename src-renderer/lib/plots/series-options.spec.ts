import type uPlot from 'uplot';
import { describe, expect, it, vi } from 'vitest';
import { axisTitleWidthPx, logRange, logTickLabels, PEAK_HEADROOM, yTitleFits, seriesOptions, tickLabel, type SeriesOptionsInput } from './series-options.ts';

function input(extra: Partial<SeriesOptionsInput> = {}): SeriesOptionsInput {
  return {
    width: 400,
    height: 150,
    xLog: false,
    yLog: false,
    xLabel: 'time [ms]',
    yLabel: 'rate [spikes/s]',
    xTicks: true,
    lines: [{ label: 'a', color: '#111111' }],
    yIndex: [1],
    xRange: () => null,
    text: () => '#000',
    grid: () => '#eee',
    ...extra,
  };
}

describe('series options', () => {
  it('tick labels: round numbers as they are, powers of ten far from 1 as 10ⁿ, a typographic minus', () => {
    expect(tickLabel(0)).toBe('0');
    expect(tickLabel(12.5)).toBe('12.5');
    expect(tickLabel(0.001)).toBe('0.001');
    expect(tickLabel(1e-4)).toBe('10⁻⁴');
    expect(tickLabel(1e6)).toBe('10⁶');
    expect(tickLabel(2.5e-5)).toBe('2.5e−5');
    expect(logTickLabels([1, 2, 5, 10, 20, 100])).toEqual(['1', '', '', '10', '', '100']);
  });

  it('a y title fits beside a panel when its characters span the plot area', () => {
    // 150-px panels: 126 px of plot above the x ticks, 108 px on the bottom row under its title.
    expect(yTitleFits(150, 150, false)).toBe(true);
    expect(yTitleFits(150, 150, true)).toBe(false);
    expect(yTitleFits(138, 150, true)).toBe(true);
    expect(yTitleFits(100, 95, true)).toBe(false);
    expect(yTitleFits(100, 95, false)).toBe(true);
    // Unmeasured (no canvas here), a title is reckoned at an upper estimate per character.
    expect(axisTitleWidthPx('rate')).toBeGreaterThanOrEqual(4 * 6);
    expect(axisTitleWidthPx('rate [spikes/s]')).toBeGreaterThan(axisTitleWidthPx('rate'));
  });

  it('a log range spans whole decades, at most six below the top', () => {
    expect(logRange(0.03, 45)).toEqual([0.01, 100]);
    expect(logRange(1e-12, 1)).toEqual([1e-6, 1]);
    expect(logRange(null, null)).toEqual([0.1, 10]);
    expect(logRange(10, 10)).toEqual([10, 100]);
    // A marked peak just under a decade's top gets the next decade, so its marker is not cut off.
    expect(logRange(0.03, 0.08, PEAK_HEADROOM)).toEqual([0.01, 1]);
    expect(logRange(0.03, 0.03, PEAK_HEADROOM)).toEqual([0.01, 0.1]);
  });

  it('log axes, lines, a band between its lower and upper series, the pointer synchronised', () => {
    const o = seriesOptions(
      input({
        xLog: true,
        yLog: true,
        lines: [
          { label: 'a', color: '#111111' },
          { label: 'ens', color: '#222222', band: { lo: 3, hi: 4 } },
        ],
        yIndex: [1, 2],
        syncKey: 'k',
      }),
    );
    expect(o.scales!.x).toMatchObject({ distr: 3, log: 10, time: false });
    expect(o.scales!.y).toMatchObject({ distr: 3, log: 10 });
    expect(o.series.map((s) => s.label)).toEqual([undefined, 'a', 'ens', 'ens − SD', 'ens + SD']);
    expect(o.bands).toEqual([{ series: [4, 3], fill: '#22222233' }]);
    expect(o.cursor!.sync).toMatchObject({ key: 'k', setSeries: false });
    expect(o.cursor!.drag).toMatchObject({ x: true, y: false, setScale: false });
  });

  it('a linear y range starts at 0 for rates and pads the top; the x range follows the linked view', () => {
    let view: [number, number] | null = null;
    const o = seriesOptions(input({ xRange: () => view }));
    const yRange = o.scales!.y!.range as (u: uPlot, a: number, b: number) => [number, number];
    const xRange = o.scales!.x!.range as (u: uPlot, a: number, b: number) => [number, number];
    expect(yRange({} as uPlot, 2, 10)).toEqual([0, 10.5]);
    expect(yRange({} as uPlot, -70, -50)).toEqual([-71, -49]);
    expect(xRange({} as uPlot, 0, 100)).toEqual([0, 100]);
    view = [20, 30];
    expect(xRange({} as uPlot, 0, 100)).toEqual([20, 30]);
  });

  it('a drag along x asks the caller to zoom to it and clears the selection', () => {
    const onSelect = vi.fn();
    const o = seriesOptions(input({ onSelect }));
    const setSelect = vi.fn();
    const u = { select: { left: 10, width: 40 }, posToVal: (px: number) => px * 2, setSelect } as unknown as uPlot;
    o.hooks!.setSelect![0]!(u);
    expect(onSelect).toHaveBeenCalledWith(20, 100);
    expect(setSelect).toHaveBeenCalled();
    onSelect.mockClear();
    o.hooks!.setSelect![0]!({ ...u, select: { left: 10, width: 1 } } as unknown as uPlot);
    expect(onSelect).not.toHaveBeenCalled();
  });
});
