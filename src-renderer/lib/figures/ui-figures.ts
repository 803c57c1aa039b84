/**
 * The page's plots as figures to publish, from the data the page shows, drawn by the shared figure
 * module (src-main/common/figures, which the CLI's `runs figure` uses too): the raster of the
 * window on show, box plots of per-neuron values (one run, or runs grouped), and overlaid
 * distributions (empirical CDFs or histograms on shared bins) of one statistic in every population.
 * Activity, spectra and membrane potentials go straight to the module's own functions. Pure.
 */
import { boxplotStats } from '../../../engine/analysis/descriptive.ts';
import { boxPlotFigure, panelsFigure, rasterFigure, type Curve, type Figure, type FigureOptions, type Panel } from '../../../src-main/common/figures/index.ts';
import { cleanSeries, displayRange, histogramFractions, sharedBinEdges, type DistributionSeries } from '../plots/distribution.ts';
import { finiteValues } from '../plots/scale.ts';
import type { RasterPopulation, RasterSpikes } from '../plots/raster-layout.ts';

/** The raster of a window (the one on show), every stride-th neuron. */
export function rasterFigureOf(
  d: { title: string; spikes: RasterSpikes; populations: readonly RasterPopulation[]; window: { t0Ms: number; t1Ms: number }; stride: number },
  options: FigureOptions,
): Figure {
  return rasterFigure({ title: d.title, populations: d.populations, window: d.window, spikes: d.spikes, stride: d.stride }, options);
}

export interface StatisticWords {
  label: string;
  unit: string;
  rule?: string;
}

/** A box plot of values per population (one run), or per run and population (groups). */
export function boxFigureOf(
  stat: StatisticWords,
  rows: readonly { name: string; values: Float64Array }[],
  options: FigureOptions & { groups?: readonly { label: string; color: string; rows: readonly { name: string; values: Float64Array }[] }[] },
): Figure {
  const boxes = (rs: readonly { name: string; values: Float64Array }[]) => rs.map((r) => ({ name: r.name, stats: boxplotStats(finiteValues(r.values)) }));
  const { groups, ...sizes } = options;
  return boxPlotFigure(
    groups && groups.length > 0
      ? { title: stat.label, unit: stat.unit, rule: stat.rule, groups: groups.map((g) => ({ label: g.label, color: g.color, rows: boxes(g.rows) })) }
      : { title: stat.label, unit: stat.unit, rule: stat.rule, rows: boxes(rows) },
    { ...sizes, title: sizes.title ?? `${stat.label} per population` },
  );
}

/** At most this many points of an empirical CDF in a figure (quantiles; the picture does not change). */
export const ECDF_FIGURE_POINTS = 600;

/** Points of the ECDF of ascending values: (x_i, (i + 1)/n) at up to maxPoints evenly spaced ranks, the first and last kept. */
export function ecdfPoints(sorted: Float64Array, maxPoints = ECDF_FIGURE_POINTS): { x: Float64Array; y: Float64Array } {
  const n = sorted.length;
  if (n === 0) return { x: new Float64Array(0), y: new Float64Array(0) };
  const m = Math.min(n, Math.max(2, maxPoints));
  const x = new Float64Array(m + 1);
  const y = new Float64Array(m + 1);
  // The curve starts at 0 just at the smallest value.
  x[0] = sorted[0];
  y[0] = 0;
  for (let k = 0; k < m; k++) {
    const i = m === n ? k : Math.round((k * (n - 1)) / (m - 1));
    x[k + 1] = sorted[i];
    y[k + 1] = (i + 1) / n;
  }
  return { x, y };
}

/**
 * One statistic's distributions in every population, runs overlaid (as the Compare view shows one
 * population): ECDFs, or histograms on bins shared by the runs of a population. The x axis covers
 * what the page's plots cover (all values, or the central 99 % when a tail would squash them).
 */
export function distributionFigure(
  stat: StatisticWords,
  populations: readonly { name: string; series: readonly DistributionSeries[] }[],
  kind: 'ecdf' | 'hist',
  options: FigureOptions,
): Figure {
  let lo = Infinity;
  let hi = -Infinity;
  const panels: Panel[] = populations.map((p) => {
    const clean = cleanSeries(p.series);
    const range = displayRange(clean);
    if (range) {
      lo = Math.min(lo, range.lo);
      hi = Math.max(hi, range.hi);
    }
    let curves: Curve[];
    if (kind === 'ecdf') {
      curves = clean.map((s) => ({ series: s.label, color: s.color, ...ecdfPoints(s.sorted), widthPt: 0.8 }));
    } else {
      const edges = range ? sharedBinEdges(clean, 50, range) : [];
      curves = clean.map((s) => {
        const fr = histogramFractions(s.sorted, edges);
        return { series: s.label, color: s.color, x: Float64Array.from(edges), y: Float64Array.from([...fr, 0]), steps: true, widthPt: 0.8 };
      });
    }
    const counts = clean.map((s) => s.sorted.length);
    return { population: p.name, curves, note: counts.length === 1 ? `n = ${counts[0]}` : `n = ${counts.join(' / ')}` };
  });
  const what = kind === 'ecdf' ? 'Empirical CDF' : 'Histogram';
  return panelsFigure(
    {
      title: `${stat.label}: ${kind === 'ecdf' ? 'empirical CDFs' : 'histograms'} per population`,
      description: `${what} of the ${stat.label.toLowerCase()} per population${stat.rule ? ` (${stat.rule})` : ''}; runs overlaid.`,
      x: { label: stat.label, unit: stat.unit, scale: 'linear', domain: lo < hi ? [lo, hi] : undefined },
      y: { label: kind === 'ecdf' ? 'Cumulative fraction' : 'Fraction per bin', unit: '', scale: 'linear', ...(kind === 'ecdf' ? { domain: [0, 1] as [number, number] } : {}) },
      panels,
      legend: populations.some((p) => p.series.length > 1),
    },
    options,
  );
}
