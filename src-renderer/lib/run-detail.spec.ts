import { describe, expect, it, vi } from 'vitest';
import { presetParams } from '../../engine/params/presets.ts';
import { FakeTransport } from '../test-support/fake-transport.ts';
import { StudioClient } from './client.ts';
import { defaultRasterWindow, defaultStride, ratesFromCounts, RunDetailState } from './run-detail.svelte.ts';
import { record } from './test-fixtures.ts';

function tabsTransport(o: { hasVoltage: boolean }): FakeTransport {
  const params = presetParams('default');
  const window = { t0Ms: 500, t1Ms: 1500 };
  return new FakeTransport({
    'runs.get': () => ({ ok: true, value: { record: record(4, 'completed', { hasVoltage: o.hasVoltage }), params, window, summary: null, stats: null, spikeTotals: [] } }),
    'runs.spikes': () => ({ ok: true, value: { senders: new Uint32Array(), steps: new Uint32Array(), resolutionMs: 0.1, groups: [] } }),
    'runs.counts': () => ({ ok: true, value: { durationS: 1, populations: [] } }),
    'runs.activity': () => ({ ok: true, value: { id: 4, window, binMs: 1, rule: '', timesMs: new Float64Array(0), populations: [] } }),
    'runs.spectrum': () => ({ ok: true, value: { id: 4, window, populations: [] } }),
    'runs.voltages': () => ({ ok: true, value: { id: 4, window, resolutionMs: 0.1, steps: new Uint32Array(0), populations: [] } }),
    'runs.voltageDistribution': () => ({ ok: true, value: { id: 4, window, binMv: 0.5, rule: '', populations: [] } }),
    'runs.parameters': () => ({ ok: true, value: { id: 4, preset: 'default', groups: [], differences: 0 } }),
  });
}

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

  it('opens a run: detail, then spikes and counts over its windows; the slower parts wait for their tab', async () => {
    const params = presetParams('default');
    const t = new FakeTransport({
      'runs.get': () => ({ ok: true, value: { record: record(4, 'completed'), params, window: { t0Ms: 500, t1Ms: 1500 }, summary: null, stats: null, spikeTotals: [] } }),
      'runs.spikes': () => ({ ok: true, value: { senders: new Uint32Array(), steps: new Uint32Array(), resolutionMs: 0.1, groups: [] } }),
      'runs.counts': () => ({ ok: true, value: { durationS: 1, populations: [] } }),
      'runs.distributions': () => ({ ok: true, value: { id: 4, window: { t0Ms: 500, t1Ms: 1500 }, populations: [] } }),
    });
    const d = new RunDetailState(new StudioClient(t));
    await d.open(4);
    expect(t.calls.map((c) => c.method)).toEqual(['runs.get', 'runs.spikes', 'runs.counts']);
    expect(t.calls[1]!.payload).toEqual({ id: 4, t0Ms: 500, t1Ms: 1500, stride: 1 });
    expect(t.calls[2]!.payload).toEqual({ id: 4, t0Ms: 500, t1Ms: 1500 });
    expect(Object.keys(d.openTimings).sort()).toEqual(['runs.counts', 'runs.get', 'runs.spikes']);
    await d.setWindow({ t0Ms: 600, t1Ms: 700 });
    expect(t.calls.at(-1)!.payload).toEqual({ id: 4, t0Ms: 600, t1Ms: 700, stride: 1 });
    d.showTab('distributions');
    d.showTab('overview');
    d.showTab('distributions');
    await vi.waitFor(() => expect(d.distributions.value).not.toBeNull());
    expect(t.calls.filter((c) => c.method === 'runs.distributions')).toHaveLength(1);
  });

  it('each tab asks for its part once, with the analysis window and the defaults, and again when its query changes', async () => {
    const t = tabsTransport({ hasVoltage: true });
    const d = new RunDetailState(new StudioClient(t));
    await d.open(4);
    d.showTab('activity');
    d.showTab('spectra');
    d.showTab('voltage');
    d.showTab('parameters');
    d.showTab('activity');
    await vi.waitFor(() => expect(d.parameters.value).not.toBeNull());
    const asked = (m: string) => t.calls.filter((c) => c.method === m).map((c) => c.payload);
    expect(asked('runs.activity')).toEqual([{ id: 4, t0Ms: 500, t1Ms: 1500, binMs: 1 }]);
    expect(asked('runs.spectrum')).toEqual([{ id: 4, t0Ms: 500, t1Ms: 1500, binMs: 1, segmentMs: 256, overlap: 0.5 }]);
    expect(asked('runs.voltages')).toEqual([{ id: 4, t0Ms: 500, t1Ms: 1500, perPopulation: 3 }]);
    expect(asked('runs.voltageDistribution')).toEqual([{ id: 4, t0Ms: 500, t1Ms: 1500 }]);
    expect(asked('runs.parameters')).toEqual([{ id: 4 }]);
    await d.activity.load({ t0Ms: 600, t1Ms: 700, binMs: 0.5 });
    await d.voltages.load({ t0Ms: 600, t1Ms: 700, neurons: [3, 12], perPopulation: 3 });
    expect(asked('runs.activity').at(-1)).toEqual({ id: 4, t0Ms: 600, t1Ms: 700, binMs: 0.5 });
    expect(asked('runs.voltages').at(-1)).toEqual({ id: 4, t0Ms: 600, t1Ms: 700, neurons: [3, 12] });
  });

  it('a run without the voltmeter asks for no membrane potentials; opening another run starts every part afresh', async () => {
    const t = tabsTransport({ hasVoltage: false });
    const d = new RunDetailState(new StudioClient(t));
    await d.open(4);
    d.showTab('voltage');
    d.timeView = { t0Ms: 600, t1Ms: 650 };
    d.showTab('activity');
    await vi.waitFor(() => expect(d.activity.value).not.toBeNull());
    expect(t.calls.some((c) => c.method === 'runs.voltages')).toBe(false);
    await d.open(4);
    expect(d.timeView).toBeNull();
    expect(d.tab).toBe('activity');
    // The tab on show loads again for the new run.
    await vi.waitFor(() => expect(t.calls.filter((c) => c.method === 'runs.activity')).toHaveLength(2));
  });

  it('saves the notes and shows the new record; a refusal says why', async () => {
    const t = tabsTransport({ hasVoltage: false });
    t.answer('runs.setNotes', (p) => {
      const { notes } = p as { notes: string };
      return notes.length > 5 ? { ok: false, error: { code: 'bad-request', message: 'notes: too long' } } : { ok: true, value: record(4, 'completed', { notes }) };
    });
    const d = new RunDetailState(new StudioClient(t));
    await d.open(4);
    expect(await d.saveNotes('pulse')).not.toBeNull();
    expect(d.detail.value?.record.notes).toBe('pulse');
    expect(await d.saveNotes('much too long')).toBeNull();
    expect(d.notesError).toBe('runs.setNotes: notes: too long');
    expect(d.detail.value?.record.notes).toBe('pulse');
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
