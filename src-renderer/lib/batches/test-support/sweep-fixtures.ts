/**
 * Batches, sweep tables and ensembles for the renderer specs, shaped like the services' replies
 * (batches.list, batches.get, batches.table, ensembles.list, ensembles.summary). Values are made
 * from a formula of the point's values, so a spec can say what each point must show.
 */
import type { Axis } from '../../../../src-main/batches/axes.ts';
import { gridPointValues } from '../../../../src-main/common/grid-point.ts';
import type { MeanSd, SweepPopulationRow, SweepStatisticInfo, SweepTable } from '../../../../src-main/batches/sweep-table.ts';
import type { BatchDetail, BatchListItem, BatchPlanInfo, BatchProgress, EnsembleSummary } from '../../../../src-main/contract.ts';
import type { BatchCounts, BatchRecord, EnsembleRecord } from '../../../../src-main/store/batch-types.ts';
import type { RunStatus } from '../../../../src-main/store/types.ts';

export const POPULATIONS = ['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I'];

export const STATISTICS: SweepStatisticInfo[] = [
  { key: 'rate_mean', column: 'rate_hz', label: 'Mean rate', unit: 'spikes/s', description: 'mean rate of the population' },
  { key: 'cv_isi', column: 'cv_isi', label: 'Mean CV ISI', unit: '', description: 'mean over the population of: CV ISI' },
  { key: 'corr_2ms', column: 'corr', label: 'Mean correlation', unit: '', description: 'mean over the population of: correlation' },
];

export function counts(extra: Partial<BatchCounts> = {}): BatchCounts {
  return { queued: 0, running: 0, completed: 0, failed: 0, cancelled: 0, interrupted: 0, missing: 0, ...extra };
}

export function batchRecord(id: number, extra: Partial<BatchRecord> = {}): BatchRecord {
  const axes = extra.axes ?? [];
  const seeds = extra.seeds ?? [55, 56];
  const numPoints = axes.reduce((n, a) => n * a.values.length, 1);
  return {
    id,
    uid: `batch-${id}`,
    kind: axes.length === 0 ? 'seeds' : 'sweep',
    name: `batch ${id}`,
    status: 'completed',
    reason: null,
    createdAtMs: 1_700_000_000_000 + id * 1000,
    finishedAtMs: 1_700_000_000_000 + id * 1000 + 12_000,
    axes,
    seeds,
    numPoints,
    totalRuns: numPoints * seeds.length,
    tags: [],
    counts: counts({ completed: numPoints * seeds.length }),
    ...extra,
  };
}

export function batchItem(id: number, extra: Partial<BatchListItem> = {}): BatchListItem {
  const r = batchRecord(id, extra);
  return { runIds: [], progress: null, ...r, ...extra };
}

export function progress(batchId: number, extra: Partial<BatchProgress> = {}): BatchProgress {
  return {
    batchId,
    totalRuns: 8,
    totalPoints: 4,
    completedRuns: 2,
    failedRuns: 0,
    remainingRuns: 6,
    pointsDone: 1,
    current: [],
    elapsedS: 4,
    remainingS: 12,
    stopping: false,
    ...extra,
  };
}

export function ensemble(id: number, extra: Partial<EnsembleRecord> = {}): EnsembleRecord {
  return { id, uid: `ens-${id}`, name: `ensemble ${id}`, origin: 'grouped', batchId: null, point: null, createdAtMs: 1_700_000_100_000 + id, runIds: [], ...extra };
}

function meanSd(mean: number | null, sd: number | null, n: number): MeanSd {
  return { mean, sd, n };
}

/** Rows of every population: rate = base × (population index + 1), SD a tenth of it; CV ISI 0.8; correlation 0.01. */
export function populationRows(base: number, n: number): SweepPopulationRow[] {
  return POPULATIONS.map((name, i) => ({
    name,
    stats: {
      rate_hz: meanSd(base * (i + 1), n > 1 ? base * (i + 1) * 0.1 : null, n),
      cv_isi: meanSd(0.8, n > 1 ? 0.05 : null, n),
      corr: meanSd(0.01, n > 1 ? 0.002 : null, n),
    },
  }));
}

/**
 * The sweep table of axes (first axis outer): each point's base rate is `rate(values)`, every
 * seed completed, except the points in `missing` (no completed run yet).
 */
export function sweepTable(id: number, axes: Axis[], rate: (values: number[]) => number, o: { seeds?: number[]; missing?: number[]; name?: string } = {}): SweepTable {
  const seeds = o.seeds ?? [55, 56];
  const batch = batchRecord(id, { axes, seeds, name: o.name ?? `sweep ${id}` });
  const points = [];
  for (let p = 0; p < batch.numPoints; p++) {
    const values = gridPointValues(axes, p);
    const missing = o.missing?.includes(p) ?? false;
    points.push({
      point: p,
      values,
      runIds: seeds.map((_, s) => (missing ? null : 100 + p * seeds.length + s)),
      completedRuns: missing ? 0 : seeds.length,
      failedRuns: 0,
      populations: missing ? [] : populationRows(rate(values), seeds.length),
    });
  }
  return { batch, axes, seeds, populations: [...POPULATIONS], statistics: STATISTICS, points };
}

/** The batch's detail for a table: every point's runs, completed (or not run, for missing points). */
export function batchDetail(t: SweepTable, base: BatchDetail['base'], status: RunStatus | null = 'completed'): BatchDetail {
  return {
    ...t.batch,
    runIds: t.points.flatMap((p) => p.runIds.flatMap((r) => (r === null ? [] : [r]))),
    progress: null,
    base,
    points: t.points.map((p) => ({
      point: p.point,
      values: p.values,
      ensembleId: 500 + p.point,
      runs: t.seeds.map((seed, s) => ({
        point: p.point,
        seedIndex: s,
        seed,
        runId: p.runIds[s],
        status: p.runIds[s] === null ? null : status,
        reason: status === 'failed' ? 'the engine ran out of memory' : null,
      })),
    })),
  };
}

export function summary(ensembleId: number, runIds: number[], base = 1): EnsembleSummary {
  return { ensembleId, runIds, completedRuns: runIds.length, statistics: STATISTICS, populations: populationRows(base, runIds.length) };
}

export function planInfo(extra: Partial<BatchPlanInfo> = {}): BatchPlanInfo {
  const axes = extra.axes ?? [
    { path: 'net.g', values: [-5, -4] },
    { path: 'net.bg_rate', values: [8, 9] },
  ];
  const points = [];
  const n1 = axes[1]?.values.length ?? 1;
  for (let i = 0; i < (axes[0]?.values.length ?? 1) * n1; i++) points.push({ index: i, values: axes.length === 2 ? [axes[0].values[Math.floor(i / n1)], axes[1].values[i % n1]] : [axes[0]?.values[i] ?? 0] });
  return {
    kind: 'sweep',
    name: 'sweep net.g × net.bg_rate, 2 seeds (55–56)',
    axes,
    seeds: [55, 56],
    points,
    totalRuns: points.length * 2,
    problems: [],
    moreProblems: 0,
    estimate: { runs: points.length * 2, jobs: 1, totalS: 7.3, runS: { min: 0.9, max: 0.9 }, peakBytes: 108 * 2 ** 20, diskBytes: 280 * 1024, expectedSpikes: 12_000, cores: 2, availableBytes: 6 * 2 ** 30 },
    confirm: [],
    ...extra,
  };
}
