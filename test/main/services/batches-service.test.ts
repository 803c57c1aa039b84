// The batches.* and ensembles.* requests through the dispatcher, as both transports call them: real
// engine hosts (tiny networks), a real database; batch events pushed with the run events; a batch
// cut by a quit resumed at the next start of the services.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeParams } from '../../../engine/params/merge.ts';
import type { ParamSet } from '../../../engine/params/types.ts';
import type { BatchSpec } from '../../../src-main/batches/spec.ts';
import type { BatchEvent, StudioEvent } from '../../../src-main/contract.ts';
import { createServices, type StudioServices } from '../../../src-main/services/services.ts';
import { dispatcher, firstEvent } from './harness.ts';

const TINY_SETS = ['net.N_scaling=0.02', 'sim.t_presim=50', 'sim.t_sim=100'];
const tiny = (): ParamSet => composeParams({ sets: TINY_SETS }) as ParamSet;

let dir: string;
let services: StudioServices;
let events: StudioEvent[] = [];

function open(): StudioServices {
  const s = createServices({ identity: { name: 'Microcircuit Studio', version: '0.0.0' }, dataDir: dir, machine: { cores: () => 2, availableBytes: () => 8 * 2 ** 30 } });
  s.events.subscribe((e) => events.push(e));
  return s;
}

const { call, refusal } = dispatcher(() => services, 'web');

function batchEnded(id: number, timeoutMs = 90_000): Promise<Extract<BatchEvent, { type: 'batch.state' }>> {
  const isEnd = (e: StudioEvent): e is Extract<BatchEvent, { type: 'batch.state' }> => e.type === 'batch.state' && e.batchId === id && e.state !== 'running';
  return firstEvent(services, events, isEnd, timeoutMs, `end of batch ${id}`);
}

function runEnded(predicate: (e: StudioEvent) => boolean, timeoutMs = 60_000): Promise<StudioEvent> {
  return firstEvent(services, events, predicate, timeoutMs);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcs-batches-service-'));
  services = open();
});

afterAll(async () => {
  await services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const SWEEP: BatchSpec = { name: 'g', base: { set: TINY_SETS }, vary: [{ path: 'net.g', values: [-5, -4] }], seeds: { count: 2 } };

describe('batches requests', { timeout: 120_000 }, () => {
  it('batches.plan gives the grid, every bad point with the parameter and the value, and the estimate', async () => {
    const ok = await call('batches.plan', { spec: SWEEP, jobs: 2 });
    expect(ok).toMatchObject({ kind: 'sweep', name: 'g', totalRuns: 4, seeds: [55, 56], problems: [], moreProblems: 0, confirm: [] });
    expect(ok.points).toEqual([{ index: 0, values: [-5] }, { index: 1, values: [-4] }]);
    expect(ok.estimate).toMatchObject({ runs: 4, jobs: 2, cores: 2, availableBytes: 8 * 2 ** 30 });
    expect(ok.estimate.totalS).toBeGreaterThan(0);
    const bad = await call('batches.plan', { spec: { ...SWEEP, vary: [{ path: 'stim.conn_probs_th[3]', values: [0.05, 1.2] }] } });
    expect(bad.problems).toEqual([
      {
        point: 1,
        values: [1.2],
        path: 'stim.conn_probs_th[3]',
        value: 1.2,
        message: 'must be a probability in [0, 1)',
        text: 'point 1 (stim.conn_probs_th[3] = 1.2): stim.conn_probs_th[3] = 1.2: must be a probability in [0, 1)',
      },
    ]);
  });

  it('refuses a bad spec with its field, and a bad point with every issue; nothing is stored', async () => {
    const spec = await refusal('batches.plan', { spec: { ...SWEEP, vary: [{ path: 'net.gg', values: [1] }] } });
    expect(spec).toMatchObject({ code: 'bad-request', field: 'spec.vary[0].path', message: 'spec.vary[0].path: net.gg is not a parameter (did you mean net.g?)' });
    const schema = await refusal('batches.start', { spec: { seeds: { count: 0 } } });
    expect(schema).toMatchObject({ code: 'bad-request', field: 'spec.seeds.count', allowed: 'an integer in [1, 100]' });
    const point = await refusal('batches.start', { spec: { ...SWEEP, vary: [{ path: 'net.N_scaling', values: [0.02, 0] }] } });
    expect(point.code).toBe('bad-request');
    expect(point.issues).toEqual([{ path: 'net.N_scaling', value: 0, message: 'point 1 (net.N_scaling = 0): net.N_scaling = 0: must be a scaling factor in (0, 10]' }]);
    expect(await call('batches.list', {})).toEqual([]);
    expect(await call('runs.list', {})).toEqual([]);
  });

  it('runs a sweep through the queue: batch events, its points and runs, the sweep table', async () => {
    const batch = await call('batches.start', { spec: SWEEP });
    expect(batch).toMatchObject({ kind: 'sweep', status: 'running', totalRuns: 4 });
    const end = await batchEnded(batch.id);
    expect(end.batch).toMatchObject({ status: 'completed', counts: { completed: 4, missing: 0 } });
    const progress = events.flatMap((e) => (e.type === 'batch.progress' && e.batchId === batch.id ? [e.progress] : []));
    expect(progress[0]).toMatchObject({ totalRuns: 4, completedRuns: 0, current: [{ point: 0, seedIndex: 0, seed: 55, values: [-5] }] });
    expect(progress.at(-1)).toMatchObject({ completedRuns: 4, pointsDone: 2, remainingRuns: 0 });
    // The runs are ordinary runs, with their own events.
    const runIds = progress.flatMap((p) => p.current.map((c) => c.runId));
    expect(events.some((e) => e.type === 'run.state' && e.runId === runIds[0] && e.state === 'completed')).toBe(true);

    const detail = await call('batches.get', { id: batch.id });
    expect(detail.progress).toBeNull();
    expect(detail.base.net.N_scaling).toBe(0.02);
    expect(detail.points.map((p) => [p.values, p.runs.map((r) => [r.seed, r.status])])).toEqual([
      [[-5], [[55, 'completed'], [56, 'completed']]],
      [[-4], [[55, 'completed'], [56, 'completed']]],
    ]);
    const list = await call('batches.list', {});
    expect(list.map((b) => [b.id, b.status, b.progress])).toEqual([[batch.id, 'completed', null]]);
    expect(list[0].runIds).toEqual(detail.points.flatMap((p) => p.runs.map((r) => r.runId)));
    expect(detail.runIds).toEqual(list[0].runIds);
    const table = await call('batches.table', { id: batch.id });
    expect(table.populations).toHaveLength(8);
    expect(table.points[0].populations[0].stats.rate_hz.n).toBe(2);
    expect(table.points[1].populations.every((p) => p.stats.rate_hz.mean !== null && p.stats.rate_hz.mean >= 0)).toBe(true);
    expect((await call('ensembles.list', { batchId: batch.id })).map((e) => [e.origin, e.point, e.runIds.length])).toEqual([
      ['sweep-point', 0, 2],
      ['sweep-point', 1, 2],
    ]);
    expect(await refusal('batches.get', { id: 999 })).toMatchObject({ code: 'not-found' });
  });

  it("'run with N seeds' from the editor's parameters: an ensemble; runs grouped and ungrouped by hand", async () => {
    const batch = await call('batches.start', { spec: { base: { params: tiny() }, seeds: { count: 3, first: 5 } } });
    expect(batch).toMatchObject({ kind: 'seeds', seeds: [5, 6, 7], totalRuns: 3 });
    await batchEnded(batch.id);
    const [ensemble] = await call('ensembles.list', { origin: 'seeds' });
    expect(ensemble).toMatchObject({ origin: 'seeds', batchId: batch.id, point: 0 });
    expect(ensemble.runIds).toHaveLength(3);
    // Its summary: per population, mean ± SD over the three seeds of each run's mean rate, CV ISI and correlation.
    const summary = await call('ensembles.summary', { id: ensemble.id });
    expect(summary).toMatchObject({ ensembleId: ensemble.id, runIds: ensemble.runIds, completedRuns: 3 });
    expect(summary.statistics.map((st) => [st.column, st.unit])).toEqual([
      ['rate_hz', 'spikes/s'],
      ['cv_isi', ''],
      ['corr', ''],
    ]);
    expect(summary.populations.map((p) => p.name)).toEqual(['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I']);
    const lists = await call('runs.list', {});
    const rates = ensemble.runIds.map((id) => lists.find((r) => r.id === id)!.ratesHz![4]);
    const m = rates.reduce((a, b) => a + b, 0) / 3;
    const sd = Math.sqrt(rates.reduce((a, b) => a + (b - m) ** 2, 0) / 2);
    expect(summary.populations[4].stats.rate_hz).toEqual({ mean: expect.closeTo(m, 9), sd: expect.closeTo(sd, 9), n: 3 });
    expect(await refusal('ensembles.summary', { id: 999 })).toMatchObject({ code: 'not-found' });
    const grouped = await call('ensembles.group', { name: 'two of them', ids: ensemble.runIds.slice(0, 2) });
    expect(grouped).toMatchObject({ origin: 'grouped', runIds: ensemble.runIds.slice(0, 2) });
    // A run of the sweep (net.g = -5) is not of these parameters.
    const sweepRun = (await call('batches.get', { id: 1 })).points[0].runs[0].runId!;
    const mixed = await refusal('ensembles.group', { name: 'mixed', ids: [ensemble.runIds[0], sweepRun] });
    expect(mixed.code).toBe('conflict');
    expect(mixed.message).toContain('net.g: -4, -5');
    expect(await call('ensembles.group', { name: 'mixed', ids: [ensemble.runIds[0], sweepRun], allowDifferentParams: true })).toMatchObject({ origin: 'grouped' });
    expect(await call('ensembles.ungroup', { id: grouped.id })).toEqual({ id: grouped.id });
    expect(await refusal('ensembles.get', { id: grouped.id })).toMatchObject({ code: 'not-found' });
    expect(await refusal('ensembles.ungroup', { id: ensemble.id })).toMatchObject({ code: 'conflict' });
  });

  it("batches.nestReference: NEST's seed-to-seed range of the shipped configuration's mean rates, with its conditions", async () => {
    const ref = await call('batches.nestReference', {});
    expect(ref.conditions).toEqual({ N_scaling: 0.1, K_scaling: 0.1, windowMs: 1000, resolutionMs: 0.1 });
    expect(ref.runs).toHaveLength(7);
    expect(ref.source).toMatch(/^NEST 3\.10.*7 runs of the shipped configuration/);
    expect(Object.keys(ref.meanRateRangesHz)).toEqual(['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I']);
    for (const r of Object.values(ref.meanRateRangesHz)) expect(r.min).toBeLessThan(r.max);
  });

  it('cancels a whole batch, and deletes a batch with its runs', async () => {
    const batch = await call('batches.start', { spec: { ...SWEEP, name: 'to cancel' } });
    await runEnded((e) => e.type === 'run.state' && e.state === 'running' && e.record.name.startsWith('to cancel'));
    const reply = await call('batches.cancel', { id: batch.id, reason: 'changed my mind' });
    expect(['cancelling', 'cancelled']).toContain(reply.result);
    const end = await batchEnded(batch.id);
    expect(end.batch).toMatchObject({ status: 'cancelled', reason: 'changed my mind' });
    expect(end.batch.counts.completed + end.batch.counts.cancelled).toBe(1);
    expect(await call('batches.cancel', { id: batch.id })).toMatchObject({ result: 'not-active' });
    const before = (await call('runs.list', {})).length;
    const deleted = await call('batches.delete', { id: batch.id, deleteRuns: true });
    expect(deleted.deletedRuns).toHaveLength(1);
    expect(await call('runs.list', {})).toHaveLength(before - 1);
    expect(await refusal('batches.get', { id: batch.id })).toMatchObject({ code: 'not-found' });
  });

  it('resumes a batch cut by a quit when the services start again, making only its missing runs', async () => {
    const batch = await call('batches.start', { spec: { name: 'quit', base: { set: TINY_SETS }, seeds: { count: 3, first: 20 } } });
    const first = await runEnded((e) => e.type === 'run.state' && e.state === 'completed' && e.record.name.startsWith('quit'));
    const firstId = first.type === 'run.state' ? first.runId : 0;
    await services.close();
    events = [];
    services = open(); // the next start: the first request opens the store and resumes the batch
    const listed = await call('batches.list', {});
    expect(listed.find((b) => b.id === batch.id)?.status).toBe('running');
    const end = await batchEnded(batch.id);
    expect(end.batch).toMatchObject({ status: 'completed', counts: { completed: 3, cancelled: 0, missing: 0 } });
    const runs = (await call('batches.get', { id: batch.id })).points[0].runs;
    expect(runs.map((r) => r.seed)).toEqual([20, 21, 22]);
    expect(runs[0].runId).toBe(firstId);
    expect(runs.every((r) => r.status === 'completed')).toBe(true);
  });
});
