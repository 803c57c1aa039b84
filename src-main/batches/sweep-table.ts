/**
 * The sweep table: per point and population, the mean ± SD over seeds of each run's mean rate,
 * mean CV ISI and mean pairwise correlation, read from every run's cached statistics
 * (RunStore.getStatsSync; computed once and cached when a completed run lacks them). The
 * statistics are entries of the registry (engine/analysis/statistics.ts); each column reads the
 * per-population summary of its entry from the cached block (population-stats.ts).
 *
 * SD is the sample standard deviation over seeds (ddof = 1; null with one seed); runs that
 * failed or are missing do not count (n says how many did), and neither does a NaN (a population
 * whose neurons fired too little for a CV ISI).
 */
import { mean, std } from '../../engine/analysis/descriptive.ts';
import type { PopulationStats } from '../../engine/analysis/population-stats.ts';
import { STATISTICS, type StatisticKey } from '../../engine/analysis/statistics.ts';
import { computeRunStatsSync, RUN_STATS_VERSION, type RunStats } from '../runs/run-stats.ts';
import type { BatchStore } from '../store/batch-store.ts';
import type { BatchRecord } from '../store/batch-types.ts';
import type { RunStore } from '../store/run-store.ts';
import type { Axis } from './axes.ts';

interface SweepColumn {
  /** The registry entry. */
  key: StatisticKey;
  /** CSV column stem: `<column>_mean`, `<column>_sd`. */
  column: string;
  /** Title of plots and tables: the per-run summary that is averaged over seeds. */
  label: string;
  /** A run's value for a population, from its cached block. */
  of: (p: PopulationStats) => number;
}

/** The columns, in order: each run's per-population mean of three registry statistics. */
const COLUMNS: readonly SweepColumn[] = [
  { key: 'rate_mean', column: 'rate_hz', label: 'Mean rate', of: (p) => p.rate_mean_hz },
  { key: 'cv_isi', column: 'cv_isi', label: 'Mean CV ISI', of: (p) => p.cv_isi.mean },
  { key: 'corr_2ms', column: 'corr', label: 'Mean correlation', of: (p) => p.corr_2ms.mean },
];

export interface SweepStatisticInfo {
  key: StatisticKey;
  column: string;
  label: string;
  /** Unit of the values (the registry's). */
  unit: string;
  /** What one run's value is. */
  description: string;
}

/** The statistics of the sweep table, with the registry's units and rules. */
export const SWEEP_STATISTICS: readonly SweepStatisticInfo[] = COLUMNS.map((c) => ({
  key: c.key,
  column: c.column,
  label: c.label,
  unit: STATISTICS[c.key].unit,
  description: c.key === 'rate_mean' ? `${STATISTICS[c.key].description} (${STATISTICS[c.key].rule})` : `mean over the population of: ${STATISTICS[c.key].description} (${STATISTICS[c.key].rule})`,
}));

/** Mean and SD over seeds; null when no run has a value (SD: fewer than two). */
export interface MeanSd {
  mean: number | null;
  sd: number | null;
  /** Runs that gave a value. */
  n: number;
}

export interface SweepPopulationRow {
  name: string;
  /** By SweepStatisticInfo.column. */
  stats: Record<string, MeanSd>;
}

export interface SweepPointRow {
  point: number;
  /** The axes' values at this point. */
  values: number[];
  /** The point's current runs, in seed order (null: not run yet). */
  runIds: (number | null)[];
  completedRuns: number;
  failedRuns: number;
  /** Per population, in network order (empty until a run of the point has completed). */
  populations: SweepPopulationRow[];
}

export interface SweepTable {
  batch: BatchRecord;
  axes: Axis[];
  seeds: number[];
  populations: string[];
  statistics: SweepStatisticInfo[];
  points: SweepPointRow[];
}

function meanSd(values: number[]): MeanSd {
  const ok = values.filter((v) => Number.isFinite(v));
  if (ok.length === 0) return { mean: null, sd: null, n: 0 };
  return { mean: mean(ok), sd: ok.length > 1 ? std(ok, 1) : null, n: ok.length };
}

/** A completed run's cached statistics; computed and cached once when missing or of an older version. */
export function cachedRunStatsSync(store: RunStore, runId: number): RunStats | null {
  const cached = store.getStatsSync(runId) as RunStats | null;
  if (cached && cached.version === RUN_STATS_VERSION) return cached;
  const params = store.getParamsSync(runId);
  const stats = computeRunStatsSync(store, runId, params);
  if (stats) store.setStatsSync(runId, stats);
  return stats;
}

/** Per population, mean ± SD over runs of each column, from the runs' cached statistics (network order). */
function populationRows(stats: readonly RunStats[]): SweepPopulationRow[] {
  const names = stats.length > 0 ? Object.keys(stats[0].populations) : [];
  return names.map((name) => ({
    name,
    stats: Object.fromEntries(COLUMNS.map((c) => [c.column, meanSd(stats.flatMap((s) => (s.populations[name] ? [c.of(s.populations[name])] : [])))])),
  }));
}

/** What an ensemble's runs have, as a sweep table's point does: per population, mean ± SD over its completed runs. */
export interface RunsSummary {
  runIds: number[];
  completedRuns: number;
  statistics: SweepStatisticInfo[];
  /** Per population, in network order (empty until one of the runs has completed with spikes). */
  populations: SweepPopulationRow[];
}

/** The summary of a set of runs (an ensemble): runs that are not completed, or recorded no spikes, do not count. */
export function summarizeRunsSync(store: RunStore, runIds: readonly number[]): RunsSummary {
  const stats: RunStats[] = [];
  let completed = 0;
  for (const id of runIds) {
    if (store.getRunSync(id).status !== 'completed') continue;
    completed++;
    const s = cachedRunStatsSync(store, id);
    if (s) stats.push(s);
  }
  return { runIds: [...runIds], completedRuns: completed, statistics: [...SWEEP_STATISTICS], populations: populationRows(stats) };
}

/** The sweep table of a batch (any state: points without completed runs have no rows yet). */
export function sweepTableSync(store: RunStore, batches: BatchStore, batchId: number): SweepTable {
  const batch = batches.getBatchSync(batchId);
  const points = batches.pointsSync(batchId);
  let populations: string[] = [];
  const rows: SweepPointRow[] = points.map((p) => {
    const stats: RunStats[] = [];
    for (const slot of p.runs) {
      if (slot.status !== 'completed' || slot.runId === null) continue;
      const s = cachedRunStatsSync(store, slot.runId);
      if (s) stats.push(s);
    }
    const pops = populationRows(stats);
    if (populations.length === 0) populations = pops.map((r) => r.name);
    return {
      point: p.point,
      values: p.values,
      runIds: p.runs.map((s) => s.runId),
      completedRuns: p.runs.filter((s) => s.status === 'completed').length,
      failedRuns: p.runs.filter((s) => s.status === 'failed').length,
      populations: pops,
    };
  });
  return { batch, axes: batch.axes, seeds: batch.seeds, populations, statistics: [...SWEEP_STATISTICS], points: rows };
}
