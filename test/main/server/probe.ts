/**
 * The hostile-input probe of issue 13 (items 3 and 4), repeated: each hostile request is sent to a
 * real `serve` process of its own (so that its peak memory is its own), holding a database with a
 * run stored before; the probe records the answer, the time to refuse, the server's peak resident
 * memory (VmHWM) before and after, whether it still answers, and that the stored run reads back the
 * same with the database intact. Not a test (it takes minutes and gigabytes are at stake if a bound
 * fails): run it by hand on a quiet machine.
 *
 *   node test/main/server/probe.ts [--out FILE.json]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { decodeWire, encodeWire } from '../../../src-main/common/wire.ts';
import type { Envelope, NamedFile, RunFileBytes } from '../../../src-main/contract.ts';
import { referenceRunDir } from '../../validate/reference.ts';
import {
  bigJson,
  deepJson,
  emptyPopulations,
  gzipBomb,
  hostileRunFiles,
  hugeMatrix,
  prototypeKeys,
  repeatedReferences,
  tooManyFiles,
  type HostileRequest,
} from './hostile-inputs.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mcs-probe-'));
const renderer = path.join(work, 'renderer');
fs.mkdirSync(renderer);
fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>probe</title>');

interface Server {
  child: ChildProcess;
  base: string;
  token: string;
  db: string;
}

async function startServe(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, [path.join(ROOT, 'src-main/server/serve.ts'), '--data-dir', dataDir, '--renderer-dir', renderer], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<URL>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Open (http:\/\/\S+)/.exec(out);
      if (m) resolve(new URL(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return { child, base: url.origin, token: url.searchParams.get('token')!, db: path.join(dataDir, 'runs.sqlite') };
}

async function stop(s: Server): Promise<void> {
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}

function peakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]) / 1024;
}

async function post(s: Server, method: string, body: Uint8Array<ArrayBuffer>, contentType: string): Promise<{ status: number; envelope: Envelope<unknown>; bytes: number }> {
  const res = await fetch(`${s.base}/api/${method}`, { method: 'POST', headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': contentType }, body });
  const raw = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, envelope: decodeWire(raw) as Envelope<unknown>, bytes: raw.length };
}

async function call<T>(s: Server, method: string, value: unknown): Promise<T> {
  const e = encodeWire(value);
  const r = await post(s, method, typeof e === 'string' ? new TextEncoder().encode(e) : e, typeof e === 'string' ? 'application/json' : 'application/vnd.microcircuit.wire');
  if (!r.envelope.ok) throw new Error(`${method}: ${JSON.stringify(r.envelope.error)}`);
  return r.envelope.value as T;
}

// A database with one run stored before any attack (the NEST example), copied for each server.
const seedDir = path.join(work, 'seed');
fs.mkdirSync(seedDir);
const seed = await startServe(seedDir);
const example = referenceRunDir('example-reference-data');
const files: NamedFile[] = fs.readdirSync(example).sort().map((name) => ({ name, bytes: new Uint8Array(fs.readFileSync(path.join(example, name))) }));
const { id } = await call<{ id: number }>(seed, 'runs.importNest', { files, name: 'stored before the attacks' });
const reference = JSON.stringify({ detail: await call(seed, 'runs.get', { id }), spikes: await call(seed, 'runs.spikes', { id, t0Ms: 0, t1Ms: 2000 }) }, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Uint32Array) : v));
const good = (await call<RunFileBytes>(seed, 'runs.export', { id })).bytes;
await stop(seed);

const inputs: (() => HostileRequest)[] = [
  () => repeatedReferences(16 * 2 ** 20, 300),
  () => tooManyFiles(32 * 1024),
  () => gzipBomb(1.75 * 2 ** 30),
  ...hostileRunFiles(good).map((h) => () => h),
  () => deepJson(400_000), // 800 KB: under the 1 MiB of JSON a request may hold, so its depth is what refuses it
  () => bigJson(60 * 2 ** 20),
  () => prototypeKeys(),
  () => hugeMatrix(100_000),
  () => emptyPopulations(),
];

interface Row {
  what: string;
  requestMiB: number;
  status: number;
  answer: string;
  answerBytes: number;
  refuseMs: number;
  peakRssBeforeMiB: number;
  peakRssAfterMiB: number;
  stillAnswersMs: number;
  storedRunSame: boolean;
  integrity: string;
}

const rows: Row[] = [];
for (const make of inputs) {
  const h = make();
  const dataDir = path.join(work, `data-${rows.length}`);
  fs.mkdirSync(dataDir);
  fs.copyFileSync(path.join(seedDir, 'runs.sqlite'), path.join(dataDir, 'runs.sqlite'));
  const s = await startServe(dataDir);
  await call(s, 'runs.get', { id }); // the store open, as a server in use has it
  const before = peakRssMiB(s.child.pid!);
  const t0 = performance.now();
  const r = await post(s, h.method, h.body, h.contentType);
  const refuseMs = performance.now() - t0;
  const after = peakRssMiB(s.child.pid!);
  const t1 = performance.now();
  await call(s, 'params.defaults', { preset: 'default' });
  const stillAnswersMs = performance.now() - t1;
  const now = JSON.stringify({ detail: await call(s, 'runs.get', { id }), spikes: await call(s, 'runs.spikes', { id, t0Ms: 0, t1Ms: 2000 }) }, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Uint32Array) : v));
  await stop(s);
  const db = new Database(s.db, { readonly: true });
  const integrity = String(db.pragma('integrity_check', { simple: true }));
  db.close();
  const answer = r.envelope.ok ? 'ACCEPTED' : `${r.envelope.error.code}: ${r.envelope.error.message}`;
  rows.push({
    what: h.what,
    requestMiB: h.body.length / 2 ** 20,
    status: r.status,
    answer: answer.length > 160 ? `${answer.slice(0, 159)}…` : answer,
    answerBytes: r.bytes,
    refuseMs,
    peakRssBeforeMiB: before,
    peakRssAfterMiB: after,
    stillAnswersMs,
    storedRunSame: now === reference,
    integrity,
  });
  const last = rows[rows.length - 1];
  console.log(`${last.what}: ${last.status} in ${last.refuseMs.toFixed(0)} ms, peak RSS ${last.peakRssBeforeMiB.toFixed(0)} -> ${last.peakRssAfterMiB.toFixed(0)} MiB; ${last.answer}`);
}

console.log('\n| hostile input | request | answer | time to refuse | server peak RSS (before → after) | stored run same | integrity |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.what} | ${r.requestMiB.toFixed(1)} MiB | ${r.status} ${r.answer.split(':')[0]} | ${r.refuseMs.toFixed(0)} ms | ${r.peakRssBeforeMiB.toFixed(0)} → ${r.peakRssAfterMiB.toFixed(0)} MiB | ${r.storedRunSame ? 'yes' : 'NO'} | ${r.integrity} |`);
}
const outIndex = process.argv.indexOf('--out');
if (outIndex > 0) fs.writeFileSync(process.argv[outIndex + 1], JSON.stringify(rows, null, 2));
fs.rmSync(work, { recursive: true, force: true });
