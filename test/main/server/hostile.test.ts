// Hostile requests over real HTTP (issue 13 items 3 and 4): each is refused with a short answer
// naming what is wrong, the server keeps answering, and what was stored before reads back the same.
// (Memory and time per request are measured by test/main/server/probe.ts on real `serve` processes.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { decodeWire, encodeWire } from '../../../src-main/common/wire.ts';
import type { Envelope, NamedFile, RunFileBytes, StudioErrorInfo } from '../../../src-main/contract.ts';
import { startServer, type RunningServer } from '../../../src-main/server/http-server.ts';
import { createServices, type StudioServices } from '../../../src-main/services/services.ts';
import { referenceRunDir } from '../../validate/reference.ts';
import { fakeLauncher } from '../runs/helpers.ts';
import {
  bigJson,
  deepJson,
  emptyPopulations,
  hostileRunFiles,
  hugeMatrix,
  prototypeKeys,
  repeatedReferences,
  tooManyFiles,
  type HostileRequest,
} from './hostile-inputs.ts';

let dir: string;
let services: StudioServices;
let server: RunningServer;

async function post(method: string, body: Uint8Array<ArrayBuffer>, contentType: string): Promise<{ status: number; bytes: number; envelope: Envelope<unknown> }> {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': contentType },
    body,
  });
  const raw = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, bytes: raw.length, envelope: decodeWire(raw) as Envelope<unknown> };
}

async function call<T>(method: string, value: unknown): Promise<T> {
  const encoded = encodeWire(value);
  const r = await post(method, typeof encoded === 'string' ? new TextEncoder().encode(encoded) : encoded, typeof encoded === 'string' ? 'application/json' : 'application/vnd.microcircuit.wire');
  if (!r.envelope.ok) throw new Error(`${method}: ${JSON.stringify(r.envelope.error)}`);
  return r.envelope.value as T;
}

async function refused(h: HostileRequest): Promise<StudioErrorInfo & { status: number; bytes: number }> {
  const r = await post(h.method, h.body, h.contentType);
  expect(r.envelope.ok, h.what).toBe(false);
  if (r.envelope.ok) throw new Error('accepted');
  return { ...r.envelope.error, status: r.status, bytes: r.bytes };
}

let stored: { id: number; detail: unknown; spikes: unknown };
let good: Uint8Array;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcs-hostile-server-'));
  fs.mkdirSync(path.join(dir, 'tmp'));
  services = createServices({ identity: { name: 'Microcircuit Studio', version: '0.0.0' }, dataDir: dir, tmpDir: path.join(dir, 'tmp'), launcher: fakeLauncher().launcher });
  const renderer = path.join(dir, 'renderer');
  fs.mkdirSync(renderer);
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  server = await startServer({ services, rendererDir: renderer });
  // A run stored before the attacks, to read back after them.
  const example = referenceRunDir('example-reference-data');
  const files: NamedFile[] = fs.readdirSync(example).sort().map((name) => ({ name, bytes: new Uint8Array(fs.readFileSync(path.join(example, name))) }));
  const { id } = await call<{ id: number }>('runs.importNest', { files, name: 'stored before' });
  stored = { id, detail: await call('runs.get', { id }), spikes: await call('runs.spikes', { id, t0Ms: 0, t1Ms: 2000 }) };
  good = (await call<RunFileBytes>('runs.export', { id })).bytes;
}, 60_000);

afterAll(async () => {
  await server.close();
  await services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('hostile requests to the localhost server', { timeout: 60_000 }, () => {
  it('a binary frame referencing its body over and over is refused before anything is copied', async () => {
    const e = await refused(repeatedReferences(8 * 2 ** 20, 64)); // 8 MiB referenced 64 times: 512 MiB if copied
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/binary frame: the arrays overlap or are out of order/);
  });

  it('501 files are refused with a short answer naming the limit (the files are not serialised into it)', async () => {
    const e = await refused(tooManyFiles(16 * 1024));
    expect(e).toMatchObject({ status: 400, code: 'bad-request', field: 'files' });
    expect(e.allowed).toMatch(/^a list of 1\.\.500 items/);
    expect(e.bytes).toBeLessThan(2000);
  });

  it('deep or large JSON is refused before it is parsed', async () => {
    expect((await refused(deepJson(100_000))).message).toMatch(/nested more than 64 levels deep/);
    const big = await refused(bigJson(4 * 2 ** 20));
    expect(big.message).toMatch(/the JSON part is \d+ bytes: at most 1048576/);
  });

  it('parameters with prototype keys, a huge matrix or empty populations are refused by name; nothing is queued', async () => {
    const proto = await refused(prototypeKeys());
    expect(proto.issues?.map((i) => i.path)).toEqual(['sim.__proto__', 'sim.constructor', 'sim.toString', 'sim.valueOf', 'sim.hasOwnProperty']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const matrix = await refused(hugeMatrix(100_000));
    expect(matrix.issues?.[0]).toMatchObject({ path: 'net.conn_probs', value: 'a list of 100000 entries' });
    expect(matrix.bytes).toBeLessThan(4000);
    expect((await refused(emptyPopulations())).issues?.[0]?.path).toBe('net.N_scaling');
    const runs = await call<{ status: string }[]>('runs.list', {});
    expect(runs.map((r) => r.status)).toEqual(['completed']);
  });

  it('run files declaring 2·10⁹ spikes, holding deep JSON or invalid parameters are refused', async () => {
    const [spikes, deep, params] = hostileRunFiles(good);
    expect((await refused(spikes)).message).toMatch(/declares 2000000000 spikes: a chunk holds at most 4194304/);
    expect((await refused(deep)).message).toMatch(/run\.statsJson is nested more than 64 levels deep/);
    expect((await refused(params)).message).toMatch(/run\.paramsJson is not a parameter set this app accepts: 2 invalid parameters/);
  });

  it('afterwards the server answers, and the run stored before reads back the same; the database is intact', async () => {
    expect(await call('runs.get', { id: stored.id })).toEqual(stored.detail);
    expect(await call('runs.spikes', { id: stored.id, t0Ms: 0, t1Ms: 2000 })).toEqual(stored.spikes);
    const db = new Database(services.runs.dbPath, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });
});
