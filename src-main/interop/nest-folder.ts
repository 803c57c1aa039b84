/**
 * Reading a folder of NEST output for an import, checking every file completely before anything is
 * stored: population_nodeids.dat, the spike_recorder-<id>-<vp>.dat[.gz] files of every recorder and
 * VP, the optional rate<i>.dat, params.json and nest_run.json. Any problem is a NestImportError
 * naming the file (its full path) and, where there is one, the line. Every size is bounded before
 * it is allocated: the spike files' text, decompressed, within one budget for the folder (a gzip
 * file stops decompressing where it would pass it), the other files each, and JSON's nesting. The
 * digest of the files read identifies the output, so that an import can tell it is already stored.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import {
  listRecorderFiles,
  MAX_SPIKE_TEXT_BYTES,
  parsePopulationNodeIds,
  parseRateFile,
  parseSpikeFile,
  SpikeFileError,
  type NodeIdRange,
  type SpikeFileName,
} from '../../engine/nest/index.ts';
import { jsonTooDeepAt, MAX_JSON_DEPTH } from '../common/json-limits.ts';

/** Why a folder cannot be imported: the file (full path), the line (0: the file as a whole) and what is wrong. */
export class NestImportError extends Error {
  readonly file: string;
  readonly line: number;
  readonly detail: string;
  constructor(file: string, line: number, detail: string) {
    super(`${file}${line > 0 ? ` line ${line}` : ''}: ${detail}`);
    this.name = 'NestImportError';
    this.file = file;
    this.line = line;
    this.detail = detail;
  }
}

/** One VP file of a spike recorder, parsed. */
export interface SpikeFileData {
  name: string;
  path: string;
  senders: Uint32Array;
  timesMs: Float64Array;
  /** From `# NEST version: ...`, null without that header line. */
  nestVersion: string | null;
}

export interface RecorderData {
  recorderId: number;
  /** One per VP, in VP order. */
  files: SpikeFileData[];
}

export interface JsonFile {
  path: string;
  raw: unknown;
}

export interface NestFolderData {
  dir: string;
  /** population_nodeids.dat: node ids of each population, in population order. */
  ranges: NodeIdRange[];
  /** Recorders in ascending id order; recorder i records population i (as the example's helpers assume). */
  recorders: RecorderData[];
  numVps: number;
  /** Digits of the recorder ids in the file names (NEST pads them to the digits of its node count). */
  idDigits: number;
  /** rate<i>.dat of each population, null when absent. */
  rates: (Float64Array | null)[];
  params: JsonFile | null;
  nestRun: JsonFile | null;
  /** voltmeter-*.dat files present (not imported). */
  voltmeterFiles: string[];
  /** SHA-256 (hex) of every file read, names and bytes as stored: the same output gives the same digest. */
  digest: string;
}

export interface ReadFolderOptions {
  /** A parameter file to use instead of `<dir>/params.json`. */
  paramsFile?: string;
  /** The most bytes of spike-file text the folder may hold, decompressed (default MAX_SPIKE_TEXT_BYTES). */
  maxTextBytes?: number;
}

/** The largest of the folder's other files (population_nodeids.dat, rate<i>.dat, params.json, nest_run.json). */
const MAX_SIDE_FILE_BYTES = 64 * 2 ** 20;

/**
 * What the reader has read: the budget of spike-file text left, and the digest of every file the
 * import reads (names and bytes as stored, in reading order), which identifies the output.
 */
class Reading {
  readonly maxTextBytes: number;
  textLeft: number;
  readonly #hash = createHash('sha256');

  constructor(maxTextBytes: number) {
    this.maxTextBytes = maxTextBytes;
    this.textLeft = maxTextBytes;
  }

  /** A file's bytes, refused (naming it) when larger than `max`; counted in the digest as `label`. */
  read(path: string, label: string, max = MAX_SIDE_FILE_BYTES): Buffer {
    const size = statSync(path).size;
    if (size > max) throw new NestImportError(path, 0, `the file is ${size} bytes: at most ${max} are read`);
    const bytes = readFileSync(path);
    this.#hash.update(`${label}\u0000${bytes.length}\u0000`);
    this.#hash.update(bytes);
    return bytes;
  }

  /** A spike file's text, decompressed within the budget left (gzip detected by its magic bytes). */
  spikeText(path: string, label: string): Uint8Array {
    const limit = `the spike files of one import hold at most ${this.maxTextBytes} bytes of text`;
    const size = statSync(path).size;
    if (size > this.textLeft) throw new NestImportError(path, 0, `the file is ${size} bytes: ${limit}`);
    const stored = this.read(path, label, Infinity);
    const text = isGzip(stored) ? gunzipOrExplain(path, stored, this.textLeft, limit) : stored;
    this.textLeft -= text.length;
    return text;
  }

  digest(): string {
    return this.#hash.digest('hex');
  }
}

/** Re-throws a parser's SpikeFileError as a NestImportError with the file's full path. */
function fromSpikeFileError(e: unknown, path: string): never {
  if (e instanceof SpikeFileError) {
    const prefix = `${e.fileName}${e.line > 0 ? ` line ${e.line}` : ''}: `;
    throw new NestImportError(path, e.line, e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message);
  }
  throw e;
}

function countLines(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/** Decompressed output the search for a damaged stream's last good line tries at most (each try). */
const MAX_SEARCH_BYTES = 64 * 2 ** 20;

const isTooLarge = (e: unknown): boolean => (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';

/**
 * The longest start of a damaged gzip stream that decompresses (binary search over its length),
 * or null when that start decompresses to more than MAX_SEARCH_BYTES (the search would be slow).
 */
function decodablePrefix(bytes: Uint8Array): Uint8Array | null {
  const options = { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: MAX_SEARCH_BYTES };
  try {
    return gunzipSync(bytes, options);
  } catch (e) {
    if (isTooLarge(e)) return null;
    // Damaged inside: search below.
  }
  let lo = 0;
  let hi = bytes.length;
  let best: Uint8Array = new Uint8Array(0);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      best = gunzipSync(bytes.subarray(0, mid), options);
      lo = mid;
    } catch (e) {
      if (isTooLarge(e)) return null;
      hi = mid - 1;
    }
  }
  return best;
}

/**
 * Decompresses a gzip file into at most `maxBytes` bytes (`why` says where that limit comes from),
 * or explains where its data ends or breaks (file and line).
 */
export function gunzipOrExplain(path: string, bytes: Uint8Array, maxBytes = MAX_SPIKE_TEXT_BYTES, why = `at most ${maxBytes} bytes are read`): Uint8Array {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (e) {
    if (isTooLarge(e)) throw new NestImportError(path, 0, `decompresses to more than ${maxBytes} bytes: ${why}`);
    const err = e as Error & { code?: string };
    const good = decodablePrefix(bytes);
    if (good === null) throw new NestImportError(path, 0, `the gzip data is damaged (${err.message})`);
    const lines = countLines(good);
    if (err.code === 'Z_BUF_ERROR') {
      throw new NestImportError(path, lines + 1, `the gzip data ends inside this line: the file is truncated (${lines} complete lines)`);
    }
    if (/incorrect data check|incorrect length check/.test(err.message)) {
      throw new NestImportError(path, Math.max(1, lines), `the gzip checksum does not match (${err.message}): the file is damaged`);
    }
    throw new NestImportError(path, lines + 1, `the gzip data is damaged from this line on (${err.message})`);
  }
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The bytes of a spike file, decompressed when it is gzip data (at most MAX_SPIKE_TEXT_BYTES). */
export function spikeFileBytes(path: string): Uint8Array {
  if (statSync(path).size > MAX_SPIKE_TEXT_BYTES) throw new NestImportError(path, 0, `the file is more than ${MAX_SPIKE_TEXT_BYTES} bytes`);
  const bytes = readFileSync(path);
  return isGzip(bytes) ? gunzipOrExplain(path, bytes) : bytes;
}

/**
 * Line number of the `index`-th data row (0-based) of a spike file: rows are the lines that are
 * neither blank, nor '#' comments, nor the column header.
 */
export function lineOfDataRow(file: Pick<SpikeFileData, 'path'>, index: number): number {
  const text = new TextDecoder().decode(spikeFileBytes(file.path));
  const lines = text.split('\n');
  let row = 0;
  let seenData = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (l === '' || l.startsWith('#')) continue;
    if (!seenData && /^[A-Za-z_]/.test(l)) continue;
    seenData = true;
    if (row === index) return i + 1;
    row++;
  }
  return 0;
}

/** Parses JSON, naming the line of a syntax error (bytes read by `reading` when given: counted in its digest). */
export function parseJsonFile(path: string, reading?: Reading, label = path): JsonFile {
  const text = (reading ? reading.read(path, label) : readFileSync(path)).toString('utf8');
  const deep = jsonTooDeepAt(text);
  if (deep >= 0) throw new NestImportError(path, text.slice(0, deep).split('\n').length, `nested more than ${MAX_JSON_DEPTH} levels deep`);
  try {
    return { path, raw: JSON.parse(text) as unknown };
  } catch (e) {
    const msg = (e as Error).message;
    const byLine = /line (\d+)/.exec(msg);
    const byPos = /position (\d+)/.exec(msg);
    const line = byLine ? Number(byLine[1]) : byPos ? text.slice(0, Number(byPos[1])).split('\n').length : 0;
    throw new NestImportError(path, line, `not valid JSON: ${msg}`);
  }
}

function readSpikeFile(dir: string, f: SpikeFileName, range: NodeIdRange, reading: Reading): SpikeFileData {
  const path = join(dir, f.file);
  if (statSync(path).size === 0) {
    throw new NestImportError(path, 0, 'the file is empty (NEST writes its header lines even when no neuron spiked): truncated?');
  }
  const bytes = reading.spikeText(path, f.file);
  try {
    const parsed = parseSpikeFile(bytes, f.file, { senderRange: range });
    return { name: f.file, path, senders: parsed.senders, timesMs: parsed.timesMs, nestVersion: parsed.header.nestVersion };
  } catch (e) {
    fromSpikeFileError(e, path);
  }
}

/** Reads and checks every file of a NEST output folder (blocking); throws NestImportError on the first problem. */
export function readNestFolderSync(dirIn: string, options: ReadFolderOptions = {}): NestFolderData {
  const dir = resolve(dirIn);
  const reading = new Reading(options.maxTextBytes ?? MAX_SPIKE_TEXT_BYTES);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new NestImportError(dir, 0, 'not a folder');
  const idsPath = join(dir, 'population_nodeids.dat');
  if (!existsSync(idsPath)) {
    throw new NestImportError(idsPath, 0, 'missing: NEST\'s example writes it beside the spike files; without it the spikes cannot be assigned to populations');
  }
  let ranges: NodeIdRange[];
  try {
    ranges = parsePopulationNodeIds(reading.read(idsPath, 'population_nodeids.dat').toString('utf8'), 'population_nodeids.dat');
  } catch (e) {
    fromSpikeFileError(e, idsPath);
  }
  let groups: [number, SpikeFileName[]][];
  try {
    groups = [...listRecorderFiles(dir, 'spike_recorder').entries()];
  } catch (e) {
    if (e instanceof SpikeFileError) fromSpikeFileError(e, join(dir, e.fileName));
    throw e;
  }
  if (groups.length === 0) throw new NestImportError(join(dir, 'spike_recorder-*.dat'), 0, 'no spike recorder files in the folder');
  if (groups.length !== ranges.length) {
    throw new NestImportError(
      idsPath,
      0,
      `${ranges.length} populations, but ${groups.length} spike recorders have files (ids ${groups.map((g) => g[0]).join(', ')}): each population needs its recorder`,
    );
  }
  const numVps = groups[0][1].length;
  for (const [id, files] of groups) {
    files.forEach((f, k) => {
      if (f.vp !== k) throw new NestImportError(join(dir, f.file), 0, `recorder ${id} has VP files ${files.map((x) => x.vp).join(', ')}: VP ${k} is missing`);
    });
    if (files.length !== numVps) {
      throw new NestImportError(join(dir, files[0].file), 0, `recorder ${id} has ${files.length} VP files, recorder ${groups[0][0]} has ${numVps}: some are missing`);
    }
  }
  const recorders: RecorderData[] = groups.map(([recorderId, files], i) => ({
    recorderId,
    files: files.map((f) => readSpikeFile(dir, f, ranges[i], reading)),
  }));
  const idDigits = /-(\d+)-\d+\.dat(\.gz)?$/.exec(groups[0][1][0].file)?.[1].length ?? String(groups[0][0]).length;

  const rates = ranges.map((range, i) => {
    const path = join(dir, `rate${i}.dat`);
    if (!existsSync(path)) return null;
    let r: Float64Array;
    try {
      r = parseRateFile(reading.read(path, `rate${i}.dat`).toString('utf8'), `rate${i}.dat`);
    } catch (e) {
      fromSpikeFileError(e, path);
    }
    const n = range.lastId - range.firstId + 1;
    if (r.length !== n) throw new NestImportError(path, 0, `${r.length} rates for the ${n} neurons of population ${i} (node ids ${range.firstId}..${range.lastId})`);
    return r;
  });

  const paramsPath = options.paramsFile !== undefined ? resolve(options.paramsFile) : join(dir, 'params.json');
  if (options.paramsFile !== undefined && !existsSync(paramsPath)) throw new NestImportError(paramsPath, 0, 'no such parameter file');
  const params = existsSync(paramsPath) ? parseJsonFile(paramsPath, reading, 'params.json') : null;
  const runPath = join(dir, 'nest_run.json');
  const nestRun = existsSync(runPath) ? parseJsonFile(runPath, reading, 'nest_run.json') : null;
  let voltmeterFiles: string[] = [];
  try {
    voltmeterFiles = [...listRecorderFiles(dir, 'voltmeter').values()].flat().map((f) => f.file);
  } catch {
    voltmeterFiles = readdirSync(dir).filter((f) => f.startsWith('voltmeter-'));
  }
  return { dir, ranges, recorders, numVps, idDigits, rates, params, nestRun, voltmeterFiles, digest: reading.digest() };
}
