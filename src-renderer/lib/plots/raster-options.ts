/**
 * The raster's uPlot options: no series data (the draw hook paints the spikes), axes as NEST's
 * raster_plot draws them (time [ms] below, one tick per population at its middle on the left),
 * x-only drag selection for zooming, and shift-drag handed to the caller for panning. Every value
 * that changes (the window, the layout, the text colour) is read through a callback when uPlot
 * asks, so one options object serves the plot's lifetime. Pure: builds a plain object.
 */
import type uPlot from 'uplot';
import type { LayerTick } from './raster-layout.ts';
import { xDragCursor } from './x-drag-cursor.ts';

export interface RasterOptionsInput {
  width: number;
  height: number;
  /** The x range on show, ms. */
  xRange: () => [number, number];
  /** The y range of the layout (populations stacked). */
  yRange: () => [number, number];
  /** One tick per population. */
  ticks: () => readonly LayerTick[];
  /** The axes' colour (the page's text colour, read when drawn: it follows the colour scheme). */
  text: () => string;
  onDraw: (u: uPlot) => void;
  onSelect: (u: uPlot) => void;
  /** A shift-drag began (left button): the caller pans, uPlot does not select. */
  onShiftDrag: (u: uPlot, e: MouseEvent) => void;
  /** The pointer moved (or left: cursor.left < 0), for the readout of what is under it. */
  onCursor?: (u: uPlot) => void;
  /** Plots with the same key share the pointer (the membrane potentials, the activity). */
  syncKey?: string;
}

const FONT = '14px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif';
const LABEL_FONT = '15px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif';

export function rasterOptions(o: RasterOptionsInput): uPlot.Options {
  // A fresh object per axis: uPlot keeps (and may extend) what it is given.
  const ticks = () => ({ show: true, stroke: o.text, width: 1, size: 6 });
  return {
    width: o.width,
    height: o.height,
    pxAlign: 0,
    legend: { show: false },
    scales: {
      x: { time: false, auto: false, range: () => o.xRange() },
      y: { auto: false, range: () => o.yRange() },
    },
    series: [{}, { scale: 'y', paths: () => null, points: { show: false } }],
    axes: [
      {
        scale: 'x',
        label: 'time [ms]',
        space: 70,
        size: 34,
        stroke: o.text,
        font: FONT,
        labelFont: LABEL_FONT,
        labelSize: 24,
        labelGap: 0,
        grid: { show: false },
        ticks: ticks(),
      },
      {
        scale: 'y',
        stroke: o.text,
        font: LABEL_FONT,
        size: 58,
        grid: { show: false },
        ticks: ticks(),
        splits: () => o.ticks().map((t) => t.y),
        values: () => o.ticks().map((t) => t.label),
      },
    ],
    cursor: {
      ...xDragCursor(o.syncKey),
      bind: {
        mousedown: (u, _targ, handler) => (e) => {
          if (e.shiftKey && e.button === 0) {
            o.onShiftDrag(u, e);
            return null;
          }
          return handler(e);
        },
      },
    },
    hooks: {
      draw: [o.onDraw],
      setSelect: [o.onSelect],
      ...(o.onCursor ? { setCursor: [o.onCursor] } : {}),
    },
  };
}
