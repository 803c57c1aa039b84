/**
 * The figures of stored runs (the CLI's `runs figure`): the data of each kind read through the
 * same functions as the page's requests (services/run-series.ts, run-analysis.ts, the store's
 * spike window), drawn by the one figure module (common/figures) the page uses.
 */
import { boxplotStats } from '../../engine/analysis/descriptive.ts';
import { STATISTICS, type DistributionKey } from '../../engine/analysis/statistics.ts';
import { activityFigure, boxPlotFigure, rasterFigure, spectrumFigure, voltageFigure, type Figure, type SeriesFigureOptions } from '../common/figures/index.ts';
import { runColor } from '../common/figures/populations.ts';
import { analysisWindow } from '../runs/run-stats.ts';
import { runDistributionsSync } from '../services/run-analysis.ts';
import { runActivitySync, runSpectrumSync, runVoltagesSync } from '../services/run-series.ts';
import type { RunStore } from '../store/run-store.ts';

export const FIGURE_KINDS = ['raster', 'boxplot', 'activity', 'spectrum', 'voltage'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];

export interface RunFigureRequest extends SeriesFigureOptions {
  kind: FigureKind;
  /** One run, or several overlaid (boxplot, activity, spectrum). */
  ids: number[];
  /** Window, ms (default: the analysis window). */
  t0Ms?: number;
  t1Ms?: number;
  /** Bin width of the activity / spectrum, ms. */
  binMs?: number;
  /** The box plot's statistic (default rates). */
  statistic?: DistributionKey;
  /** Raster: every stride-th neuron (default 1: all). */
  stride?: number;
  /** Voltage: these neurons (default a few per population). */
  neurons?: number[];
}

function label(store: RunStore, id: number): string {
  return `${id}: ${store.getRunSync(id).name}`;
}

/** The figure; a RangeError or a StudioError names what cannot be drawn. */
export function runFigureSync(store: RunStore, q: RunFigureRequest): Figure {
  const [id] = q.ids;
  if (id === undefined) throw new RangeError('ids: got none, allowed: at least one run');
  if (q.ids.length > 1 && (q.kind === 'raster' || q.kind === 'voltage')) throw new RangeError(`ids: got ${q.ids.length} runs, allowed: one run for a ${q.kind} figure`);
  const window = { t0Ms: q.t0Ms, t1Ms: q.t1Ms };
  switch (q.kind) {
    case 'raster': {
      const run = store.getRunSync(id);
      const a = analysisWindow(store.getParamsSync(id));
      const w = { t0Ms: q.t0Ms ?? a.t0Ms, t1Ms: q.t1Ms ?? a.t1Ms };
      const spikes = store.getSpikesSync(id, { ...w, stride: q.stride });
      return rasterFigure({ title: `Spike raster of run ${label(store, id)}`, populations: run.populations, window: w, spikes, stride: q.stride }, q);
    }
    case 'boxplot': {
      const key = q.statistic ?? 'rates';
      const e = STATISTICS[key];
      const runs = q.ids.map((i) => ({ id: i, pops: runDistributionsSync(store, i).populations }));
      const rows = (pops: (typeof runs)[number]['pops']) => pops.map((p) => ({ name: p.name, stats: boxplotStats(p.distributions[key]) }));
      const data =
        runs.length === 1
          ? { title: e.label, unit: e.unit, rule: e.rule, rows: rows(runs[0].pops) }
          : { title: e.label, unit: e.unit, rule: e.rule, groups: runs.map((r, i) => ({ label: label(store, r.id), color: runColor(i), rows: rows(r.pops) })) };
      return boxPlotFigure(data, { ...q, title: q.title ?? `${e.label} per population` });
    }
    case 'activity':
      return activityFigure(q.ids.map((i) => ({ label: label(store, i), data: runActivitySync(store, { id: i, ...window, binMs: q.binMs }) })), q);
    case 'spectrum':
      return spectrumFigure(q.ids.map((i) => ({ label: label(store, i), data: runSpectrumSync(store, { id: i, ...window, binMs: q.binMs }) })), q);
    case 'voltage':
      return voltageFigure(runVoltagesSync(store, { id, ...window, neurons: q.neurons }), q);
  }
}
