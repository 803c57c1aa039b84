// Hostile run files (issue 13 item 4): files whose checksum was recomputed after an edit, so that
// only the checks behind the checksum stand between them and the database. Each is refused by
// name before anything is allocated in proportion to what it declares, and changes nothing.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultParams } from '../../../engine/params/presets.ts';
import { RunStoreError } from '../../../src-main/store/errors.ts';
import { encodeRunFileHead, type RunFileMeta } from '../../../src-main/store/run-file.ts';
import { RunStore } from '../../../src-main/store/run-store.ts';
import { MAX_CHUNK_SPIKES } from '../../../src-main/store/spike-codec.ts';
import { dbFingerprint, removeDir, tempDir, writeRun } from './helpers.ts';
import { pd14Populations, syntheticChunks } from './synthetic.ts';

let dir: string;
let a: RunStore;
let b: RunStore;
let good: string;
let goodId: number;
const pops = pd14Populations(0.1);

/** A run file rebuilt from `good` with its metadata edited (or replaced by `raw` JSON text), checksum recomputed. */
function hostile(name: string, edit: (meta: RunFileMeta) => void, raw?: (json: string) => string): string {
  const buf = fs.readFileSync(good);
  const metaLen = buf.readUInt32LE(24);
  const meta = JSON.parse(buf.subarray(28, 28 + metaLen).toString('utf8')) as RunFileMeta;
  const payload = buf.subarray(28 + metaLen, buf.length - 32);
  edit(meta);
  let head = Buffer.from(encodeRunFileHead(meta, payload.length));
  if (raw) {
    const json = Buffer.from(raw(JSON.stringify(meta)), 'utf8');
    head = Buffer.concat([head.subarray(0, 28), json]);
    head.writeBigUInt64LE(BigInt(28 + json.length + payload.length + 32), 16);
    head.writeUInt32LE(json.length, 24);
  }
  const body = Buffer.concat([head, payload]);
  const file = path.join(dir, `${name}.mcrun`);
  fs.writeFileSync(file, Buffer.concat([body, createHash('sha256').update(body).digest()]));
  return file;
}

/** Imports `file` into b: must be refused, leave b unchanged, and allocate little. */
function refusal(file: string): string {
  const before = dbFingerprint(b);
  const buffersBefore = process.memoryUsage().arrayBuffers;
  let error: unknown;
  try {
    b.importRunSync(file);
  } catch (e) {
    error = e;
  }
  expect(process.memoryUsage().arrayBuffers - buffersBefore).toBeLessThan(64 * 2 ** 20);
  expect(error, path.basename(file)).toBeInstanceOf(RunStoreError);
  expect(dbFingerprint(b)).toBe(before);
  return (error as Error).message;
}

beforeAll(() => {
  dir = tempDir('mcs-hostile-file-');
  a = RunStore.openSync(path.join(dir, 'a.sqlite'));
  b = RunStore.openSync(path.join(dir, 'b.sqlite'));
  const run = writeRun(a, pops, syntheticChunks({ populations: pops, durationMs: 200, chunkMs: 20, seed: 3 }), { name: 'good', params: defaultParams(), end: 'running' });
  a.markFailedSync(run.id, 'stopped');
  goodId = run.id;
  good = path.join(dir, 'good.mcrun');
  a.exportRunSync(run.id, good);
});

afterAll(() => {
  a.closeSync();
  b.closeSync();
  removeDir(dir);
});

describe('hostile run files', () => {
  it('a chunk declaring 2·10⁹ spikes is refused before its spikes are allocated', () => {
    const file = hostile('spikes', (m) => {
      const extra = 2_000_000_000 - m.spikeChunks[0][3];
      m.spikeChunks[0][3] += extra;
      m.run.spikesStored += extra;
    });
    expect(refusal(file)).toMatch(/spikeChunks\[0\] declares 2000000000 spikes: a chunk holds at most 4194304/);
    const dense = hostile('dense', (m) => {
      const c = m.spikeChunks[0];
      const extra = 8 * c[5] - c[3];
      c[3] += extra;
      m.run.spikesStored += extra;
    });
    expect(refusal(dense)).toMatch(/spikeChunks\[0\] declares \d+ spikes in \d+ bytes: a spike takes at least one bit/);
  });

  it('deeply nested JSON is refused, in the metadata and in the texts it carries', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(refusal(hostile('deep-stats', (m) => (m.run.statsJson = deep)))).toMatch(/run\.statsJson is nested more than 64 levels deep/);
    expect(refusal(hostile('deep-summary', (m) => (m.run.summaryJson = `{"a":${deep}}`)))).toMatch(/run\.summaryJson is nested more than 64 levels deep/);
    expect(refusal(hostile('deep-meta', () => {}, (json) => json.replace(/}$/, `,"extra":${deep}}`)))).toMatch(/the metadata is nested more than 64 levels deep/);
  });

  it('parameters the validator refuses are refused, naming the problem (as a new run would be)', () => {
    const params = defaultParams() as unknown as { net: Record<string, unknown>; sim: Record<string, unknown> };
    params.net.N_scaling = -1;
    Object.defineProperty(params.net, 'constructor', { value: 1, enumerable: true });
    const message = refusal(hostile('params', (m) => (m.run.paramsJson = JSON.stringify(params))));
    expect(message).toMatch(/run\.paramsJson is not a parameter set this app accepts: 2 invalid parameters/);
    expect(message).toContain('net.N_scaling = -1: must be a scaling factor in (0, 10]');
    expect(message).toContain('net.constructor = 1: unknown key');
  });

  it('strings longer than the app ever writes are refused', () => {
    expect(refusal(hostile('reason', (m) => (m.run.reason = 'x'.repeat(1_000_000))))).toMatch(/run\.reason must be a string of at most 10000 characters/);
    expect(refusal(hostile('engine', (m) => (m.run.engineVersion = 'v'.repeat(100_000))))).toMatch(/run\.engineVersion must be a string of at most 1000 characters/);
  });

  it('the store never writes a chunk the import would refuse: a larger one is split', { timeout: 60_000 }, () => {
    const pop = pops[0];
    const size = pop.lastId - pop.firstId + 1;
    const n = MAX_CHUNK_SPIKES + 5;
    const senders = Uint32Array.from({ length: n }, (_, i) => pop.firstId + (i % size));
    const steps = Uint32Array.from({ length: n }, (_, i) => 1 + Math.floor(i / size));
    const run = writeRun(a, pops, [{ fromStep: 0, toStep: steps[n - 1], senders, steps }], { name: 'dense' });
    const counts = a.db.prepare('SELECT count FROM spike_chunks WHERE run_id = ? ORDER BY t1_step, id').pluck().all(run.id) as number[];
    expect(counts).toEqual([MAX_CHUNK_SPIKES, 5]);
    const file = path.join(dir, 'split.mcrun');
    a.exportRunSync(run.id, file);
    const back = b.importRunSync(file);
    const w = b.getSpikesSync(back.id, { t0Ms: 0, t1Ms: 1e6 });
    // Compared as bytes: a deep equality of millions of elements takes minutes.
    const same = (x: Uint32Array, y: Uint32Array): boolean => Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength));
    expect(same(w.senders, senders) && same(w.steps, steps)).toBe(true);
  });

  it('the untouched file still imports, and reads back as exported', () => {
    const run = b.importRunSync(good);
    const original = a.getRunSync(goodId);
    expect(run.name).toBe('good');
    expect(b.getParamsJsonSync(run.id)).toBe(a.getParamsJsonSync(original.id));
    expect(b.getSpikesSync(run.id, { t0Ms: 0, t1Ms: 1e6 })).toEqual(a.getSpikesSync(original.id, { t0Ms: 0, t1Ms: 1e6 }));
  });
});
