import { describe, expect, it } from 'vitest';
import { presetParams } from '../../engine/params/presets.ts';
import { FakeTransport } from '../test-support/fake-transport.ts';
import { StudioClient } from './client.ts';
import { LiveRun } from './live-run.svelte.ts';
import { progressEvent, record, stateEvent } from './test-fixtures.ts';

/** A scheduler the spec runs by hand (one "frame" per flush()). */
function manualFrames(): { schedule: (fn: () => void) => void; flush: () => number } {
  let queue: (() => void)[] = [];
  return {
    schedule: (fn) => void queue.push(fn),
    flush: () => {
      const q = queue;
      queue = [];
      q.forEach((f) => f());
      return q.length;
    },
  };
}

describe('LiveRun', () => {
  it('follows the run it started: state, progress and spikes, at most one update per frame', async () => {
    const frames = manualFrames();
    const t = new FakeTransport({ 'runs.start': () => ({ ok: true, value: record(5, 'queued') }) });
    const live = new LiveRun(new StudioClient(t), frames.schedule);
    await live.start(presetParams('default'), 'first');
    expect(live.record?.status).toBe('queued');
    live.handle(stateEvent(record(5, 'running')));
    for (let i = 1; i <= 20; i++) live.handle(progressEvent(5, 'sim', i * 10, i * 0.1));
    live.handle({ type: 'run.spikes', runId: 5, preview: { fromStep: 0, toStep: 100, senders: new Uint32Array([3]), steps: new Uint32Array([50]), stride: 1, totalSpikes: 1 } });
    expect(live.progress).toBeNull(); // not before the frame
    expect(frames.flush()).toBe(1); // twenty reports and a preview: one frame
    expect(live.progress?.tModelMs).toBe(200);
    expect(live.rates).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(live.spikes?.senders ?? [])).toEqual([3]);
    expect(live.active).toBe(true);
  });

  it('the live activity counts every preview spike (weighted by its stride) in bins of the chosen width, once per frame', async () => {
    const frames = manualFrames();
    const t = new FakeTransport({ 'runs.start': () => ({ ok: true, value: record(5, 'running') }) });
    const live = new LiveRun(new StudioClient(t), frames.schedule);
    await live.start(presetParams('default'), 'first');
    // L23E has neurons 1..100 (test fixture): 2 spikes in (0, 2] ms from all neurons = 2 / (100 · 2 ms) = 10 spikes/s.
    live.handle({ type: 'run.spikes', runId: 5, preview: { fromStep: 0, toStep: 20, senders: new Uint32Array([1, 2]), steps: new Uint32Array([5, 15]), stride: 1, totalSpikes: 2 } });
    expect(live.activity).toBeNull();
    frames.flush();
    expect(live.activityBinMs).toBe(2);
    expect(Array.from(live.activity!.x)).toEqual([1]);
    expect(live.activity!.ratesHz[0]![0]).toBeCloseTo(10, 9);
    // Every 2nd neuron kept: each spike stands for two.
    live.handle({ type: 'run.spikes', runId: 5, preview: { fromStep: 20, toStep: 40, senders: new Uint32Array([3]), steps: new Uint32Array([25]), stride: 2, totalSpikes: 2 } });
    frames.flush();
    expect(live.activity!.ratesHz[0]![1]).toBeCloseTo(10, 9);
    expect(live.activityStride).toBe(2);
    live.setActivityBin(1);
    expect(Array.from(live.activity!.x)).toEqual([0.5, 1.5, 2.5, 3.5]);
    expect(live.activityBinChoices).toEqual([0.5, 1, 2, 5, 10, 20]);
    live.handle(stateEvent(record(5, 'completed')));
    live.dismiss();
    expect(live.activity).toBeNull();
  });

  it('the final report keeps the speed and rates of the simulation, not of its tail', async () => {
    const t = new FakeTransport({ 'runs.start': () => ({ ok: true, value: record(5, 'running') }) });
    const live = new LiveRun(new StudioClient(t), (fn) => fn());
    await live.start(presetParams('default'), 'x');
    live.handle(progressEvent(5, 'sim', 240, 2));
    live.handle({ type: 'run.progress', runId: 5, progress: { phase: 'done', phaseFraction: 1, tModelMs: 250, tTotalMs: 250, wallS: 2.1, spikesSoFar: 130, realTimeFactor: 0.2, recentRatesHz: [90, 90, 90, 90, 90, 90, 90, 90] } });
    expect(live.progress).toMatchObject({ phase: 'done', tModelMs: 250, realTimeFactor: 12, recentRatesHz: [1, 2, 3, 4, 5, 6, 7, 8] });
  });

  it('ignores events of other runs while its own is active', async () => {
    const t = new FakeTransport({ 'runs.start': () => ({ ok: true, value: record(5, 'queued') }) });
    const live = new LiveRun(new StudioClient(t), () => {});
    await live.start(presetParams('default'), 'x');
    live.handle(stateEvent(record(6, 'queued')));
    live.handle(stateEvent(record(6, 'running')));
    expect(live.runId).toBe(5);
  });

  it('a state event that overtakes the start reply is not lost', async () => {
    let resolve!: (v: unknown) => void;
    const t = new FakeTransport({ 'runs.start': () => new Promise((r) => (resolve = r)) as never });
    const live = new LiveRun(new StudioClient(t), () => {});
    const started = live.start(presetParams('default'), 'x');
    live.handle(stateEvent(record(7, 'queued')));
    live.handle(stateEvent(record(7, 'running')));
    resolve({ ok: true, value: record(7, 'queued') });
    await started;
    expect(live.record?.status).toBe('running');
  });

  it('keeps the reason of a failure and of a cancellation', async () => {
    const t = new FakeTransport({ 'runs.start': () => ({ ok: true, value: record(8, 'queued') }) });
    const live = new LiveRun(new StudioClient(t), () => {});
    await live.start(presetParams('default'), 'x');
    live.handle(stateEvent(record(8, 'failed', { reason: 'out of memory' }), { reason: 'out of memory', failure: 'out-of-memory-guard' }));
    expect(live.failure).toEqual({ reason: 'out of memory', kind: 'out-of-memory-guard', issues: undefined });
    expect(live.active).toBe(false);
  });

  it('a refused start keeps every issue and follows nothing', async () => {
    const issues = [{ path: 'net.N_scaling', value: -1, message: 'must be a scaling factor in (0, 10]' }];
    const t = new FakeTransport({ 'runs.start': () => ({ ok: false, error: { code: 'bad-request', message: '1 invalid parameter', issues } }) });
    const live = new LiveRun(new StudioClient(t), () => {});
    expect(await live.start(presetParams('default'), 'x')).toBeNull();
    expect(live.startError?.issues).toEqual(issues);
    expect(live.record).toBeNull();
  });

  it('cancel asks the services with the reason; a failed cancel is shown', async () => {
    const t = new FakeTransport({
      'runs.start': () => ({ ok: true, value: record(9, 'running') }),
      'runs.cancel': () => ({ ok: false, error: { code: 'internal', message: 'engine gone' } }),
    });
    const live = new LiveRun(new StudioClient(t), () => {});
    await live.start(presetParams('default'), 'x');
    await live.cancel();
    expect(t.calls.at(-1)).toEqual({ method: 'runs.cancel', payload: { id: 9, reason: 'cancelled by the user' } });
    expect(live.actionError).toBe('runs.cancel: engine gone');
  });

  it('adopts a run found running when the page opened, and follows another window’s new run when idle', () => {
    const live = new LiveRun(new StudioClient(new FakeTransport({})), () => {});
    live.adopt(record(3, 'running'));
    expect(live.runId).toBe(3);
    live.handle(stateEvent(record(3, 'completed')));
    live.handle(stateEvent(record(4, 'queued')));
    expect(live.runId).toBe(4);
  });
});
