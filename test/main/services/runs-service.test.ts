// The runs.* and params.* requests through the dispatcher, as both transports call them: a real
// engine host (Node child process), a real database in a temporary folder. Events arrive as the
// contract's RunEvents with numeric run ids.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRIBUTION_KEYS } from '../../../engine/analysis/statistics.ts';
import { composeParams } from '../../../engine/params/merge.ts';
import type { ParamSet } from '../../../engine/params/types.ts';
import { isRunEvent, type Envelope, type Reply, type RunEvent } from '../../../src-main/contract.ts';
import { createServices, type StudioServices } from '../../../src-main/services/services.ts';
import { dispatcher, firstEvent } from './harness.ts';
import { DB_FILE_NAME, RunStore } from '../../../src-main/store/index.ts';
import { decodeWire, encodeWire } from '../../../src-main/common/wire.ts';

const tiny = (...sets: string[]): ParamSet =>
  composeParams({ sets: ['net.N_scaling=0.02', 'sim.t_presim=50', 'sim.t_sim=100', ...sets] }) as ParamSet;

let dir: string;
let services: StudioServices;
const events: RunEvent[] = [];

const { call, refusal } = dispatcher(() => services, 'ipc');

/** The first event (already seen or to come) that matches. */
function eventWhere<E extends RunEvent>(pred: (e: RunEvent) => e is E, timeoutMs?: number): Promise<E>;
function eventWhere(pred: (e: RunEvent) => boolean, timeoutMs?: number): Promise<RunEvent>;
function eventWhere(pred: (e: RunEvent) => boolean, timeoutMs = 50_000): Promise<RunEvent> {
  return firstEvent(services, events, (e) => isRunEvent(e) && pred(e), timeoutMs) as Promise<RunEvent>;
}

function settled(id: number): Promise<RunEvent & { type: 'run.state' }> {
  return eventWhere((e): e is RunEvent & { type: 'run.state' } => e.type === 'run.state' && e.runId === id && !['queued', 'running'].includes(e.state));
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcs-services-'));
  services = createServices({
    identity: { name: 'Microcircuit Studio', version: '0.0.0' },
    dataDir: dir,
    machine: { cores: () => 4, availableBytes: () => 8 * 2 ** 30 },
  });
  services.events.subscribe((e) => {
    if (isRunEvent(e)) events.push(e);
  });
});

afterAll(async () => {
  await services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('params requests', () => {
  it('params.validate lists every problem, and none for a preset', async () => {
    expect(await call('params.validate', { params: tiny() })).toEqual([]);
    const issues = await call('params.validate', { params: tiny('net.N_scaling=-1', 'sim.t_sim=0.05') });
    expect(issues.map((i) => i.path).sort()).toEqual(['net.N_scaling', 'sim.t_sim']);
    expect(issues.every((i) => typeof i.message === 'string' && i.message.length > 0)).toBe(true);
  });

  it('params.estimate is the engine estimate for this machine, with the memory available', async () => {
    const est = await call('params.estimate', { params: tiny() });
    expect(est.cores).toBe(4);
    expect(est.availableBytes).toBe(8 * 2 ** 30);
    expect(est.neurons).toBeGreaterThan(1000);
    expect(est.peakBytes).toBeGreaterThan(est.parts.synapses);
    expect(est.simS).toBeGreaterThan(0);
  });

  it('params.estimate of invalid parameters is bad-request carrying every issue', async () => {
    const e = await refusal('params.estimate', { params: tiny('net.N_scaling=-1', 'sim.t_sim=0.05') });
    expect(e.code).toBe('bad-request');
    expect(e.issues?.map((i) => i.path).sort()).toEqual(['net.N_scaling', 'sim.t_sim']);
    expect(e.field).toMatch(/^params\./);
    expect(e.message).toMatch(/2 invalid parameters/);
  });

  it('a payload without params is refused by the schema', async () => {
    const e = await refusal('params.estimate', { params: 3 });
    expect(e).toMatchObject({ code: 'bad-request', field: 'params', allowed: 'an object' });
  });
});

describe('runs requests with a real engine and database', { timeout: 60_000 }, () => {
  let first: number;
  let second: number;

  it('runs.start with invalid parameters stores nothing and answers every issue', async () => {
    const e = await refusal('runs.start', { params: tiny('net.K_scaling=0'), name: 'bad' });
    expect(e.code).toBe('bad-request');
    expect(e.issues?.[0]?.path).toBe('net.K_scaling');
    expect(await call('runs.list', {})).toEqual([]);
  });

  it('runs.start queues a run, events follow it to completed, and the history lists it with rates', async () => {
    const record = await call('runs.start', { params: tiny(), name: 'first', tags: ['baseline'] });
    first = record.id;
    expect(record).toMatchObject({ name: 'first', status: 'queued', tags: ['baseline'] });
    const end = await settled(first);
    expect(end.state).toBe('completed');
    expect(end.record.status).toBe('completed');
    const mine = events.filter((e) => 'runId' in e && e.runId === first);
    expect(mine.some((e) => e.type === 'run.progress')).toBe(true);
    const preview = mine.find((e) => e.type === 'run.spikes');
    expect(preview?.type === 'run.spikes' && preview.preview.senders).toBeInstanceOf(Uint32Array);
    expect(mine.filter((e) => e.type === 'run.state').map((e) => e.type === 'run.state' && e.state)).toEqual(['queued', 'running', 'completed']);

    const [row] = await call('runs.list', {});
    expect(row).toMatchObject({ id: first, status: 'completed', keyParams: { N_scaling: 0.02, K_scaling: 0.1, t_presim: 50, t_sim: 100, rng_seed: 55 } });
    expect(row?.ratesHz).toHaveLength(8);
    expect(row?.ratesHz?.every((r) => Number.isFinite(r) && r >= 0)).toBe(true);
  });

  it('runs.get gives the record, parameters, window, summary and statistics', async () => {
    const d = await call('runs.get', { id: first });
    expect(d.record.id).toBe(first);
    expect(d.window).toEqual({ t0Ms: 50, t1Ms: 150 });
    expect(d.params.net.N_scaling).toBe(0.02);
    expect(d.summary?.rates_hz).toHaveLength(8);
    expect(Object.keys(d.stats?.populations ?? {})).toEqual(['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I']);
    expect(d.spikeTotals.reduce((a, b) => a + b, 0)).toBe(d.record.spikesStored);
    expect(await call('runs.params', { id: first })).toEqual(d.params);
  });

  it('runs.spikes and runs.counts answer typed arrays, over IPC and as binary frames', async () => {
    const w = await call('runs.spikes', { id: first, t0Ms: 0, t1Ms: 150, stride: 2, populations: ['L4E', 'L4I'] });
    expect(w.senders).toBeInstanceOf(Uint32Array);
    expect(w.groups.map((g) => g.pop)).toEqual([2, 3]);
    const d = await call('runs.get', { id: first });
    const l4e = d.record.populations[2]!;
    for (let i = w.groups[0]!.start; i < w.groups[0]!.end; i++) expect((w.senders[i]! - l4e.firstId) % 2).toBe(0);

    const web = await services.dispatch('runs.spikes', { id: first, t0Ms: 0, t1Ms: 150 }, { transport: 'web' });
    const back = decodeWire(encodeWire(web)) as Envelope<Reply<'runs.spikes'>>;
    expect(back.ok && back.value.steps).toBeInstanceOf(Uint32Array);
    expect(back.ok && back.value.senders.length).toBe(d.record.spikesStored);

    const c = await call('runs.counts', { id: first, t0Ms: 50, t1Ms: 150 });
    expect(c.durationS).toBeCloseTo(0.1);
    expect(c.populations).toHaveLength(8);
    expect(c.populations[0]!.counts).toBeInstanceOf(Uint32Array);
    const total = c.populations.reduce((a, p) => a + p.counts.reduce((x, y) => x + y, 0), 0);
    expect(total).toBe(d.stats?.network.n_spikes_window);
  });

  it('runs.distributions gives every statistic of the registry per population: distributions as typed arrays, scalars', async () => {
    const d = await call('runs.distributions', { id: first });
    expect(d.window).toEqual({ t0Ms: 50, t1Ms: 150 });
    expect(d.populations.map((p) => p.name)).toEqual(['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I']);
    const detail = await call('runs.get', { id: first });
    d.populations.forEach((p, i) => {
      const pop = detail.record.populations[i]!;
      expect(Object.keys(p.distributions)).toEqual([...DISTRIBUTION_KEYS]);
      for (const key of DISTRIBUTION_KEYS) expect(p.distributions[key]).toBeInstanceOf(Float64Array);
      expect(p.distributions.rates.length).toBe(pop.lastId - pop.firstId + 1);
      expect(p.scalars.rate_mean).toBe(detail.stats?.populations[p.name]?.rate_mean_hz);
    });
    const web = await services.dispatch('runs.distributions', { id: first }, { transport: 'web' });
    expect(decodeWire(encodeWire(web))).toEqual(web);
  });

  it('statistics that are NaN stay NaN through the localhost frames', async () => {
    const web = await services.dispatch('runs.get', { id: first }, { transport: 'web' });
    const back = decodeWire(encodeWire(web) as string) as Envelope<Reply<'runs.get'>>;
    expect(back).toEqual(web);
  });

  it('rename, tag and untag change the stored run; bad names and tags are refused', async () => {
    expect((await call('runs.rename', { id: first, name: '  baseline run ' })).name).toBe('baseline run');
    expect((await call('runs.tag', { id: first, tag: 'keep' })).tags).toEqual(['baseline', 'keep']);
    expect((await call('runs.untag', { id: first, tag: 'baseline' })).tags).toEqual(['keep']);
    expect((await refusal('runs.tag', { id: first, tag: 'two words' })).code).toBe('bad-request');
    expect((await refusal('runs.rename', { id: first, name: '   ' })).code).toBe('bad-request');
    expect((await refusal('runs.rename', { id: 9999, name: 'x' })).code).toBe('not-found');
  });

  it('runs.list filters by status, tag, name and origin', async () => {
    const r2 = await call('runs.start', { params: tiny('sim.rng_seed=7'), name: 'second seed' });
    second = r2.id;
    expect((await settled(second)).state).toBe('completed');
    expect((await call('runs.list', {})).map((r) => r.id)).toEqual([second, first]);
    expect((await call('runs.list', { tag: 'keep' })).map((r) => r.id)).toEqual([first]);
    expect((await call('runs.list', { nameContains: 'SEED' })).map((r) => r.id)).toEqual([second]);
    expect((await call('runs.list', { status: 'failed' })).map((r) => r.id)).toEqual([]);
    expect((await call('runs.list', { origin: 'engine' })).length).toBe(2);
    expect((await refusal('runs.list', { status: 'done' })).code).toBe('bad-request');
  });

  it('runs.compare: the interop comparison (KS distances, NEST yardstick as context only, caveats) plus distributions and parameters', async () => {
    const c = await call('runs.compare', { ids: [first, second] });
    expect(c.runs.map((r) => r.id)).toEqual([first, second]);
    expect(c.groups).toEqual([[first], [second]]);
    expect(c.populations).toEqual(['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I']);
    expect(c.pairs).toHaveLength(1);
    expect(c.ensembles).toEqual([]);
    expect(c.pairs[0]!).toMatchObject({ a: [first], b: [second], verdict: 'undecided' });
    expect(c.pairs[0]!.comparison.rows).toHaveLength(8 * 3);
    const rates = c.pairs[0]!.comparison.rows.filter((r) => r.statistic === 'rates');
    expect(rates.every((r) => r.d >= 0 && r.d <= 1)).toBe(true);
    // N_scaling 0.02 over 100 ms is not what the yardstick was measured at: no threshold, and it says so.
    expect(c.yardstick.applies).toBe(false);
    expect(c.pairs[0]!.standing).toBe('no-context');
    expect(rates.every((r) => Number.isNaN(r.threshold))).toBe(true);
    expect(c.verdict).toMatch(/one seed each cannot separate seed noise from a real difference.*measured on NEST at N_scaling 0\.1/);
    expect(c.pairs[0]!.paramDiffs).toEqual([{ path: 'sim.rng_seed', a: 55, b: 7 }]);
    expect(c.details.map((d) => d.id)).toEqual([first, second]);
    expect(c.details[1]!.params.sim.rng_seed).toBe(7);
    expect(c.details[0]!.distributions[0]!.distributions.rates).toBeInstanceOf(Float64Array);
    expect((await refusal('runs.compare', { ids: [first, first] })).code).toBe('bad-request');
    expect((await refusal('runs.compare', { ids: [first] })).code).toBe('bad-request');
  });

  it('runs.compare with groups: ensembles judged by their own seed-to-seed spread, each group summarised', async () => {
    const third = (await call('runs.start', { params: tiny('sim.rng_seed=8'), name: 'third seed' })).id;
    expect((await settled(third)).state).toBe('completed');
    const c = await call('runs.compare', { groups: [[first, second], [third]] });
    expect(c.pairs).toEqual([]);
    expect(c.ensembles).toHaveLength(1);
    expect(c.ensembles[0]!).toMatchObject({ a: [first, second], b: [third] });
    // Two seeds against one cannot show a difference: said, not hidden.
    expect(c.ensembles[0]!.result.verdict).toBe('undecided');
    expect(c.ensembles[0]!.result.rows).toHaveLength(24);
    expect(c.groupSummaries.map((g) => g.ids)).toEqual([[first, second]]);
    expect(c.groupSummaries[0]!.summary.populations[0]!.perSeed.rates.perRun).toHaveLength(2);
    // Runs compared only as ensemble members: parameters, no per-run values.
    expect(c.details.map((d) => [d.id, d.distributions.length])).toEqual([
      [first, 0],
      [second, 0],
      [third, 0],
    ]);
    expect((await refusal('runs.compare', { groups: [[first, second], [second]] })).message).toMatch(/groups: a run appears twice/);
    expect((await refusal('runs.compare', { ids: [first, second], groups: [[first], [second]] })).message).toMatch(/give either ids .* or groups/);
    expect((await refusal('runs.compare', {})).code).toBe('bad-request');
    expect((await refusal('runs.compare', { groups: [[first]] })).code).toBe('bad-request');
    expect((await refusal('runs.compare', { groups: [[first], []] })).code).toBe('bad-request');
    const many = Array.from({ length: 65 }, (_, i) => 1000 + i);
    expect((await refusal('runs.compare', { groups: [many.slice(0, 33), many.slice(33)] })).message).toMatch(/65 runs in all, at most 64/);
    await call('runs.delete', { id: third });
  });

  it('export then import: a duplicate is refused, after deleting the run it comes back', async () => {
    const file = await call('runs.export', { id: first });
    expect(file.fileName).toBe('baseline-run.mcrun');
    expect(file.bytes).toBeInstanceOf(Uint8Array);
    expect(file.bytes.length).toBeGreaterThan(1000);
    expect((await refusal('runs.import', { bytes: file.bytes, fileName: file.fileName })).code).toBe('conflict');
    const bad = await refusal('runs.import', { bytes: new Uint8Array([1, 2, 3]), fileName: 'x.mcrun' });
    expect(bad.code).toBe('bad-request');
    // Named as the user knows it (issue 13 item 9): the uploaded file, never the private temporary folder.
    expect(bad.message).toContain('x.mcrun');
    expect(bad.message).not.toContain(os.tmpdir());
    expect(bad.message).not.toContain('mcs-run-file-');

    expect(await call('runs.delete', { id: first })).toEqual({ id: first });
    expect((await refusal('runs.get', { id: first })).code).toBe('not-found');
    const imported = await call('runs.import', { bytes: file.bytes, fileName: '/somewhere/else/baseline-run.mcrun' });
    expect(imported).toMatchObject({ name: 'baseline run', status: 'completed', origin: 'file-import' });
    expect(imported.importedFrom?.file).toBe('baseline-run.mcrun');
    const [row] = await call('runs.list', { origin: 'file-import' });
    expect(row?.ratesHz).toHaveLength(8);
  });

  it('runs.cancel of a running run ends it cancelled with the reason; delete is refused while it runs', async () => {
    const r = await call('runs.start', { params: tiny('sim.t_sim=20000'), name: 'long' });
    await eventWhere((e) => e.type === 'run.progress' && e.runId === r.id && (e.progress.phase === 'presim' || e.progress.phase === 'sim'));
    expect((await refusal('runs.delete', { id: r.id })).code).toBe('conflict');
    const c = await call('runs.cancel', { id: r.id, reason: 'enough' });
    expect(['cancelled', 'cancelling']).toContain(c.result);
    const end = await settled(r.id);
    expect(end).toMatchObject({ state: 'cancelled', reason: 'enough' });
    expect((await call('runs.cancel', { id: r.id })).result).toBe('not-active');
    const e = await refusal('runs.compare', { ids: [second, r.id] });
    expect(e).toMatchObject({ code: 'conflict', message: expect.stringMatching(/cancelled: only completed runs can be compared/) });
    expect((await refusal('runs.distributions', { id: r.id })).code).toBe('conflict');
    expect((await refusal('runs.cancel', { id: 424242 })).code).toBe('not-found');
  });

  it('the history is in <dataDir>/runs.sqlite, readable by another connection', () => {
    const other = RunStore.openSync(path.join(dir, DB_FILE_NAME), { create: false });
    try {
      expect(other.listRunsSync().map((r) => r.status).sort()).toEqual(['cancelled', 'completed', 'completed']);
    } finally {
      other.closeSync();
    }
  });
});

describe('closing', { timeout: 60_000 }, () => {
  it('close() cancels a running run, awaits its host and closes the database; requests then fail', async () => {
    const local = fs.mkdtempSync(path.join(os.tmpdir(), 'mcs-services-close-'));
    const s = createServices({ identity: { name: 'x', version: '0' }, dataDir: local });
    try {
      const started = await s.dispatch('runs.start', { params: tiny('sim.t_sim=20000'), name: 'at quit' }, { transport: 'ipc' });
      expect(started.ok).toBe(true);
      const id = (started as { ok: true; value: { id: number } }).value.id;
      await new Promise((r) => setTimeout(r, 300));
      await s.close();
      await s.close(); // idempotent
      const store = RunStore.openSync(path.join(local, DB_FILE_NAME));
      try {
        expect(store.getRunSync(id)).toMatchObject({ status: 'cancelled', reason: 'the app was closed' });
      } finally {
        store.closeSync();
      }
      const after = await s.dispatch('runs.list', {}, { transport: 'ipc' });
      expect(after.ok).toBe(false);
    } finally {
      fs.rmSync(local, { recursive: true, force: true });
    }
  });
});
