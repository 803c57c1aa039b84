/**
 * Batches and ensembles in the run database, beside the runs (tables of schema.ts's batches
 * migration). Every run of a batch is an ordinary run linked to it by point and seed index
 * (batch_runs); when a batch is resumed, the runs it replaces are deleted, so each point and seed
 * has one run. An ensemble groups runs: the runs of a batch's point (made with the batch), or runs
 * grouped by hand (History, `runs group`), such as imported NEST runs.
 *
 * A batch being made is owned like a run (owner.ts): a store that opens the database marks a
 * 'running' batch whose owner is gone 'interrupted', to be resumed. Sync calls on the run store's
 * connection; one BatchStore per RunStore, closed with it (close() releases its owner).
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { MAX_ENSEMBLE_RUNS } from '../common/limits.ts';
import type { BatchPlan } from '../batches/plan.ts';
import { RunStoreError } from './errors.ts';
import { Lease, newOwner, ownerIsLive, releaseOwner, type Owner } from './owner.ts';
import { checkName } from './rows.ts';
import type { RunStore } from './run-store.ts';
import {
  BATCH_STATUSES,
  type BatchCounts,
  type BatchPoint,
  type BatchRecord,
  type BatchSlot,
  type BatchStatus,
  type EnsembleOrigin,
  type EnsembleRecord,
} from './batch-types.ts';
import { RUN_STATUSES, type RunStatus } from './types.ts';

/** Why a batch the store finds 'running' with no live owner stopped. */
export const BATCH_INTERRUPTED_REASON = 'the app or command making it stopped before the batch was done';

interface BatchRow {
  id: number;
  uid: string;
  kind: 'sweep' | 'seeds';
  name: string;
  status: BatchStatus;
  reason: string | null;
  created_at_ms: number;
  finished_at_ms: number | null;
  plan_json: string;
  num_points: number;
  num_seeds: number;
}

const BATCH_COLUMNS = 'id, uid, kind, name, status, reason, created_at_ms, finished_at_ms, plan_json, num_points, num_seeds';

/** The newest run of each point and seed of batch ? (its one parameter). */
const CURRENT_RUNS = `
  SELECT br.point, br.seed_index, br.run_id, r.status, r.reason
  FROM batch_runs br JOIN runs r ON r.id = br.run_id
  WHERE br.batch_id = ? AND br.run_id = (
    SELECT max(b2.run_id) FROM batch_runs b2
    WHERE b2.batch_id = br.batch_id AND b2.point = br.point AND b2.seed_index = br.seed_index)`;

interface EnsembleRow {
  id: number;
  uid: string;
  name: string;
  origin: EnsembleOrigin;
  batch_id: number | null;
  point: number | null;
  created_at_ms: number;
  run_ids: string;
}

const ENSEMBLE_SELECT = `
  SELECT e.id, e.uid, e.name, e.origin, e.batch_id, e.point, e.created_at_ms,
    (SELECT json_group_array(run_id) FROM (SELECT run_id FROM ensemble_runs WHERE ensemble_id = e.id ORDER BY run_id)) AS run_ids
  FROM ensembles e`;

function toEnsemble(row: EnsembleRow): EnsembleRecord {
  return {
    id: row.id,
    uid: row.uid,
    name: row.name,
    origin: row.origin,
    batchId: row.batch_id,
    point: row.point,
    createdAtMs: row.created_at_ms,
    runIds: JSON.parse(row.run_ids) as number[],
  };
}

function emptyCounts(): BatchCounts {
  const c = { missing: 0 } as BatchCounts;
  for (const s of RUN_STATUSES) c[s] = 0;
  return c;
}

/** A name for a batch or an ensemble: the run-name rules, said of what is named. */
function checkGroupName(name: unknown, what: string): string {
  try {
    return checkName(name);
  } catch (e) {
    if (e instanceof RunStoreError) throw new RunStoreError(e.code, e.message.replace('a run name', `${what} name`));
    throw e;
  }
}

export interface EnsembleFilter {
  /** Only the ensembles of this batch. */
  batchId?: number;
  origin?: EnsembleOrigin;
}

export class BatchStore {
  readonly #db: Database.Database;
  readonly #file: string;
  readonly #owner: Owner;
  /** The lease that tells other processes this store's batches are live (taken before a batch names the owner; owner.ts). */
  #lease: Lease | null = null;
  #closed = false;

  constructor(store: RunStore) {
    this.#db = store.db;
    this.#file = store.path;
    this.#owner = newOwner();
    this.recoverInterruptedSync();
  }

  /** Releases this store's ownership (its running batches read 'interrupted' to the next opener). Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    releaseOwner(this.#owner);
    this.#lease?.releaseSync();
  }

  #leaseSync(): void {
    this.#lease ??= Lease.acquireSync(this.#file, this.#owner);
  }

  #notFound(id: number): RunStoreError {
    return new RunStoreError('batch-not-found', `no batch with id ${id} in ${this.#file}`);
  }

  /** Marks 'running' batches whose owner is gone 'interrupted'; returns their ids. Runs on construction. */
  recoverInterruptedSync(): number[] {
    const rows = this.#db
      .prepare(`SELECT id, owner_host, owner_pid, owner_instance FROM batches WHERE status = 'running'`)
      .all() as { id: number; owner_host: string | null; owner_pid: number | null; owner_instance: string | null }[];
    const stale = rows.filter((r) => !ownerIsLive(this.#file, r.owner_pid, r.owner_instance)).map((r) => r.id);
    const mark = this.#db.prepare(
      `UPDATE batches SET status = 'interrupted', reason = ?, owner_host = NULL, owner_pid = NULL, owner_instance = NULL
       WHERE id = ? AND status = 'running'`,
    );
    if (stale.length > 0) this.#db.transaction(() => stale.forEach((id) => mark.run(BATCH_INTERRUPTED_REASON, id))).immediate();
    return stale;
  }

  // --- batches ----------------------------------------------------------------------------------

  /** Stores a new batch, 'running' and owned by this store, with one ensemble per point. */
  createBatchSync(plan: BatchPlan): BatchRecord {
    const name = checkGroupName(plan.name, 'a batch');
    const now = Date.now();
    this.#leaseSync();
    const id = this.#db.transaction(() => {
      const info = this.#db
        .prepare(
          `INSERT INTO batches (uid, kind, name, status, created_at_ms, plan_json, num_points, num_seeds, owner_host, owner_pid, owner_instance)
           VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(randomUUID(), plan.kind, name, now, JSON.stringify(plan), plan.points.length, plan.seeds.length, this.#owner.host, this.#owner.pid, this.#owner.instance);
      const batchId = Number(info.lastInsertRowid);
      const addEnsemble = this.#db.prepare(
        `INSERT INTO ensembles (uid, name, origin, batch_id, point, created_at_ms) VALUES (?, ?, ?, ?, ?, ?)`,
      );
      const origin: EnsembleOrigin = plan.kind === 'seeds' ? 'seeds' : 'sweep-point';
      for (const p of plan.points) {
        const pointName = plan.axes.length === 0 ? name : `${name} · ${plan.axes.map((a, i) => `${a.path} = ${p.values[i]}`).join(', ')}`;
        addEnsemble.run(randomUUID(), pointName.slice(0, 200), origin, batchId, p.index, now);
      }
      return batchId;
    }).immediate();
    return this.getBatchSync(id);
  }

  #row(id: number): BatchRow {
    const row = this.#db.prepare(`SELECT ${BATCH_COLUMNS} FROM batches WHERE id = ?`).get(id) as BatchRow | undefined;
    if (!row) throw this.#notFound(id);
    return row;
  }

  #counts(ids: readonly number[]): Map<number, BatchCounts> {
    const out = new Map<number, BatchCounts>();
    const q = this.#db.prepare(`SELECT status, count(*) AS n FROM (${CURRENT_RUNS}) GROUP BY status`);
    for (const id of ids) {
      const c = emptyCounts();
      for (const r of q.all(id) as { status: RunStatus; n: number }[]) c[r.status] = r.n;
      out.set(id, c);
    }
    return out;
  }

  #toRecord(row: BatchRow, counts: BatchCounts): BatchRecord {
    const plan = JSON.parse(row.plan_json) as BatchPlan;
    const total = row.num_points * row.num_seeds;
    const present = RUN_STATUSES.reduce((a, s) => a + counts[s], 0);
    return {
      id: row.id,
      uid: row.uid,
      kind: row.kind,
      name: row.name,
      status: row.status,
      reason: row.reason,
      createdAtMs: row.created_at_ms,
      finishedAtMs: row.finished_at_ms,
      axes: plan.axes,
      seeds: plan.seeds,
      numPoints: row.num_points,
      totalRuns: total,
      tags: plan.tags,
      counts: { ...counts, missing: Math.max(0, total - present) },
    };
  }

  getBatchSync(id: number): BatchRecord {
    const row = this.#row(id);
    return this.#toRecord(row, this.#counts([id]).get(id)!);
  }

  /** The plan a batch was made from (to make its missing runs). */
  getPlanSync(id: number): BatchPlan {
    return JSON.parse(this.#row(id).plan_json) as BatchPlan;
  }

  /** Every batch, newest first. */
  listBatchesSync(o: { status?: BatchStatus; limit?: number } = {}): BatchRecord[] {
    if (o.status !== undefined && !BATCH_STATUSES.includes(o.status)) {
      throw new RunStoreError('bad-argument', `unknown batch status ${JSON.stringify(o.status)}: allowed are ${BATCH_STATUSES.join(', ')}`);
    }
    const rows = this.#db
      .prepare(`SELECT ${BATCH_COLUMNS} FROM batches ${o.status ? 'WHERE status = ?' : ''} ORDER BY created_at_ms DESC, id DESC LIMIT ?`)
      .all(...(o.status ? [o.status] : []), o.limit ?? -1) as BatchRow[];
    const counts = this.#counts(rows.map((r) => r.id));
    return rows.map((r) => this.#toRecord(r, counts.get(r.id)!));
  }

  /** Every point and seed of a batch with its current run, in grid and seed order. */
  slotsSync(id: number): BatchSlot[] {
    const plan = this.getPlanSync(id);
    const current = new Map<string, { run_id: number; status: RunStatus; reason: string | null }>();
    for (const r of this.#db.prepare(CURRENT_RUNS).all(id) as { point: number; seed_index: number; run_id: number; status: RunStatus; reason: string | null }[]) {
      current.set(`${r.point}/${r.seed_index}`, r);
    }
    return plan.points.flatMap((p) =>
      plan.seeds.map((seed, seedIndex): BatchSlot => {
        const r = current.get(`${p.index}/${seedIndex}`);
        return { point: p.index, seedIndex, seed, runId: r?.run_id ?? null, status: r?.status ?? null, reason: r?.reason ?? null };
      }),
    );
  }

  /** The points of a batch with their values, ensemble and runs. */
  pointsSync(id: number): BatchPoint[] {
    const plan = this.getPlanSync(id);
    const slots = this.slotsSync(id);
    const ensembles = new Map<number, number>();
    for (const r of this.#db.prepare('SELECT id, point FROM ensembles WHERE batch_id = ?').all(id) as { id: number; point: number }[]) ensembles.set(r.point, r.id);
    const k = plan.seeds.length;
    return plan.points.map((p) => ({ point: p.index, values: p.values, ensembleId: ensembles.get(p.index) ?? null, runs: slots.slice(p.index * k, p.index * k + k) }));
  }

  /** Every run linked to the batch (current or not), by id. */
  runIdsSync(id: number): number[] {
    this.#row(id);
    return (this.#db.prepare('SELECT run_id FROM batch_runs WHERE batch_id = ? ORDER BY run_id').all(id) as { run_id: number }[]).map((r) => r.run_id);
  }

  /** The batch (and point and seed index) a run belongs to, or null. */
  batchOfRunSync(runId: number): { batchId: number; point: number; seedIndex: number } | null {
    const r = this.#db.prepare('SELECT batch_id, point, seed_index FROM batch_runs WHERE run_id = ?').get(runId) as
      | { batch_id: number; point: number; seed_index: number }
      | undefined;
    return r ? { batchId: r.batch_id, point: r.point, seedIndex: r.seed_index } : null;
  }

  /** Links a new run to its point and seed, and to the point's ensemble. */
  linkRunSync(batchId: number, point: number, seedIndex: number, runId: number): void {
    this.#db.transaction(() => {
      const row = this.#row(batchId);
      if (!(Number.isSafeInteger(point) && point >= 0 && point < row.num_points && Number.isSafeInteger(seedIndex) && seedIndex >= 0 && seedIndex < row.num_seeds)) {
        throw new RunStoreError('bad-argument', `batch ${batchId} has no point ${point} with seed index ${seedIndex}`);
      }
      this.#db.prepare('INSERT INTO batch_runs (run_id, batch_id, point, seed_index) VALUES (?, ?, ?, ?)').run(runId, batchId, point, seedIndex);
      this.#db
        .prepare('INSERT OR IGNORE INTO ensemble_runs (ensemble_id, run_id) SELECT id, ? FROM ensembles WHERE batch_id = ? AND point = ?')
        .run(runId, batchId, point);
    }).immediate();
  }

  /**
   * Takes the batch over to make its missing runs: 'running', owned by this store. Refused while
   * another live process makes it.
   */
  claimSync(id: number): BatchRecord {
    this.#leaseSync();
    this.#db.transaction(() => {
      const r = this.#db.prepare('SELECT status, owner_host, owner_pid, owner_instance FROM batches WHERE id = ?').get(id) as
        | { status: BatchStatus; owner_host: string | null; owner_pid: number | null; owner_instance: string | null }
        | undefined;
      if (!r) throw this.#notFound(id);
      const mine = r.owner_instance === this.#owner.instance;
      if (r.status === 'running' && !mine && ownerIsLive(this.#file, r.owner_pid, r.owner_instance)) {
        throw new RunStoreError('bad-transition', `batch ${id} is being run by another process (pid ${r.owner_pid} on ${r.owner_host})`);
      }
      this.#db
        .prepare(
          `UPDATE batches SET status = 'running', reason = NULL, finished_at_ms = NULL, owner_host = ?, owner_pid = ?, owner_instance = ? WHERE id = ?`,
        )
        .run(this.#owner.host, this.#owner.pid, this.#owner.instance, id);
    }).immediate();
    return this.getBatchSync(id);
  }

  /** Ends the batch (completed, cancelled or interrupted) and lets it go. */
  finishSync(id: number, status: Exclude<BatchStatus, 'running'>, reason: string | null = null): BatchRecord {
    const info = this.#db
      .prepare(
        `UPDATE batches SET status = ?, reason = ?, finished_at_ms = ?, owner_host = NULL, owner_pid = NULL, owner_instance = NULL WHERE id = ?`,
      )
      .run(status, reason === null ? null : reason.slice(0, 10_000), Date.now(), id);
    if (info.changes !== 1) throw this.#notFound(id);
    return this.getBatchSync(id);
  }

  /** Removes the batch and its ensembles; its runs stay as ordinary runs. Refused while it runs here or elsewhere. */
  deleteBatchSync(id: number): void {
    this.recoverInterruptedSync();
    this.#db.transaction(() => {
      const row = this.#row(id);
      if (row.status === 'running') throw new RunStoreError('bad-transition', `cannot delete batch ${id}: it is running; cancel it first`);
      this.#db.prepare('DELETE FROM batches WHERE id = ?').run(id);
    }).immediate();
  }

  // --- ensembles --------------------------------------------------------------------------------

  /** Groups runs as an ensemble (by hand); at least two distinct existing runs. */
  groupSync(name: string, runIds: readonly number[]): EnsembleRecord {
    const checked = checkGroupName(name, 'an ensemble');
    const ids = [...runIds];
    if (new Set(ids).size !== ids.length) throw new RunStoreError('bad-argument', `a run is listed twice in ${JSON.stringify(ids)}`);
    if (ids.length < 2 || ids.length > MAX_ENSEMBLE_RUNS) {
      throw new RunStoreError('bad-argument', `an ensemble groups 2 to ${MAX_ENSEMBLE_RUNS} runs (got ${ids.length})`);
    }
    const id = this.#db.transaction(() => {
      const exists = this.#db.prepare('SELECT 1 FROM runs WHERE id = ?');
      for (const r of ids) {
        if (!exists.get(r)) throw new RunStoreError('run-not-found', `no run with id ${r} in ${this.#file}`);
      }
      const info = this.#db
        .prepare(`INSERT INTO ensembles (uid, name, origin, created_at_ms) VALUES (?, ?, 'grouped', ?)`)
        .run(randomUUID(), checked, Date.now());
      const ensembleId = Number(info.lastInsertRowid);
      const add = this.#db.prepare('INSERT INTO ensemble_runs (ensemble_id, run_id) VALUES (?, ?)');
      for (const r of ids) add.run(ensembleId, r);
      return ensembleId;
    }).immediate();
    return this.getEnsembleSync(id);
  }

  /** Dissolves an ensemble grouped by hand; its runs stay. A batch's ensembles go with their batch. */
  ungroupSync(id: number): void {
    this.#db.transaction(() => {
      const e = this.getEnsembleSync(id);
      if (e.batchId !== null) {
        throw new RunStoreError('bad-transition', `ensemble ${id} is point ${e.point} of batch ${e.batchId}; it goes when the batch is deleted`);
      }
      this.#db.prepare('DELETE FROM ensembles WHERE id = ?').run(id);
    }).immediate();
  }

  getEnsembleSync(id: number): EnsembleRecord {
    const row = this.#db.prepare(`${ENSEMBLE_SELECT} WHERE e.id = ?`).get(id) as EnsembleRow | undefined;
    if (!row) throw new RunStoreError('ensemble-not-found', `no ensemble with id ${id} in ${this.#file}`);
    return toEnsemble(row);
  }

  /** Ensembles, newest first (a batch's in point order). */
  listEnsemblesSync(filter: EnsembleFilter = {}): EnsembleRecord[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.batchId !== undefined) {
      where.push('e.batch_id = ?');
      args.push(filter.batchId);
    }
    if (filter.origin !== undefined) {
      where.push('e.origin = ?');
      args.push(filter.origin);
    }
    const sql = `${ENSEMBLE_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.created_at_ms DESC, e.batch_id DESC, e.point ASC, e.id DESC`;
    return (this.#db.prepare(sql).all(...args) as EnsembleRow[]).map(toEnsemble);
  }

  /** The ensembles a run belongs to. */
  ensemblesOfRunSync(runId: number): EnsembleRecord[] {
    return (this.#db.prepare(`${ENSEMBLE_SELECT} WHERE e.id IN (SELECT ensemble_id FROM ensemble_runs WHERE run_id = ?) ORDER BY e.id`).all(runId) as EnsembleRow[]).map(toEnsemble);
  }
}
