import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PopulationInfo, SpikeChunk } from '../../../engine/api.ts';
import { defaultParams } from '../../../engine/params/presets.ts';
import { RunStore } from '../../../src-main/store/run-store.ts';
import { RunStoreError } from '../../../src-main/store/errors.ts';
import { APPLICATION_ID, SCHEMA_VERSION } from '../../../src-main/store/schema.ts';
import { INTERRUPTED_REASON } from '../../../src-main/store/types.ts';
import { concatChunks, pd14Populations, syntheticChunks } from './synthetic.ts';
import { removeDir, summaryFor, tempDir, writeRun } from './helpers.ts';

let dir: string;
let file: string;
const stores: RunStore[] = [];

function open(f = file): RunStore {
  const s = RunStore.openSync(f);
  stores.push(s);
  return s;
}

function sha(f: string): string {
  return createHash('sha256').update(fs.readFileSync(f)).digest('hex');
}

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof RunStoreError) return e.code;
    throw e;
  }
  return undefined;
}

beforeEach(() => {
  dir = tempDir();
  file = path.join(dir, 'sub', 'runs.sqlite');
});

afterEach(() => {
  for (const s of stores.splice(0)) s.closeSync();
  removeDir(dir);
});

const small = pd14Populations(0.1);

/** Expected window result from raw chunks: per population, sorted by (step, sender). */
function expectedWindow(chunks: SpikeChunk[], pops: PopulationInfo[], from: number, to: number, stride: number, sel: number[]) {
  const all = concatChunks(chunks);
  return sel.map((pop) => {
    const p = pops[pop];
    const rows: [number, number][] = [];
    for (let i = 0; i < all.senders.length; i++) {
      const s = all.senders[i];
      const t = all.steps[i];
      if (s >= p.firstId && s <= p.lastId && t >= from && t <= to && (s - p.firstId) % stride === 0) rows.push([t, s]);
    }
    rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return rows;
  });
}

describe('opening the database', () => {
  it('creates the file and folder with WAL, foreign keys, busy timeout, and the schema version', () => {
    const s = open();
    expect(fs.existsSync(file)).toBe(true);
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(s.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(s.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(s.db.pragma('auto_vacuum', { simple: true })).toBe(2);
    s.closeSync();
    expect(open().listRunsSync()).toEqual([]);
  });

  it('refuses a database from a newer app version and leaves it untouched', () => {
    open().closeSync();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = sha(file);
    expect(() => RunStore.openSync(file)).toThrow(
      `this database was written by a newer version of Microcircuit Studio (schema ${SCHEMA_VERSION + 1} > ${SCHEMA_VERSION})`,
    );
    expect(code(() => RunStore.openSync(file))).toBe('newer-schema');
    expect(sha(file)).toBe(before);
  });

  it('refuses files that are not our database, unchanged', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const other = new Database(file);
    other.exec('CREATE TABLE photos (id INTEGER)');
    other.close();
    const before = sha(file);
    expect(() => RunStore.openSync(file)).toThrow(/another application/);
    expect(sha(file)).toBe(before);
    fs.writeFileSync(file, 'hello, I am a text file with enough bytes to look like something '.repeat(10));
    const textBefore = sha(file);
    expect(code(() => RunStore.openSync(file))).toBe('not-a-run-database');
    expect(sha(file)).toBe(textBefore);
  });

  it('migrates an empty file and refuses a missing one when asked not to create', () => {
    expect(code(() => RunStore.openSync(path.join(dir, 'nope.sqlite'), { create: false }))).toBe('database-missing');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '');
    expect(open().db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });
});

describe('run lifecycle', () => {
  it('records a run from queued to completed with everything the brief lists', () => {
    const s = open();
    const params = defaultParams();
    const q = s.createRunSync({ name: '  first  ', params, engineName: 'microcircuit-engine', engineVersion: '0.1.0', tags: ['a', 'b', 'a'] });
    expect(q).toMatchObject({ name: 'first', status: 'queued', origin: 'engine', seed: 55, resolutionMs: 0.1, threads: 1, tags: ['a', 'b'] });
    expect(q.uid).toMatch(/^[0-9a-f-]{36}$/);
    const r = s.startRunSync(q.id, { populations: small, threads: 2 });
    expect(r.status).toBe('running');
    expect(r.startedAtMs).toBeGreaterThanOrEqual(q.createdAtMs);
    expect(r.populations).toEqual(small);
    const chunks = [...syntheticChunks({ populations: small, durationMs: 50, chunkMs: 5 })];
    for (const c of chunks) s.appendSpikesSync(q.id, c);
    const n = chunks.reduce((a, c) => a + c.senders.length, 0);
    expect(s.getRunSync(q.id).spikesStored).toBe(n);
    expect(s.getRunSync(q.id).spikesToStep).toBe(500);
    const summary = summaryFor(small, n);
    const done = s.markCompletedSync(q.id, summary);
    expect(done).toMatchObject({
      status: 'completed',
      numSpikes: n,
      spikesStored: n,
      numNeurons: summary.num_neurons,
      numSynapses: 123456,
      threads: 2,
      machine: summary.machine,
      timingsS: { build: 1.25, presim: 0.5, sim: 2.75 },
      reason: null,
    });
    expect(done.finishedAtMs).toBeGreaterThanOrEqual(done.startedAtMs!);
    expect(s.getParamsSync(q.id)).toEqual(params);
    expect(s.getParamsJsonSync(q.id)).toBe(JSON.stringify(params));
    expect(s.getSummarySync(q.id)).toEqual(summary);
  });

  it('completes only with every reported spike stored; otherwise the run stays running', () => {
    const s = open();
    const run = writeRun(s, small, syntheticChunks({ populations: small, durationMs: 20 }), { end: 'running' });
    const err = (() => {
      try {
        s.markCompletedSync(run.id, summaryFor(small, run.spikesStored + 1));
      } catch (e) {
        return e as RunStoreError;
      }
    })();
    expect(err?.code).toBe('spike-count-mismatch');
    expect(err?.message).toContain(`${run.spikesStored} spikes are stored, but the engine reported ${run.spikesStored + 1}`);
    expect(s.getRunSync(run.id).status).toBe('running');
    const other = small.map((p) => ({ ...p, name: p.name + 'x' }));
    expect(code(() => s.markCompletedSync(run.id, summaryFor(other, run.spikesStored)))).toBe('bad-argument');
    const failed = s.markFailedSync(run.id, 'engine error: out of memory');
    expect(failed).toMatchObject({ status: 'failed', reason: 'engine error: out of memory' });
    expect(failed.spikesStored).toBe(run.spikesStored); // partial data is kept
  });

  it('expects no stored spikes when the spike recorder was off', () => {
    const s = open();
    const params = defaultParams();
    params.sim.rec_dev = ['voltmeter'];
    const run = writeRun(s, small, [], { params, end: 'running' });
    expect(s.markCompletedSync(run.id, summaryFor(small, 5000)).status).toBe('completed');
  });

  it('guards every transition', () => {
    const s = open();
    const q = s.createRunSync({ name: 'x', params: defaultParams(), engineName: 'e', engineVersion: '1' });
    expect(code(() => s.appendSpikesSync(q.id, { fromStep: 0, toStep: 1, senders: new Uint32Array(), steps: new Uint32Array() }))).toBe('bad-transition');
    expect(code(() => s.markCompletedSync(q.id, summaryFor(small, 0)))).toBe('bad-transition');
    expect(code(() => s.markFailedSync(q.id, '  '))).toBe('bad-argument');
    s.startRunSync(q.id, { populations: small });
    expect(() => s.startRunSync(q.id, { populations: small })).toThrow('cannot start run 1: it is running, and only a queued run can be');
    s.markCancelledSync(q.id, 'cancelled by the user');
    expect(s.getRunSync(q.id)).toMatchObject({ status: 'cancelled', reason: 'cancelled by the user' });
    expect(code(() => s.markFailedSync(q.id, 'late'))).toBe('bad-transition');
    expect(code(() => s.markCompletedSync(q.id, summaryFor(small, 0)))).toBe('bad-transition');
    expect(code(() => s.appendSpikesSync(q.id, { fromStep: 0, toStep: 1, senders: new Uint32Array(), steps: new Uint32Array() }))).toBe('bad-transition');
    expect(code(() => s.getRunSync(99))).toBe('run-not-found');
    const q2 = s.createRunSync({ name: 'y', params: defaultParams(), engineName: 'e', engineVersion: '1' });
    expect(s.markCancelledSync(q2.id, 'never started').status).toBe('cancelled');
    expect(code(() => s.startRunSync(q2.id, { populations: small }))).toBe('bad-transition');
  });

  it('refuses bad populations, names and chunks without writing anything', () => {
    const s = open();
    const q = s.createRunSync({ name: 'x', params: defaultParams(), engineName: 'e', engineVersion: '1' });
    expect(code(() => s.startRunSync(q.id, { populations: [] }))).toBe('bad-argument');
    expect(code(() => s.startRunSync(q.id, { populations: [{ name: 'A', firstId: 5, lastId: 9 }, { name: 'B', firstId: 9, lastId: 12 }] }))).toBe('bad-argument');
    expect(s.getRunSync(q.id).status).toBe('queued');
    s.startRunSync(q.id, { populations: small });
    expect(code(() => s.appendSpikesSync(q.id, { fromStep: 0, toStep: 10, senders: Uint32Array.of(1, 999999), steps: Uint32Array.of(1, 2) }))).toBe('bad-chunk');
    expect(s.getRunSync(q.id).spikesStored).toBe(0);
    expect(code(() => s.createRunSync({ name: '', params: defaultParams(), engineName: 'e', engineVersion: '1' }))).toBe('bad-argument');
    expect(code(() => s.createRunSync({ name: 'a\nb', params: defaultParams(), engineName: 'e', engineVersion: '1' }))).toBe('bad-argument');
  });

  it('an append or a completion that fails midway stores nothing of it, and the run goes on', () => {
    const s = open();
    const chunks = [...syntheticChunks({ populations: small, durationMs: 40, chunkMs: 1, seed: 3 })];
    const run = writeRun(s, small, chunks.slice(0, 20), { end: 'running' });
    const rows = () => s.db.prepare('SELECT id, count FROM spike_chunks WHERE run_id = ? ORDER BY id').all(run.id);
    const before = rows();
    // the counter update, after the chunk rows are written, fails: the whole append must roll back
    s.db.exec(`CREATE TRIGGER fail_counter BEFORE UPDATE OF spikes_stored ON runs BEGIN SELECT RAISE(ABORT, 'injected'); END`);
    expect(() => s.appendSpikesSync(run.id, chunks[20])).toThrow('injected');
    expect(rows()).toEqual(before);
    expect(s.getRunSync(run.id).spikesStored).toBe(run.spikesStored);
    s.db.exec('DROP TRIGGER fail_counter');
    let n = run.spikesStored;
    for (const c of chunks.slice(20)) {
      s.appendSpikesSync(run.id, c);
      n += c.senders.length;
    }
    // the completion fails after merging the open rows: the merge rolls back with it
    const open1 = rows();
    s.db.exec(`CREATE TRIGGER fail_status BEFORE UPDATE OF status ON runs BEGIN SELECT RAISE(ABORT, 'injected'); END`);
    expect(() => s.markCompletedSync(run.id, summaryFor(small, n))).toThrow('injected');
    expect(rows()).toEqual(open1);
    s.db.exec('DROP TRIGGER fail_status');
    expect(s.markCompletedSync(run.id, summaryFor(small, n)).spikesStored).toBe(n);
    const all = concatChunks(chunks);
    expect(s.getSpikesSync(run.id, { t0Ms: 0, t1Ms: 100 }).senders.length).toBe(all.senders.length);
  });

  it('marks runs of a dead process interrupted on open, but not runs of a live store', () => {
    const a = open();
    const live = writeRun(a, small, syntheticChunks({ populations: small, durationMs: 10 }), { end: 'running' });
    const dead = writeRun(a, small, syntheticChunks({ populations: small, durationMs: 10 }), { end: 'running' });
    const queued = a.createRunSync({ name: 'q', params: defaultParams(), engineName: 'e', engineVersion: '1' });
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    // As written by a writer of another process that has ended (its lease, named by the instance, is gone).
    a.db.prepare('UPDATE runs SET owner_pid = ?, owner_instance = ? WHERE id IN (?, ?)').run(gone, randomUUID(), dead.id, queued.id);
    const b = open();
    expect(b.getRunSync(live.id).status).toBe('running');
    expect(b.getRunSync(dead.id)).toMatchObject({ status: 'interrupted', reason: INTERRUPTED_REASON });
    expect(b.getRunSync(queued.id).status).toBe('interrupted');
    // the live store goes on writing while another store reads
    a.appendSpikesSync(live.id, { fromStep: 100, toStep: 110, senders: Uint32Array.of(3), steps: Uint32Array.of(105) });
    expect(b.getRunSync(live.id).spikesStored).toBe(live.spikesStored + 1);
    a.closeSync();
    expect(b.getRunSync(live.id)).toMatchObject({ status: 'interrupted', reason: INTERRUPTED_REASON });
    expect(b.getRunSync(live.id).finishedAtMs).not.toBeNull();
  });
});

describe('spike queries', () => {
  const chunks = [...syntheticChunks({ populations: small, durationMs: 400, chunkMs: 1, seed: 7 })];

  it('merges small engine chunks into few rows', () => {
    const s = open();
    const run = writeRun(s, small, chunks);
    const rows = (s.db.prepare('SELECT count(*) AS n FROM spike_chunks WHERE run_id = ?').get(run.id) as { n: number }).n;
    expect(chunks.length).toBe(400);
    expect(rows).toBeLessThanOrEqual(2 * small.length + Math.ceil(run.spikesStored / 4096));
  });

  it('returns exactly the spikes of a window, stride and population subset', () => {
    const s = open();
    const run = writeRun(s, small, chunks);
    const cases: [number, number, number, number[] | undefined][] = [
      [0, 400, 1, undefined],
      [0, 400, 10, undefined],
      [123.4, 250.1, 1, undefined],
      [100, 100, 1, undefined],
      [37.5, 301, 3, [2, 7]],
      [500, 900, 1, undefined],
    ];
    for (const [t0, t1, stride, sel] of cases) {
      const w = s.getSpikesSync(run.id, { t0Ms: t0, t1Ms: t1, stride, populations: sel });
      const from = Math.ceil(t0 / 0.1 - 1e-6);
      const to = Math.floor(t1 / 0.1 + 1e-6);
      const expected = expectedWindow(chunks, small, from, to, stride, sel ?? small.map((_, i) => i));
      const got = w.groups.map((g) => {
        const rows: [number, number][] = [];
        for (let i = g.start; i < g.end; i++) rows.push([w.steps[i], w.senders[i]]);
        return rows;
      });
      expect(got).toEqual(expected);
      expect(w.senders.length).toBe(expected.reduce((a, e) => a + e.length, 0));
    }
    const byName = s.getSpikesSync(run.id, { t0Ms: 0, t1Ms: 50, populations: ['L4E'] });
    expect(byName.groups.map((g) => g.pop)).toEqual([2]);
    expect(code(() => s.getSpikesSync(run.id, { t0Ms: 0, t1Ms: 50, populations: ['L9X'] }))).toBe('bad-argument');
    expect(code(() => s.getSpikesSync(run.id, { t0Ms: 10, t1Ms: 5 }))).toBe('bad-argument');
    expect(code(() => s.getSpikesSync(run.id, { t0Ms: 0, t1Ms: 5, stride: 0 }))).toBe('bad-argument');
  });

  it('counts spikes per neuron over (t0, t1]', () => {
    const s = open();
    const run = writeRun(s, small, chunks);
    const c = s.getSpikeCountsSync(run.id, { t0Ms: 100, t1Ms: 300 });
    expect(c.durationS).toBeCloseTo(0.2);
    const all = concatChunks(chunks);
    for (const p of c.populations) {
      const info = small[p.pop];
      const expected = new Uint32Array(info.lastId - info.firstId + 1);
      for (let i = 0; i < all.senders.length; i++) {
        if (all.steps[i] > 1000 && all.steps[i] <= 3000 && all.senders[i] >= info.firstId && all.senders[i] <= info.lastId) {
          expected[all.senders[i] - info.firstId]++;
        }
      }
      expect(p.counts).toEqual(expected);
      expect(p.firstId).toBe(info.firstId);
    }
  });

  it('serves a partly written run, including rows not yet merged', () => {
    const s = open();
    const run = writeRun(s, small, chunks.slice(0, 37), { end: 'running' });
    const w = s.getSpikesSync(run.id, { t0Ms: 0, t1Ms: 1000 });
    expect(w.senders.length).toBe(run.spikesStored);
  });
});

describe('voltage traces, statistics', () => {
  it('stores voltmeter chunks and returns a window of them', () => {
    const s = open();
    const run = writeRun(s, small, [], { end: 'running' });
    const senders = Uint32Array.of(1, 2, 3);
    const mk = (first: number, n: number) => ({
      steps: Uint32Array.from({ length: n }, (_, i) => first + 10 * i),
      senders,
      vMv: Float32Array.from({ length: n * 3 }, (_, i) => -65 + i * 0.25 + first),
    });
    const c1 = mk(10, 5);
    const c2 = mk(60, 5);
    s.appendVoltageSync(run.id, c1);
    s.appendVoltageSync(run.id, c2);
    expect(code(() => s.appendVoltageSync(run.id, mk(20, 2)))).toBe('bad-chunk'); // steps go back
    expect(code(() => s.appendVoltageSync(run.id, { ...mk(200, 2), senders: Uint32Array.of(1, 2, 4) }))).toBe('bad-chunk');
    expect(code(() => s.appendVoltageSync(run.id, { ...mk(300, 2), vMv: new Float32Array(5) }))).toBe('bad-chunk');
    const all = s.getVoltageSync(run.id)!;
    expect(Array.from(all.steps)).toEqual([...c1.steps, ...c2.steps]);
    expect(Array.from(all.vMv)).toEqual([...c1.vMv, ...c2.vMv]);
    expect(all.senders).toEqual(senders);
    const part = s.getVoltageSync(run.id, { t0Ms: 3, t1Ms: 7 })!; // steps 30..70
    expect(Array.from(part.steps)).toEqual([30, 40, 50, 60, 70]);
    expect(Array.from(part.vMv)).toEqual([...c1.vMv.subarray(6), ...c2.vMv.subarray(0, 6)]);
    const plain = writeRun(s, small, []);
    expect(s.getVoltageSync(plain.id)).toBeNull();
    expect(s.getRunSync(run.id).hasVoltage).toBe(true);
  });

  it('caches any statistics object, NaN and typed arrays included', () => {
    const s = open();
    const run = writeRun(s, small, []);
    expect(s.getStatsSync(run.id)).toBeNull();
    const stats = { rates: [1.5, NaN, Infinity, -Infinity], cv: new Float64Array([0.5, NaN]), nested: { n: 3, name: 'L23E' } };
    s.setStatsSync(run.id, stats);
    expect(s.getStatsSync(run.id)).toEqual({ ...stats, cv: [0.5, NaN] });
    expect(s.getRunSync(run.id).hasStats).toBe(true);
    expect(code(() => s.setStatsSync(42, {}))).toBe('run-not-found');
  });
});

describe('run list and edits', () => {
  it('filters by status, tag, name and origin, newest first', () => {
    const s = open();
    const a = writeRun(s, small, [], { name: 'Baseline full', tags: ['paper'] });
    const b = writeRun(s, small, [], { name: 'thalamic pulse', tags: ['paper', 'stim'], end: 'running' });
    const c = writeRun(s, small, [], { name: 'baseline small' });
    s.markFailedSync(b.id, 'boom');
    const ids = (f: Parameters<RunStore['listRunsSync']>[0]) => s.listRunsSync(f).map((r) => r.id);
    expect(ids({})).toEqual([c.id, b.id, a.id]);
    expect(ids({ order: 'oldest' })).toEqual([a.id, b.id, c.id]);
    expect(ids({ status: 'failed' })).toEqual([b.id]);
    expect(ids({ status: ['completed', 'failed'], limit: 2 })).toEqual([c.id, b.id]);
    expect(ids({ tag: 'paper' })).toEqual([b.id, a.id]);
    expect(ids({ nameContains: 'BASELINE' })).toEqual([c.id, a.id]);
    expect(ids({ nameContains: '%' })).toEqual([]);
    expect(ids({ origin: 'nest-import' })).toEqual([]);
    expect(ids({ tag: 'stim', status: 'completed' })).toEqual([]);
    expect(code(() => s.listRunsSync({ status: 'done' as never }))).toBe('bad-argument');
  });

  it('renames, tags and untags with validation', () => {
    const s = open();
    const r = writeRun(s, small, []);
    expect(s.renameRunSync(r.id, ' renamed ').name).toBe('renamed');
    expect(code(() => s.renameRunSync(r.id, ''))).toBe('bad-argument');
    expect(code(() => s.renameRunSync(77, 'x'))).toBe('run-not-found');
    expect(s.addTagSync(r.id, 'b').tags).toEqual(['b']);
    expect(s.addTagSync(r.id, 'a').tags).toEqual(['a', 'b']);
    expect(s.addTagSync(r.id, 'a').tags).toEqual(['a', 'b']);
    expect(s.removeTagSync(r.id, 'b').tags).toEqual(['a']);
    expect(code(() => s.addTagSync(r.id, 'two words'))).toBe('bad-argument');
    expect(code(() => s.addTagSync(77, 'x'))).toBe('run-not-found');
  });

  it('deletes a run with all its data, and reuses the space', () => {
    const s = open();
    const pops = pd14Populations(0.25);
    const mk = (seed: number) => syntheticChunks({ populations: pops, durationMs: 400, chunkMs: 20, seed });
    const a = writeRun(s, pops, mk(1), { tags: ['x'] });
    s.setStatsSync(a.id, { big: 'x'.repeat(1000) });
    writeRun(s, pops, mk(2));
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    const sizeTwo = fs.statSync(file).size;
    s.deleteRunSync(a.id);
    for (const t of ['spike_chunks', 'run_populations', 'run_tags', 'voltage_chunks']) {
      expect((s.db.prepare(`SELECT count(*) AS n FROM ${t} WHERE run_id = ?`).get(a.id) as { n: number }).n).toBe(0);
    }
    expect(code(() => s.getRunSync(a.id))).toBe('run-not-found');
    expect(s.db.pragma('freelist_count', { simple: true })).toBeGreaterThan(10);
    writeRun(s, pops, mk(3)); // fills the freed pages
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(fs.statSync(file).size).toBeLessThan(sizeTwo * 1.05);
    const running = writeRun(s, pops, [], { end: 'running' });
    expect(code(() => s.deleteRunSync(running.id))).toBe('bad-transition');
    s.markCancelledSync(running.id, 'x');
    s.deleteRunSync(running.id);
    const b = s.listRunsSync()[0];
    s.deleteRunSync(b.id);
    expect(s.reclaimSpaceSync()).toBeGreaterThan(0);
    expect(fs.statSync(file).size).toBeLessThan(sizeTwo * 0.7);
    expect(s.integrityCheckSync()).toEqual(['ok']);
  });
});
