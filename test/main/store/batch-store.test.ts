/** Batches and ensembles in the store: runs linked by point and seed, counts, ensembles per point and by hand, ownership. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planBatch, type BatchPlan } from '../../../src-main/batches/plan.ts';
import { BATCH_INTERRUPTED_REASON, BatchStore } from '../../../src-main/store/batch-store.ts';
import { RunStoreError } from '../../../src-main/store/errors.ts';
import type { RunStore } from '../../../src-main/store/run-store.ts';
import { summaryFor, tempBatchStore } from './helpers.ts';
import { pd14Populations } from './synthetic.ts';

let store: RunStore;
let batches: BatchStore;
let cleanup: () => void;

beforeEach(() => {
  ({ store, batches, cleanup } = tempBatchStore('mcs-batches-'));
});

afterEach(() => cleanup());

const pops = pd14Populations(0.02);

function sweep(): BatchPlan {
  return planBatch({ base: { set: ['net.N_scaling=0.02'] }, vary: [{ path: 'net.g', values: [-4, -5] }], seeds: { count: 2 }, tags: ['g-sweep'] }).plan;
}

/** A run of the plan's point and seed, linked, ended as told. */
function run(plan: BatchPlan, batchId: number, point: number, seedIndex: number, end: 'completed' | 'failed' | 'cancelled' | 'queued'): number {
  const r = store.createRunSync({ name: `p${point} s${seedIndex}`, params: plan.base, engineName: 'e', engineVersion: '1' });
  batches.linkRunSync(batchId, point, seedIndex, r.id);
  if (end === 'queued') return r.id;
  if (end === 'cancelled') {
    store.markCancelledSync(r.id, 'stopped');
    return r.id;
  }
  store.startRunSync(r.id, { populations: pops });
  if (end === 'failed') store.markFailedSync(r.id, `point ${point} failed`);
  else store.markCompletedSync(r.id, summaryFor(pops, 0));
  return r.id;
}

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof RunStoreError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'no error';
}

describe('BatchStore', () => {
  it('stores a batch running, with one ensemble per point; its runs are linked by point and seed and counted', () => {
    const plan = sweep();
    const b = batches.createBatchSync(plan);
    expect(b).toMatchObject({ kind: 'sweep', status: 'running', numPoints: 2, totalRuns: 4, seeds: [55, 56], tags: ['g-sweep'], reason: null, finishedAtMs: null });
    expect(b.axes).toEqual([{ path: 'net.g', values: [-4, -5] }]);
    expect(b.counts).toMatchObject({ missing: 4, completed: 0 });
    const r00 = run(plan, b.id, 0, 0, 'completed');
    const r01 = run(plan, b.id, 0, 1, 'failed');
    const r10 = run(plan, b.id, 1, 0, 'queued');
    expect(batches.getBatchSync(b.id).counts).toMatchObject({ completed: 1, failed: 1, queued: 1, missing: 1 });
    expect(batches.slotsSync(b.id)).toEqual([
      { point: 0, seedIndex: 0, seed: 55, runId: r00, status: 'completed', reason: null },
      { point: 0, seedIndex: 1, seed: 56, runId: r01, status: 'failed', reason: 'point 0 failed' },
      { point: 1, seedIndex: 0, seed: 55, runId: r10, status: 'queued', reason: null },
      { point: 1, seedIndex: 1, seed: 56, runId: null, status: null, reason: null },
    ]);
    const points = batches.pointsSync(b.id);
    expect(points.map((p) => p.values)).toEqual([[-4], [-5]]);
    const ensembles = batches.listEnsemblesSync({ batchId: b.id });
    expect(ensembles.map((e) => [e.origin, e.point, e.runIds])).toEqual([
      ['sweep-point', 0, [r00, r01]],
      ['sweep-point', 1, [r10]],
    ]);
    expect(points[0].ensembleId).toBe(ensembles[0].id);
    expect(ensembles[0].name).toBe(`${plan.name} · net.g = -4`);
    expect(batches.batchOfRunSync(r01)).toEqual({ batchId: b.id, point: 0, seedIndex: 1 });
    expect(batches.ensemblesOfRunSync(r01).map((e) => e.id)).toEqual([ensembles[0].id]);
    expect(code(() => batches.linkRunSync(b.id, 2, 0, r10))).toBe(`bad-argument: batch ${b.id} has no point 2 with seed index 0`);
  });

  it('counts the newest run of a point and seed: a run made again replaces the old one', () => {
    const plan = sweep();
    const b = batches.createBatchSync(plan);
    const old = run(plan, b.id, 1, 1, 'cancelled');
    expect(batches.getBatchSync(b.id).counts).toMatchObject({ cancelled: 1, missing: 3 });
    const again = run(plan, b.id, 1, 1, 'completed');
    expect(batches.slotsSync(b.id)[3]).toMatchObject({ runId: again, status: 'completed' });
    expect(batches.getBatchSync(b.id).counts).toMatchObject({ cancelled: 0, completed: 1, missing: 3 });
    expect(batches.runIdsSync(b.id)).toEqual([old, again]);
    // A deleted run leaves its point and seed missing; the batch and its ensembles stay.
    store.deleteRunSync(again);
    store.deleteRunSync(old);
    expect(batches.getBatchSync(b.id).counts).toMatchObject({ completed: 0, missing: 4 });
    expect(batches.listEnsemblesSync({ batchId: b.id })).toHaveLength(2);
  });

  it('ends, lists and deletes batches (their runs stay)', () => {
    const plan = sweep();
    const first = batches.createBatchSync(plan);
    const seeds = batches.createBatchSync(planBatch({ seeds: { count: 3 } }).plan);
    expect(seeds.kind).toBe('seeds');
    expect(batches.listEnsemblesSync({ batchId: seeds.id }).map((e) => e.origin)).toEqual(['seeds']);
    const kept = run(plan, first.id, 0, 0, 'completed');
    expect(code(() => batches.deleteBatchSync(first.id))).toBe(`bad-transition: cannot delete batch ${first.id}: it is running; cancel it first`);
    const ended = batches.finishSync(first.id, 'completed', '1 of 4 runs failed');
    expect(ended).toMatchObject({ status: 'completed', reason: '1 of 4 runs failed' });
    expect(ended.finishedAtMs).not.toBeNull();
    expect(batches.listBatchesSync().map((b) => b.id)).toEqual([seeds.id, first.id]);
    expect(batches.listBatchesSync({ status: 'completed' }).map((b) => b.id)).toEqual([first.id]);
    batches.deleteBatchSync(first.id);
    expect(code(() => batches.getBatchSync(first.id))).toMatch(/^batch-not-found: no batch with id/);
    expect(store.getRunSync(kept).status).toBe('completed');
    expect(batches.batchOfRunSync(kept)).toBeNull();
    expect(batches.listEnsemblesSync({ batchId: first.id })).toEqual([]);
  });

  it("marks a batch whose owner is gone interrupted, and refuses to take over one a live process makes", () => {
    const plan = sweep();
    const b = batches.createBatchSync(plan);
    // Another store instance (as another process would): the batch's owner is live.
    const other = new BatchStore(store);
    expect(other.getBatchSync(b.id).status).toBe('running');
    expect(code(() => other.claimSync(b.id))).toMatch(/^bad-transition: batch \d+ is being run by another process \(pid \d+ on .+\)$/);
    // Its owner goes (the process died): the next store finds it interrupted and may take it over.
    batches.close();
    expect(other.recoverInterruptedSync()).toEqual([b.id]);
    expect(other.getBatchSync(b.id)).toMatchObject({ status: 'interrupted', reason: BATCH_INTERRUPTED_REASON });
    expect(other.claimSync(b.id)).toMatchObject({ status: 'running', reason: null });
    other.close();
    batches = new BatchStore(store);
    expect(batches.getBatchSync(b.id).status).toBe('interrupted');
  });

  it('groups runs by hand as an ensemble; ungrouping keeps the runs; an emptied group goes', () => {
    const ids = [1, 2, 3].map((i) => store.createRunSync({ name: `nest ${i}`, params: sweep().base, origin: 'nest-import', engineName: 'NEST', engineVersion: '3.10' }).id);
    for (const id of ids) {
      store.startRunSync(id, { populations: pops });
      store.markCompletedSync(id, summaryFor(pops, 0));
    }
    const e = batches.groupSync('  NEST reference  ', ids);
    expect(e).toMatchObject({ name: 'NEST reference', origin: 'grouped', batchId: null, point: null, runIds: ids });
    expect(batches.listEnsemblesSync({ origin: 'grouped' }).map((x) => x.id)).toEqual([e.id]);
    const refusals: [() => unknown, string][] = [
      [() => batches.groupSync('x', [ids[0]]), 'bad-argument: an ensemble groups 2 to 500 runs (got 1)'],
      [() => batches.groupSync('x', [ids[0], ids[0]]), `bad-argument: a run is listed twice in [${ids[0]},${ids[0]}]`],
      [() => batches.groupSync('x', [ids[0], 999]), 'run-not-found: no run with id 999'],
      [() => batches.groupSync('', ids), 'bad-argument: an ensemble name must not be empty'],
      [() => batches.ungroupSync(999), 'ensemble-not-found: no ensemble with id 999'],
    ];
    for (const [f, message] of refusals) expect(code(f)).toContain(message);
    // A run may be in several ensembles.
    const pair = batches.groupSync('first two', ids.slice(0, 2));
    expect(batches.ensemblesOfRunSync(ids[0]).map((x) => x.id)).toEqual([e.id, pair.id]);
    batches.ungroupSync(pair.id);
    expect(store.getRunSync(ids[0]).status).toBe('completed');
    // Deleting its runs one by one: the group goes with the last.
    store.deleteRunSync(ids[0]);
    store.deleteRunSync(ids[1]);
    expect(batches.getEnsembleSync(e.id).runIds).toEqual([ids[2]]);
    store.deleteRunSync(ids[2]);
    expect(code(() => batches.getEnsembleSync(e.id))).toContain('ensemble-not-found');
    // A batch's ensemble cannot be ungrouped on its own.
    const b = batches.createBatchSync(sweep());
    const point = batches.listEnsemblesSync({ batchId: b.id })[0];
    expect(code(() => batches.ungroupSync(point.id))).toBe(`bad-transition: ensemble ${point.id} is point 0 of batch ${b.id}; it goes when the batch is deleted`);
  });
});
