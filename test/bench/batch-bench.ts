/**
 * Batch rows of `npm run bench` (issue 14 item 7): a 3 × 3 sweep with 3 seeds at the shipped scale
 * (N = K = 0.1, 1 thread, 0.5 s + 1 s) made as the app makes it (batch runner, run manager's queue,
 * one engine host process per run, SQLite store, cached statistics), then the statistics of its 27
 * runs loaded as the sweep table (a fresh store, as a new window would).
 *
 * Overhead per run = (the batch's wall time − the engine's own build + presimulation + simulation
 * of every run) ÷ runs: process and engine-thread start, storing, statistics, scheduling. Parts:
 * the host's start (launch to 'ready'; a spare host started while the run before runs hides it),
 * the run's start in the host ('start' sent to its first progress report: the engine thread,
 * warm since the host started) and the end of a run ('done' to completed: statistics, store).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { BatchRunner } from '../../src-main/batches/batch-runner.ts';
import { sweepTableSync } from '../../src-main/batches/sweep-table.ts';
import { nodeHostLauncher, type HostLauncher } from '../../src-main/runs/launcher.ts';
import { RunManager } from '../../src-main/runs/run-manager.ts';
import { BatchStore } from '../../src-main/store/batch-store.ts';
import { RunStore } from '../../src-main/store/run-store.ts';

export interface BatchBenchResult {
  description: string;
  runs: number;
  /** Wall-clock seconds of the whole sweep (27 runs one at a time). */
  sweep_wall_s: number;
  /** Sum of the engine's own build + presimulation + simulation over the runs. */
  engine_s: number;
  overhead_s_per_run: number;
  host_start_s_mean: number;
  /** From 'start' sent to the host to its first progress report. */
  run_start_s_mean: number;
  run_end_s_mean: number;
  /** Loading the 27 runs' statistics as the sweep table, from a freshly opened store. */
  table_load_ms: number;
  database_bytes: number;
  target: { overhead_s_per_run: 0.5; sweep_s: 60; table_load_ms: 1000; met_overhead: boolean; met_sweep: boolean; met_table: boolean };
}

const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

interface HostMarks {
  launch: number;
  ready?: number;
  start?: number;
  progress?: number;
  done?: number;
}

/** Wraps a launcher to time each host: launch, 'ready', 'start' sent, first progress, 'done'. */
function timedLauncher(base: HostLauncher, marks: HostMarks[]): HostLauncher {
  return (l) => {
    const m: HostMarks = { launch: performance.now() };
    marks.push(m);
    const handle = base({
      ...l,
      message: (data) => {
        const type = (data as { type?: string } | null)?.type;
        if (type === 'ready') m.ready ??= performance.now();
        if (type === 'progress') m.progress ??= performance.now();
        if (type === 'done') m.done ??= performance.now();
        l.message(data);
      },
    });
    return {
      get pid() {
        return handle.pid;
      },
      send: (message) => {
        if (message.type === 'start') m.start ??= performance.now();
        return handle.send(message);
      },
      end: () => handle.end(),
      kill: () => handle.kill(),
    };
  };
}

export async function runBatchBench(): Promise<BatchBenchResult> {
  const dir = mkdtempSync(join(os.tmpdir(), 'mc-batch-bench-'));
  const file = join(dir, 'runs.sqlite');
  try {
    const marks: HostMarks[] = [];
    const store = RunStore.openSync(file);
    const manager = new RunManager({ store, launcher: timedLauncher(nodeHostLauncher(), marks) });
    const batches = new BatchStore(store);
    const runner = new BatchRunner({ store, batches, manager });
    const completedAt = new Map<number, number>();
    manager.onEvent((e) => {
      if (e.type === 'run.state' && e.state === 'completed') completedAt.set(e.runId, performance.now());
    });
    const t0 = performance.now();
    const batch = runner.start({
      name: 'bench: 3 × 3 sweep, 3 seeds',
      base: { preset: 'default', set: ['sim.local_num_threads=1'] },
      vary: [
        { path: 'net.g', values: [-4.5, -4, -3.5] },
        { path: 'net.bg_rate', values: [7.5, 8, 8.5] },
      ],
      seeds: { count: 3 },
    });
    const end = await runner.whenDone(batch.id);
    const wallS = (performance.now() - t0) / 1000;
    if (end.counts.completed !== end.totalRuns) throw new Error(`the bench sweep ended ${end.status} with ${end.counts.completed} of ${end.totalRuns} runs completed`);
    const slots = batches.slotsSync(batch.id);
    let engineS = 0;
    const runEnds: number[] = [];
    const used = marks.filter((m) => m.start !== undefined);
    for (const [i, s] of slots.entries()) {
      const t = store.getRunSync(s.runId!).timingsS!;
      engineS += t.build + t.presim + t.sim;
      const done = used[i]?.done;
      const completed = completedAt.get(s.runId!);
      if (done !== undefined && completed !== undefined) runEnds.push((completed - done) / 1000);
    }
    await runner.close();
    await manager.close();
    batches.close();
    store.closeSync();

    // The statistics of the 27 runs, loaded as the sweep table by a store opened afresh.
    const t1 = performance.now();
    const reader = RunStore.openSync(file);
    const readerBatches = new BatchStore(reader);
    const table = sweepTableSync(reader, readerBatches, batch.id);
    const tableMs = performance.now() - t1;
    if (table.points.some((p) => p.populations.length !== 8 || p.populations[0].stats.rate_hz.n !== 3)) throw new Error('the sweep table is incomplete');
    readerBatches.close();
    reader.closeSync();

    const overhead = (wallS - engineS) / slots.length;
    return {
      description: '3 × 3 sweep (net.g -4.5, -4, -3.5 × net.bg_rate 7.5, 8, 8.5), 3 seeds, shipped scale (N = K = 0.1), 1 thread, one run at a time',
      runs: slots.length,
      sweep_wall_s: wallS,
      engine_s: engineS,
      overhead_s_per_run: overhead,
      host_start_s_mean: mean(used.filter((m) => m.ready !== undefined).map((m) => (m.ready! - m.launch) / 1000)),
      run_start_s_mean: mean(used.filter((m) => m.progress !== undefined).map((m) => (m.progress! - m.start!) / 1000)),
      run_end_s_mean: mean(runEnds),
      table_load_ms: tableMs,
      database_bytes: statSync(file).size,
      target: {
        overhead_s_per_run: 0.5,
        sweep_s: 60,
        table_load_ms: 1000,
        met_overhead: overhead < 0.5,
        met_sweep: wallS <= 60,
        met_table: tableMs < 1000,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
