/**
 * Running a batch from the command line (`npm run sweep`, `npm run simulate -- --seeds N`): the
 * plan and its estimate shown first (every point checked by the engine's validator; a bad point is
 * refused naming the parameter and the value), a confirmation above CONFIRM_ABOVE unless --yes,
 * then the runs through the run manager's queue, each in its own engine host as the app runs
 * them, stored in the run database and linked to the batch. Progress goes to stderr; Ctrl-C
 * cancels the batch (resumable with `npm run sweep -- --resume ID`).
 */
import os from 'node:os';
import { availableMemoryBytes } from '../../engine/memory.ts';
import type { Axis } from '../batches/axes.ts';
import { BatchPlanError, BatchRunner } from '../batches/batch-runner.ts';
import { confirmationReasons, estimateBatch, type BatchEstimate } from '../batches/estimate.ts';
import { describePoint, planBatch, type BatchPlan } from '../batches/plan.ts';
import type { BatchSpec } from '../batches/spec.ts';
import { sweepTableSync, type SweepTable } from '../batches/sweep-table.ts';
import type { RunEvent } from '../contract.ts';
import { nodeHostLauncher, type HostLauncher } from '../runs/launcher.ts';
import { RunManager } from '../runs/run-manager.ts';
import { BatchStore } from '../store/batch-store.ts';
import { RunStore } from '../store/run-store.ts';
import { EXIT, UsageError, type CliIo, type CommandContext } from './framework/index.ts';
import { bytes, seconds, table } from './format.ts';

export interface BatchCliOptions {
  dbFile: string;
  /** Runs at once. */
  jobs: number;
  yes: boolean;
  dryRun: boolean;
  quiet: boolean;
  /** The engine host launcher (tests); default: Node child processes. */
  launcher?: HostLauncher;
}

/** `-6, -5.5, …, -3 (7 values)`. */
function valuesText(values: readonly number[]): string {
  const shown = values.length <= 8 ? values.join(', ') : `${values.slice(0, 3).join(', ')}, …, ${values.slice(-2).join(', ')}`;
  return `${shown} (${values.length} value${values.length === 1 ? '' : 's'})`;
}

function estimateLine(e: BatchEstimate): string {
  const perRun = e.runS.min === e.runS.max ? seconds(e.runS.max) : `${seconds(e.runS.min)}–${seconds(e.runS.max)}`;
  return `${e.runs} run${e.runs === 1 ? '' : 's'}, ${e.jobs} at a time: about ${seconds(e.totalS)} (${perRun} each), peak memory ${bytes(e.peakBytes)}, disk ${bytes(e.diskBytes)}`;
}

/** The plan in words, for stderr. */
export function describePlan(plan: BatchPlan, e: BatchEstimate): string[] {
  const lines = [`${plan.kind === 'seeds' ? 'ensemble' : 'sweep'}: ${plan.name}`];
  for (const a of plan.axes) lines.push(`  ${a.path}: ${valuesText(a.values)}`);
  lines.push(`  seeds: ${valuesText(plan.seeds)}${plan.axes.length > 0 ? ', the same at every point' : ''}`);
  lines.push(`  ${estimateLine(e)}`);
  return lines;
}

/**
 * Plans `spec`, shows the plan and asks when it is large. Returns the plan to run, or null when
 * nothing is to run (--dry-run, or the answer was no). Throws UsageError for bad points.
 */
export async function planForCli(spec: BatchSpec, o: BatchCliOptions, io: CliIo): Promise<BatchPlan | null> {
  const { plan, problems, moreProblems } = planBatch(spec);
  if (problems.length > 0) throw new UsageError(new BatchPlanError(plan, problems, moreProblems).message, { usage: false });
  const cores = os.cpus().length;
  const estimate = estimateBatch(plan, { cores, jobs: o.jobs });
  if (!o.quiet || o.dryRun) for (const line of describePlan(plan, estimate)) io.err(line);
  const available = availableMemoryBytes();
  if (estimate.peakBytes > available) {
    throw new Error(`the batch needs about ${bytes(estimate.peakBytes)} at once and ${bytes(available)} are available: lower --jobs, net.N_scaling or net.K_scaling`);
  }
  if (o.dryRun) {
    io.err('dry run: nothing was run or stored');
    return null;
  }
  const reasons = confirmationReasons(estimate);
  if (reasons.length > 0 && !o.yes) {
    const answer = io.confirm(`This batch is large: ${reasons.join('; ')}. Start it? [y/N] `);
    if (answer === null) throw new UsageError(`refusing to start a large batch (${reasons.join('; ')}) without confirmation: add --yes (stdin is not a terminal)`, { usage: false });
    if (!(await answer)) {
      io.err('Not started.');
      return null;
    }
  }
  return plan;
}

function mean(s: { mean: number | null; sd: number | null }, digits: number): string {
  if (s.mean === null) return '-';
  return s.sd === null ? s.mean.toFixed(digits) : `${s.mean.toFixed(digits)}±${s.sd.toFixed(digits)}`;
}

/** The mean rates of a sweep table: one row per point, one column per population (mean ± SD over seeds, spikes/s). */
export function ratesTable(t: SweepTable): string {
  const header = [...t.axes.map((a) => a.path), 'runs', ...t.populations];
  const rows = t.points.map((p) => {
    const byName = new Map(p.populations.map((x) => [x.name, x]));
    return [
      ...p.values.map(String),
      `${p.completedRuns}/${p.runIds.length}${p.failedRuns ? ` (${p.failedRuns} failed)` : ''}`,
      ...t.populations.map((name) => {
        const row = byName.get(name);
        return row ? mean(row.stats.rate_hz, 2) : '-';
      }),
    ];
  });
  return table(header, rows);
}

type Start = { spec: BatchSpec } | { resume: number; retryFailed: boolean };

/**
 * Runs (or resumes) a batch and waits for it: progress on stderr, the mean rates of every point on
 * stdout at the end. Exit status: 0 every run completed, 1 some failed (or the batch could not go
 * on), 130 cancelled.
 */
export async function runBatchCli(what: Start, o: BatchCliOptions, ctx: CommandContext, invocation: string): Promise<number> {
  const { io } = ctx;
  // A resumed batch is in a database that exists; a new one may create it.
  const store = RunStore.openSync(o.dbFile, { create: 'spec' in what });
  const manager = new RunManager({ store, launcher: o.launcher ?? nodeHostLauncher(), concurrency: o.jobs });
  const batches = new BatchStore(store);
  const runner = new BatchRunner({ store, batches, manager, jobs: o.jobs });
  const where = new Map<number, string>();
  const startedAt = new Map<number, number>();
  let axes: Axis[] | null = null;
  let lastStatus = '';
  const stopRuns = manager.onEvent((e: RunEvent) => {
    if (e.type !== 'run.state' || o.quiet) return;
    if (e.state === 'running') startedAt.set(e.runId, performance.now());
    if (e.state === 'queued' || e.state === 'running') return;
    const took = startedAt.has(e.runId) ? ` in ${seconds((performance.now() - startedAt.get(e.runId)!) / 1000)}` : '';
    const what = where.get(e.runId) ?? e.record.name;
    if (io.isTerminal) io.status('');
    io.err(`run ${e.runId} ${e.state}${took}: ${what}${e.state === 'failed' && e.reason ? ` — ${e.reason}` : ''}`);
    // The batch's progress follows the run's end (once its promise settles): shown after the line.
    setImmediate(() => {
      if (!io.isTerminal && lastStatus) io.err(`  ${lastStatus}`);
    });
  });
  const stopBatches = runner.onEvent((e) => {
    if (e.type !== 'batch.progress' || o.quiet) return;
    const p = e.progress;
    axes ??= batches.getBatchSync(p.batchId).axes;
    for (const c of p.current) {
      if (!where.has(c.runId)) where.set(c.runId, `${axes.length > 0 ? `${describePoint(axes, c.values)}, ` : ''}seed ${c.seed}`);
    }
    const done = p.completedRuns + p.failedRuns;
    const line = `batch ${p.batchId}: ${done}/${p.totalRuns} runs, ${p.pointsDone}/${p.totalPoints} points${p.failedRuns ? `, ${p.failedRuns} failed` : ''}${p.remainingS !== null && p.remainingRuns > 0 ? `, about ${seconds(p.remainingS)} left` : ''}`;
    if (io.isTerminal) io.status(line);
    lastStatus = line;
  });
  const t0 = performance.now();
  try {
    // A new batch's spec was planned and checked by planForCli (planning again is cheap and gives the same plan).
    const batch = 'spec' in what ? runner.start(what.spec) : runner.resume(what.resume, { retryFailed: what.retryFailed });
    const toMake = runner.progress(batch.id)?.remainingRuns ?? 0;
    if (!o.quiet) io.err(`${'spec' in what ? 'started' : 'resumed'} batch ${batch.id} in ${store.path} (${toMake} run${toMake === 1 ? '' : 's'} to make)`);
    const id = batch.id;
    const onAbort = () => runner.cancel(id, typeof ctx.signal.reason === 'string' ? ctx.signal.reason : 'interrupted');
    if (ctx.signal.aborted) onAbort();
    else ctx.signal.addEventListener('abort', onAbort, { once: true });
    const end = await runner.whenDone(id);
    ctx.signal.removeEventListener('abort', onAbort);
    if (io.isTerminal) io.status('');
    const wallS = (performance.now() - t0) / 1000;
    const t = sweepTableSync(store, batches, id);
    if (t.points.some((p) => p.populations.length > 0)) io.out(ratesTable(t));
    const c = end.counts;
    io.out(`batch ${id} ${end.status}: ${c.completed} of ${end.totalRuns} runs completed${c.failed ? `, ${c.failed} failed` : ''} in ${seconds(wallS)}; stored in ${store.path}`);
    if (end.status === 'cancelled' || end.status === 'interrupted') {
      io.err(`${end.status}: ${end.reason ?? ''}; resume it with: ${invocation} --resume ${id}`);
      return end.status === 'cancelled' ? EXIT.cancelled : EXIT.failed;
    }
    if (c.failed > 0) {
      io.err(`${c.failed} run(s) failed (see: npm run runs -- batch ${id}); run them again with: ${invocation} --resume ${id} --retry-failed`);
      return EXIT.failed;
    }
    return EXIT.ok;
  } finally {
    stopRuns();
    stopBatches();
    await runner.close('the command ended');
    await manager.close('the command ended');
    batches.close();
    store.closeSync();
  }
}
