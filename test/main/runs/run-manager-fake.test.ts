/** The run manager's rules with hosts driven by the test: queue and concurrency, cancel and kill, every way a host can fail. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SpikeChunk } from '../../../engine/api.ts';
import { RunManager, type RunManagerOptions } from '../../../src-main/runs/run-manager.ts';
import type { RunStore } from '../../../src-main/store/run-store.ts';
import { EventLog, tinyLayout, fakeLauncher, fakeManager, fakeSummary, isState, tempStore, tick, tiny, type FakeHost } from './helpers.ts';

const { params, pops } = tinyLayout();
let store: RunStore;
let cleanup: () => void;
let log: EventLog;
let hosts: FakeHost[];
let manager: RunManager;

beforeEach(() => {
  ({ store, cleanup } = tempStore());
  log = new EventLog();
});

afterEach(async () => {
  await manager.close();
  cleanup();
});

function makeManager(o: Partial<RunManagerOptions> = {}): RunManager {
  ({ manager, hosts } = fakeManager(store, log, o));
  return manager;
}

const chunk = (fromStep: number, toStep: number, senders: number[], steps: number[]): SpikeChunk => ({
  fromStep,
  toStep,
  senders: Uint32Array.from(senders),
  steps: Uint32Array.from(steps),
});

/** Starts a run and brings its fake host to 'running' (ready answered with start). */
async function running(m: RunManager, name = 'run'): Promise<{ id: number; host: FakeHost }> {
  const id = m.start(params, { name });
  await tick();
  const host = hosts.at(-1)!;
  host.ready();
  return { id, host };
}

describe('RunManager rules (fake hosts)', () => {
  it("sends 'start' with the validated parameters after 'ready', and completes on 'done'", async () => {
    const m = makeManager();
    const { id, host } = await running(m);
    expect(host.received).toEqual([{ type: 'start', runId: id, params }]);
    host.say({ type: 'spikes', runId: id, chunk: chunk(0, 500, [1, 500, 1544], [10, 20, 500]) });
    host.say({ type: 'done', runId: id, outcome: { params, summary: fakeSummary(pops, 3) } });
    expect(store.getRunSync(id)).toMatchObject({ status: 'completed', numSpikes: 3, spikesStored: 3 });
    expect(host.ended).toBe(true);
  });

  it('runs up to `concurrency` runs at once, the rest in order as slots free', async () => {
    const m = makeManager({ concurrency: 2 });
    const ids = [1, 2, 3].map((i) => m.start(params, { name: `r${i}` }));
    await tick();
    expect(hosts).toHaveLength(2);
    expect(m.runningIds).toEqual(ids.slice(0, 2));
    expect(m.queuedIds).toEqual([ids[2]]);
    hosts[1].ready();
    hosts[1].say({ type: 'done', runId: ids[1], outcome: { params, summary: fakeSummary(pops, 0) } });
    expect(hosts).toHaveLength(3);
    expect(m.runningIds).toEqual([ids[0], ids[2]]);
    expect(() => new RunManager({ store, launcher: () => hosts[0], concurrency: 0 })).toThrow(/concurrency/);
  });

  it('cancels a queued run at once, without a host', async () => {
    const m = makeManager();
    const { id: a } = await running(m, 'a');
    const b = m.start(params, { name: 'b' });
    expect(m.cancel(b)).toBe('cancelled');
    expect(store.getRunSync(b)).toMatchObject({ status: 'cancelled', reason: 'cancelled by the user' });
    expect(log.states(b)).toEqual(['queued', 'cancelled']);
    expect(hosts).toHaveLength(1);
    expect(m.queuedIds).toEqual([]);
    expect(m.cancel(12345)).toBe('not-active');
    expect(m.runningIds).toEqual([a]);
  });

  it("cancels a run whose host has not said 'ready': killed at once, never started", async () => {
    const m = makeManager();
    const id = m.start(params, { name: 'early' });
    await tick();
    expect(m.cancel(id, 'changed my mind')).toBe('cancelled');
    expect(hosts[0].killed).toBe(true);
    expect(hosts[0].received).toEqual([]);
    expect(store.getRunSync(id)).toMatchObject({ status: 'cancelled', reason: 'changed my mind' });
  });

  it("records the host's 'cancelled' with the reason given to cancel()", async () => {
    const m = makeManager();
    const { id, host } = await running(m);
    m.cancel(id, 'by the test');
    expect(host.received.at(-1)).toEqual({ type: 'cancel', reason: 'by the test' });
    const e = (await log.waitFor(isState(id, 'cancelled'))).e;
    // The event goes to the page as it is: the reason, and no keys for what is not known.
    expect(Object.keys(e).sort()).toEqual(['reason', 'record', 'runId', 'state', 'type']);
    expect(e).toMatchObject({ type: 'run.state', state: 'cancelled', reason: 'by the test' });
    expect(store.getRunSync(id)).toMatchObject({ status: 'cancelled', reason: 'by the test' });
    expect(host.killed).toBe(false);
    expect(host.ended).toBe(true);
  });

  it('kills (SIGKILL) a host that has not stopped 1 s after a cancel and marks the run cancelled with the reason', async () => {
    const m = makeManager();
    const { id, host } = await running(m);
    host.obeyCancel = false;
    const t0 = performance.now();
    m.cancel(id);
    await tick(900);
    expect(host.killed).toBe(false);
    const { atMs } = await log.waitFor(isState(id, 'cancelled'));
    expect(atMs - t0).toBeGreaterThanOrEqual(990);
    expect(atMs - t0).toBeLessThan(1500);
    expect(host.killed).toBe(true);
    expect(store.getRunSync(id).reason).toBe('cancelled by the user (the engine did not stop within 1000 ms and was killed)');
  });

  it('fails the run when the host sends garbage, kills it, and goes on with the next run', async () => {
    const m = makeManager();
    const { id, host } = await running(m, 'a');
    const b = m.start(params, { name: 'b' });
    host.say({ type: 'spikes', runId: id, chunk: { fromStep: 0, toStep: 1, senders: [1], steps: [1] } });
    const e = (await log.waitFor(isState(id, 'failed'))).e;
    expect(e).toMatchObject({ failure: 'bad-message', reason: expect.stringMatching(/^the engine process sent an invalid message: chunk.senders = an array/) });
    expect(host.killed).toBe(true);
    expect(m.runningIds).toEqual([b]);
  });

  it('fails the run on a message about another run, or a second ready', async () => {
    const m = makeManager();
    const a = await running(m, 'a');
    a.host.say({ type: 'progress', runId: a.id + 100, progress: { phase: 'sim', phaseFraction: 0, tModelMs: 0, tTotalMs: 1, wallS: 0, spikesSoFar: 0, realTimeFactor: 1, recentRatesHz: [] } });
    expect(store.getRunSync(a.id).reason).toMatch(/a 'progress' message for run \d+/);
    const b = await running(m, 'b');
    b.host.ready();
    expect(store.getRunSync(b.id).reason).toMatch(/a second 'ready'/);
  });

  it("records the host's failure with its kind and the validation issues", async () => {
    const m = makeManager();
    const { id, host } = await running(m);
    const issues = [{ path: 'net.g', value: 'x', message: 'must be a number' }];
    host.say({ type: 'failed', runId: id, kind: 'invalid-params', reason: '1 invalid parameter', issues });
    const e = (await log.waitFor(isState(id, 'failed'))).e;
    expect(e).toMatchObject({ failure: 'invalid-params', reason: '1 invalid parameter', issues });
  });

  it('reports a host that crashed before it got the run', async () => {
    const m = makeManager();
    const id = m.start(params, { name: 'crash' });
    await tick();
    hosts[0].say({ type: 'failed', runId: null, kind: 'crash', reason: 'the engine process crashed: SyntaxError' });
    expect(store.getRunSync(id)).toMatchObject({ status: 'failed', reason: 'the engine process crashed: SyntaxError' });
  });

  it('names the exit code and the last output of a host that exits without a word', async () => {
    const m = makeManager();
    const { id, host } = await running(m);
    host.output('starting\nFATAL ERROR: Reached heap limit Allocation failed\n');
    host.exit({ code: 134, signal: null });
    const e = (await log.waitFor(isState(id, 'failed'))).e;
    expect(e).toMatchObject({
      failure: 'host-exited',
      reason: 'the engine process exited with code 134 (its last output: FATAL ERROR: Reached heap limit Allocation failed)',
    });
    expect(log.events.some(({ e }) => e.type === 'run.log' && e.line === 'engine output: starting')).toBe(true);
  });

  it("fails a run whose host does not say 'ready' in time, or cannot be launched, and goes on", async () => {
    const m = makeManager({ readyTimeoutMs: 50 });
    const id = m.start(params, { name: 'slow' });
    const e = (await log.waitFor(isState(id, 'failed'))).e;
    expect(e).toMatchObject({ failure: 'launch-failed', reason: 'the engine process did not start within 0.05 s' });
    expect(hosts[0].killed).toBe(true);

    let calls = 0;
    const flaky = new RunManager({
      store,
      launcher: (l) => {
        if (calls++ === 0) throw new Error('spawn EACCES');
        const h = fakeLauncher().launcher(l);
        queueMicrotask(() => (h as FakeHost).ready());
        return h;
      },
    });
    flaky.onEvent(log.listener);
    const a = flaky.start(params, { name: 'a' });
    const b = flaky.start(params, { name: 'b' });
    expect((await flaky.whenSettled(a)).reason).toBe('the engine process could not be started: spawn EACCES');
    await log.waitFor(isState(b, 'running'));
    await flaky.close();
    expect(store.getRunSync(b).status).toBe('cancelled');
  });

  it('fails the run when the store refuses a chunk, or the completion', async () => {
    const m = makeManager();
    const a = await running(m, 'a');
    a.host.say({ type: 'spikes', runId: a.id, chunk: chunk(0, 500, [99_999], [3]) });
    expect(store.getRunSync(a.id)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^the spikes could not be stored: spike chunk refused: sender 99999/) });
    expect(a.host.killed).toBe(true);

    const b = await running(m, 'b');
    b.host.say({ type: 'spikes', runId: b.id, chunk: chunk(0, 500, [1, 2], [3, 4]) });
    b.host.say({ type: 'done', runId: b.id, outcome: { params, summary: fakeSummary(pops, 5) } });
    const e = (await log.waitFor(isState(b.id, 'failed'))).e;
    expect(e).toMatchObject({ failure: 'store-error', reason: expect.stringMatching(/^the run could not be completed: cannot complete run \d+: 2 spikes are stored, but the engine reported 5/) });
  });

  it('stores the statistics of a window that is not a whole number of the analysis bins (t_sim = 105 ms)', async () => {
    const m = makeManager();
    const odd = tiny('sim.t_sim=105');
    const id = m.start(odd, { name: 'odd window' });
    await tick();
    hosts[0].ready();
    hosts[0].say({ type: 'done', runId: id, outcome: { params: odd, summary: fakeSummary(pops, 0) } });
    expect(store.getRunSync(id)).toMatchObject({ status: 'completed', hasStats: true });
    expect(log.events.some(({ e }) => e.type === 'run.log' && /^no statistics stored/.test(e.line))).toBe(false);
  });

  it('completes without statistics when they cannot be computed, and says why', async () => {
    const m = makeManager();
    const id = m.start(params, { name: 'unreadable spikes' });
    await tick();
    hosts[0].ready();
    // The analysis reads the spikes back from the store: make that read fail.
    store.getSpikesSync = () => {
      throw new Error('disk read error');
    };
    hosts[0].say({ type: 'done', runId: id, outcome: { params, summary: fakeSummary(pops, 0) } });
    expect(store.getRunSync(id)).toMatchObject({ status: 'completed', hasStats: false });
    expect(log.events.some(({ e }) => e.type === 'run.log' && /^no statistics stored: the statistics could not be computed: disk read error/.test(e.line))).toBe(true);
  });

  it('stores voltage chunks as they arrive', async () => {
    const m = makeManager();
    const { id, host } = await running(m);
    host.say({ type: 'voltage', runId: id, chunk: { steps: Uint32Array.from([10, 20]), senders: Uint32Array.from([1, 2]), vMv: Float32Array.from([-65, -64, -63, -62]) } });
    expect(Array.from(store.getVoltageSync(id)!.vMv)).toEqual([-65, -64, -63, -62]);
  });

  it('keeps telling the other listeners when one throws', async () => {
    const m = makeManager();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...a: unknown[]) => errors.push(a);
    try {
      const off = m.onEvent(() => {
        throw new Error('listener bug');
      });
      const id = m.start(params, { name: 'x' });
      off();
      expect(log.states(id)).toEqual(['queued']);
      expect(errors).toHaveLength(1);
    } finally {
      console.error = original;
    }
  });
});
