/**
 * uPlot options of one series panel (a population's activity, spectrum or membrane potential):
 * linear or logarithmic axes with their words and units, one line per curve (an ensemble's band
 * as a filled area between its lower and upper series), a marked peak, the pointer synchronised
 * with the other plots that share `syncKey` (the raster and the other panels), and a drag along x
 * handed to the caller to zoom every linked plot. Values that change (the x range, the colours of
 * the scheme) are read through callbacks when uPlot asks, so one options object serves a plot's
 * lifetime. Pure: builds a plain object.
 */
import type uPlot from 'uplot';
import { xDragCursor } from './x-drag-cursor.ts';

export interface SeriesLine {
  label: string;
  color: string;
  /** Index of this curve's band columns in the data (1-based uPlot series), when it has one. */
  band?: { lo: number; hi: number };
}

export interface SeriesOptionsInput {
  width: number;
  height: number;
  xLog: boolean;
  yLog: boolean;
  /** Axis titles with units: 'time [ms]'. Empty: no title (panels in a grid show it once). */
  xLabel: string;
  yLabel: string;
  /** Tick labels on the x axis (the bottom row of a grid). */
  xTicks: boolean;
  lines: readonly SeriesLine[];
  /** Index (1-based) of each line's y series in the data. */
  yIndex: readonly number[];
  /** The x range on show; null: the data's. */
  xRange: () => [number, number] | null;
  /** A fixed y range (shared by panels); null: the data's. */
  yRange?: () => [number, number] | null;
  /** Peaks to mark, in data coordinates, with their colour. */
  peaks?: () => readonly { x: number; y: number; color: string }[];
  text: () => string;
  grid: () => string;
  /** Plots with the same key share the pointer. */
  syncKey?: string;
  /** A drag along x selected [x0, x1] (the caller zooms). */
  onSelect?: (x0: number, x1: number) => void;
  /** A double click: back to the whole range. */
  onReset?: () => void;
  /** The pointer moved to x (null: it left the plot). */
  onHover?: (x: number | null) => void;
}

const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif';
const LABEL_FONT = '13px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif';

/** A tick label: up to 4 significant digits, no exponent between 1e-3 and 1e5, '10⁻⁴' style beyond. */
export function tickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(4)));
  const k = Math.round(Math.log10(a));
  if (Math.abs(a - 10 ** k) < 1e-9 * 10 ** k) return `${v < 0 ? '−' : ''}10${String(k).replace(/./g, (c) => SUP[c] ?? c)}`;
  return v.toExponential(1).replace('-', '−');
}
const SUP: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** On a log axis, labels at the powers of ten only (uPlot also ticks 2…9 × 10^k). */
export function logTickLabels(splits: readonly number[]): string[] {
  return splits.map((v) => {
    const k = Math.log10(v);
    return Math.abs(k - Math.round(k)) < 1e-9 ? tickLabel(v) : '';
  });
}

/** What the x and y axes share: the label (room for it only when there is one), the colours, the grid. */
function labelledAxis(scale: 'x' | 'y', label: string | undefined, o: SeriesOptionsInput): uPlot.Axis {
  return {
    scale,
    label: label || undefined,
    labelSize: label ? 18 : 0,
    labelFont: LABEL_FONT,
    labelGap: 0,
    stroke: o.text,
    font: FONT,
    grid: { show: true, stroke: o.grid, width: 1 },
  };
}

export function seriesOptions(o: SeriesOptionsInput): uPlot.Options {
  const ticks = () => ({ show: true, stroke: o.text, width: 1, size: 4 });
  const series: uPlot.Series[] = [{}];
  const bands: uPlot.Band[] = [];
  o.lines.forEach((l, i) => {
    series[o.yIndex[i]] = { label: l.label, stroke: l.color, width: 1.25, points: { show: false }, spanGaps: false };
    if (l.band) {
      series[l.band.lo] = { label: `${l.label} − SD`, stroke: 'transparent', width: 0, points: { show: false } };
      series[l.band.hi] = { label: `${l.label} + SD`, stroke: 'transparent', width: 0, points: { show: false } };
      bands.push({ series: [l.band.hi, l.band.lo], fill: `${l.color}33` });
    }
  });
  for (let i = 1; i < series.length; i++) series[i] ??= { show: false };
  const drawPeaks = (u: uPlot): void => {
    const peaks = o.peaks?.() ?? [];
    if (peaks.length === 0) return;
    const ctx = u.ctx;
    const r = 4.5 * (devicePixelRatioOf());
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    for (const p of peaks) {
      const px = u.valToPos(p.x, 'x', true);
      const py = u.valToPos(p.y, 'y', true);
      if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
      ctx.fillStyle = p.color;
      ctx.strokeStyle = o.text();
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(px, py - 2);
      ctx.lineTo(px - r, py - 2 - 1.7 * r);
      ctx.lineTo(px + r, py - 2 - 1.7 * r);
      ctx.closePath();
      ctx.fill();
      ctx.stroke();
    }
    ctx.restore();
  };
  const axisX: uPlot.Axis = {
    ...labelledAxis('x', o.xLabel, o),
    size: o.xTicks ? 24 : 6,
    space: o.xLog ? 30 : 60,
    ticks: ticks(),
    values: o.xTicks ? (o.xLog ? (_u, splits) => logTickLabels(splits) : (_u, splits) => splits.map(tickLabel)) : () => [],
  };
  const axisY: uPlot.Axis = {
    ...labelledAxis('y', o.yLabel, o),
    size: 46,
    space: 24,
    ticks: ticks(),
    values: o.yLog ? (_u, splits) => logTickLabels(splits) : (_u, splits) => splits.map(tickLabel),
  };
  return {
    width: o.width,
    height: o.height,
    legend: { show: false },
    scales: {
      x: {
        time: false,
        ...(o.xLog ? { distr: 3, log: 10 } : {}),
        range: (_u, min, max) => o.xRange() ?? [min, max],
      },
      y: {
        ...(o.yLog ? { distr: 3, log: 10 } : {}),
        range: (u, min, max) => {
          const fixed = o.yRange?.();
          if (fixed) return fixed;
          // A marked peak needs room above it for its marker (about a third of a decade).
          if (o.yLog) return logRange(min, max, o.peaks ? PEAK_HEADROOM : 1);
          // Rates and densities start at 0 unless they sit far from it; a flat line gets room.
          const lo = min > 0 && min < max * 0.5 ? 0 : min;
          const pad = (max - lo) * 0.05 || Math.abs(max) * 0.1 || 1;
          return [lo === 0 ? 0 : lo - pad, max + pad];
        },
      },
    },
    series,
    bands,
    axes: [axisX, axisY],
    cursor: {
      ...xDragCursor(o.syncKey),
      bind: {
        dblclick: () => () => {
          o.onReset?.();
          return null;
        },
      },
    },
    hooks: {
      draw: [drawPeaks],
      setSelect: [
        (u) => {
          const sel = u.select;
          if (sel.width < 3) return;
          const a = u.posToVal(sel.left, 'x');
          const b = u.posToVal(sel.left + sel.width, 'x');
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          o.onSelect?.(Math.min(a, b), Math.max(a, b));
        },
      ],
      setCursor: [
        (u) => {
          const left = u.cursor.left ?? -1;
          o.onHover?.(left >= 0 ? u.posToVal(left, 'x') : null);
        },
      ],
    },
  };
}

/** Width of a character of the axis titles' 13-px font, px, where text cannot be measured (an upper estimate). */
const LABEL_CHAR_PX = 6.6;
let measurer: CanvasRenderingContext2D | null | undefined;

/** The width of an axis title in the plots' font, px: measured on a canvas where there is one. */
export function axisTitleWidthPx(text: string): number {
  if (measurer === undefined) {
    try {
      measurer = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    } catch {
      measurer = null;
    }
  }
  if (measurer && typeof measurer.measureText === 'function') {
    measurer.font = LABEL_FONT;
    const w = measurer.measureText(text).width;
    if (w > 0) return w;
  }
  return text.length * LABEL_CHAR_PX;
}

/**
 * Whether a y-axis title `widthPx` wide reads whole beside a panel `heightPx` tall: uPlot centres
 * it on the plot area, which the x axis's ticks and, on the bottom row, its title shorten; it may
 * reach about 16 px beyond the plot area at either end (the canvas's padding, the x axis's room),
 * as seen in Chromium: 138 px read whole beside the bottom row of 150-px panels, 100 px did not
 * beside that of 95-px ones.
 */
export function yTitleFits(widthPx: number, heightPx: number, withXTitle: boolean): boolean {
  const plotPx = heightPx - 24 - (withXTitle ? 18 : 0);
  return widthPx <= plotPx + 32;
}

/** How far above a marked peak a log axis reaches at least (the marker's height, about a third of a decade). */
export const PEAK_HEADROOM = 2.5;

/**
 * A log range from the decade below min to the one above max (above max · headroom: room for a
 * peak's marker), at most 6 decades below the top.
 */
export function logRange(min: number | null, max: number | null, headroom = 1): [number, number] {
  if (max === null || !(max > 0)) return [0.1, 10];
  const hi = 10 ** Math.ceil(Math.log10(max * headroom) - 1e-9);
  const floor = hi * 1e-6;
  const lo = min !== null && min > 0 ? Math.max(floor, 10 ** Math.floor(Math.log10(min) + 1e-9)) : floor;
  return [lo, lo < hi ? hi : hi * 10];
}

function devicePixelRatioOf(): number {
  return typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1;
}
