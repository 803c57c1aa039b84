// Issue 15's requests through the dispatcher, as both transports call them, on a database of runs
// written with known spikes and voltages: activity (against a hand count), spectra, voltages and
// their distribution, the grouped parameters, notes and the text search, the zip archive — and bad
// input, answered bad-request with the field, the value and the bound.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpikeChunk } from '../../../engine/api.ts';
import { boxplotStats } from '../../../engine/analysis/descriptive.ts';
import { GROUPS } from '../../../engine/params/field-specs.ts';
import { defaultParams } from '../../../engine/params/presets.ts';
import { MAX_NOTES_LENGTH, MAX_VOLTAGE_VALUES } from '../../../src-main/common/limits.ts';
import { createServices, type StudioServices } from '../../../src-main/services/services.ts';
import { dispatcher } from './harness.ts';
import { RunStore } from '../../../src-main/store/run-store.ts';
import { readZip } from '../interop/zip-reader.ts';
import { removeDir, tempDir, writeRun } from '../store/helpers.ts';

let dir: string;
let services: StudioServices;
const ids = { spikes: 0, voltage: 0, silent: 0 };
const POPS = [
  { name: 'L23E', firstId: 1, lastId: 4 },
  { name: 'L23I', firstId: 5, lastId: 6 },
];

const { call, refusal } = dispatcher(() => services, 'ipc');

/** Spikes (node id, step) in time order, as one chunk. */
function chunk(spikes: [number, number][], toStep: number): SpikeChunk {
  const sorted = [...spikes].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  return { fromStep: 0, toStep, senders: Uint32Array.from(sorted, (s) => s[0]), steps: Uint32Array.from(sorted, (s) => s[1]) };
}

beforeAll(() => {
  dir = tempDir('mcs-series-');
  const store = RunStore.openSync(path.join(dir, 'runs.sqlite'));
  const params = defaultParams();
  params.sim.t_presim = 0;
  params.sim.t_sim = 10;
  // Window (0, 10] ms at h = 0.1 ms. L23E (4 neurons): steps 5, 10, 20 -> (0,1] twice... see the hand count below.
  const spikes: [number, number][] = [
    [1, 5],
    [2, 10],
    [3, 15],
    [1, 21],
    [4, 40],
    [5, 10],
    [6, 55],
    [5, 99],
    [6, 100],
  ];
  ids.spikes = writeRun(store, POPS, [chunk(spikes, 100)], { name: 'hand count', params, tags: ['fig2'] }).id;

  const vParams = defaultParams();
  vParams.sim.t_presim = 0;
  vParams.sim.t_sim = 10;
  vParams.sim.rec_dev = ['spike_recorder', 'voltmeter'];
  const v = writeRun(store, POPS, [chunk([], 100)], { name: 'voltages', params: vParams, end: 'running' });
  const senders = Uint32Array.of(1, 2, 3, 4, 5, 6);
  // Samples every 1 ms (steps 10, 20, ..., 100); V of neuron n at sample k: -70 + n + k / 10.
  const steps = Uint32Array.from({ length: 10 }, (_, k) => 10 * (k + 1));
  const vMv = Float32Array.from({ length: 60 }, (_, i) => -70 + senders[i % 6] + Math.floor(i / 6) / 10);
  store.appendVoltageSync(v.id, { steps, senders, vMv });
  store.markCompletedSync(v.id, { ...store.getSummarySync(ids.spikes)!, num_spikes: 0 });
  ids.voltage = v.id;

  const quiet = defaultParams();
  quiet.sim.rec_dev = [];
  ids.silent = writeRun(store, POPS, [], { name: 'recorded nothing', params: quiet }).id;
  store.closeSync();
  services = createServices({ identity: { name: 'Microcircuit Studio', version: '0.0.0' }, dataDir: dir });
});

afterAll(async () => {
  await services.close();
  removeDir(dir);
});

describe('runs.activity', () => {
  it("is each population's spikes per bin ÷ (neurons · bin), over the analysis window: a hand count", async () => {
    const a = await call('runs.activity', { id: ids.spikes, binMs: 2 });
    expect(a.window).toEqual({ t0Ms: 0, t1Ms: 10 });
    expect(Array.from(a.timesMs)).toEqual([1, 3, 5, 7, 9]);
    // L23E spikes at 0.5, 1.0, 1.5, 2.1, 4.0 ms: bins (0,2] 3, (2,4] 2; L23I at 1.0, 5.5, 9.9, 10.0 ms.
    expect(Array.from(a.populations[0].ratesHz)).toEqual([3, 2, 0, 0, 0].map((c) => c / (4 * 0.002)));
    expect(Array.from(a.populations[1].ratesHz)).toEqual([1, 0, 1, 0, 2].map((c) => c / (2 * 0.002)));
    expect(a.populations.map((p) => [p.name, p.nNeurons])).toEqual([
      ['L23E', 4],
      ['L23I', 2],
    ]);
    expect(a.rule).toMatch(/^2 ms bins from the window start/);
    const one = await call('runs.activity', { id: ids.spikes, t0Ms: 1, t1Ms: 3, binMs: 0.5, populations: ['L23I'] });
    expect(one.populations.map((p) => p.name)).toEqual(['L23I']);
    expect(Array.from(one.timesMs)).toEqual([1.25, 1.75, 2.25, 2.75]);
  });

  it('refuses bin widths outside 0.1–50 ms or off the step grid, bad windows and unknown populations, naming the field', async () => {
    expect(await refusal('runs.activity', { id: ids.spikes, binMs: 0.05 })).toMatchObject({ code: 'bad-request', field: 'binMs', allowed: 'a finite number in [0.1, 50]' });
    expect(await refusal('runs.activity', { id: ids.spikes, binMs: 0.25 })).toMatchObject({ code: 'bad-request', field: 'binMs', got: '0.25 ms', allowed: 'a whole multiple of the resolution 0.1 ms' });
    expect(await refusal('runs.activity', { id: ids.spikes, binMs: 20 })).toMatchObject({ code: 'bad-request', field: 'binMs', allowed: "at most the window's length (10 ms)" });
    expect(await refusal('runs.activity', { id: ids.spikes, t0Ms: 5, t1Ms: 5 })).toMatchObject({ code: 'bad-request', field: 't1Ms' });
    expect(await refusal('runs.activity', { id: ids.spikes, populations: ['L9X'] })).toMatchObject({ code: 'bad-request', field: 'populations', allowed: "names of the run's populations: L23E, L23I" });
    expect(await refusal('runs.activity', { id: ids.silent })).toMatchObject({ code: 'conflict' });
    expect(await refusal('runs.activity', { id: 999 })).toMatchObject({ code: 'not-found' });
  });
});

describe('runs.spectrum', () => {
  it('gives the Welch PSD of each population with the options used and its peak', async () => {
    const s = await call('runs.spectrum', { id: ids.spikes, binMs: 0.5, segmentMs: 4 });
    expect(s.options).toMatchObject({ binMs: 0.5, segmentMs: 4, overlap: 0.5, taper: 'hann', detrend: 'constant' });
    expect(s.segmentLength).toBe(8);
    expect(s.segments).toBe(4);
    expect(Array.from(s.frequenciesHz)).toEqual([0, 250, 500, 750, 1000]);
    expect(s.populations).toHaveLength(2);
    for (const p of s.populations) expect(p.psd).toHaveLength(5);
    expect(s.rule).toMatch(/^Welch: activity in 0.5 ms bins, 4 ms hann segments overlapping 50 %/);
  });

  it('refuses options it cannot use, naming them', async () => {
    expect(await refusal('runs.spectrum', { id: ids.spikes, segmentMs: 3.3 })).toMatchObject({ code: 'bad-request', field: 'segmentMs', allowed: 'a whole number (>= 2) of 1-ms bins' });
    expect(await refusal('runs.spectrum', { id: ids.spikes, taper: 'kaiser' })).toMatchObject({ code: 'bad-request', field: 'taper' });
    expect(await refusal('runs.spectrum', { id: ids.spikes, overlap: 1 })).toMatchObject({ code: 'bad-request', field: 'overlap', allowed: 'a finite number in [0, 0.99]' });
    expect(await refusal('runs.spectrum', { id: ids.spikes, peakMinHz: 300, peakMaxHz: 100 })).toMatchObject({ code: 'bad-request', field: 'peakBandHz' });
  });
});

describe('runs.voltages and runs.voltageDistribution', () => {
  it('give the traces of a few neurons per population, or of those asked for', async () => {
    const v = await call('runs.voltages', { id: ids.voltage, perPopulation: 2, t0Ms: 2, t1Ms: 4 });
    expect(Array.from(v.steps)).toEqual([20, 30, 40]);
    expect(v.populations.map((p) => [p.name, p.recorded, Array.from(p.senders)])).toEqual([
      ['L23E', 4, [1, 3]],
      ['L23I', 2, [5, 6]],
    ]);
    // Row-major [sample][neuron]: sample k = 1, 2, 3 (steps 20, 30, 40).
    expect(Array.from(v.populations[0].vMv)).toEqual([1, 2, 3].flatMap((k) => [Math.fround(-69 + k / 10), Math.fround(-67 + k / 10)]));
    const chosen = await call('runs.voltages', { id: ids.voltage, neurons: [6, 2] });
    expect(chosen.populations.map((p) => Array.from(p.senders))).toEqual([[2], [6]]);
    expect(chosen.steps).toHaveLength(10);
  });

  it('refuses neurons not recorded, too many, and runs without a voltmeter', async () => {
    expect(await refusal('runs.voltages', { id: ids.voltage, neurons: [7] })).toMatchObject({ code: 'bad-request', field: 'neurons', got: '7' });
    expect(await refusal('runs.voltages', { id: ids.voltage, neurons: [] })).toMatchObject({ code: 'bad-request', field: 'neurons' });
    expect(await refusal('runs.voltages', { id: ids.voltage, perPopulation: 101 })).toMatchObject({ code: 'bad-request', field: 'perPopulation', allowed: 'an integer in [1, 100]' });
    expect(await refusal('runs.voltages', { id: ids.spikes })).toMatchObject({ code: 'conflict', message: expect.stringMatching(/recorded no membrane potentials/) });
    expect(MAX_VOLTAGE_VALUES).toBeGreaterThan(60);
  });

  it('give the distribution of V: exact box numbers and a histogram of every sample', async () => {
    const d = await call('runs.voltageDistribution', { id: ids.voltage, binMv: 0.5 });
    const e = d.populations[0];
    expect([e.name, e.neuronsRecorded, e.neuronsUsed, e.neuronStride, e.samples]).toEqual(['L23E', 4, 4, 1, 10]);
    const values = Float64Array.from({ length: 40 }, (_, i) => Math.fround(-70 + ((i % 4) + 1) + Math.floor(i / 4) / 10));
    const want = boxplotStats(values);
    expect(e.box).toMatchObject({ n: 40, median: want.median, q1: want.q1, q3: want.q3, mean: want.mean, outlierCount: 0 });
    expect(e.histogram.binMv).toBe(0.5);
    expect(Array.from(e.histogram.counts).reduce((a, c) => a + c, 0)).toBe(40);
    expect(e.histogram.loMv).toBe(-69);
    expect(await refusal('runs.voltageDistribution', { id: ids.voltage, binMv: 0.001 })).toMatchObject({ code: 'bad-request', field: 'binMv', allowed: 'a finite number in [0.01, 10]' });
  });
});

describe('runs.parameters', () => {
  it('lists every parameter grouped as in the editor, the differences from the preset marked', async () => {
    const p = await call('runs.parameters', { id: ids.spikes });
    expect(p.preset).toBe('default');
    expect(p.groups.map((g) => g.title)).toEqual(GROUPS.map((g) => g.title));
    const sim = p.groups.find((g) => g.id === 'simulation')!;
    const presim = sim.fields.find((f) => f.path === 'sim.t_presim')!;
    expect(presim).toMatchObject({ label: 'Presimulation', unit: 'ms', value: 0, presetValue: 500, differs: true });
    expect(sim.fields.find((f) => f.path === 'sim.sim_resolution')).toMatchObject({ value: 0.1, differs: false });
    expect(p.differences).toBe(2);
    expect(p.groups.flatMap((g) => g.fields).filter((f) => f.differs).map((f) => f.path)).toEqual(['sim.t_presim', 'sim.t_sim']);
  });
});

describe('notes and the text search', () => {
  it('saves notes, finds runs by them, and refuses notes beyond the bound', async () => {
    const r = await call('runs.setNotes', { id: ids.voltage, notes: 'V near threshold in L5E' });
    expect(r.notes).toBe('V near threshold in L5E');
    expect((await call('runs.list', { text: 'threshold' })).map((x) => x.id)).toEqual([ids.voltage]);
    expect((await call('runs.list', { text: 'FIG2' })).map((x) => x.id)).toEqual([ids.spikes]);
    expect(await refusal('runs.setNotes', { id: ids.voltage, notes: 'x'.repeat(MAX_NOTES_LENGTH + 1) })).toMatchObject({ code: 'bad-request', field: 'notes' });
    expect(await refusal('runs.list', { text: 'x'.repeat(201) })).toMatchObject({ code: 'bad-request', field: 'text' });
  });
});

describe('runs.exportArchive', () => {
  it('zips one format at the top, several in a folder each, the same bytes as runs.exportAs', async () => {
    const nest = await call('runs.exportArchive', { id: ids.spikes, formats: ['nest'] });
    expect(nest.fileName).toBe('hand-count-nest.zip');
    const files = (await call('runs.exportAs', { id: ids.spikes, format: 'nest' })).files;
    const entries = readZip(nest.bytes);
    expect(entries.map((e) => e.name)).toEqual(files.map((f) => f.name));
    entries.forEach((e, i) => expect(Buffer.from(e.bytes).equals(Buffer.from(files[i].bytes)), e.name).toBe(true));
    expect(nest.files).toEqual(files.map((f) => ({ name: f.name, bytes: f.bytes.byteLength })));

    const all = await call('runs.exportArchive', { id: ids.spikes });
    expect(all.fileName).toBe('hand-count-export.zip');
    const names = readZip(all.bytes).map((e) => e.name);
    expect(names).toContain('csv/hand-count-spikes.csv');
    expect(names).toContain('csv/hand-count-rates.csv');
    expect(names).toContain('nest/population_nodeids.dat');
    expect(names).toContain('pynest/run_microcircuit.py');
    expect(await refusal('runs.exportArchive', { id: ids.spikes, formats: ['pdf'] })).toMatchObject({ code: 'bad-request', field: 'formats[0]' });
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('mcs-'))).toEqual([]);
  });
});
