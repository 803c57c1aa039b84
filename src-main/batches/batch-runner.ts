/**
 * The batch runner: makes a batch's runs through the run manager's queue, `jobs` at a time, and
 * says how far it is (BatchEvent: batch.state, batch.progress). While runs are to come, the
 * manager keeps a spare engine host started (RunManager.prewarm), so the next run does not wait
 * for a process to start.
 *
 * start(spec) plans the batch and checks every point with the engine's validator before anything
 * is stored (a bad point is refused with the parameter and the value: BatchPlanError); the batch
 * is stored 'running' and its runs are handed to the run manager one by one, each an ordinary run
 * linked to its point and seed. A run that fails does not stop the others: it keeps its reason in
 * its record, and the batch goes on. cancel() stops the whole batch (queued runs cancelled, running
 * ones stopped). close() (the app quits) stops it as 'interrupted'; a batch whose process died is
 * found 'interrupted' by the next store (batch-store.ts). resume() makes only the missing runs:
 * points and seeds with no run, or whose run was cancelled or interrupted (and, when asked, those
 * that failed); the runs it replaces are deleted, so each point and seed keeps one run.
 */
import os from 'node:os';
import type { BatchEvent, BatchProgress } from '../contract.ts';
import type { RunManager } from '../runs/run-manager.ts';
import type { BatchStore } from '../store/batch-store.ts';
import type { BatchRecord, BatchStatus } from '../store/batch-types.ts';
import { RunStoreError } from '../store/errors.ts';
import type { RunStore } from '../store/run-store.ts';
import type { RunRecord } from '../store/types.ts';
import { estimateBatch } from './estimate.ts';
import { formatProblem, planBatch, runName, runParams, type BatchPlan, type BatchProblem } from './plan.ts';
import type { BatchSpec } from './spec.ts';

/** A plan with parameter problems: nothing was stored or run. */
export class BatchPlanError extends Error {
  readonly plan: BatchPlan;
  readonly problems: BatchProblem[];
  readonly moreProblems: number;
  constructor(plan: BatchPlan, problems: BatchProblem[], moreProblems: number) {
    const head = problems.length + moreProblems === 1 ? '1 invalid parameter' : `${problems.length + moreProblems} invalid parameters`;
    const lines = problems.map((p) => `  - ${formatProblem(plan, p)}`);
    if (moreProblems > 0) lines.push(`  - … and ${moreProblems} more`);
    super(`the batch cannot run: ${head}:\n${lines.join('\n')}`);
    this.name = 'BatchPlanError';
    this.plan = plan;
    this.problems = problems;
    this.moreProblems = moreProblems;
  }
}

export interface BatchRunnerOptions {
  store: RunStore;
  batches: BatchStore;
  manager: RunManager;
  /** Runs of one batch handed to the run manager at once (default 1; the manager's concurrency bounds how many run). */
  jobs?: number;
  /** Cores of this machine, for the time estimate before the first run ends (default: os.cpus()). */
  cores?: number;
}

export interface ResumeOptions {
  /** Also run again the points and seeds whose run failed (default: they keep their failure). */
  retryFailed?: boolean;
}

export type BatchCancelResult = 'cancelled' | 'cancelling' | 'not-active';

interface Slot {
  point: number;
  seedIndex: number;
}

interface ActiveBatch {
  id: number;
  plan: BatchPlan;
  pending: Slot[];
  inFlight: Map<number, Slot>;
  /** Settled runs (completed or failed) per point, for "points done". */
  settledPerPoint: Int32Array;
  completed: number;
  failed: number;
  /** Runs of this session that were cancelled one by one (their points stay missing). */
  cancelledRuns: number;
  settledThisSession: number;
  startedAtMs: number;
  /** Seconds the remaining runs were estimated to take when the batch (re)started. */
  estimateS: number;
  stopping: { status: 'cancelled' | 'interrupted'; reason: string } | null;
  done: Promise<BatchRecord>;
  resolve: (r: BatchRecord) => void;
}

export class BatchRunner {
  readonly #store: RunStore;
  readonly #batches: BatchStore;
  readonly #manager: RunManager;
  readonly #jobs: number;
  readonly #cores: number;
  readonly #active = new Map<number, ActiveBatch>();
  readonly #listeners = new Set<(e: BatchEvent) => void>();
  #closing = false;

  constructor(o: BatchRunnerOptions) {
    this.#store = o.store;
    this.#batches = o.batches;
    this.#manager = o.manager;
    this.#jobs = o.jobs ?? 1;
    if (!Number.isSafeInteger(this.#jobs) || this.#jobs < 1) throw new RangeError(`jobs must be a whole number >= 1 (got ${o.jobs})`);
    this.#cores = o.cores ?? os.cpus().length;
  }

  onEvent(listener: (e: BatchEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Plans, checks, stores and starts a batch; throws SpecError or BatchPlanError (nothing stored). */
  start(spec: BatchSpec): BatchRecord {
    if (this.#closing) throw new Error('the batch runner is closed');
    const { plan, problems, moreProblems } = planBatch(spec);
    if (problems.length > 0) throw new BatchPlanError(plan, problems, moreProblems);
    const record = this.#batches.createBatchSync(plan);
    const slots = plan.points.flatMap((p) => plan.seeds.map((_, seedIndex) => ({ point: p.index, seedIndex })));
    this.#activate(record.id, plan, slots, new Int32Array(plan.points.length), 0, 0);
    return this.#batches.getBatchSync(record.id);
  }

  /**
   * Makes a stopped batch's missing runs (cancelled, interrupted, or by a process that died).
   * Refused while it runs here or in another live process.
   */
  resume(id: number, o: ResumeOptions = {}): BatchRecord {
    if (this.#closing) throw new Error('the batch runner is closed');
    if (this.#active.has(id)) throw new RunStoreError('bad-transition', `batch ${id} is running`);
    this.#store.recoverInterruptedSync();
    this.#batches.claimSync(id);
    const plan = this.#batches.getPlanSync(id);
    const settled = new Int32Array(plan.points.length);
    const missing: Slot[] = [];
    const replaced: number[] = [];
    let completed = 0;
    let failed = 0;
    for (const s of this.#batches.slotsSync(id)) {
      const again = s.status === null || s.status === 'cancelled' || s.status === 'interrupted' || (s.status === 'failed' && o.retryFailed === true);
      if (s.status === 'queued' || s.status === 'running') {
        this.#batches.finishSync(id, 'interrupted', `run ${s.runId} of the batch is still ${s.status} in another process`);
        throw new RunStoreError('bad-transition', `batch ${id} cannot be resumed: its run ${s.runId} is still ${s.status} in another process`);
      }
      if (again) {
        missing.push({ point: s.point, seedIndex: s.seedIndex });
        if (s.runId !== null) replaced.push(s.runId);
        continue;
      }
      settled[s.point]++;
      if (s.status === 'completed') completed++;
      else failed++;
    }
    for (const runId of replaced) {
      try {
        this.#store.deleteRunSync(runId);
      } catch {
        // Kept (the new run of its point and seed is the newest, so the one that counts).
      }
    }
    this.#activate(id, plan, missing, settled, completed, failed);
    return this.#batches.getBatchSync(id);
  }

  /** Resumes every interrupted batch (the app's start); returns their ids. A batch that cannot be resumed stays as it is. */
  resumeInterrupted(): number[] {
    const resumed: number[] = [];
    for (const b of this.#batches.listBatchesSync({ status: 'interrupted' })) {
      try {
        this.resume(b.id);
        resumed.push(b.id);
      } catch (e) {
        console.error(`batch ${b.id} could not be resumed:`, e instanceof Error ? e.message : e);
      }
    }
    return resumed;
  }

  /** Cancels a batch: its queued runs at once, its running ones as the run manager stops them. */
  cancel(id: number, reason = 'cancelled by the user'): BatchCancelResult {
    const b = this.#active.get(id);
    if (!b) {
      // An interrupted batch (nobody makes it): cancelled, so that it is not resumed at the next start.
      const record = this.#batches.getBatchSync(id);
      if (record.status !== 'interrupted') return 'not-active';
      this.#emitState(this.#batches.finishSync(id, 'cancelled', reason));
      return 'cancelled';
    }
    if (b.stopping) return 'cancelling';
    b.stopping = { status: 'cancelled', reason };
    return this.#stop(b, reason);
  }

  #stop(b: ActiveBatch, reason: string): BatchCancelResult {
    b.pending = [];
    for (const runId of [...b.inFlight.keys()]) this.#manager.cancel(runId, reason);
    if (b.inFlight.size === 0) {
      this.#end(b);
      return 'cancelled';
    }
    this.#emitProgress(b);
    return 'cancelling';
  }

  /** Ids of the batches this runner is making. */
  get activeIds(): number[] {
    return [...this.#active.keys()];
  }

  /** How far an active batch is; null when it is not being made here. */
  progress(id: number): BatchProgress | null {
    const b = this.#active.get(id);
    return b ? this.#progress(b) : null;
  }

  /** Resolves with the stored batch once it has ended (at once when it is not active). */
  whenDone(id: number): Promise<BatchRecord> {
    const b = this.#active.get(id);
    return b ? b.done : Promise.resolve(this.#batches.getBatchSync(id));
  }

  /** The app quits: every active batch stops as 'interrupted' (resumed at the next start), its runs cancelled and awaited. */
  async close(reason = 'the app was closed'): Promise<void> {
    this.#closing = true;
    const active = [...this.#active.values()];
    for (const b of active) {
      if (!b.stopping) b.stopping = { status: 'interrupted', reason };
      this.#stop(b, reason);
    }
    await Promise.allSettled(active.map((b) => b.done));
  }

  // --- making the runs -----------------------------------------------------------------------------

  #activate(id: number, plan: BatchPlan, pending: Slot[], settledPerPoint: Int32Array, completed: number, failed: number): void {
    let resolve: (r: BatchRecord) => void = () => {};
    const done = new Promise<BatchRecord>((r) => (resolve = r));
    const b: ActiveBatch = {
      id,
      plan,
      pending,
      inFlight: new Map(),
      settledPerPoint,
      completed,
      failed,
      cancelledRuns: 0,
      settledThisSession: 0,
      startedAtMs: Date.now(),
      estimateS: estimateBatch(plan, { cores: this.#cores, jobs: this.#jobs, slots: pending }).totalS,
      stopping: null,
      done,
      resolve,
    };
    this.#active.set(id, b);
    this.#emitState(this.#batches.getBatchSync(id));
    this.#fill(b);
  }

  /** Hands runs to the manager until `jobs` of the batch are in flight. */
  #fill(b: ActiveBatch): void {
    while (!b.stopping && b.inFlight.size < this.#jobs && b.pending.length > 0) {
      const slot = b.pending.shift()!;
      const name = runName(b.plan, slot.point, slot.seedIndex);
      let runId: number;
      try {
        runId = this.#manager.start(runParams(b.plan, slot.point, slot.seedIndex), { name, tags: b.plan.tags });
      } catch (e) {
        this.#cannotStart(b, `${name} could not start: ${e instanceof Error ? e.message : String(e)}`);
        break;
      }
      try {
        this.#batches.linkRunSync(b.id, slot.point, slot.seedIndex, runId);
      } catch (e) {
        const why = `${name} could not be linked to batch ${b.id}: ${e instanceof Error ? e.message : String(e)}`;
        this.#manager.cancel(runId, why);
        this.#cannotStart(b, why);
        break;
      }
      b.inFlight.set(runId, slot);
      this.#manager.whenSettled(runId).then(
        (record) => this.#settled(b, runId, record),
        () => this.#settled(b, runId, null),
      );
    }
    if (b.inFlight.size === 0 && (b.pending.length === 0 || b.stopping)) return this.#end(b);
    // More runs to come: their host starts while this one runs (the process start is most of a run's overhead).
    if (!b.stopping && b.pending.length > 0) this.#manager.prewarm();
    this.#emitProgress(b);
  }

  /**
   * A run could not be made (the manager refused it, or the store its link): the batch stops as
   * interrupted with the reason, its runs in flight stopped; a resume makes what is missing.
   */
  #cannotStart(b: ActiveBatch, reason: string): void {
    b.stopping = { status: 'interrupted', reason };
    b.pending = [];
    for (const runId of [...b.inFlight.keys()]) this.#manager.cancel(runId, reason);
  }

  #settled(b: ActiveBatch, runId: number, record: RunRecord | null): void {
    const slot = b.inFlight.get(runId);
    if (!slot) return;
    b.inFlight.delete(runId);
    const status = record?.status ?? 'failed';
    if (status === 'completed' || status === 'failed') {
      b.settledPerPoint[slot.point]++;
      b.settledThisSession++;
      if (status === 'completed') b.completed++;
      else b.failed++;
    } else if (!b.stopping) b.cancelledRuns++;
    this.#fill(b);
  }

  #end(b: ActiveBatch): void {
    if (!this.#active.has(b.id)) return;
    this.#active.delete(b.id);
    let status: Exclude<BatchStatus, 'running'> = 'completed';
    const notes: string[] = [];
    if (b.stopping) {
      status = b.stopping.status;
      notes.push(b.stopping.reason);
    } else {
      const counts = this.#batches.getBatchSync(b.id).counts;
      if (counts.failed > 0) notes.push(`${counts.failed} of ${b.plan.points.length * b.plan.seeds.length} runs failed`);
      if (b.cancelledRuns > 0) notes.push(`${b.cancelledRuns} run(s) were cancelled one by one: resume the batch to make them`);
    }
    let record: BatchRecord;
    try {
      record = this.#batches.finishSync(b.id, status, notes.length > 0 ? notes.join('; ') : null);
    } catch (e) {
      console.error(`batch ${b.id}: its end could not be stored:`, e);
      record = this.#batches.getBatchSync(b.id);
    }
    this.#emitProgress(b);
    this.#emitState(record);
    b.resolve(record);
  }

  // --- what the page is told -------------------------------------------------------------------------

  #progress(b: ActiveBatch): BatchProgress {
    const total = b.plan.points.length * b.plan.seeds.length;
    const remainingRuns = b.pending.length + b.inFlight.size;
    const elapsedS = (Date.now() - b.startedAtMs) / 1000;
    let remainingS: number | null;
    if (remainingRuns === 0) remainingS = 0;
    else if (b.settledThisSession > 0) remainingS = (elapsedS / b.settledThisSession) * remainingRuns;
    else remainingS = Math.max(0, b.estimateS - elapsedS);
    let pointsDone = 0;
    for (const n of b.settledPerPoint) if (n >= b.plan.seeds.length) pointsDone++;
    return {
      batchId: b.id,
      totalRuns: total,
      totalPoints: b.plan.points.length,
      completedRuns: b.completed,
      failedRuns: b.failed,
      remainingRuns,
      pointsDone,
      current: [...b.inFlight].map(([runId, s]) => ({
        runId,
        point: s.point,
        seedIndex: s.seedIndex,
        seed: b.plan.seeds[s.seedIndex],
        values: b.plan.points[s.point].values,
      })),
      elapsedS,
      remainingS,
      stopping: b.stopping !== null,
    };
  }

  #emitProgress(b: ActiveBatch): void {
    this.#emit({ type: 'batch.progress', batchId: b.id, progress: this.#progress(b) });
  }

  #emitState(batch: BatchRecord): void {
    this.#emit({ type: 'batch.state', batchId: batch.id, state: batch.status, batch });
  }

  #emit(e: BatchEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(e);
      } catch (error) {
        console.error('batch event listener failed:', error);
      }
    }
  }
}
