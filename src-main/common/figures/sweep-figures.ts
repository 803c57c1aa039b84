/**
 * The figure of a sweep: per population (panels by layer), a statistic's mean over seeds against
 * the swept parameter, ± SD over seeds as a shaded band, one line per value of the other
 * parameter, and NEST's seed-to-seed range at the shipped value as a grey bar where it applies
 * (the page says where it does). Drawn with the panels figure, so it looks like the studio's
 * other figures; the page's sweep plots draw the same data.
 */
import type { FigureOptions } from './layout.ts';
import { panelsFigure, type Curve } from './panels.ts';
import type { Figure } from './svg.ts';

/** One line of a panel: means and SDs over seeds at each x (null: no value there). */
export interface SweepFigureSeries {
  label: string;
  color: string;
  mean: readonly (number | null)[];
  sd: readonly (number | null)[];
}

export interface SweepFigurePanel {
  population: string;
  x: readonly number[];
  series: readonly SweepFigureSeries[];
  /** NEST's range at the shipped value of the x parameter, where it applies. */
  band: { x: number; lo: number; hi: number } | null;
}

export interface SweepFigureData {
  title: string;
  /** What was swept and how the values were made (the figure's description, and its caption with `caption`). */
  description: string;
  x: { label: string; unit: string };
  y: { label: string; unit: string };
  panels: readonly SweepFigurePanel[];
  caption?: boolean;
}

/** The colour of NEST's reference bar. */
export const REFERENCE_COLOR = '#8c8c8c';
/** The legend entry of NEST's reference bar. */
export const REFERENCE_LABEL = "NEST's seed-to-seed range";

const nan = (v: number | null): number => (v === null ? Number.NaN : v);

export function sweepFigure(data: SweepFigureData, options: FigureOptions = {}): Figure {
  if (data.panels.length === 0) throw new RangeError('panels: got none, allowed: at least one population with values');
  const panels = data.panels.map((p) => {
    const curves: Curve[] = p.series.map((s) => ({
      series: s.label,
      color: s.color,
      x: p.x,
      y: s.mean.map(nan),
      widthPt: 1,
      band: {
        lo: s.mean.map((m, i) => (m === null ? Number.NaN : m - (s.sd[i] ?? 0))),
        hi: s.mean.map((m, i) => (m === null ? Number.NaN : m + (s.sd[i] ?? 0))),
      },
    }));
    if (p.band) curves.push({ series: REFERENCE_LABEL, color: REFERENCE_COLOR, x: [p.band.x, p.band.x], y: [p.band.lo, p.band.hi], widthPt: 3.5 });
    return { population: p.population, curves };
  });
  return panelsFigure(
    {
      title: data.title,
      description: data.description,
      caption: data.caption,
      x: { label: data.x.label, unit: data.x.unit, scale: 'linear' },
      y: { label: data.y.label, unit: data.y.unit, scale: 'linear' },
      panels,
      legend: panels.some((p) => p.curves.length > 1),
    },
    options,
  );
}
