/**
 * The page's model of curves per population (population activity, power spectra, membrane
 * potentials): N labelled sets — one run, several compared runs, or an ensemble's mean with its
 * ± SD band — each with one curve per population on a shared x. The plots lay them out as the
 * figures do (panels by layer, E left and I right) and colour them as the figures do (one set: the
 * populations' E/I colours; several: each set its own colour), so what is on screen is what a
 * saved figure shows. Built from the services' replies (the same `Labelled` data the figure module
 * takes). Pure.
 */
import type { PopulationActivity, PopulationSpectra } from '../../../src-main/contract.ts';
import type { Labelled } from '../../../src-main/common/figures/series-figures.ts';
import { groupByLayer, isExcitatory, populationColor, populationLabel, runColor } from './populations.ts';

export interface SeriesCurve {
  /** Population ('L23E'). */
  name: string;
  y: Float64Array;
  /** Lower and upper y at each x (an ensemble's ± SD). */
  band?: { lo: Float64Array; hi: Float64Array };
  /** A marked point (a spectrum's peak). */
  peak?: { x: number; y: number };
}

/** One labelled set: a run, or an ensemble. */
export interface SeriesSet {
  label: string;
  /** Its own colour; default: the populations' colours when alone, else the i-th run colour. */
  color?: string;
  x: Float64Array;
  curves: SeriesCurve[];
}

/** A curve as drawn in a panel. */
export interface PanelCurve {
  /** Index of its set. */
  set: number;
  label: string;
  color: string;
  x: Float64Array;
  y: Float64Array;
  band?: { lo: Float64Array; hi: Float64Array };
  peak?: { x: number; y: number };
}

export interface SeriesPanel {
  population: string;
  /** 'L2/3E'. */
  title: string;
  /** A word beside the title ('3 of 386 neurons'). */
  note?: string;
  /** Row (layer) and column (0: E, 1: I) in the grid. */
  row: number;
  col: number;
  curves: PanelCurve[];
}

/** The colour of set i in population `pop`: as the figures colour it. */
export function setColor(sets: readonly Pick<SeriesSet, 'color'>[], i: number, pop: string): string {
  return sets.length === 1 ? (sets[0].color ?? populationColor(pop)) : runColor(i, sets[i].color);
}

export interface LegendItem {
  label: string;
  color: string;
  /** It has a shaded band (mean ± SD). */
  band: boolean;
}

/** The legend: each set's label and colour (one set: none, the panels' titles say it all). */
export function setLegend(sets: readonly SeriesSet[]): LegendItem[] {
  if (sets.length < 2) return [];
  return sets.map((s, i) => ({ label: s.label, color: runColor(i, s.color), band: s.curves.some((c) => c.band !== undefined) }));
}

/** Activity replies (runs, or an ensemble with bands) as sets. */
export function activitySets(runs: readonly Labelled<PopulationActivity>[]): SeriesSet[] {
  return runs.map((r) => ({
    label: r.label,
    color: r.color,
    x: r.data.timesMs,
    curves: r.data.populations.map((p) => ({ name: p.name, y: p.ratesHz, band: r.bands?.[p.name] })),
  }));
}

/** Spectrum replies as sets: from the first frequency above 0 Hz (a log axis has no 0), the peaks marked. */
export function spectrumSets(runs: readonly Labelled<PopulationSpectra>[]): SeriesSet[] {
  return runs.map((r) => ({
    label: r.label,
    color: r.color,
    x: r.data.frequenciesHz.subarray(1),
    curves: r.data.populations.map((p) => {
      const b = r.bands?.[p.name];
      return {
        name: p.name,
        y: p.psd.subarray(1),
        band: b ? { lo: b.lo.subarray(1), hi: b.hi.subarray(1) } : undefined,
        peak: Number.isFinite(p.peakHz) && Number.isFinite(p.peakPower) ? { x: p.peakHz, y: p.peakPower } : undefined,
      };
    }),
  }));
}

/** The populations of the sets, in order of first appearance. */
export function populationsOf(sets: readonly SeriesSet[]): string[] {
  const out: string[] = [];
  for (const s of sets) for (const c of s.curves) if (!out.includes(c.name)) out.push(c.name);
  return out;
}

/** One panel per population, laid out by layer (E left, I right), each with the sets' curves. */
export function seriesPanels(sets: readonly SeriesSet[]): SeriesPanel[] {
  const names = populationsOf(sets);
  const layers = groupByLayer(names.map((name) => ({ name })));
  return names.map((name) => {
    const curves: PanelCurve[] = [];
    sets.forEach((s, i) => {
      const c = s.curves.find((q) => q.name === name);
      if (c) curves.push({ set: i, label: s.label, color: setColor(sets, i, name), x: s.x, y: c.y, band: c.band, peak: c.peak });
    });
    return {
      population: name,
      title: populationLabel(name),
      row: layers.findIndex((l) => l.members.some((m) => m.name === name)),
      col: isExcitatory(name) ? 0 : 1,
      curves,
    };
  });
}

/** uPlot's data of a panel: one x and, per curve, y (then the band's lower and upper y when it has one). */
export interface AlignedData {
  x: Float64Array;
  /** Columns in curve order: y, [lo, hi]; null where a curve has no value at that x. */
  columns: (Float64Array | (number | null)[])[];
  /** Index in `columns` of each curve's y, and of its band's lo and hi (-1 without). */
  index: { y: number; lo: number; hi: number }[];
}

function sameX(a: Float64Array, b: Float64Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 1e-9 * Math.max(1, Math.abs(a[i]))) return false;
  return true;
}

/**
 * The curves on one x. Curves on the same x (one window and bin width: the usual case) are passed
 * through; otherwise x is the sorted union and each curve is null where it has no sample.
 * On a log axis (`positiveOnly`) values <= 0 become null (a log axis has no place for them).
 */
export function alignCurves(curves: readonly Pick<PanelCurve, 'x' | 'y' | 'band'>[], positiveOnly = false): AlignedData {
  const index: AlignedData['index'] = [];
  if (curves.length === 0) return { x: new Float64Array(0), columns: [], index };
  const x0 = curves[0].x;
  const shared = curves.every((c) => sameX(c.x, x0));
  let x: Float64Array;
  if (shared) x = x0;
  else {
    const all = new Set<number>();
    for (const c of curves) for (const v of c.x) all.add(v);
    x = Float64Array.from(all).sort();
  }
  const ok = (v: number): boolean => Number.isFinite(v) && (!positiveOnly || v > 0);
  const place = (cx: Float64Array, values: Float64Array): Float64Array | (number | null)[] => {
    if (shared) {
      // Passed through when every value can be drawn (no copy of big arrays).
      let all = values.length === x.length;
      for (let i = 0; all && i < values.length; i++) all = ok(values[i]);
      if (all) return values;
      return Array.from({ length: x.length }, (_, i) => (i < values.length && ok(values[i]) ? values[i] : null));
    }
    const out = new Array<number | null>(x.length).fill(null);
    let j = 0;
    for (let i = 0; i < cx.length && i < values.length; i++) {
      while (j < x.length && x[j] < cx[i]) j++;
      if (j < x.length && x[j] === cx[i] && ok(values[i])) out[j] = values[i];
    }
    return out;
  };
  const columns: AlignedData['columns'] = [];
  for (const c of curves) {
    const y = columns.push(place(c.x, c.y)) - 1;
    let lo = -1;
    let hi = -1;
    if (c.band) {
      lo = columns.push(place(c.x, c.band.lo)) - 1;
      hi = columns.push(place(c.x, c.band.hi)) - 1;
    }
    index.push({ y, lo, hi });
  }
  return { x, columns, index };
}

/** The range of x over the sets (finite values; positive ones on a log axis), or null without data. */
export function xExtent(sets: readonly SeriesSet[], positiveOnly = false): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of sets) {
    for (const v of s.x) {
      if (!Number.isFinite(v) || (positiveOnly && v <= 0)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo < hi ? [lo, hi] : lo === hi && Number.isFinite(lo) ? [lo - 1, hi + 1] : null;
}

/** The value of each curve of a panel nearest to x (for the pointer's readout). */
export function valuesAt(panel: SeriesPanel, x: number): { label: string; color: string; x: number; y: number }[] {
  return panel.curves.flatMap((c) => {
    const i = nearestIndex(c.x, x);
    return i < 0 ? [] : [{ label: c.label, color: c.color, x: c.x[i], y: c.y[i] }];
  });
}

/** Index of the value of an ascending array nearest to v; -1 when empty. */
export function nearestIndex(xs: ArrayLike<number>, v: number): number {
  const n = xs.length;
  if (n === 0) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && Math.abs(xs[lo - 1] - v) <= Math.abs(xs[lo] - v) ? lo - 1 : lo;
}

/** The live activity accumulator's output (rates in population order) as one set. */
export function liveActivitySet(a: { x: Float64Array; ratesHz: Float64Array[] }, populations: readonly { name: string }[], label: string): SeriesSet {
  return { label, x: a.x, curves: populations.map((p, i) => ({ name: p.name, y: a.ratesHz[i] ?? new Float64Array(a.x.length) })) };
}
