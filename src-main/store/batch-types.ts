/** The batch and ensemble records of the run store (batch-store.ts). Types only. */
import type { Axis } from '../batches/axes.ts';
import type { BatchKind } from '../batches/plan.ts';
import type { RunStatus } from './types.ts';

export const BATCH_STATUSES = ['running', 'completed', 'cancelled', 'interrupted'] as const;
/**
 * running: its runs are being made by a live process; completed: every point has its runs (some
 * may have failed); cancelled: stopped by the user; interrupted: the process making it quit or
 * died (the app resumes it at its next start; `sweep --resume ID` does it by hand).
 */
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export const ENSEMBLE_ORIGINS = ['seeds', 'sweep-point', 'grouped'] as const;
/** seeds: a batch of seeds; sweep-point: the runs of one point of a sweep; grouped: by hand (History, `runs group`), e.g. imported NEST runs. */
export type EnsembleOrigin = (typeof ENSEMBLE_ORIGINS)[number];

/** How many of a batch's runs are in each state: the newest run of each point and seed counts. */
export type BatchCounts = Record<RunStatus, number> & {
  /** Points and seeds without a run yet (or whose run was deleted). */
  missing: number;
};

export interface BatchRecord {
  id: number;
  uid: string;
  kind: BatchKind;
  name: string;
  status: BatchStatus;
  /** Why it was cancelled or interrupted, or what failed (completed with failed runs). */
  reason: string | null;
  createdAtMs: number;
  finishedAtMs: number | null;
  /** The varied parameters and their values (none for a batch of seeds). */
  axes: Axis[];
  /** The seeds every point runs, in seed-index order. */
  seeds: number[];
  numPoints: number;
  totalRuns: number;
  tags: string[];
  counts: BatchCounts;
}

/** One run of a batch: a point and a seed, and the run made for it (the newest, when resumed). */
export interface BatchSlot {
  point: number;
  seedIndex: number;
  seed: number;
  /** null: not run yet. */
  runId: number | null;
  status: RunStatus | null;
  /** Why its run failed, was cancelled or interrupted. */
  reason: string | null;
}

export interface BatchPoint {
  point: number;
  /** The value of each axis, in axis order. */
  values: number[];
  /** The ensemble of the point's runs. */
  ensembleId: number | null;
  /** One per seed, in seed order. */
  runs: BatchSlot[];
}

export interface EnsembleRecord {
  id: number;
  uid: string;
  name: string;
  origin: EnsembleOrigin;
  /** The batch and point it is made of, for a batch's ensembles. */
  batchId: number | null;
  point: number | null;
  createdAtMs: number;
  /** Its runs, oldest first. */
  runIds: number[];
}
