import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultParams } from '../../../engine/params/presets.ts';
import { RunStoreError } from '../../../src-main/store/errors.ts';
import { encodeRunFileHead, RUN_FILE_VERSION, type RunFileMeta } from '../../../src-main/store/run-file.ts';
import { RunStore } from '../../../src-main/store/run-store.ts';
import { dbFingerprint, removeDir, tempDir, writeRun } from './helpers.ts';
import { pd14Populations, syntheticChunks } from './synthetic.ts';
import { seededRandom } from '../../../src-renderer/lib/plots/test-support/pd14-synthetic.ts';

let dir: string;
let a: RunStore;
let b: RunStore;
const pops = pd14Populations(0.1);

beforeEach(() => {
  dir = tempDir('mcs-file-');
  a = RunStore.openSync(path.join(dir, 'a.sqlite'));
  b = RunStore.openSync(path.join(dir, 'b.sqlite'));
});

afterEach(() => {
  a.closeSync();
  b.closeSync();
  removeDir(dir);
});

/** A run with everything a run file carries: spikes, traces, stats with NaN, tags, a reason. */
/** The bytes of a run file of a rich run exported from `store` (as x.mcrun in the test folder). */
function exportedRichRun(store: RunStore): Buffer {
  const file = path.join(dir, 'x.mcrun');
  store.exportRunSync(richRun(store), file);
  return fs.readFileSync(file);
}

function richRun(store: RunStore): number {
  const params = defaultParams();
  params.sim.rec_dev = ['spike_recorder', 'voltmeter'];
  const run = writeRun(store, pops, syntheticChunks({ populations: pops, durationMs: 300, chunkMs: 2, seed: 5 }), {
    name: 'Shared run ü',
    params,
    tags: ['paper', 'fig-3'],
    end: 'running',
  });
  const senders = Uint32Array.of(1, 500, 7000);
  for (let k = 0; k < 3; k++) {
    const steps = Uint32Array.from({ length: 100 }, (_, i) => 1 + k * 1000 + i * 10);
    const vMv = Float32Array.from({ length: 300 }, (_, i) => -70 + Math.sin(i + k) * 5);
    store.appendVoltageSync(run.id, { steps, senders, vMv });
  }
  store.markFailedSync(run.id, 'engine worker crashed: out of memory');
  store.setStatsSync(run.id, { rates: [1, NaN, 3], cv: new Float64Array([0.1, Infinity]) });
  return run.id;
}

function chunkBlobs(store: RunStore, id: number): unknown[] {
  return store.db.prepare('SELECT pop, t0_step, t1_step, count, hex(data) AS d FROM spike_chunks WHERE run_id = ? ORDER BY pop, t1_step').all(id);
}

function expectSameRun(from: RunStore, fromId: number, to: RunStore, toId: number): void {
  const r1 = from.getRunSync(fromId);
  const r2 = to.getRunSync(toId);
  const strip = ({ id: _i, origin: _o, importedFrom: _f, ...rest }: typeof r1) => rest;
  expect(strip(r2)).toEqual(strip(r1));
  expect(to.getParamsJsonSync(toId)).toBe(from.getParamsJsonSync(fromId));
  expect(to.getSummarySync(toId)).toEqual(from.getSummarySync(fromId));
  expect(to.getStatsSync(toId)).toEqual(from.getStatsSync(fromId));
  expect(to.getVoltageSync(toId)).toEqual(from.getVoltageSync(fromId));
  const w1 = from.getSpikesSync(fromId, { t0Ms: 0, t1Ms: 1e6 });
  const w2 = to.getSpikesSync(toId, { t0Ms: 0, t1Ms: 1e6 });
  expect(w2.senders).toEqual(w1.senders);
  expect(w2.steps).toEqual(w1.steps);
  expect(chunkBlobs(to, toId)).toEqual(chunkBlobs(from, fromId));
}

function refusal(store: RunStore, file: string): RunStoreError {
  const before = dbFingerprint(store);
  const bytesBefore = fs.existsSync(file) ? fs.readFileSync(file) : null;
  let error: unknown;
  try {
    store.importRunSync(file);
  } catch (e) {
    error = e;
  }
  expect(error, `importing ${path.basename(file)} should fail`).toBeInstanceOf(RunStoreError);
  expect(dbFingerprint(store)).toBe(before);
  if (bytesBefore) expect(fs.readFileSync(file).equals(bytesBefore)).toBe(true);
  return error as RunStoreError;
}

/** Rewrites a valid run file with changed metadata and/or payload, with a correct checksum. */
function rebuild(file: string, out: string, edit: (meta: RunFileMeta, payload: Buffer) => void, version = RUN_FILE_VERSION): void {
  const buf = fs.readFileSync(file);
  const metaLen = buf.readUInt32LE(24);
  const meta = JSON.parse(buf.subarray(28, 28 + metaLen).toString('utf8')) as RunFileMeta;
  const payload = Buffer.from(buf.subarray(28 + metaLen, buf.length - 32));
  edit(meta, payload);
  const head = Buffer.from(encodeRunFileHead(meta, payload.length));
  head.writeUInt32LE(version, 8);
  const body = Buffer.concat([head, payload]);
  fs.writeFileSync(out, Buffer.concat([body, createHash('sha256').update(body).digest()]));
}

describe('run file export and import', () => {
  it('round-trips a run exactly: parameters, metadata, spikes, traces, statistics', () => {
    const id = richRun(a);
    const file = path.join(dir, 'shared.mcrun');
    const size = a.exportRunSync(id, file);
    expect(fs.statSync(file).size).toBe(size);
    const imported = b.importRunSync(file);
    expect(imported).toMatchObject({ origin: 'file-import', importedFrom: { file: 'shared.mcrun', origin: 'engine' } });
    expectSameRun(a, id, b, imported.id);
    // and again, from the imported copy into a third database
    const again = path.join(dir, 'again.mcrun');
    b.exportRunSync(imported.id, again);
    const c = RunStore.openSync(path.join(dir, 'c.sqlite'));
    try {
      const third = c.importRunSync(again);
      expectSameRun(a, id, c, third.id);
      expect(third.importedFrom?.origin).toBe('engine');
    } finally {
      c.closeSync();
    }
  });

  it('refuses to import a run twice and to export an unfinished run or over a file', () => {
    const id = richRun(a);
    const file = path.join(dir, 'x.mcrun');
    a.exportRunSync(id, file);
    expect(refusal(a, file).message).toMatch(/already in the database as run 1/);
    b.importRunSync(file);
    expect(refusal(b, file).code).toBe('duplicate-run');
    expect(() => a.exportRunSync(id, file)).toThrow(/exists/);
    a.exportRunSync(id, file, { overwrite: true });
    const running = writeRun(a, pops, [], { end: 'running' });
    expect(() => a.exportRunSync(running.id, path.join(dir, 'r.mcrun'))).toThrow(/it is running/);
    expect(fs.readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('refuses truncated files, naming the truncation, and changes nothing', () => {
    const full = exportedRichRun(a);
    const cut = path.join(dir, 'cut.mcrun');
    for (const at of [0, 1, 7, 8, 20, 27, 28, 100, full.length >> 1, full.length - 33, full.length - 1]) {
      fs.writeFileSync(cut, full.subarray(0, at));
      expect(refusal(b, cut).message, `cut at ${at}`).toMatch(/truncated/);
    }
  });

  it('refuses random bytes, a renamed PNG, a damaged checksum or payload', () => {
    const full = exportedRichRun(a);
    const bad = path.join(dir, 'bad.mcrun');
    const r = seededRandom(1);
    fs.writeFileSync(bad, Buffer.from(Array.from({ length: 5000 }, () => Math.floor(r() * 256))));
    expect(refusal(b, bad).message).toMatch(/not a Microcircuit Studio run file/);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
    fs.writeFileSync(bad, png);
    expect(refusal(b, bad).message).toMatch(/not a Microcircuit Studio run file: it is a PNG image/);
    fs.writeFileSync(bad, '{"format": "microcircuit-studio-run"}');
    expect(refusal(b, bad).message).toMatch(/JSON or text/);
    const sqlite = fs.readFileSync(path.join(dir, 'a.sqlite'));
    fs.writeFileSync(bad, sqlite);
    expect(refusal(b, bad).message).toMatch(/SQLite database/);
    const damaged = Buffer.from(full);
    damaged[damaged.length - 5] ^= 0xff;
    fs.writeFileSync(bad, damaged);
    expect(refusal(b, bad).message).toMatch(/checksum mismatch/);
    const payloadHit = Buffer.from(full);
    payloadHit[full.length - 200] ^= 0x10;
    fs.writeFileSync(bad, payloadHit);
    expect(refusal(b, bad).message).toMatch(/checksum mismatch/);
    fs.writeFileSync(bad, Buffer.concat([full, Buffer.from('extra')]));
    expect(refusal(b, bad).message).toMatch(/extra data/);
    expect(refusal(b, path.join(dir, 'missing.mcrun')).message).toMatch(/cannot read it \(ENOENT\)/);
  });

  it('validates the contents behind a correct checksum: metadata, chunk data, version', () => {
    const file = path.join(dir, 'x.mcrun');
    a.exportRunSync(richRun(a), file);
    const bad = path.join(dir, 'bad.mcrun');
    const cases: [string, (m: RunFileMeta, p: Buffer) => void, RegExp][] = [
      ['status', (m) => ((m.run as { status: string }).status = 'running'), /run\.status must be one of/],
      ['name', (m) => ((m.run as { name: unknown }).name = 42), /run\.name is invalid/],
      ['params', (m) => (m.run.paramsJson = '{"sim": 1}'), /paramsJson is not a parameter set/],
      ['chunk range', (m) => (m.spikeChunks[0][5] += 10 ** 9), /points past the end/],
      ['chunk pop', (m) => (m.spikeChunks[0][0] = 99), /names population 99/],
      ['chunk count', (m) => (m.spikeChunks[0][3] += 1), /hold \d+ spikes, the run declares/],
      ['chunk codec', (m, p) => (p[m.spikeChunks[3][4]] = 7), /spike chunk 3 is damaged: corrupt spike chunk: unknown codec 7/],
      ['chunk cut', (m) => (m.spikeChunks[4][5] -= 3), /spike chunk 4 is damaged: .*data ends before/],
      ['chunk last step', (m) => (m.spikeChunks[2][2] += 1), /spike chunk 2 does not match its entry/],
      ['voltage', (m) => (m.voltage!.chunks[1][6] -= 4), /samples length/],
      ['pops', (m) => (m.run.populations[1].firstId = 1), /populations is invalid/],
    ];
    for (const [what, edit, message] of cases) {
      rebuild(file, bad, edit);
      expect(refusal(b, bad).message, what).toMatch(message);
    }
    // a completed run whose spikes are not all there
    const done = writeRun(a, pops, syntheticChunks({ populations: pops, durationMs: 20, seed: 9 }));
    const doneFile = path.join(dir, 'done.mcrun');
    a.exportRunSync(done.id, doneFile);
    rebuild(doneFile, bad, (m) => {
      m.run.numSpikes = (m.run.numSpikes ?? 0) + 1;
    });
    expect(refusal(b, bad).message).toMatch(/run\.spikesStored is \d+, but the completed run reported/);
    rebuild(file, bad, () => {}, RUN_FILE_VERSION + 1);
    expect(refusal(b, bad).message).toMatch(/newer version of Microcircuit Studio \(format 2 > 1\)/);
    rebuild(file, bad, () => {});
    expect(b.importRunSync(bad).status).toBe('failed'); // the rebuilder itself keeps files valid
  });
});
