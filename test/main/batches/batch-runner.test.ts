/**
 * The batch runner over the run manager with hosts driven by the test: each run's parameters and
 * seed, progress, a failing point, cancel, a quit and the resume of only the missing runs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../engine/api.ts';
import { populationLayout } from '../../../engine/host/populations.ts';
import type { ParamSet } from '../../../engine/params/types.ts';
import { BatchPlanError, BatchRunner } from '../../../src-main/batches/batch-runner.ts';
import type { BatchSpec } from '../../../src-main/batches/spec.ts';
import type { BatchEvent, BatchProgress } from '../../../src-main/contract.ts';
import { RunManager } from '../../../src-main/runs/run-manager.ts';
import { BatchStore } from '../../../src-main/store/batch-store.ts';
import type { RunStore } from '../../../src-main/store/run-store.ts';
import { fakeLauncher, tempStore, tick, type FakeHost } from '../runs/helpers.ts';
import { summaryFor } from '../store/helpers.ts';

let store: RunStore;
let cleanup: () => void;
let hosts: FakeHost[];
let manager: RunManager;
let batches: BatchStore;
let runner: BatchRunner;
let events: BatchEvent[];

function open(jobs = 1): void {
  const f = fakeLauncher();
  hosts = f.hosts;
  manager = new RunManager({ store, launcher: f.launcher, concurrency: jobs });
  batches = new BatchStore(store);
  runner = new BatchRunner({ store, batches, manager, jobs, cores: 2 });
  events = [];
  runner.onEvent((e) => events.push(e));
}

async function shut(): Promise<void> {
  await runner.close();
  await manager.close();
  batches.close();
}

beforeEach(() => {
  ({ store, cleanup } = tempStore());
  open();
});

afterEach(async () => {
  await shut();
  cleanup();
});

const SPEC: BatchSpec = {
  name: 'g sweep',
  base: { set: ['net.N_scaling=0.02', 'sim.t_presim=50', 'sim.t_sim=100'] },
  vary: [{ path: 'net.g', values: [-4, -5] }],
  seeds: { count: 2, first: 10 },
};

/** The engine's summary of a run of `params` that recorded no spikes. */
function summary(params: ParamSet): RunSummary {
  return { ...summaryFor(populationLayout(params), 0), seed: params.sim.rng_seed, threads: 1 };
}

const readied = new Set<FakeHost>();

/**
 * Waits for host `index` (hosts start in the order of the runs that take them: a spare host
 * started while a run runs is the next run's), answers 'ready' and waits for its run.
 */
async function nextHost(index: number): Promise<{ host: FakeHost; runId: number; params: ParamSet }> {
  for (let i = 0; i < 200 && hosts.length <= index; i++) await tick(1);
  const host = hosts[index];
  if (!host) throw new Error(`no host ${index} was launched`);
  if (!readied.has(host)) {
    readied.add(host);
    host.ready();
  }
  for (let i = 0; i < 200 && !host.received.some((m) => m.type === 'start'); i++) await tick(1);
  const start = host.received.find((m) => m.type === 'start');
  if (start?.type !== 'start') throw new Error(`host ${index} got no run`);
  return { host, runId: start.runId, params: start.params as ParamSet };
}

/** Hosts that got a run. */
const started = (): number => hosts.filter((h) => h.received.some((m) => m.type === 'start')).length;

async function complete(index: number): Promise<{ runId: number; params: ParamSet }> {
  const { host, runId, params } = await nextHost(index);
  host.say({ type: 'done', runId, outcome: { params, summary: summary(params) } });
  return { runId, params };
}

const progressOf = (id: number): BatchProgress[] => events.flatMap((e) => (e.type === 'batch.progress' && e.batchId === id ? [e.progress] : []));
const statesOf = (id: number): string[] => events.flatMap((e) => (e.type === 'batch.state' && e.batchId === id ? [e.state] : []));

describe('BatchRunner', () => {
  it("makes every point's runs one by one through the manager, with the point's value and the seeds, and reports progress", async () => {
    const batch = runner.start(SPEC);
    expect(batch).toMatchObject({ status: 'running', totalRuns: 4, seeds: [10, 11] });
    const first = progressOf(batch.id).at(-1)!;
    expect(first).toMatchObject({ totalRuns: 4, totalPoints: 2, completedRuns: 0, remainingRuns: 4, pointsDone: 0 });
    expect(first.current).toHaveLength(1);
    expect(first.current[0]).toMatchObject({ point: 0, seedIndex: 0, seed: 10, values: [-4] });
    // Before a run has ended, time left is the estimate.
    expect(first.remainingS).toBeGreaterThan(0);
    const made: [number, number][] = [];
    for (let i = 0; i < 4; i++) {
      const { host, runId, params } = await nextHost(i);
      // One run of the batch in flight at a time; while runs are to come, the next one's host is started (a spare, without a run).
      expect(started()).toBe(i + 1);
      expect(hosts).toHaveLength(Math.min(i + 2, 4));
      host.say({ type: 'done', runId, outcome: { params, summary: summary(params) } });
      made.push([params.net.g, params.sim.rng_seed]);
      expect(store.getRunSync(runId).name).toBe(`g sweep · net.g = ${params.net.g} · seed ${params.sim.rng_seed}`);
      await tick();
    }
    expect(made).toEqual([[-4, 10], [-4, 11], [-5, 10], [-5, 11]]);
    const end = await runner.whenDone(batch.id);
    expect(end).toMatchObject({ status: 'completed', reason: null, counts: { completed: 4, missing: 0 } });
    expect(statesOf(batch.id)).toEqual(['running', 'completed']);
    const p = progressOf(batch.id);
    expect(p.map((x) => x.completedRuns)).toEqual(expect.arrayContaining([0, 1, 2, 3, 4]));
    expect(p.map((x) => x.pointsDone)).toEqual(expect.arrayContaining([0, 1, 2]));
    expect(p.at(-1)).toMatchObject({ completedRuns: 4, remainingRuns: 0, remainingS: 0, current: [] });
    expect(runner.activeIds).toEqual([]);
    expect(batches.listEnsemblesSync({ batchId: batch.id }).map((e) => e.runIds.length)).toEqual([2, 2]);
  });

  it('refuses a plan with a bad point before storing anything, naming the parameter and the value', () => {
    let error: unknown;
    try {
      runner.start({ ...SPEC, vary: [{ path: 'net.N_scaling', values: [0.02, -1] }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BatchPlanError);
    expect((error as Error).message).toBe(
      'the batch cannot run: 1 invalid parameter:\n  - point 1 (net.N_scaling = -1): net.N_scaling = -1: must be a scaling factor in (0, 10]',
    );
    expect(batches.listBatchesSync()).toEqual([]);
    expect(store.listRunsSync()).toEqual([]);
  });

  it('goes on past a failing run, which keeps its reason; the batch completes and says how many failed', async () => {
    const batch = runner.start(SPEC);
    await complete(0);
    const { host, runId } = await nextHost(1);
    host.say({ type: 'failed', runId, kind: 'engine-error', reason: 'the engine threw: out of luck' });
    await complete(2);
    await complete(3);
    const end = await runner.whenDone(batch.id);
    expect(end).toMatchObject({ status: 'completed', reason: '1 of 4 runs failed', counts: { completed: 3, failed: 1, missing: 0 } });
    expect(store.getRunSync(runId)).toMatchObject({ status: 'failed', reason: 'the engine threw: out of luck' });
    expect(batches.slotsSync(batch.id)[1]).toMatchObject({ status: 'failed', reason: 'the engine threw: out of luck' });
    expect(progressOf(batch.id).at(-1)).toMatchObject({ completedRuns: 3, failedRuns: 1, pointsDone: 2 });
  });

  it('cancels the whole batch: the running run is stopped and nothing more starts', async () => {
    const batch = runner.start(SPEC);
    await complete(0);
    const { runId } = await nextHost(1);
    expect(runner.cancel(batch.id, 'enough')).toBe('cancelling');
    expect(runner.cancel(batch.id)).toBe('cancelling');
    const end = await runner.whenDone(batch.id);
    expect(end).toMatchObject({ status: 'cancelled', reason: 'enough', counts: { completed: 1, cancelled: 1, missing: 2 } });
    expect(store.getRunSync(runId)).toMatchObject({ status: 'cancelled', reason: 'enough' });
    await tick(20);
    expect(started()).toBe(2);
    expect(store.listRunsSync()).toHaveLength(2);
    expect(runner.cancel(batch.id)).toBe('not-active');
  });

  it('with two jobs, keeps two runs of the batch in flight', async () => {
    await shut();
    open(2);
    const batch = runner.start(SPEC);
    await tick(5);
    expect(progressOf(batch.id).at(-1)!.current.map((c) => [c.point, c.seedIndex])).toEqual([[0, 0], [0, 1]]);
    await nextHost(0);
    await nextHost(1);
    expect(started()).toBe(2);
    expect(store.listRunsSync({ status: 'running' })).toHaveLength(2);
    await complete(1);
    await complete(2);
    expect(started()).toBe(3);
    await complete(0);
    await complete(3);
    expect((await runner.whenDone(batch.id)).counts.completed).toBe(4);
  });

  it('stops as interrupted when the app quits, and at the next start makes only the missing runs', async () => {
    const batch = runner.start(SPEC);
    const done0 = await complete(0);
    await nextHost(1); // running when the app quits
    await shut();
    expect(batches.getBatchSync(batch.id)).toMatchObject({ status: 'interrupted', reason: 'the app was closed', counts: { completed: 1, cancelled: 1, missing: 2 } });
    const quitRun = batches.slotsSync(batch.id)[1].runId!;

    open(); // the next start
    expect(runner.resumeInterrupted()).toEqual([batch.id]);
    expect(statesOf(batch.id)).toEqual(['running']);
    const redone = [await complete(0), await complete(1), await complete(2)];
    expect(redone.map((r) => [r.params.net.g, r.params.sim.rng_seed])).toEqual([[-4, 11], [-5, 10], [-5, 11]]);
    const end = await runner.whenDone(batch.id);
    expect(end).toMatchObject({ status: 'completed', counts: { completed: 4, cancelled: 0, missing: 0 } });
    // The completed run is kept; the run the quit cut is replaced (deleted).
    expect(batches.slotsSync(batch.id).map((s) => s.runId)).toEqual([done0.runId, ...redone.map((r) => r.runId)]);
    expect(() => store.getRunSync(quitRun)).toThrow(/no run with id/);
    expect(started()).toBe(3);
  });

  it('resumes a cancelled batch by hand, and its failed runs only when asked', async () => {
    const batch = runner.start(SPEC);
    const { host, runId: failedId } = await nextHost(0);
    host.say({ type: 'failed', runId: failedId, kind: 'engine-error', reason: 'boom' });
    await nextHost(1);
    runner.cancel(batch.id);
    await runner.whenDone(batch.id);
    expect(() => runner.resume(batch.id + 1)).toThrow(/no batch with id/);

    runner.resume(batch.id);
    expect(() => runner.resume(batch.id)).toThrow(/is running/);
    const again = [await complete(2), await complete(3), await complete(4)];
    expect(again.map((r) => [r.params.net.g, r.params.sim.rng_seed])).toEqual([[-4, 11], [-5, 10], [-5, 11]]);
    expect(await runner.whenDone(batch.id)).toMatchObject({ status: 'completed', reason: '1 of 4 runs failed', counts: { failed: 1, completed: 3 } });

    runner.resume(batch.id, { retryFailed: true });
    const retried = await complete(5);
    expect([retried.params.net.g, retried.params.sim.rng_seed]).toEqual([-4, 10]);
    expect(await runner.whenDone(batch.id)).toMatchObject({ status: 'completed', reason: null, counts: { failed: 0, completed: 4 } });
    // A batch with nothing missing is completed at once when resumed.
    expect(runner.resume(batch.id)).toMatchObject({ status: 'completed', counts: { completed: 4 } });
    expect(statesOf(batch.id).slice(-2)).toEqual(['running', 'completed']);
    expect(started()).toBe(6);
  });

  it('stops as interrupted, with the reason, when a run cannot be started; a resume makes what is missing', async () => {
    const batch = runner.start(SPEC);
    await complete(0);
    await nextHost(1);
    // The manager closes under the batch: its run is cancelled, and the next cannot start.
    await manager.close('gone');
    const end = await runner.whenDone(batch.id);
    expect(end.status).toBe('interrupted');
    expect(end.reason).toBe('g sweep · net.g = -5 · seed 10 could not start: the run manager is closed');
    expect(end.counts).toMatchObject({ completed: 1, cancelled: 1, missing: 2 });
  });

  it('cancels an interrupted batch so that the next start does not resume it', async () => {
    const batch = runner.start(SPEC);
    await nextHost(0);
    await shut();
    open();
    expect(runner.cancel(batch.id, 'not wanted')).toBe('cancelled');
    expect(batches.getBatchSync(batch.id)).toMatchObject({ status: 'cancelled', reason: 'not wanted' });
    expect(runner.resumeInterrupted()).toEqual([]);
  });
});
