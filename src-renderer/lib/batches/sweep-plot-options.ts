/**
 * A sweep panel's uPlot options and what its hooks draw: one series per line (the mean over seeds
 * at each value of the swept parameter, points joined, gaps where a point has no completed run),
 * error bars of ± SD over seeds and NEST's reference band drawn by hooks from the panel model
 * (sweep-plot.ts). The geometry is pure (given uPlot's value-to-pixel maps), so it is tested
 * without a canvas. Every value that changes is read through a callback.
 */
import type uPlot from 'uplot';
import { niceTicks } from '../plots/ticks.ts';
import { formatValue } from '../format.ts';
import type { SweepPanel } from './sweep-plot.ts';

/** The device pixel ratio uPlot draws at (1 outside a page). */
function uPlotPxRatio(): number {
  return typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1;
}

/** Round ticks inside [min, max] (many swept values). */
function defaultSplits(min: number, max: number, target: number): number[] {
  return niceTicks(min, max, Math.max(2, Math.round(target))).values.filter((v) => v >= min && v <= max);
}

const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif';

/** A vertical error bar with caps, in canvas pixels. */
export interface ErrorBar {
  color: string;
  x: number;
  yLo: number;
  yHi: number;
}

/** The ± SD bars of every series at every x with a mean and an SD, in pixels (x and y maps from uPlot). */
export function errorBars(panel: SweepPanel, px: (x: number) => number, py: (y: number) => number): ErrorBar[] {
  const out: ErrorBar[] = [];
  for (const s of panel.series) {
    s.mean.forEach((m, i) => {
      const sd = s.sd[i];
      if (m === null || sd === null || !(sd > 0)) return;
      out.push({ color: s.color, x: px(panel.x[i]), yLo: py(m - sd), yHi: py(m + sd) });
    });
  }
  return out;
}

/** NEST's band as a rectangle in pixels: halfWidthPx either side of its x, from its low to its high value. */
export function bandRect(panel: SweepPanel, px: (x: number) => number, py: (y: number) => number, halfWidthPx: number): { x: number; y: number; w: number; h: number } | null {
  const b = panel.band;
  if (!b) return null;
  const x = px(b.x);
  const top = py(b.hi);
  const bottom = py(b.lo);
  if (!Number.isFinite(x) || !Number.isFinite(top) || !Number.isFinite(bottom)) return null;
  return { x: x - halfWidthPx, y: Math.min(top, bottom), w: halfWidthPx * 2, h: Math.max(1, Math.abs(bottom - top)) };
}

/** Every point of the panel with its grid point, in pixels (what a click picks from). */
export function pointPixels(panel: SweepPanel, px: (x: number) => number, py: (y: number) => number): { x: number; y: number; point: number }[] {
  return panel.series.flatMap((s) => s.mean.flatMap((m, i) => (m === null ? [] : [{ x: px(panel.x[i]), y: py(m), point: s.points[i] }])));
}

/** uPlot's data: the x values, then each series' means (null: a gap). */
export function plotData(panel: SweepPanel): uPlot.AlignedData {
  return [panel.x, ...panel.series.map((s) => s.mean.map((m) => m ?? null))] as uPlot.AlignedData;
}

/** The x range: the swept values, widened to hold NEST's band, with a little room each side. */
export function xRange(panel: SweepPanel): [number, number] {
  const xs = panel.band ? [...panel.x, panel.band.x] : panel.x;
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const pad = hi > lo ? (hi - lo) * 0.06 : Math.max(Math.abs(lo) * 0.1, 1);
  return [lo - pad, hi + pad];
}

/** Ticks of the x axis at the swept values themselves when they are few (a sweep's grid is what was run). */
export const MAX_VALUE_TICKS = 8;

/** The x ticks: the swept values when there are at most MAX_VALUE_TICKS of them, else null (uPlot's own). */
export function xTicks(panel: SweepPanel): number[] | null {
  return panel.x.length <= MAX_VALUE_TICKS ? [...panel.x] : null;
}

export interface SweepPlotOptionsInput {
  width: number;
  height: number;
  panel: () => SweepPanel;
  /** The x axis's title, with its unit: `net.g (× PSP)`; the y axis's. */
  xLabel: string;
  yLabel: string;
  /** The axes' colour (the page's text colour, read when drawn). */
  text: () => string;
  /** Draws NEST's band, under the series. */
  onDrawBand: (u: uPlot) => void;
  /** Draws the error bars, over the series. */
  onDraw: (u: uPlot) => void;
}

export function sweepPlotOptions(o: SweepPlotOptionsInput): uPlot.Options {
  const panel = o.panel();
  const ticks = () => ({ show: true, stroke: o.text, width: 1, size: 4 });
  return {
    width: o.width,
    height: o.height,
    legend: { show: false },
    scales: {
      x: { time: false, auto: false, range: () => xRange(o.panel()) },
      y: { auto: false, range: () => o.panel().yRange },
    },
    series: [
      {},
      ...panel.series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: 1.5,
        spanGaps: false,
        points: { show: true, size: 7, width: 1.5, stroke: s.color, fill: s.color },
      })),
    ],
    axes: [
      {
        scale: 'x',
        label: o.xLabel,
        labelSize: 18,
        labelFont: FONT,
        font: FONT,
        size: 30,
        stroke: o.text,
        grid: { show: false },
        ticks: ticks(),
        splits: (u, _i, min, max) => xTicks(o.panel()) ?? defaultSplits(min, max, u.bbox.width / (uPlotPxRatio() * 70)),
        values: (_u, splits) => splits.map((v) => formatValue(v, 6)),
      },
      { scale: 'y', label: o.yLabel, labelSize: 18, labelFont: FONT, font: FONT, size: 44, stroke: o.text, grid: { show: true, stroke: 'rgba(128,128,128,0.18)', width: 1 }, ticks: ticks() },
    ],
    cursor: { drag: { x: false, y: false }, points: { show: false }, y: false },
    hooks: { drawAxes: [o.onDrawBand], draw: [o.onDraw] },
  };
}
