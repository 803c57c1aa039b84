import { describe, expect, it } from 'vitest';
import { presetParams } from '../../engine/params/presets.ts';
import { FakeTransport } from '../test-support/fake-transport.ts';
import { StudioClient } from './client.ts';
import { defaultRasterWindow, defaultStride, ratesFromCounts, RunDetailState } from './run-detail.svelte.ts';
import { record } from './test-fixtures.ts';

describe('run detail', () => {
  it('rates from counts as the engine computes them: count * 1000 / (t1 - t0)', () => {
    const rates = ratesFromCounts({ durationS: 0.3, populations: [{ pop: 0, name: 'L23E', firstId: 1, counts: new Uint32Array([0, 3, 29]) }] }, { t0Ms: 500, t1Ms: 800 });
    expect(Array.from(rates[0]!.values)).toEqual([0, (3 * 1000) / 300, (29 * 1000) / 300]);
  });

  it('defaults: the first second of the analysis window, at most 16,000 neurons', () => {
    expect(defaultRasterWindow({ t0Ms: 500, t1Ms: 10_500 })).toEqual({ t0Ms: 500, t1Ms: 1500 });
    expect(defaultRasterWindow({ t0Ms: 50, t1Ms: 250 })).toEqual({ t0Ms: 50, t1Ms: 250 });
    expect(defaultStride(7717)).toBe(1);
    expect(defaultStride(77_169)).toBe(5);
  });

  it('opens a run: detail, then spikes, counts and distributions over its windows', async () => {
    const params = presetParams('default');
    const t = new FakeTransport({
      'runs.get': () => ({ ok: true, value: { record: record(4, 'completed'), params, window: { t0Ms: 500, t1Ms: 1500 }, summary: null, stats: null, spikeTotals: [] } }),
      'runs.spikes': () => ({ ok: true, value: { senders: new Uint32Array(), steps: new Uint32Array(), resolutionMs: 0.1, groups: [] } }),
      'runs.counts': () => ({ ok: true, value: { durationS: 1, populations: [] } }),
      'runs.distributions': () => ({ ok: true, value: { id: 4, window: { t0Ms: 500, t1Ms: 1500 }, populations: [] } }),
    });
    const d = new RunDetailState(new StudioClient(t));
    await d.open(4);
    expect(t.calls.map((c) => c.method)).toEqual(['runs.get', 'runs.spikes', 'runs.counts', 'runs.distributions']);
    expect(t.calls[1]!.payload).toEqual({ id: 4, t0Ms: 500, t1Ms: 1500, stride: 1 });
    expect(t.calls[2]!.payload).toEqual({ id: 4, t0Ms: 500, t1Ms: 1500 });
    await d.setWindow({ t0Ms: 600, t1Ms: 700 });
    expect(t.calls.at(-1)!.payload).toEqual({ id: 4, t0Ms: 600, t1Ms: 700, stride: 1 });
  });

  it('only the newest spike request lands', async () => {
    const replies: ((v: unknown) => void)[] = [];
    const t = new FakeTransport({ 'runs.spikes': () => new Promise((r) => replies.push(r)) as never });
    const d = new RunDetailState(new StudioClient(t));
    d.id = 1;
    const a = d.setStride(2);
    const b = d.setStride(4);
    const win = (n: number) => ({ ok: true, value: { senders: new Uint32Array(n), steps: new Uint32Array(n), resolutionMs: 0.1, groups: [] } });
    replies[1]!(win(4));
    await b;
    replies[0]!(win(2));
    await a;
    expect(d.spikes.value?.senders.length).toBe(4);
  });

  it('a failed part says why, the others still show', async () => {
    const t = new FakeTransport({
      'runs.get': () => ({ ok: true, value: { record: record(4, 'completed'), params: presetParams('default'), window: { t0Ms: 500, t1Ms: 1500 }, summary: null, stats: null, spikeTotals: [] } }),
      'runs.spikes': () => ({ ok: false, error: { code: 'internal', message: 'disk' } }),
      'runs.counts': () => ({ ok: true, value: { durationS: 1, populations: [] } }),
      'runs.distributions': () => ({ ok: true, value: { id: 4, window: { t0Ms: 500, t1Ms: 1500 }, populations: [] } }),
    });
    const d = new RunDetailState(new StudioClient(t));
    await d.open(4);
    expect(d.spikes.error).toBe('runs.spikes: disk');
    expect(d.counts.value).not.toBeNull();
  });
});
