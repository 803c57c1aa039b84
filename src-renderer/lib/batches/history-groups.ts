/**
 * The History's rows, grouped: the runs of a batch under the batch (a sweep's under its points,
 * each point an ensemble), the runs grouped by hand under their ensemble, and every other run on
 * its own; groups sit among the runs by time, newest first, and open and close. A run of a batch
 * that is also grouped by hand shows under both. With a filter, a group shows the runs that match
 * and is left out when none does. Pure.
 */
import type { BatchListItem, RunListItem } from '../../../src-main/contract.ts';
import type { EnsembleRecord } from '../../../src-main/store/batch-types.ts';
import { pointValues } from './sweep-plot.ts';

export type HistoryRowModel =
  | { kind: 'run'; key: string; depth: number; run: RunListItem }
  /** A batch: a sweep (its points below when open) or an ensemble of seeds (its one ensemble, its runs below). */
  | { kind: 'batch'; key: string; depth: 0; batch: BatchListItem; ensemble: EnsembleRecord | null; shownRuns: number; open: boolean }
  /** A point of a sweep: its values and its ensemble. */
  | { kind: 'point'; key: string; depth: 1; batch: BatchListItem; point: number; values: number[]; ensemble: EnsembleRecord; shownRuns: number; open: boolean }
  /** Runs grouped by hand. */
  | { kind: 'ensemble'; key: string; depth: 0; ensemble: EnsembleRecord; shownRuns: number; open: boolean }
  /** An open ensemble's statistics (mean ± SD over seeds per population). */
  | { kind: 'stats'; key: string; depth: number; ensemble: EnsembleRecord };

export interface HistoryGroupInput {
  /** The runs the History lists (as filtered). */
  runs: readonly RunListItem[];
  batches: readonly BatchListItem[];
  ensembles: readonly EnsembleRecord[];
  /** Keys of the open groups (batchKey, pointKey, ensembleKey). */
  open: ReadonlySet<string>;
  /** A filter is set: groups without a matching run are left out. */
  filtered: boolean;
}

export const batchKey = (id: number): string => `batch-${id}`;
export const pointKey = (batchId: number, point: number): string => `point-${batchId}-${point}`;
export const ensembleKey = (id: number): string => `ensemble-${id}`;

type Top = { at: number; rows: () => HistoryRowModel[] };

export function historyRows(input: HistoryGroupInput): HistoryRowModel[] {
  const byId = new Map(input.runs.map((r) => [r.id, r]));
  const shown = (ids: readonly number[]): RunListItem[] => ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  const grouped = new Set<number>();
  const tops: Top[] = [];

  const members = (depth: number, ensemble: EnsembleRecord | null, runs: RunListItem[]): HistoryRowModel[] => [
    ...(ensemble ? [{ kind: 'stats' as const, key: `stats-${ensemble.id}-${depth}`, depth, ensemble }] : []),
    ...runs.map((run) => ({ kind: 'run' as const, key: `run-${run.id}-${depth}`, depth, run })),
  ];

  for (const batch of input.batches) {
    const runs = shown(batch.runIds);
    for (const id of batch.runIds) grouped.add(id);
    if (runs.length === 0 && input.filtered) continue;
    const own = input.ensembles.filter((e) => e.batchId === batch.id).sort((a, b) => (a.point ?? 0) - (b.point ?? 0));
    const open = input.open.has(batchKey(batch.id));
    const seeds = batch.kind === 'seeds' ? (own[0] ?? null) : null;
    tops.push({
      at: batch.createdAtMs,
      rows: () => {
        const head: HistoryRowModel = { kind: 'batch', key: batchKey(batch.id), depth: 0, batch, ensemble: seeds, shownRuns: runs.length, open };
        if (!open) return [head];
        if (batch.kind === 'seeds') return [head, ...members(1, seeds, runs)];
        return [
          head,
          ...own.flatMap((e) => {
            const point = e.point ?? 0;
            const pointRuns = shown(e.runIds);
            if (pointRuns.length === 0 && input.filtered) return [];
            const pOpen = input.open.has(pointKey(batch.id, point));
            const row: HistoryRowModel = { kind: 'point', key: pointKey(batch.id, point), depth: 1, batch, point, values: pointValues(batch.axes, point), ensemble: e, shownRuns: pointRuns.length, open: pOpen };
            return pOpen ? [row, ...members(2, e, pointRuns)] : [row];
          }),
        ];
      },
    });
  }

  for (const ensemble of input.ensembles) {
    if (ensemble.origin !== 'grouped') continue;
    const runs = shown(ensemble.runIds);
    for (const id of ensemble.runIds) grouped.add(id);
    if (runs.length === 0 && input.filtered) continue;
    const open = input.open.has(ensembleKey(ensemble.id));
    tops.push({
      // Among its runs' times, not at the time it was grouped (an old set grouped today stays where its runs are).
      at: runs.length > 0 ? Math.max(...runs.map((r) => r.createdAtMs)) : ensemble.createdAtMs,
      rows: () => {
        const head: HistoryRowModel = { kind: 'ensemble', key: ensembleKey(ensemble.id), depth: 0, ensemble, shownRuns: runs.length, open };
        return open ? [head, ...members(1, ensemble, runs)] : [head];
      },
    });
  }

  for (const run of input.runs) {
    if (grouped.has(run.id)) continue;
    tops.push({ at: run.createdAtMs, rows: () => [{ kind: 'run', key: `run-${run.id}-0`, depth: 0, run }] });
  }
  // Newest first; a stable sort keeps the services' order among equal times.
  return tops.sort((a, b) => b.at - a.at).flatMap((t) => t.rows());
}
