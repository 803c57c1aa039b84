/**
 * The run store: every run, its parameters, spikes, voltmeter traces and statistics in one SQLite
 * file (WAL, foreign keys, busy timeout). All calls block (better-sqlite3), hence the Sync suffix.
 *
 * Lifecycle: createRunSync (queued) -> startRunSync (running) -> appendSpikesSync /
 * appendVoltageSync as chunks arrive, each in its own transaction -> markCompletedSync (checks that
 * every spike the engine reported is stored) | markFailedSync | markCancelledSync. A run left
 * queued or running by a store that no longer exists becomes 'interrupted' when a store opens
 * (and whenever recoverInterruptedSync runs): a store that writes runs holds a lease that dies with
 * its process (owner.ts). markInterruptedSync is the user's way out for a run that is stuck.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { PopulationInfo, RunSummary, SpikeChunk, VoltageChunk } from '../../engine/api.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import { isDatabaseBusy, RunStoreError } from './errors.ts';
import { fromExactJson, toExactJson } from './exact-json.ts';
import { Lease, newOwner, ownerIsLive, releaseOwner, type Owner } from './owner.ts';
import { checkName, checkNotes, checkPopulations, checkTag, MAX_REASON_LENGTH, RECORD_COLUMNS, toRecord, type RecordRow } from './rows.ts';
import { exportRunSync, importRunSync, type ExportOptions } from './run-transfer.ts';
import { migrateSync, probeExistingSync } from './schema.ts';
import { checkWindow, resolvePopulations, SpikeReader, stepRange } from './spike-reader.ts';
import { splitChunkByPopulation } from './spike-split.ts';
import { SpikeWriter } from './spike-writer.ts';
import { checkVoltageChunk, insertVoltageChunkSync, readVoltageColumnsSync, readVoltageSync, scanVoltageSync, voltageLayoutSync } from './voltage.ts';
import {
  INTERRUPTED_REASON,
  RUN_ORIGINS,
  RUN_STATUSES,
  type CountQuery,
  type NeuronCounts,
  type NewRun,
  type RunFilter,
  type RunRecord,
  type RunStart,
  type RunStatus,
  type SpikeQuery,
  type SpikeWindow,
  type VoltageQuery,
  type VoltageTrace,
} from './types.ts';

/** A run's uid: a UUID in lower case. */
const UID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

if (os.endianness() !== 'LE') throw new Error('the run store stores typed arrays little-endian and needs a little-endian CPU');

export interface OpenOptions {
  /** Create the file (and its folder) when it does not exist. Default true. */
  create?: boolean;
  /** How long to wait for another connection's write lock, ms. Default 5000. */
  busyTimeoutMs?: number;
}

/** What markCompletedSync stores about a run's statistics. */
export interface CompletionStats {
  /** The statistics to cache (as setStatsSync takes them). */
  stats?: unknown;
  /** Why there are none. */
  problem?: string | null;
}

interface RunningRun {
  writer: SpikeWriter;
  pops: PopulationInfo[];
  toStep: number;
  voltageToStep: number;
}


function notFound(id: number, file: string): RunStoreError {
  return new RunStoreError('run-not-found', `no run with id ${id} in ${file}`);
}

export class RunStore {
  readonly path: string;
  /** The connection, for the store's own modules and for tests; not for app code. */
  readonly db: Database.Database;
  private readonly owner: Owner;
  /** Held once this store has created a run, until it closes. */
  private lease: Lease | null = null;
  private readonly running = new Map<number, RunningRun>();
  private readonly reader: SpikeReader;
  private readonly busyTimeoutMs: number;
  private closed = false;

  private constructor(file: string, db: Database.Database, busyTimeoutMs: number) {
    this.path = file;
    this.db = db;
    this.busyTimeoutMs = busyTimeoutMs;
    this.owner = newOwner();
    this.reader = new SpikeReader(db);
  }

  /** Opens (creating or migrating as needed) the database at `file`; refuses newer or foreign files untouched. */
  static openSync(file: string, options: OpenOptions = {}): RunStore {
    const resolved = path.resolve(file);
    if (!fs.existsSync(resolved)) {
      if (options.create === false) throw new RunStoreError('database-missing', `no run database at ${resolved}`);
      fs.mkdirSync(path.dirname(resolved), { recursive: true });
    }
    probeExistingSync(resolved);
    const db = new Database(resolved);
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    try {
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      db.pragma('foreign_keys = ON');
      migrateSync(db, resolved);
      db.pragma('journal_mode = WAL');
      // WAL + NORMAL: a crash of the app or engine loses nothing committed; a power cut may lose the
      // last commits, never consistency. FULL would fsync on every spike chunk, in the main process.
      db.pragma('synchronous = NORMAL');
    } catch (e) {
      db.close();
      throw e;
    }
    const store = new RunStore(resolved, db, busyTimeoutMs);
    store.recoverInterruptedSync();
    return store;
  }

  /**
   * Marks this store's unfinished runs interrupted and closes the connection. When the database
   * stays locked by another connection, they are left for the next store that opens it (this
   * store's lease ends here).
   */
  closeSync(): void {
    if (this.closed) return;
    this.closed = true;
    releaseOwner(this.owner);
    try {
      try {
        this.recoverInterruptedSync();
        this.db.pragma('optimize');
      } catch (e) {
        if (!isDatabaseBusy(e)) throw e;
      }
    } finally {
      this.db.close();
      this.lease?.releaseSync();
    }
  }

  /**
   * Runs `fn` with the connection waiting at most `waitMs` for another connection's write lock
   * (instead of the busy timeout): the run writer's short tries, which put a write off rather
   * than block the process while another program holds the database.
   */
  withBusyTimeoutSync<T>(waitMs: number, fn: () => T): T {
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(waitMs))}`);
    try {
      return fn();
    } finally {
      this.db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
    }
  }

  private leaseSync(): void {
    this.lease ??= Lease.acquireSync(this.path, this.owner);
  }

  /** The queued and running runs whose writer is gone (owner.ts). */
  private staleRunsSync(): number[] {
    const rows = this.db
      .prepare(`SELECT id, owner_pid, owner_instance FROM runs WHERE status IN ('queued', 'running')`)
      .all() as { id: number; owner_pid: number | null; owner_instance: string | null }[];
    return rows.filter((r) => !ownerIsLive(this.path, r.owner_pid, r.owner_instance)).map((r) => r.id);
  }

  /** Marks runs 'interrupted' whose writer is gone; returns their ids. Runs on open, and when asked (the services re-check). */
  recoverInterruptedSync(): number[] {
    const stale = this.staleRunsSync();
    if (stale.length === 0) return [];
    const mark = this.db.prepare(
      `UPDATE runs SET status = 'interrupted', reason = ?, finished_at_ms = last_write_at_ms,
         owner_host = NULL, owner_pid = NULL, owner_instance = NULL
       WHERE id = ? AND status IN ('queued', 'running')`,
    );
    this.db.transaction(() => {
      for (const id of stale) mark.run(INTERRUPTED_REASON, id);
    }).immediate();
    for (const id of stale) this.running.delete(id);
    return stale;
  }

  // --- lifecycle --------------------------------------------------------------------------------

  createRunSync(input: NewRun): RunRecord {
    const name = checkName(input.name);
    const origin = input.origin ?? 'engine';
    if (origin !== 'engine' && origin !== 'nest-import') {
      throw new RunStoreError('bad-argument', `a new run's origin must be 'engine' or 'nest-import' (got ${JSON.stringify(origin)})`);
    }
    const p = input.params as ParamSet | undefined;
    if (!p?.sim || !(p.sim.sim_resolution > 0) || !Number.isSafeInteger(p.sim.rng_seed)) {
      throw new RunStoreError('bad-argument', 'params must be a parameter set with sim.sim_resolution > 0 and an integer sim.rng_seed');
    }
    for (const [k, v] of [['engineName', input.engineName], ['engineVersion', input.engineVersion]] as const) {
      if (typeof v !== 'string' || v.length === 0) throw new RunStoreError('bad-argument', `${k} must be a non-empty string`);
    }
    const tags = [...new Set((input.tags ?? []).map(checkTag))];
    if (input.uid !== undefined && !UID_PATTERN.test(input.uid)) throw new RunStoreError('bad-argument', `a run's uid must be a UUID (got ${JSON.stringify(input.uid.slice(0, 40))})`);
    this.leaseSync();
    const now = Date.now();
    const id = this.db.transaction(() => {
      const same = input.uid === undefined ? null : this.findRunByUidSync(input.uid);
      if (same) throw new RunStoreError('duplicate-run', `a run with uid ${input.uid} is already in the database: run ${same.id} (${JSON.stringify(same.name)})`);
      const info = this.db
        .prepare(
          `INSERT INTO runs (uid, name, status, origin, created_at_ms, last_write_at_ms, params_json, seed,
             resolution_ms, engine_name, engine_version, threads, owner_host, owner_pid, owner_instance)
           VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.uid ?? randomUUID(),
          name,
          origin,
          now,
          now,
          JSON.stringify(p),
          p.sim.rng_seed,
          p.sim.sim_resolution,
          input.engineName,
          input.engineVersion,
          Number.isSafeInteger(p.sim.local_num_threads) ? p.sim.local_num_threads : null,
          this.owner.host,
          this.owner.pid,
          this.owner.instance,
        );
      const runId = Number(info.lastInsertRowid);
      const addTag = this.db.prepare('INSERT INTO run_tags (run_id, tag) VALUES (?, ?)');
      for (const t of tags) addTag.run(runId, t);
      return runId;
    }).immediate();
    return this.getRunSync(id);
  }

  /** queued -> running, with the population table the spikes will be split by. */
  startRunSync(id: number, start: RunStart): RunRecord {
    const pops = checkPopulations(start.populations);
    if (start.threads !== undefined && !(Number.isSafeInteger(start.threads) && start.threads >= 1)) {
      throw new RunStoreError('bad-argument', `threads must be a positive integer (got ${start.threads})`);
    }
    this.leaseSync();
    const resolutionMs = this.db.transaction(() => {
      const row = this.statusRow(id);
      if (row.status !== 'queued') this.badTransition(id, row.status, 'start', ['queued']);
      const addPop = this.db.prepare('INSERT INTO run_populations (run_id, pop, name, first_id, last_id) VALUES (?, ?, ?, ?, ?)');
      pops.forEach((p, i) => addPop.run(id, i, p.name, p.firstId, p.lastId));
      const now = Date.now();
      this.db
        .prepare(
          `UPDATE runs SET status = 'running', started_at_ms = ?, last_write_at_ms = ?,
             threads = coalesce(?, threads), machine_json = coalesce(?, machine_json),
             num_neurons = ?, owner_host = ?, owner_pid = ?, owner_instance = ?
           WHERE id = ?`,
        )
        .run(
          now,
          now,
          start.threads ?? null,
          start.machine ? JSON.stringify(start.machine) : null,
          pops.reduce((a, p) => a + p.lastId - p.firstId + 1, 0),
          this.owner.host,
          this.owner.pid,
          this.owner.instance,
          id,
        );
      return row.resolution_ms;
    }).immediate();
    this.running.set(id, { writer: new SpikeWriter(this.db, id, pops, resolutionMs), pops, toStep: 0, voltageToStep: -1 });
    return this.getRunSync(id);
  }

  private statusRow(id: number): { status: RunStatus; resolution_ms: number; params_json: string; spikes_stored: number } {
    const row = this.db.prepare('SELECT status, resolution_ms, params_json, spikes_stored FROM runs WHERE id = ?').get(id) as
      | { status: RunStatus; resolution_ms: number; params_json: string; spikes_stored: number }
      | undefined;
    if (!row) throw notFound(id, this.path);
    return row;
  }

  private badTransition(id: number, status: RunStatus, action: string, allowed: readonly RunStatus[]): never {
    throw new RunStoreError(
      'bad-transition',
      `cannot ${action} run ${id}: it is ${status}, and only a ${allowed.join(' or ')} run can be`,
    );
  }

  /**
   * A run this store was writing has been ended by someone else (marked interrupted by the user,
   * or by a store that found this one's lease gone): this store stops writing it.
   */
  private noLongerRunning(id: number): RunStoreError {
    const row = this.db.prepare('SELECT status, reason FROM runs WHERE id = ?').get(id) as { status: RunStatus; reason: string | null } | undefined;
    this.running.delete(id);
    const what = row ? `it is ${row.status}${row.reason ? `: ${row.reason}` : ''}` : 'it was deleted';
    return new RunStoreError('bad-transition', `run ${id} is no longer running in the database (${what}); its data is no longer stored`);
  }

  /** The in-memory state of a run this store is writing; explains why when there is none. */
  private runningRun(id: number, action: string): RunningRun {
    const r = this.running.get(id);
    if (r) return r;
    const row = this.statusRow(id);
    if (row.status === 'running' || row.status === 'queued') {
      throw new RunStoreError(
        'bad-transition',
        `cannot ${action} run ${id}: it is ${row.status} and was ${row.status === 'queued' ? 'created' : 'started'} by another store instance or process`,
      );
    }
    this.badTransition(id, row.status, action, ['running']);
  }

  /** Stores a chunk of spikes in one transaction. Chunks must come in time order. */
  appendSpikesSync(id: number, chunk: SpikeChunk): void {
    const run = this.runningRun(id, 'append spikes to');
    const parts = splitChunkByPopulation(chunk, run.pops, run.toStep);
    const n = chunk.senders.length;
    const after = this.db.transaction(() => {
      const apply = run.writer.appendSync(parts);
      const info = this.db
        .prepare(
          `UPDATE runs SET spikes_stored = spikes_stored + ?, spikes_to_step = ?, last_write_at_ms = ?
           WHERE id = ? AND status = 'running'`,
        )
        .run(n, chunk.toStep, Date.now(), id);
      if (info.changes !== 1) throw this.noLongerRunning(id);
      return apply;
    }).immediate();
    after();
    run.toStep = chunk.toStep;
  }

  /** Stores a chunk of voltmeter samples (the recorded neurons must be the same in every chunk). */
  appendVoltageSync(id: number, chunk: VoltageChunk): void {
    const run = this.runningRun(id, 'append voltage traces to');
    checkVoltageChunk(chunk, run.voltageToStep);
    this.db.transaction(() => {
      insertVoltageChunkSync(this.db, id, chunk);
      const info = this.db.prepare(`UPDATE runs SET last_write_at_ms = ? WHERE id = ? AND status = 'running'`).run(Date.now(), id);
      if (info.changes !== 1) throw this.noLongerRunning(id);
    }).immediate();
    run.voltageToStep = chunk.steps[chunk.steps.length - 1];
  }

  /**
   * running -> completed with the engine's summary. Refused (and the run stays running) unless the
   * spikes stored are exactly those the engine reported: summary.num_spikes when the spike recorder
   * was on, none otherwise; and unless the population table is the one the run started with.
   * `statistics` are stored in the same transaction: the statistics (setStatsSync's value) or why
   * there are none. Statistics that cannot be stored become the problem; they never stop the
   * completion.
   */
  markCompletedSync(id: number, summary: RunSummary, statistics: CompletionStats = {}): RunRecord {
    const run = this.runningRun(id, 'complete');
    let statsJson: string | null = null;
    let statsProblem = statistics.problem ?? null;
    if (statistics.stats !== undefined && statistics.stats !== null) {
      try {
        statsJson = toExactJson(statistics.stats);
      } catch (e) {
        statsProblem = `the statistics could not be stored: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    if (statsProblem !== null) statsProblem = statsProblem.slice(0, MAX_REASON_LENGTH);
    const n = summary?.num_spikes;
    if (!Number.isSafeInteger(n) || n < 0) throw new RunStoreError('bad-argument', `summary.num_spikes must be a non-negative integer (got ${n})`);
    const same =
      Array.isArray(summary.populations) &&
      summary.populations.length === run.pops.length &&
      summary.populations.every((p, i) => p.name === run.pops[i].name && p.firstId === run.pops[i].firstId && p.lastId === run.pops[i].lastId);
    if (!same) throw new RunStoreError('bad-argument', `the summary's populations differ from those run ${id} started with`);
    const after = this.db.transaction(() => {
      const row = this.statusRow(id);
      if (row.status !== 'running') this.badTransition(id, row.status, 'complete', ['running']);
      const apply = run.writer.flushSync();
      const params = JSON.parse(row.params_json) as ParamSet;
      const recorded = Array.isArray(params.sim?.rec_dev) && params.sim.rec_dev.includes('spike_recorder');
      const expected = recorded ? n : 0;
      const stored = (this.db.prepare('SELECT coalesce(sum(count), 0) AS n FROM spike_chunks WHERE run_id = ?').get(id) as { n: number }).n;
      if (stored !== expected || stored !== row.spikes_stored) {
        throw new RunStoreError(
          'spike-count-mismatch',
          `cannot complete run ${id}: ${stored} spikes are stored, but the engine reported ${n}` +
            (recorded ? '' : ' and the spike recorder was off (expected none)') +
            '; the run is still running: mark it failed',
        );
      }
      const t = summary.timings_s;
      this.db
        .prepare(
          `UPDATE runs SET status = 'completed', finished_at_ms = ?, last_write_at_ms = ?, num_neurons = ?,
             num_synapses = ?, num_spikes = ?, threads = ?, seed = ?, machine_json = ?, build_s = ?,
             presim_s = ?, sim_s = ?, summary_json = ?, reason = NULL,
             stats_json = coalesce(?, stats_json), stats_problem = ?,
             owner_host = NULL, owner_pid = NULL, owner_instance = NULL
           WHERE id = ?`,
        )
        .run(
          Date.now(),
          Date.now(),
          summary.num_neurons,
          summary.num_synapses,
          n,
          summary.threads,
          summary.seed,
          summary.machine ? JSON.stringify(summary.machine) : null,
          t?.build ?? null,
          t?.presim ?? null,
          t?.sim ?? null,
          JSON.stringify(summary),
          statsJson,
          statsProblem,
          id,
        );
      return apply;
    }).immediate();
    after();
    this.running.delete(id);
    return this.getRunSync(id);
  }

  /** queued|running -> failed, with the reason (the error). Spikes stored so far are kept. */
  markFailedSync(id: number, reason: string): RunRecord {
    return this.endSync(id, 'failed', reason);
  }

  /** queued|running -> cancelled, with the reason (who or what cancelled it). */
  markCancelledSync(id: number, reason: string): RunRecord {
    return this.endSync(id, 'cancelled', reason);
  }

  /**
   * queued|running -> interrupted, by the user, for a run that is stuck. The rule: only a run that
   * another store writes (this store's own runs are cancelled instead: cancel stops their engine).
   * When that writer is gone it is allowed (recovery would do the same). While the writer still
   * holds its lease (its process is alive) it is refused unless `force`: the user says the process
   * is stuck; the writer then finds the run no longer running at its next write and stops storing
   * it (its data so far is kept).
   */
  markInterruptedSync(id: number, o: { force?: boolean } = {}): RunRecord {
    this.db.transaction(() => {
      const row = this.db.prepare('SELECT status, owner_host, owner_pid, owner_instance FROM runs WHERE id = ?').get(id) as
        | { status: RunStatus; owner_host: string | null; owner_pid: number | null; owner_instance: string | null }
        | undefined;
      if (!row) throw notFound(id, this.path);
      const refuse = (why: string): never => {
        throw new RunStoreError('bad-transition', `cannot mark run ${id} interrupted: ${why}`);
      };
      if (row.status !== 'queued' && row.status !== 'running') refuse(`it is ${row.status}, and only a queued or running run can be`);
      if (row.owner_instance === this.owner.instance) refuse('this app is running it; cancel it instead');
      const live = ownerIsLive(this.path, row.owner_pid, row.owner_instance);
      const writer = `process ${row.owner_pid} on ${row.owner_host ?? 'this machine'}`;
      if (live && !o.force) {
        refuse(`${writer} is still writing it (it holds the run's lease); if it is stuck, mark it interrupted with force: it then stops storing the run`);
      }
      const reason = live ? `marked interrupted by the user while ${writer} still held it` : 'marked interrupted by the user';
      this.db
        .prepare(
          `UPDATE runs SET status = 'interrupted', reason = ?, finished_at_ms = last_write_at_ms,
             owner_host = NULL, owner_pid = NULL, owner_instance = NULL
           WHERE id = ?`,
        )
        .run(reason, id);
    }).immediate();
    return this.getRunSync(id);
  }

  private endSync(id: number, status: 'failed' | 'cancelled', reason: string): RunRecord {
    if (typeof reason !== 'string' || reason.trim().length === 0) {
      throw new RunStoreError('bad-argument', `a ${status} run needs a reason`);
    }
    const text = reason.trim().slice(0, MAX_REASON_LENGTH);
    const run = this.running.get(id);
    const after = this.db.transaction(() => {
      const row = this.statusRow(id);
      if (row.status !== 'queued' && row.status !== 'running') {
        this.badTransition(id, row.status, status === 'failed' ? 'fail' : 'cancel', ['queued', 'running']);
      }
      const apply = run ? run.writer.flushSync() : () => {};
      this.db
        .prepare(
          `UPDATE runs SET status = ?, reason = ?, finished_at_ms = ?, last_write_at_ms = ?,
             owner_host = NULL, owner_pid = NULL, owner_instance = NULL
           WHERE id = ?`,
        )
        .run(status, text, Date.now(), Date.now(), id);
      return apply;
    }).immediate();
    after();
    this.running.delete(id);
    return this.getRunSync(id);
  }

  /** Caches the run's statistics (any JSON-like value; NaN, Infinity and typed arrays survive). */
  setStatsSync(id: number, stats: unknown): void {
    const info = this.db.prepare('UPDATE runs SET stats_json = ? WHERE id = ?').run(toExactJson(stats), id);
    if (info.changes !== 1) throw notFound(id, this.path);
  }

  // --- queries ----------------------------------------------------------------------------------

  /** The run with this uid, or null. */
  findRunByUidSync(uid: string): RunRecord | null {
    const row = this.db.prepare(`SELECT ${RECORD_COLUMNS} FROM runs r WHERE r.uid = ?`).get(uid) as RecordRow | undefined;
    return row ? toRecord(row) : null;
  }

  getRunSync(id: number): RunRecord {
    const row = this.db.prepare(`SELECT ${RECORD_COLUMNS} FROM runs r WHERE r.id = ?`).get(id) as RecordRow | undefined;
    if (!row) throw notFound(id, this.path);
    return toRecord(row);
  }

  /** Runs matching all given filters, newest first by default. */
  listRunsSync(filter: RunFilter = {}): RunRecord[] {
    const where: string[] = [];
    const args: unknown[] = [];
    const anyOf = <T extends string>(col: string, v: T | readonly T[] | undefined, allowed: readonly T[]): void => {
      if (v === undefined) return;
      const list = (Array.isArray(v) ? v : [v]) as T[];
      for (const x of list) {
        if (!allowed.includes(x)) throw new RunStoreError('bad-argument', `unknown ${col} ${JSON.stringify(x)}: allowed are ${allowed.join(', ')}`);
      }
      where.push(`r.${col} IN (${list.map(() => '?').join(', ') || 'NULL'})`);
      args.push(...list);
    };
    anyOf('status', filter.status, RUN_STATUSES);
    anyOf('origin', filter.origin, RUN_ORIGINS);
    if (filter.tag !== undefined) {
      where.push('EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.id AND t.tag = ?)');
      args.push(filter.tag);
    }
    if (filter.nameContains !== undefined && filter.nameContains !== '') {
      where.push('instr(lower(r.name), lower(?)) > 0');
      args.push(filter.nameContains);
    }
    if (filter.text !== undefined && filter.text.trim() !== '') {
      where.push(
        `(instr(lower(r.name), lower(?)) > 0 OR instr(lower(r.notes), lower(?)) > 0
          OR EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.id AND instr(lower(t.tag), lower(?)) > 0))`,
      );
      const t = filter.text.trim();
      args.push(t, t, t);
    }
    const dir = filter.order === 'oldest' ? 'ASC' : 'DESC';
    const limit = filter.limit ?? -1;
    const offset = filter.offset ?? 0;
    if (!Number.isSafeInteger(limit) || !Number.isSafeInteger(offset) || offset < 0) {
      throw new RunStoreError('bad-argument', 'limit and offset must be integers (offset >= 0)');
    }
    const sql =
      `SELECT ${RECORD_COLUMNS} FROM runs r ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ` +
      `ORDER BY r.created_at_ms ${dir}, r.id ${dir} LIMIT ? OFFSET ?`;
    return (this.db.prepare(sql).all(...args, limit, offset) as RecordRow[]).map(toRecord);
  }

  /** The parameter set exactly as run (to start a new run from it). */
  getParamsSync(id: number): ParamSet {
    return JSON.parse(this.getParamsJsonSync(id)) as ParamSet;
  }

  getParamsJsonSync(id: number): string {
    const row = this.db.prepare('SELECT params_json FROM runs WHERE id = ?').get(id) as { params_json: string } | undefined;
    if (!row) throw notFound(id, this.path);
    return row.params_json;
  }

  /** The engine's summary of a completed run, else null. */
  getSummarySync(id: number): RunSummary | null {
    const row = this.db.prepare('SELECT summary_json FROM runs WHERE id = ?').get(id) as { summary_json: string | null } | undefined;
    if (!row) throw notFound(id, this.path);
    return row.summary_json === null ? null : (JSON.parse(row.summary_json) as RunSummary);
  }

  /** The cached statistics, or null when none were stored. */
  getStatsSync(id: number): unknown {
    const row = this.db.prepare('SELECT stats_json FROM runs WHERE id = ?').get(id) as { stats_json: string | null } | undefined;
    if (!row) throw notFound(id, this.path);
    return row.stats_json === null ? null : fromExactJson(row.stats_json);
  }

  private layout(id: number): { pops: PopulationInfo[]; resolutionMs: number } {
    const run = this.getRunSync(id);
    return { pops: run.populations, resolutionMs: run.resolutionMs };
  }

  /** Spikes in [t0Ms, t1Ms] of every stride-th neuron of the chosen populations. */
  getSpikesSync(id: number, q: SpikeQuery): SpikeWindow {
    checkWindow(q.t0Ms, q.t1Ms);
    const stride = q.stride ?? 1;
    if (!Number.isSafeInteger(stride) || stride < 1) {
      throw new RunStoreError('bad-argument', `stride must be a positive integer (got ${stride})`);
    }
    return this.db.transaction(() => {
      const { pops, resolutionMs } = this.layout(id);
      const selected = resolvePopulations(pops, q.populations);
      return this.reader.window(id, pops, selected, stepRange(q.t0Ms, q.t1Ms, resolutionMs), stride, resolutionMs);
    })();
  }

  /** Spike count of every neuron of the chosen populations in (t0Ms, t1Ms]. */
  getSpikeCountsSync(id: number, q: CountQuery): NeuronCounts {
    checkWindow(q.t0Ms, q.t1Ms);
    return this.db.transaction(() => {
      const { pops, resolutionMs } = this.layout(id);
      const selected = resolvePopulations(pops, q.populations);
      const eps = 1e-6;
      const range = { from: Math.floor(q.t0Ms / resolutionMs + eps) + 1, to: Math.floor(q.t1Ms / resolutionMs + eps) };
      return { durationS: (q.t1Ms - q.t0Ms) / 1000, populations: this.reader.counts(id, pops, selected, range) };
    })();
  }

  /** Spikes stored per population (index = population), whole run. */
  getPopulationSpikeTotalsSync(id: number): number[] {
    const { pops } = this.layout(id);
    const totals = pops.map(() => 0);
    const rows = this.db.prepare('SELECT pop, sum(count) AS n FROM spike_chunks WHERE run_id = ? GROUP BY pop').all(id) as { pop: number; n: number }[];
    for (const r of rows) totals[r.pop] = r.n;
    return totals;
  }

  /** Voltmeter samples in [t0Ms, t1Ms] (default all), or null when none were recorded. */
  getVoltageSync(id: number, q: VoltageQuery = {}): VoltageTrace | null {
    return this.db.transaction(() => {
      this.statusRow(id);
      return readVoltageSync(this.db, id, q);
    })();
  }

  /** The neurons the voltmeter recorded (node ids, in column order), or null when it recorded none. */
  getVoltageSendersSync(id: number): Uint32Array | null {
    return this.db.transaction(() => {
      this.statusRow(id);
      return voltageLayoutSync(this.db, id)?.senders ?? null;
    })();
  }

  /**
   * Traces of some recorded neurons over [t0Ms, t1Ms]: `nodeIds` must have been recorded; refused
   * (bad-argument, naming the bound) before anything is read when samples × neurons > maxValues.
   */
  getVoltageTracesSync(id: number, q: { t0Ms: number; t1Ms: number; nodeIds: readonly number[]; maxValues: number }): VoltageTrace {
    return this.db.transaction(() => {
      this.statusRow(id);
      const layout = voltageLayoutSync(this.db, id);
      if (layout === null) throw new RunStoreError('bad-argument', `run ${id} recorded no membrane potentials (sim.rec_dev has no voltmeter)`);
      const column = new Map<number, number>();
      layout.senders.forEach((s, i) => column.set(s, i));
      const columns = new Uint32Array(q.nodeIds.length);
      q.nodeIds.forEach((nodeId, j) => {
        const c = column.get(nodeId);
        if (c === undefined) throw new RunStoreError('bad-argument', `neuron ${nodeId} was not recorded by the voltmeter of run ${id}`);
        columns[j] = c;
      });
      const { steps, vMv } = readVoltageColumnsSync(this.db, id, { ...q, columns, width: layout.senders.length, resolutionMs: layout.resolutionMs });
      return { senders: Uint32Array.from(q.nodeIds), steps, vMv, resolutionMs: layout.resolutionMs };
    })();
  }

  /** Calls `fn` with the voltmeter's samples in [t0Ms, t1Ms], chunk by chunk (V row-major [sample][recorded neuron]). */
  scanVoltageSync(id: number, q: { t0Ms: number; t1Ms: number }, fn: (steps: Uint32Array, vMv: Float32Array) => void): void {
    this.db.transaction(() => {
      const { resolutionMs } = this.layout(id);
      scanVoltageSync(this.db, id, { ...q, resolutionMs }, fn);
    })();
  }

  // --- edits ------------------------------------------------------------------------------------

  renameRunSync(id: number, name: string): RunRecord {
    const info = this.db.prepare('UPDATE runs SET name = ? WHERE id = ?').run(checkName(name), id);
    if (info.changes !== 1) throw notFound(id, this.path);
    return this.getRunSync(id);
  }

  /** Replaces the run's free-text notes ('' clears them); see checkNotes for what is allowed. */
  setNotesSync(id: number, notes: string): RunRecord {
    const info = this.db.prepare('UPDATE runs SET notes = ? WHERE id = ?').run(checkNotes(notes), id);
    if (info.changes !== 1) throw notFound(id, this.path);
    return this.getRunSync(id);
  }

  /** Adds a tag (no-op when present). */
  addTagSync(id: number, tag: string): RunRecord {
    const t = checkTag(tag);
    this.db.transaction(() => {
      this.statusRow(id);
      this.db.prepare('INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)').run(id, t);
    })();
    return this.getRunSync(id);
  }

  /** Removes a tag (no-op when absent). */
  removeTagSync(id: number, tag: string): RunRecord {
    this.db.transaction(() => {
      this.statusRow(id);
      this.db.prepare('DELETE FROM run_tags WHERE run_id = ? AND tag = ?').run(id, tag);
    })();
    return this.getRunSync(id);
  }

  /**
   * Deletes a run and all its data (cascade). The pages it used go to SQLite's free list and are
   * reused by later writes; reclaimSpaceSync gives them back to the file system.
   */
  deleteRunSync(id: number): void {
    this.recoverInterruptedSync();
    this.db.transaction(() => {
      const row = this.statusRow(id);
      if (row.status === 'queued' || row.status === 'running') {
        throw new RunStoreError('bad-transition', `cannot delete run ${id}: it is ${row.status}; cancel it first`);
      }
      this.db.prepare('DELETE FROM runs WHERE id = ?').run(id);
    }).immediate();
  }

  /** Returns free pages to the file system (incremental vacuum + WAL checkpoint); returns bytes freed. */
  reclaimSpaceSync(): number {
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    this.db.pragma('incremental_vacuum');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return free * pageSize;
  }

  /** PRAGMA integrity_check: ['ok'] when the file is sound. */
  integrityCheckSync(): string[] {
    return (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  }

  // --- files ------------------------------------------------------------------------------------

  /** Writes the run to one file (see run-file.ts); returns its size in bytes. */
  exportRunSync(id: number, file: string, options: ExportOptions = {}): number {
    return exportRunSync(this.db, this.path, id, file, options);
  }

  /**
   * Imports a run file as a new run (origin 'file-import'). The whole file is validated first and
   * inserted in one transaction: a bad file changes nothing.
   */
  importRunSync(file: string): RunRecord {
    return this.getRunSync(importRunSync(this.db, file));
  }
}
