/**
 * Hostile requests for the localhost server (issue 13 items 3 and 4), each built as bytes to POST:
 * the server test sends the small ones, test/main/server/probe.ts sends all of them to real
 * `serve` processes and measures their memory and time. Each names the method it goes to.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { defaultParams } from '../../../engine/params/presets.ts';
import { encodeWire } from '../../../src-main/common/wire.ts';
import { referenceRunDir } from '../../validate/reference.ts';

export interface HostileRequest {
  /** What it is, for a report. */
  what: string;
  method: string;
  body: Uint8Array<ArrayBuffer>;
  contentType: 'application/json' | 'application/vnd.microcircuit.wire';
}

const json = (what: string, method: string, value: unknown): HostileRequest => ({
  what,
  method,
  body: new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)),
  contentType: 'application/json',
});

const frame = (what: string, method: string, value: unknown): HostileRequest => ({
  what,
  method,
  body: encodeWire(value) as Uint8Array<ArrayBuffer>,
  contentType: 'application/vnd.microcircuit.wire',
});

/** A binary frame of `bodyBytes` of body whose header references all of it `refs` times (as runs.importNest files). */
export function repeatedReferences(bodyBytes: number, refs: number): HostileRequest {
  const files = Array.from({ length: refs }, (_, i) => ({ name: `spike_recorder-${i}-0.dat`, bytes: { $typed: ['Uint8Array', 0, bodyBytes] } }));
  const header = new TextEncoder().encode(JSON.stringify({ files }));
  const bodyStart = (8 + header.length + 7) & ~7;
  const bytes = new Uint8Array(bodyStart + bodyBytes);
  bytes.set([0x4d, 0x43, 0x53, 0x31], 0);
  new DataView(bytes.buffer).setUint32(4, header.length, true);
  bytes.set(header, 8);
  return { what: `a ${(bytes.length / 2 ** 20).toFixed(0)} MiB binary frame referencing its body ${refs} times`, method: 'runs.importNest', body: bytes, contentType: 'application/vnd.microcircuit.wire' };
}

/** 501 files of `bytesEach` bytes: one more than an import takes. */
export function tooManyFiles(bytesEach: number): HostileRequest {
  const files = Array.from({ length: 501 }, (_, i) => ({ name: `spike_recorder-${7718 + (i % 8)}-${i}.dat`, bytes: new Uint8Array(bytesEach).fill(0x31) }));
  return frame(`a 501-file NEST upload of ${((501 * bytesEach) / 2 ** 20).toFixed(0)} MiB`, 'runs.importNest', { files });
}

/** The example's NEST folder with its first spike file replaced by gzip data that expands to `textBytes`. */
export function gzipBomb(textBytes: number): HostileRequest {
  const dir = referenceRunDir('example-reference-data');
  const files = fs
    .readdirSync(dir)
    .sort()
    .filter((name) => name !== 'spike_recorder-7718-0.dat')
    .map((name) => ({ name, bytes: new Uint8Array(fs.readFileSync(path.join(dir, name))) }));
  // Members of 64 MiB each, concatenated (gunzip reads them all): a bomb of any size in little memory.
  const member = gzipSync(Buffer.alloc(Math.min(textBytes, 64 * 2 ** 20), 0x30), { level: 9 });
  const bomb = Buffer.concat(Array.from({ length: Math.ceil(textBytes / (64 * 2 ** 20)) }, () => member));
  files.push({ name: 'spike_recorder-7718-0.dat.gz', bytes: new Uint8Array(bomb) });
  return frame(`a NEST upload with a ${(bomb.length / 2 ** 20).toFixed(1)} MB gzip file expanding to ${(textBytes / 2 ** 30).toFixed(1)} GiB`, 'runs.importNest', { files });
}

/** `text` nested `depth` levels of lists deep, as a request's params. */
export function deepJson(depth: number): HostileRequest {
  return json(`JSON nested ${depth} levels deep`, 'params.validate', `{"params":{"x":${'['.repeat(depth)}${']'.repeat(depth)}}}`);
}

/** A JSON body of `bytes` bytes of many small objects (amplified by JSON.parse). */
export function bigJson(bytes: number): HostileRequest {
  const n = Math.floor((bytes - 20) / 3);
  return json(`${(bytes / 2 ** 20).toFixed(0)} MiB of JSON ({} x ${n})`, 'params.validate', `{"params":{"x":[${Array(n).fill('{}').join(',')}]}}`);
}

/** Parameters with keys named like Object.prototype's members (as runs.start). */
export function prototypeKeys(): HostileRequest {
  const text = JSON.stringify({ params: defaultParams(), name: 'proto' }).replace('"sim":{', '"sim":{"__proto__":{"polluted":1},"constructor":1,"toString":2,"valueOf":3,"hasOwnProperty":4,');
  return json('parameters with keys __proto__, constructor, toString, valueOf, hasOwnProperty', 'runs.start', text);
}

/** Parameters whose matrix has a huge row (the nearest a request gets to `--set net.conn_probs[99999999]`: JSON cannot hold holes). */
export function hugeMatrix(rows: number): HostileRequest {
  const p = defaultParams() as unknown as { net: Record<string, unknown> };
  p.net.conn_probs = Array.from({ length: rows }, () => 0.1);
  return json(`parameters with a matrix of ${rows} rows`, 'runs.start', { params: p, name: 'huge matrix' });
}

/** Parameters that pass the validator alone but leave populations without neurons (runs.start used to queue it and fail). */
export function emptyPopulations(): HostileRequest {
  const p = defaultParams();
  p.net.N_scaling = 1e-9;
  return json('N_scaling 1e-9 (populations without neurons)', 'runs.start', { params: p, name: 'empty' });
}

/** A run file (bytes of `good`) with its metadata edited and its checksum recomputed, as runs.import. */
export function editedRunFile(what: string, good: Uint8Array, edit: (meta: Record<string, unknown> & { run: Record<string, unknown>; spikeChunks: number[][] }) => void): HostileRequest {
  const buf = Buffer.from(good);
  const metaLen = buf.readUInt32LE(24);
  const meta = JSON.parse(buf.subarray(28, 28 + metaLen).toString('utf8')) as Parameters<typeof edit>[0];
  edit(meta);
  const metaBytes = Buffer.from(JSON.stringify(meta), 'utf8');
  const payload = buf.subarray(28 + metaLen, buf.length - 32);
  const head = Buffer.alloc(28);
  buf.copy(head, 0, 0, 28);
  head.writeBigUInt64LE(BigInt(28 + metaBytes.length + payload.length + 32), 16);
  head.writeUInt32LE(metaBytes.length, 24);
  const body = Buffer.concat([head, metaBytes, payload]);
  const file = new Uint8Array(Buffer.concat([body, createHash('sha256').update(body).digest()]));
  return frame(what, 'runs.import', { bytes: file, fileName: 'hostile.mcrun' });
}

/** The run-file attacks of issue 13: 2·10⁹ spikes declared, deeply nested JSON, invalid parameters. */
export function hostileRunFiles(good: Uint8Array): HostileRequest[] {
  const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
  return [
    editedRunFile('a run file declaring 2·10⁹ spikes in one chunk', good, (m) => {
      const extra = 2_000_000_000 - m.spikeChunks[0][3];
      m.spikeChunks[0][3] += extra;
      m.run.spikesStored = (m.run.spikesStored as number) + extra;
      if (m.run.numSpikes !== null) m.run.numSpikes = m.run.spikesStored;
    }),
    editedRunFile('a run file whose statistics are JSON nested 10⁶ levels deep', good, (m) => (m.run.statsJson = deep)),
    editedRunFile('a run file with invalid parameters (N_scaling -1, an unknown key)', good, (m) => {
      const p = JSON.parse(m.run.paramsJson as string) as { net: Record<string, unknown> };
      p.net.N_scaling = -1;
      p.net.typo = 1;
      m.run.paramsJson = JSON.stringify(p);
    }),
  ];
}
