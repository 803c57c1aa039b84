/** The run manager with real engine hosts (Node child processes running engine/host/host.ts) and a real store. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINE_NAME, ENGINE_VERSION } from '../../../engine/api.ts';
import { ParamValidationError } from '../../../engine/params/validate.ts';
import { nodeHostLauncher } from '../../../src-main/runs/launcher.ts';
import { RunManager, type RunManagerOptions } from '../../../src-main/runs/run-manager.ts';
import type { RunStats } from '../../../src-main/runs/run-stats.ts';
import type { RunStore } from '../../../src-main/store/run-store.ts';
import { EventLog, isState, recordingLauncher, tempStore, tiny } from './helpers.ts';

let store: RunStore;
let cleanup: () => void;
let manager: RunManager | null = null;
let log: EventLog;

beforeEach(() => {
  ({ store, cleanup } = tempStore());
  log = new EventLog();
});

afterEach(async () => {
  await manager?.close();
  manager = null;
  cleanup();
});

function makeManager(o: Partial<RunManagerOptions> = {}): RunManager {
  manager = new RunManager({ store, launcher: nodeHostLauncher(), ...o });
  manager.onEvent(log.listener);
  return manager;
}

/** A run long enough to be caught building or simulating: ~2.5 s of build at N 0.3, K 0.5. */
const big = () => tiny('net.N_scaling=0.3', 'net.K_scaling=0.5', 'sim.t_sim=1000');

describe('RunManager with a child-process host', { timeout: 60_000 }, () => {
  it('runs a tiny network: queued, running, progress, spikes stored as they arrive, completed with stats and summary', async () => {
    const m = makeManager();
    // Read the store at each preview: the spikes are there while the run is still running.
    const whileRunning: [string, number][] = [];
    m.onEvent((e) => {
      if (e.type === 'run.spikes') whileRunning.push([store.getRunSync(e.runId).status, store.getRunSync(e.runId).spikesStored]);
    });
    const id = m.start(tiny(), { name: 'tiny', tags: ['test'] });
    expect(store.getRunSync(id).status).toBe('queued');
    const record = await m.whenSettled(id);
    expect(log.states(id)).toEqual(['queued', 'running', 'completed']);
    expect(record.status).toBe('completed');

    const progress = log.events.filter(({ e }) => e.type === 'run.progress' && e.runId === id);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.some(({ e }) => e.type === 'run.progress' && e.progress.phase === 'building')).toBe(true);

    const summary = store.getSummarySync(id)!;
    expect(record.numSpikes).toBe(summary.num_spikes);
    expect(record.spikesStored).toBe(summary.num_spikes);
    const all = store.getSpikesSync(id, { t0Ms: 0, t1Ms: 150 });
    expect(all.senders.length).toBe(summary.num_spikes);
    expect(summary.num_spikes).toBeGreaterThan(0);

    expect(record).toMatchObject({ name: 'tiny', tags: ['test'], threads: 1, seed: 55, engineName: ENGINE_NAME, engineVersion: ENGINE_VERSION, numNeurons: 1544, hasStats: true });
    expect(record.machine?.cores).toBeGreaterThan(0);
    expect(record.populations.map((p) => p.name)).toEqual(['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I']);

    const stats = store.getStatsSync(id) as RunStats;
    expect(stats.version).toBe(1);
    expect(stats.window).toEqual({ t0Ms: 50, t1Ms: 150 });
    expect(Object.keys(stats.populations)).toEqual(record.populations.map((p) => p.name));
    const windowSpikes = Object.values(stats.populations).reduce((a, p) => a + p.n_spikes, 0);
    expect(windowSpikes).toBe(stats.network.n_spikes_window);
    expect(windowSpikes).toBe(store.getSpikesSync(id, { t0Ms: 50.05, t1Ms: 150 }).senders.length);
    // The engine's rates over the window agree with the statistics.
    summary.rates_hz.forEach((r, i) => expect(stats.populations[record.populations[i].name].rate_mean_hz).toBeCloseTo(r, 9));

    expect(whileRunning.length).toBeGreaterThan(0);
    expect(whileRunning[0][0]).toBe('running');
    expect(whileRunning[0][1]).toBeGreaterThan(0);
    const preview = log.events.flatMap(({ e }) => (e.type === 'run.spikes' && e.runId === id ? [e.preview] : []));
    expect(preview.length).toBeGreaterThan(0);
    expect(preview.reduce((a, p) => a + p.totalSpikes, 0)).toBe(summary.num_spikes);
  });

  it('refuses invalid parameters with the issues, storing nothing', () => {
    const m = makeManager();
    let error: unknown;
    try {
      m.start(tiny('net.N_scaling=-2', 'sim.t_sim=0.05'), { name: 'bad' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParamValidationError);
    expect((error as ParamValidationError).issues.map((i) => i.path).sort()).toEqual(['net.N_scaling', 'sim.t_sim']);
    expect(store.listRunsSync()).toEqual([]);
    expect(log.events).toEqual([]);
  });

  it('cancels a run during network construction within a second', async () => {
    const m = makeManager();
    const id = m.start(big(), { name: 'cancel in build' });
    await log.waitFor((e) => e.type === 'run.progress' && e.runId === id && e.progress.phase === 'building');
    await new Promise((r) => setTimeout(r, 200));
    const last = log.events.filter(({ e }) => e.type === 'run.progress' && e.runId === id).at(-1)!.e;
    expect(last.type === 'run.progress' && last.progress.phase).toBe('building');
    const t0 = performance.now();
    expect(m.cancel(id)).toBe('cancelling');
    expect(m.cancel(id)).toBe('cancelling');
    const { atMs } = await log.waitFor(isState(id, 'cancelled', 'completed', 'failed'));
    expect(atMs - t0).toBeLessThan(1100);
    expect(store.getRunSync(id)).toMatchObject({ status: 'cancelled', reason: 'cancelled by the user' });
    expect(m.cancel(id)).toBe('not-active');
  });

  it('cancels a run during the simulation within a second, keeping the spikes stored so far', async () => {
    const m = makeManager();
    const id = m.start(tiny('net.N_scaling=0.05', 'sim.t_sim=20000'), { name: 'cancel in sim' });
    await log.waitFor((e) => e.type === 'run.progress' && e.runId === id && e.progress.phase === 'sim' && e.progress.tModelMs > 100);
    const t0 = performance.now();
    m.cancel(id, 'enough');
    const { atMs } = await log.waitFor(isState(id, 'cancelled', 'completed', 'failed'));
    expect(atMs - t0).toBeLessThan(1100);
    const r = store.getRunSync(id);
    expect(r).toMatchObject({ status: 'cancelled', reason: 'enough' });
    expect(r.spikesStored).toBeGreaterThan(0);
  });

  it('marks a run failed naming the signal when its host is SIGKILLed, and runs the next queued run', async () => {
    const rec = recordingLauncher(nodeHostLauncher());
    const m = makeManager({ launcher: rec.launcher });
    const a = m.start(tiny('net.N_scaling=0.05', 'sim.t_sim=20000'), { name: 'killed' });
    const b = m.start(tiny(), { name: 'after the kill' });
    await log.waitFor((e) => e.type === 'run.progress' && e.runId === a && e.progress.phase === 'sim');
    expect(store.getRunSync(b).status).toBe('queued');
    process.kill(rec.handles[0].pid!, 'SIGKILL');
    const failed = await log.waitFor(isState(a, 'failed', 'completed', 'cancelled'));
    expect(failed.e).toMatchObject({ state: 'failed', failure: 'host-exited', reason: 'the engine process exited with signal SIGKILL' });
    expect(store.getRunSync(a)).toMatchObject({ status: 'failed', reason: 'the engine process exited with signal SIGKILL' });
    expect(store.getRunSync(a).spikesStored).toBeGreaterThan(0);
    const done = await m.whenSettled(b);
    expect(done.status).toBe('completed');
    expect(done.spikesStored).toBe(done.numSpikes);
  });

  it('runs two runs started back to back one after the other', async () => {
    const m = makeManager();
    const a = m.start(tiny(), { name: 'first' });
    const b = m.start(tiny('sim.rng_seed=7'), { name: 'second' });
    expect(m.queuedIds).toEqual([a, b]);
    await Promise.all([m.whenSettled(a), m.whenSettled(b)]);
    const order = log.events.flatMap(({ e }) => (e.type === 'run.state' ? [`${e.runId === a ? 'a' : 'b'}:${e.state}`] : []));
    expect(order).toEqual(['a:queued', 'b:queued', 'a:running', 'a:completed', 'b:running', 'b:completed']);
    const runningB = log.stateAt(b, 'running')!.atMs;
    expect(log.events.some(({ e, atMs }) => e.type === 'run.progress' && e.runId === a && atMs > runningB)).toBe(false);
    expect(store.getRunSync(b).seed).toBe(7);
  });

  it('close() cancels the queued and running runs and awaits their hosts', async () => {
    const rec = recordingLauncher(nodeHostLauncher());
    const m = makeManager({ launcher: rec.launcher });
    const a = m.start(big(), { name: 'running at close' });
    const b = m.start(tiny(), { name: 'queued at close' });
    await log.waitFor((e) => e.type === 'run.progress' && e.runId === a);
    await m.close();
    manager = null;
    expect(store.getRunSync(a)).toMatchObject({ status: 'cancelled', reason: 'the app was closed' });
    expect(store.getRunSync(b)).toMatchObject({ status: 'cancelled', reason: 'the app was closed' });
    expect(() => process.kill(rec.handles[0].pid!, 0)).toThrow();
    expect(() => m.start(tiny(), { name: 'too late' })).toThrow(/closed/);
  });
});
