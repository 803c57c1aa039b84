/**
 * What the sweep view draws, from the sweep table (batches.table): per population, one statistic
 * (mean over seeds ± SD) against the swept parameter, one line per value of the other parameter;
 * or, for two parameters, a heatmap of the means. Points without a completed run are gaps. Pure:
 * the page's uPlot panels and heatmaps, and the figures written to files, draw these models.
 */
import type { Axis } from '../../../src-main/batches/axes.ts';
import type { MeanSd, SweepTable } from '../../../src-main/batches/sweep-table.ts';
import { populationColor, RUN_COLORS } from '../../../src-main/common/figures/populations.ts';
import { gridPointValues } from '../../../src-main/common/grid-point.ts';
import { formatValue } from '../format.ts';
import { REFERENCE_COLUMN, type SweepReference } from './sweep-reference.ts';

/** One line: the values of the statistic along the x axis at one value of the other axis. */
export interface SweepSeries {
  label: string;
  color: string;
  /** The other axis's value (null with one axis). */
  other: number | null;
  /** Per x value: mean, SD over seeds (null: none), runs that gave a value, and the grid's point. */
  mean: (number | null)[];
  sd: (number | null)[];
  n: number[];
  points: number[];
}

/** NEST's range at the shipped value, drawn as a band at x. */
export interface ReferenceBand {
  x: number;
  lo: number;
  hi: number;
}

export interface SweepPanel {
  population: string;
  /** The x axis's values, ascending. */
  x: number[];
  series: SweepSeries[];
  band: ReferenceBand | null;
  /** The y range that holds every mean ± SD and the band. */
  yRange: [number, number];
}

/** The grid's point of an index per axis (first axis outer, as the plan makes them). */
export function pointIndex(axes: readonly Axis[], idx: readonly number[]): number {
  return idx.reduce((p, i, a) => p * axes[a].values.length + i, 0);
}

/** The order of an axis's values, ascending: positions into axis.values. */
function ascending(axis: Axis): number[] {
  return axis.values.map((_, i) => i).sort((a, b) => axis.values[a] - axis.values[b]);
}

function statOf(t: SweepTable, point: number, population: string, column: string): MeanSd {
  const row = t.points[point]?.populations.find((p) => p.name === population);
  return row?.stats[column] ?? { mean: null, sd: null, n: 0 };
}

/** A y range that holds the values; from 0 when they sit well above it; 5 % of room each side. */
export function paddedRange(values: readonly number[]): [number, number] {
  const ok = values.filter((v) => Number.isFinite(v));
  if (ok.length === 0) return [0, 1];
  let lo = Math.min(...ok);
  const hi = Math.max(...ok);
  if (lo > 0 && lo < hi * 0.5) lo = 0;
  if (hi === lo) {
    const pad = hi === 0 ? 1 : Math.abs(hi) * 0.1;
    // Values that cannot be negative (all ≥ 0) keep 0 as their floor.
    return [lo >= 0 ? Math.max(0, lo - pad) : lo - pad, hi + pad];
  }
  const pad = (hi - lo) * 0.05;
  return [lo === 0 ? 0 : lo - pad, hi + pad];
}

function label(axis: Axis, v: number): string {
  return `${axis.path} = ${formatValue(v)}`;
}

/** The panels of the line plots: per population, `column` against axis `xAxis`, a line per value of the other axis. */
export function linePanels(t: SweepTable, column: string, xAxis: number, ref: SweepReference | null): SweepPanel[] {
  const xa = t.axes[xAxis];
  if (!xa) return [];
  const oa = t.axes.length > 1 ? t.axes[1 - xAxis] : null;
  const xOrder = ascending(xa);
  const oOrder = oa ? ascending(oa) : [-1];
  return t.populations.map((population) => {
    const series: SweepSeries[] = oOrder.map((oi, k) => {
      const pts = xOrder.map((xi) => (oa ? pointIndex(t.axes, xAxis === 0 ? [xi, oi] : [oi, xi]) : xi));
      const stats = pts.map((p) => statOf(t, p, population, column));
      return {
        label: oa ? label(oa, oa.values[oi]) : populationLabelOf(population),
        color: oa ? RUN_COLORS[k % RUN_COLORS.length] : populationColor(population),
        other: oa ? oa.values[oi] : null,
        mean: stats.map((s) => s.mean),
        sd: stats.map((s) => s.sd),
        n: stats.map((s) => s.n),
        points: pts,
      };
    });
    const band = bandOf(ref, column, population, xAxis, t.axes);
    const ys: number[] = [];
    for (const s of series) {
      s.mean.forEach((m, i) => {
        if (m === null) return;
        const sd = s.sd[i] ?? 0;
        ys.push(m - sd, m + sd);
      });
    }
    if (band) ys.push(band.lo, band.hi);
    return { population, x: xOrder.map((i) => xa.values[i]), series, band, yRange: paddedRange(ys) };
  });
}

function populationLabelOf(name: string): string {
  return name.replace(/^L23/, 'L2/3');
}

/** NEST's band of a panel: the mean rate, where the reference applies, and (two axes) only when the other axis holds its shipped value. */
function bandOf(ref: SweepReference | null, column: string, population: string, xAxis: number, axes: readonly Axis[]): ReferenceBand | null {
  if (!ref?.applies || column !== REFERENCE_COLUMN) return null;
  const range = ref.rangesHz[population];
  if (!range) return null;
  if (axes.length > 1 && !ref.onGrid[1 - xAxis]) return null;
  return { x: ref.at[xAxis], lo: range.min, hi: range.max };
}

/** One cell of a heatmap. */
export interface HeatCell {
  point: number;
  mean: number | null;
  sd: number | null;
  n: number;
}

export interface Heatmap {
  population: string;
  /** Column values (the x axis), ascending; row values (the other axis), ascending. */
  xs: number[];
  ys: number[];
  /** cells[row][column]. */
  cells: HeatCell[][];
  /** The colour scale's ends: the smallest and largest mean (null: no value yet). */
  lo: number | null;
  hi: number | null;
  /** The cell of the shipped configuration, where NEST's reference applies to it; its range. */
  reference: { row: number; col: number; lo: number; hi: number } | null;
}

/** The heatmaps of a two-parameter sweep: per population, the mean of `column` over seeds at each point. */
export function heatmaps(t: SweepTable, column: string, xAxis: number, ref: SweepReference | null): Heatmap[] {
  if (t.axes.length !== 2) return [];
  const xa = t.axes[xAxis];
  const ya = t.axes[1 - xAxis];
  const xOrder = ascending(xa);
  const yOrder = ascending(ya);
  return t.populations.map((population) => {
    const cells = yOrder.map((yi) =>
      xOrder.map((xi) => {
        const point = pointIndex(t.axes, xAxis === 0 ? [xi, yi] : [yi, xi]);
        const s = statOf(t, point, population, column);
        return { point, mean: s.mean, sd: s.sd, n: s.n };
      }),
    );
    const means = cells.flat().flatMap((c) => (c.mean === null ? [] : [c.mean]));
    let reference: Heatmap['reference'] = null;
    const range = ref?.applies && column === REFERENCE_COLUMN ? ref.rangesHz[population] : undefined;
    if (ref?.applies && range) {
      const col = xOrder.findIndex((i) => xa.values[i] === ref.at[xAxis]);
      const row = yOrder.findIndex((i) => ya.values[i] === ref.at[1 - xAxis]);
      if (col >= 0 && row >= 0) reference = { row, col, lo: range.min, hi: range.max };
    }
    return {
      population,
      xs: xOrder.map((i) => xa.values[i]),
      ys: yOrder.map((i) => ya.values[i]),
      cells,
      lo: means.length > 0 ? Math.min(...means) : null,
      hi: means.length > 0 ? Math.max(...means) : null,
      reference,
    };
  });
}

/** The point nearest to (x, y) among candidates in the same pixel space, within maxDistPx; null when none is. */
export function nearestPoint(candidates: readonly { x: number; y: number; point: number }[], x: number, y: number, maxDistPx: number): number | null {
  let best: number | null = null;
  let bestD = maxDistPx * maxDistPx;
  for (const c of candidates) {
    const d = (c.x - x) ** 2 + (c.y - y) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = c.point;
    }
  }
  return best;
}

/** A mean ± SD as a table shows it: "4.12 ± 0.31", "4.12" with one run, '–' without. */
export function meanSdText(s: MeanSd | undefined, digits = 3): string {
  if (!s || s.mean === null) return '–';
  const m = formatValue(s.mean, digits);
  return s.sd === null ? m : `${m} ± ${formatValue(s.sd, 2)}`;
}

/** The axes' values at a point of the grid (first axis outer): the plan's own numbering. */
export const pointValues: (axes: readonly Axis[], point: number) => number[] = gridPointValues;

/** A point in words: `net.g = -4.5, net.bg_rate = 8`. */
export function pointText(axes: readonly Axis[], values: readonly number[]): string {
  return axes.map((a, i) => `${a.path} = ${formatValue(values[i])}`).join(', ');
}
