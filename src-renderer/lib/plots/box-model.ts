/**
 * The numbers and the layout of NEST's box plot (pd14.md 4.7): one horizontal box per population,
 * L2/3E at the top, whiskers at 1.5 IQR by matplotlib's rule, outliers beyond them. The statistics
 * come from engine/analysis boxplotStats, so the plot shows exactly what the analysis computes.
 * With groups (several runs) each population gets one box per run, in the run's colour.
 */
import { boxplotStats, type BoxplotStats } from '../../../engine/analysis/descriptive.ts';
import { populationColor, populationLabel } from './populations.ts';
import { finiteValues } from './scale.ts';

export interface BoxRow {
  name: string;
  values: Float64Array;
}

export interface BoxGroup {
  label: string;
  color: string;
  rows: BoxRow[];
}

export interface BoxItem {
  /** Fill colour: NEST's E/I colour, or the run's colour in a grouped plot. */
  color: string;
  /** The run's label in a grouped plot. */
  series?: string;
  stats: BoxplotStats;
}

export interface BoxBand {
  population: string;
  /** "L2/3E" for "L23E". */
  label: string;
  /** One box, or one per group (in group order). */
  boxes: BoxItem[];
}

export interface BoxModel {
  /** Top to bottom, in the order of the rows (of the first group that has the population). */
  bands: BoxBand[];
  /** Data extent over whiskers, outliers and means; [0, 1] without data. */
  xMin: number;
  xMax: number;
  legend: { label: string; color: string }[];
}

function extent(boxes: readonly BoxItem[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const { stats: s } of boxes) {
    if (s.n === 0) continue;
    lo = Math.min(lo, s.whiskerLow, s.mean);
    hi = Math.max(hi, s.whiskerHigh, s.mean);
    if (s.outliers.length > 0) {
      lo = Math.min(lo, s.outliers[0]);
      hi = Math.max(hi, s.outliers[s.outliers.length - 1]);
    }
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/** The box plot's model from rows (one run) or groups (several runs; rows are then ignored). */
export function boxModel(rows: readonly BoxRow[], groups?: readonly BoxGroup[]): BoxModel {
  const stats = (values: Float64Array): BoxplotStats => boxplotStats(finiteValues(values));
  let bands: BoxBand[];
  let legend: { label: string; color: string }[] = [];
  if (groups && groups.length > 0) {
    const names: string[] = [];
    for (const g of groups) for (const r of g.rows) if (!names.includes(r.name)) names.push(r.name);
    bands = names.map((name) => ({
      population: name,
      label: populationLabel(name),
      boxes: groups.map((g) => {
        const row = g.rows.find((r) => r.name === name);
        return { color: g.color, series: g.label, stats: stats(row ? row.values : new Float64Array(0)) };
      }),
    }));
    legend = groups.map((g) => ({ label: g.label, color: g.color }));
  } else {
    bands = rows.map((r) => ({
      population: r.name,
      label: populationLabel(r.name),
      boxes: [{ color: populationColor(r.name), stats: stats(r.values) }],
    }));
  }
  const [xMin, xMax] = extent(bands.flatMap((b) => b.boxes));
  return { bands, xMin, xMax, legend };
}

export interface BoxSlot {
  /** Centre of the box, px from the top of the plot area. */
  y: number;
  /** Box height, px. */
  height: number;
}

/**
 * Vertical placement: each band gets bandPx; its boxes share 70% of it (one box: 50%, as matplotlib's
 * default width 0.5), centred in the band.
 */
export function boxSlots(nBoxes: number, bandTop: number, bandPx: number): BoxSlot[] {
  if (nBoxes <= 1) return [{ y: bandTop + bandPx / 2, height: bandPx * 0.5 }];
  const used = bandPx * 0.76;
  const each = used / nBoxes;
  const top = bandTop + (bandPx - used) / 2;
  return Array.from({ length: nBoxes }, (_, i) => ({ y: top + each * (i + 0.5), height: each * 0.82 }));
}
