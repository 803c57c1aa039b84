/**
 * How far a batch is, in the words and numbers its card shows: runs ended of all, points done, the
 * runs in flight (their point and seed), time spent and left, and what can be done with it now
 * (cancel while it runs; resume a stopped one with its missing runs; run the failed ones again).
 * From the batch's record and, while it is being made, its progress event. Pure.
 */
import type { BatchListItem, BatchDetail } from '../../../src-main/contract.ts';
import { formatValue } from '../format.ts';
import { pointText } from './sweep-plot.ts';

export interface BatchProgressView {
  running: boolean;
  stopping: boolean;
  /** Runs ended (completed or failed) of all runs, and that as a fraction. */
  endedRuns: number;
  totalRuns: number;
  fraction: number;
  completedRuns: number;
  failedRuns: number;
  /** Points all of whose seeds have ended (null when not known: the batch is not being made here). */
  pointsDone: number | null;
  totalPoints: number;
  /** The runs in flight, in words: `net.g = -4.5, net.bg_rate = 8 · seed 56`. */
  current: { runId: number; text: string }[];
  elapsedS: number | null;
  remainingS: number | null;
  /** Runs a resume would make: no run yet, or cancelled or interrupted. */
  missingRuns: number;
  canCancel: boolean;
  canResume: boolean;
  /** Failed runs that `resume with retryFailed` would make again. */
  canRetryFailed: boolean;
}

export function batchProgressView(b: BatchListItem): BatchProgressView {
  const running = b.status === 'running';
  const p = running ? b.progress : null;
  const c = b.counts;
  const completed = p ? p.completedRuns : c.completed;
  const failed = p ? p.failedRuns : c.failed;
  const ended = completed + failed;
  const missing = c.missing + c.cancelled + c.interrupted;
  const stopped = b.status === 'cancelled' || b.status === 'interrupted';
  return {
    running,
    stopping: p?.stopping ?? false,
    endedRuns: ended,
    totalRuns: b.totalRuns,
    fraction: b.totalRuns > 0 ? Math.min(1, ended / b.totalRuns) : 0,
    completedRuns: completed,
    failedRuns: failed,
    pointsDone: p ? p.pointsDone : running ? null : pointsDoneOf(b),
    totalPoints: b.numPoints,
    current: (p?.current ?? []).map((r) => ({
      runId: r.runId,
      text: `${b.axes.length > 0 ? `${pointText(b.axes, r.values)} · ` : ''}seed ${r.seed}`,
    })),
    elapsedS: p ? p.elapsedS : b.finishedAtMs !== null ? (b.finishedAtMs - b.createdAtMs) / 1000 : null,
    remainingS: p ? p.remainingS : null,
    missingRuns: missing,
    canCancel: running && !(p?.stopping ?? false),
    canResume: stopped,
    canRetryFailed: !running && failed > 0,
  };
}

/** A stopped batch's points done, when every run has ended: all of them (counts do not say per point otherwise). */
function pointsDoneOf(b: BatchListItem): number | null {
  return b.counts.missing + b.counts.cancelled + b.counts.interrupted + b.counts.queued + b.counts.running === 0 ? b.numPoints : null;
}

/** The failed runs of a batch with their point, seed and reason (from batches.get). */
export function failedRuns(d: BatchDetail): { runId: number | null; text: string; reason: string }[] {
  return d.points.flatMap((pt) =>
    pt.runs
      .filter((r) => r.status === 'failed')
      .map((r) => ({ runId: r.runId, text: `${d.axes.length > 0 ? `${pointText(d.axes, pt.values)} · ` : ''}seed ${r.seed}`, reason: r.reason ?? 'no reason was given' })),
  );
}

/** What the batch varies, in words: `net.g (7 values) × net.bg_rate (3 values), 3 seeds` or `5 seeds`. */
export function batchShape(b: Pick<BatchListItem, 'axes' | 'seeds'>): string {
  const seeds = `${b.seeds.length} ${b.seeds.length === 1 ? 'seed' : 'seeds'}${b.seeds.length > 1 ? ` (${b.seeds[0]}–${b.seeds[b.seeds.length - 1]})` : ` (${b.seeds[0]})`}`;
  if (b.axes.length === 0) return seeds;
  return `${b.axes.map((a) => `${a.path} (${a.values.length === 1 ? formatValue(a.values[0]) : `${a.values.length} values`})`).join(' × ')}, ${seeds} per point`;
}
