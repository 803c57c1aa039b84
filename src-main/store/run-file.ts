/**
 * The one-file format in which a run is shared ("run file", extension .mcrun). Pure: building the
 * head and validating a whole file; the store does the file I/O.
 *
 *   offset  size  field
 *   0       8     magic 89 4D 43 52 55 4E 0D 0A ("\x89MCRUN\r\n": catches text-mode transfers)
 *   8       4     format version, u32 LE (RUN_FILE_VERSION)
 *   12      4     flags, u32 LE (0)
 *   16      8     total file length in bytes, u64 LE (catches truncation before anything else)
 *   24      4     metadata length M, u32 LE
 *   28      M     metadata, UTF-8 JSON (RunFileMeta)
 *   28+M    P     payload: the blobs the metadata points to (offsets relative to the payload start):
 *                 spike chunks (spike-codec.ts), voltmeter steps (u32 LE) and samples (f32 LE)
 *   end-32  32    SHA-256 of every byte before it
 *
 * Validation is complete before anything is written to a database: signature, version, length,
 * checksum, then every metadata field (strings, JSON nesting and the parameters by the engine's
 * validator), every blob range and spike count (bounded before anything is allocated for it), and
 * (in the store) every spike chunk decoded in full.
 */
import { createHash } from 'node:crypto';
import type { MachineInfo, PhaseTimings, PopulationInfo } from '../../engine/api.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import { collectIssues, formatIssues } from '../../engine/params/validate.ts';
import { jsonTooDeepAt, MAX_JSON_DEPTH } from '../common/json-limits.ts';
import { RunStoreError } from './errors.ts';
import { checkName, checkNotes, checkPopulations, checkTag, MAX_REASON_LENGTH } from './rows.ts';
import { MAX_CHUNK_SPIKES, maxSpikesInBytes } from './spike-codec.ts';
import { RUN_ORIGINS, type ImportInfo, type RunRecord } from './types.ts';

export const RUN_FILE_EXTENSION = '.mcrun';
export const RUN_FILE_VERSION = 1;
export const RUN_FILE_MAGIC = Uint8Array.from([0x89, 0x4d, 0x43, 0x52, 0x55, 0x4e, 0x0d, 0x0a]);
const HEAD_FIXED = 28;
const DIGEST = 32;
const MIN_LENGTH = HEAD_FIXED + 2 + DIGEST; // "{}" as metadata
const FORMAT_NAME = 'microcircuit-studio-run';

/** Statuses a run can be exported in (a queued or running run has no final data yet). */
export const EXPORTABLE_STATUSES = ['completed', 'failed', 'cancelled', 'interrupted'] as const;
type ExportableStatus = (typeof EXPORTABLE_STATUSES)[number];

/** The fields of a run's record a run file carries as they are (not its id, nor what the importing store derives). */
type CarriedField =
  | 'uid'
  | 'name'
  | 'origin'
  | 'createdAtMs'
  | 'startedAtMs'
  | 'finishedAtMs'
  | 'seed'
  | 'resolutionMs'
  | 'engineName'
  | 'engineVersion'
  | 'threads'
  | 'machine'
  | 'timingsS'
  | 'reason'
  | 'tags'
  | 'populations'
  | 'numNeurons'
  | 'numSynapses'
  | 'numSpikes'
  | 'spikesStored'
  | 'spikesToStep'
  | 'importedFrom';

/** A run as its file holds it: the carried fields of its record (RunRecord, written once), its final status, its texts. */
export interface ExportedRun extends Pick<RunRecord, CarriedField> {
  status: ExportableStatus;
  /** The texts exactly as stored (parameters exactly as run). */
  paramsJson: string;
  summaryJson: string | null;
  statsJson: string | null;
  /** Free-text notes; absent in files written before notes existed (read as ''). */
  notes?: string;
}

/** [pop, t0Step, t1Step, count, payload offset, length] */
export type SpikeChunkEntry = [number, number, number, number, number, number];
/** [t0Step, t1Step, numSamples, steps offset, steps length, vMv offset, vMv length] */
export type VoltageChunkEntry = [number, number, number, number, number, number, number];

export interface RunFileMeta {
  format: typeof FORMAT_NAME;
  exportedAtMs: number;
  run: ExportedRun;
  spikeChunks: SpikeChunkEntry[];
  /** null when no voltmeter was recorded. senders: [offset, length] of the u32 node ids. */
  voltage: { senders: [number, number]; chunks: VoltageChunkEntry[] } | null;
}

export interface ParsedRunFile {
  meta: RunFileMeta;
  /** Bytes [offset, offset + length) of the payload. */
  blob(offset: number, length: number): Buffer;
}

/** Header and metadata bytes of a file whose payload has `payloadLength` bytes. */
export function encodeRunFileHead(meta: RunFileMeta, payloadLength: number): Uint8Array {
  const json = Buffer.from(JSON.stringify(meta), 'utf8');
  const head = Buffer.alloc(HEAD_FIXED + json.length);
  head.set(RUN_FILE_MAGIC, 0);
  head.writeUInt32LE(RUN_FILE_VERSION, 8);
  head.writeUInt32LE(0, 12);
  head.writeBigUInt64LE(BigInt(HEAD_FIXED + json.length + payloadLength + DIGEST), 16);
  head.writeUInt32LE(json.length, 24);
  head.set(json, HEAD_FIXED);
  return head;
}

function refuse(what: string): RunStoreError {
  return new RunStoreError('bad-run-file', what);
}

const SIGNATURES: [string, number[]][] = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['a ZIP archive', [0x50, 0x4b, 0x03, 0x04]],
  ['a gzip archive', [0x1f, 0x8b]],
  ['an SQLite database', [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66]],
];

function describeForeign(bytes: Uint8Array): string {
  for (const [what, sig] of SIGNATURES) {
    if (bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b)) return `it is ${what}`;
  }
  const first = bytes[0];
  if (first === 0x7b || first === 0x5b) return 'it looks like a JSON or text file';
  return 'it does not start with the run-file signature';
}

/** Validates the container (signature, version, length, checksum, metadata) and returns it. */
export function parseRunFile(bytes: Uint8Array): ParsedRunFile {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magicOk = buf.length >= RUN_FILE_MAGIC.length && RUN_FILE_MAGIC.every((b, i) => buf[i] === b);
  if (!magicOk) {
    if (buf.length < RUN_FILE_MAGIC.length && RUN_FILE_MAGIC.subarray(0, buf.length).every((b, i) => buf[i] === b)) {
      throw refuse(`the file is truncated: ${buf.length} bytes, shorter than the smallest run file (${MIN_LENGTH} bytes)`);
    }
    throw refuse(`not a Microcircuit Studio run file: ${describeForeign(buf)}`);
  }
  if (buf.length < HEAD_FIXED) {
    throw refuse(`the file is truncated: ${buf.length} bytes, shorter than the smallest run file (${MIN_LENGTH} bytes)`);
  }
  const version = buf.readUInt32LE(8);
  if (version > RUN_FILE_VERSION) {
    throw refuse(
      `this run file was written by a newer version of Microcircuit Studio (format ${version} > ${RUN_FILE_VERSION}); update the app to import it`,
    );
  }
  if (version === 0) throw refuse('the run file header is damaged (format version 0)');
  const declared = buf.readBigUInt64LE(16);
  if (declared !== BigInt(buf.length)) {
    throw refuse(
      BigInt(buf.length) < declared
        ? `the file is truncated: it has ${buf.length} bytes, its header declares ${declared}`
        : `the file has ${buf.length} bytes, its header declares ${declared}: extra data after the end`,
    );
  }
  if (buf.length < MIN_LENGTH) throw refuse(`the run file header is damaged (length ${buf.length})`);
  const digest = createHash('sha256').update(buf.subarray(0, buf.length - DIGEST)).digest();
  if (!digest.equals(buf.subarray(buf.length - DIGEST))) {
    throw refuse('checksum mismatch: the file is damaged (its SHA-256 does not match its contents)');
  }
  const metaLength = buf.readUInt32LE(24);
  if (HEAD_FIXED + metaLength > buf.length - DIGEST) throw refuse(`the metadata length (${metaLength}) exceeds the file`);
  let raw: unknown;
  try {
    raw = JSON.parse(notTooDeep(buf.subarray(HEAD_FIXED, HEAD_FIXED + metaLength).toString('utf8'), 'the metadata'));
  } catch (e) {
    if (e instanceof RunStoreError) throw e;
    throw refuse(`the metadata is not valid JSON (${(e as Error).message})`);
  }
  const payloadStart = HEAD_FIXED + metaLength;
  const payloadLength = buf.length - DIGEST - payloadStart;
  const meta = checkMeta(raw, payloadLength);
  return {
    meta,
    blob: (offset, length) => buf.subarray(payloadStart + offset, payloadStart + offset + length),
  };
}

// --- metadata validation ------------------------------------------------------------------------

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(path: string, what: string): never {
  throw refuse(`metadata field ${path} ${what}`);
}

function obj(v: unknown, path: string): Obj {
  if (!isObj(v)) fail(path, 'must be an object');
  return v;
}

/** The longest string of the metadata besides the JSON texts (names of engines, CPUs, files). */
const MAX_META_STRING = 1000;

function str(o: Obj, key: string, path: string, maxLength = MAX_META_STRING): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length > maxLength) fail(`${path}.${key}`, `must be a string of at most ${maxLength} characters`);
  return v;
}

function strOrNull(o: Obj, key: string, path: string, maxLength = MAX_META_STRING): string | null {
  return o[key] === null ? null : str(o, key, path, maxLength);
}

/** The text, once its nesting is known to be within MAX_JSON_DEPTH (before it is parsed). */
function notTooDeep(text: string, what: string): string {
  const at = jsonTooDeepAt(text);
  if (at >= 0) throw refuse(`${what} is nested more than ${MAX_JSON_DEPTH} levels deep (at character ${at})`);
  return text;
}

function num(o: Obj, key: string, path: string, integer = false): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${path}.${key}`, 'must be a finite number');
  if (integer && (!Number.isSafeInteger(v) || v < 0)) fail(`${path}.${key}`, 'must be a non-negative integer');
  return v;
}

function numOrNull(o: Obj, key: string, path: string, integer = false): number | null {
  return o[key] === null ? null : num(o, key, path, integer);
}

function oneOf<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    fail(`${path}.${key}`, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(v)})`);
  }
  return v as T;
}

function jsonText(o: Obj, key: string, path: string, nullable: boolean): string | null {
  if (nullable && o[key] === null) return null;
  const text = str(o, key, path, Infinity);
  notTooDeep(text, `metadata field ${path}.${key}`);
  try {
    JSON.parse(text);
  } catch {
    fail(`${path}.${key}`, 'is not valid JSON text');
  }
  return text;
}

function intTuple(v: unknown, n: number, path: string): number[] {
  if (!Array.isArray(v) || v.length !== n || !v.every((x) => Number.isSafeInteger(x) && (x as number) >= 0)) {
    fail(path, `must be a list of ${n} non-negative integers`);
  }
  return v as number[];
}

function checkRange(offset: number, length: number, payloadLength: number, path: string): void {
  if (offset + length > payloadLength) fail(path, `points past the end of the data (${offset}+${length} > ${payloadLength})`);
}

/**
 * Checks the parameter set with the engine's validator, as every run of this app was checked when
 * it was created (a run started here, or imported from NEST); returns whether the spike recorder
 * was on.
 */
function checkParams(text: string): boolean {
  const p = JSON.parse(text) as unknown;
  const issues = collectIssues(p);
  if (issues.length > 0) fail('run.paramsJson', `is not a parameter set this app accepts: ${formatIssues(issues.slice(0, 10))}`);
  return (p as ParamSet).sim.rec_dev.includes('spike_recorder');
}

function checkRun(v: unknown): ExportedRun {
  const P = 'run';
  const o = obj(v, P);
  const machineRaw = o.machine;
  let machine: MachineInfo | null = null;
  if (machineRaw !== null) {
    const m = obj(machineRaw, `${P}.machine`);
    machine = {
      cpuModel: str(m, 'cpuModel', `${P}.machine`),
      cores: num(m, 'cores', `${P}.machine`, true),
      totalMemBytes: num(m, 'totalMemBytes', `${P}.machine`, true),
      os: str(m, 'os', `${P}.machine`),
      nodeVersion: str(m, 'nodeVersion', `${P}.machine`),
    };
  }
  let timingsS: PhaseTimings | null = null;
  if (o.timingsS !== null) {
    const t = obj(o.timingsS, `${P}.timingsS`);
    timingsS = { build: num(t, 'build', `${P}.timingsS`), presim: num(t, 'presim', `${P}.timingsS`), sim: num(t, 'sim', `${P}.timingsS`) };
  }
  let importedFrom: ImportInfo | null = null;
  if (o.importedFrom !== null) {
    const i = obj(o.importedFrom, `${P}.importedFrom`);
    importedFrom = {
      file: str(i, 'file', `${P}.importedFrom`, 255),
      importedAtMs: num(i, 'importedAtMs', `${P}.importedFrom`, true),
      origin: oneOf(i, 'origin', `${P}.importedFrom`, RUN_ORIGINS),
    };
  }
  if (!Array.isArray(o.tags)) fail(`${P}.tags`, 'must be a list');
  if (!Array.isArray(o.populations)) fail(`${P}.populations`, 'must be a list');
  const uid = str(o, 'uid', P);
  if (!/^[0-9a-f-]{36}$/.test(uid)) fail(`${P}.uid`, 'must be a UUID');
  const resolutionMs = num(o, 'resolutionMs', P);
  if (resolutionMs <= 0) fail(`${P}.resolutionMs`, 'must be positive');
  const run: ExportedRun = {
    uid,
    name: wrap(`${P}.name`, () => checkName(o.name)),
    status: oneOf(o, 'status', P, EXPORTABLE_STATUSES),
    origin: oneOf(o, 'origin', P, RUN_ORIGINS),
    createdAtMs: num(o, 'createdAtMs', P, true),
    startedAtMs: numOrNull(o, 'startedAtMs', P, true),
    finishedAtMs: numOrNull(o, 'finishedAtMs', P, true),
    seed: num(o, 'seed', P, true),
    resolutionMs,
    engineName: str(o, 'engineName', P),
    engineVersion: str(o, 'engineVersion', P),
    threads: numOrNull(o, 'threads', P, true),
    machine,
    timingsS,
    reason: strOrNull(o, 'reason', P, MAX_REASON_LENGTH),
    tags: (o.tags as unknown[]).map((t, i) => wrap(`${P}.tags[${i}]`, () => checkTag(t))),
    populations: wrap(`${P}.populations`, () => checkPopulations(o.populations as PopulationInfo[])),
    numNeurons: numOrNull(o, 'numNeurons', P, true),
    numSynapses: numOrNull(o, 'numSynapses', P, true),
    numSpikes: numOrNull(o, 'numSpikes', P, true),
    spikesStored: num(o, 'spikesStored', P, true),
    spikesToStep: num(o, 'spikesToStep', P, true),
    paramsJson: jsonText(o, 'paramsJson', P, false) as string,
    summaryJson: jsonText(o, 'summaryJson', P, true),
    statsJson: jsonText(o, 'statsJson', P, true),
    importedFrom,
    notes: o.notes === undefined ? '' : wrap(`${P}.notes`, () => checkNotes(o.notes)),
  };
  const recorded = checkParams(run.paramsJson);
  if (run.status === 'completed') {
    // the store's invariant holds for imported runs too: no run is completed without all its spikes
    if (run.numSpikes === null) fail(`${P}.numSpikes`, 'must be set for a completed run');
    const expected = recorded ? run.numSpikes : 0;
    if (run.spikesStored !== expected) {
      fail(`${P}.spikesStored`, `is ${run.spikesStored}, but the completed run reported ${run.numSpikes} spikes${recorded ? '' : ' and recorded none'}`);
    }
  }
  return run;
}

function wrap<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RunStoreError && e.code === 'bad-argument') fail(path, `is invalid: ${e.message}`);
    throw e;
  }
}

function checkMeta(raw: unknown, payloadLength: number): RunFileMeta {
  const o = obj(raw, 'metadata');
  if (o.format !== FORMAT_NAME) fail('format', `must be "${FORMAT_NAME}"`);
  const run = checkRun(o.run);
  if (!Array.isArray(o.spikeChunks)) fail('spikeChunks', 'must be a list');
  const spikeChunks = o.spikeChunks.map((c, i) => {
    const e = intTuple(c, 6, `spikeChunks[${i}]`) as SpikeChunkEntry;
    if (e[0] >= run.populations.length) fail(`spikeChunks[${i}]`, `names population ${e[0]}, the run has ${run.populations.length}`);
    if (e[3] === 0 || e[2] < e[1]) fail(`spikeChunks[${i}]`, 'is empty or has its steps reversed');
    // Bounds on what a reader allocates for the chunk, checked before it decodes anything.
    if (e[3] > MAX_CHUNK_SPIKES) fail(`spikeChunks[${i}]`, `declares ${e[3]} spikes: a chunk holds at most ${MAX_CHUNK_SPIKES}`);
    if (e[3] > maxSpikesInBytes(e[5])) fail(`spikeChunks[${i}]`, `declares ${e[3]} spikes in ${e[5]} bytes: a spike takes at least one bit`);
    checkRange(e[4], e[5], payloadLength, `spikeChunks[${i}]`);
    return e;
  });
  const total = spikeChunks.reduce((a, c) => a + c[3], 0);
  if (total !== run.spikesStored) fail('spikeChunks', `hold ${total} spikes, the run declares ${run.spikesStored}`);
  let voltage: RunFileMeta['voltage'] = null;
  if (o.voltage !== null) {
    const v = obj(o.voltage, 'voltage');
    const senders = intTuple(v.senders, 2, 'voltage.senders') as [number, number];
    checkRange(senders[0], senders[1], payloadLength, 'voltage.senders');
    if (senders[1] === 0 || senders[1] % 4 !== 0) fail('voltage.senders', 'must hold a positive number of u32 ids');
    if (!Array.isArray(v.chunks)) fail('voltage.chunks', 'must be a list');
    const numNeurons = senders[1] / 4;
    const chunks = v.chunks.map((c, i) => {
      const e = intTuple(c, 7, `voltage.chunks[${i}]`) as VoltageChunkEntry;
      const p = `voltage.chunks[${i}]`;
      if (e[2] === 0 || e[1] < e[0]) fail(p, 'is empty or has its steps reversed');
      if (e[4] !== e[2] * 4) fail(p, `steps length ${e[4]} does not match ${e[2]} samples`);
      if (e[6] !== e[2] * numNeurons * 4) fail(p, `samples length ${e[6]} does not match ${e[2]} x ${numNeurons}`);
      checkRange(e[3], e[4], payloadLength, p);
      checkRange(e[5], e[6], payloadLength, p);
      return e;
    });
    voltage = { senders, chunks };
  }
  return { format: FORMAT_NAME, exportedAtMs: num(o, 'exportedAtMs', 'metadata', true), run, spikeChunks, voltage };
}

