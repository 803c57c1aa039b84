/**
 * Reading NEST output from disk: single spike files (.dat or .dat.gz, streamed), and whole output
 * folders (`population_nodeids.dat`, every VP file of every spike recorder, `rate<i>.dat`).
 * Thin I/O around the pure parsers of spike-file.ts.
 */
import { closeSync, createReadStream, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createGunzip, gunzipSync } from 'node:zlib';
import { concatArrays } from '../base/typed-arrays.ts';
import type { PopulationSpikes } from '../analysis/spikes.ts';
import {
  MAX_SPIKE_TEXT_BYTES,
  parsePopulationNodeIds,
  parseRateFile,
  SpikeFileError,
  SpikeFileParser,
  type NodeIdRange,
  type ParsedSpikeFile,
  type SpikeFileHeader,
  type SpikeParseOptions,
} from './spike-file.ts';

/** NEST's population labels, in network order (used when the caller names none). */
export const DEFAULT_POPULATION_NAMES = ['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I'] as const;

const GZIP_MAGIC0 = 0x1f;
const GZIP_MAGIC1 = 0x8b;

function isGzip(path: string, head?: Uint8Array): boolean {
  if (head && head.length >= 2) return head[0] === GZIP_MAGIC0 && head[1] === GZIP_MAGIC1;
  return path.endsWith('.gz');
}

function tooLarge(path: string, what: string): SpikeFileError {
  return new SpikeFileError(basename(path), 0, `${what} more than ${MAX_SPIKE_TEXT_BYTES} bytes: at most that much spike-file text is read at once`);
}

/** Reads and parses one spike file (gzip detected by its magic bytes), blocking. */
export function readSpikeFileSync(path: string, options: SpikeParseOptions = {}): ParsedSpikeFile {
  if (statSync(path).size > MAX_SPIKE_TEXT_BYTES) throw tooLarge(path, 'holds');
  let bytes: Uint8Array = readFileSync(path);
  if (isGzip(path, bytes)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_SPIKE_TEXT_BYTES });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(path, 'decompresses to');
      throw new SpikeFileError(basename(path), 0, `cannot decompress: ${(err as Error).message}`);
    }
  }
  const parser = new SpikeFileParser(basename(path), options);
  parser.push(bytes);
  return parser.end();
}

/** Reads and parses one spike file as a stream (constant memory besides the result). */
export async function readSpikeFile(path: string, options: SpikeParseOptions = {}): Promise<ParsedSpikeFile> {
  const parser = new SpikeFileParser(basename(path), options);
  const head = new Uint8Array(2);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const source = isGzip(path, head) ? raw.pipe(createGunzip()) : raw;
  let read = 0;
  try {
    for await (const chunk of source) {
      read += (chunk as Uint8Array).length;
      if (read > MAX_SPIKE_TEXT_BYTES) throw tooLarge(path, 'holds');
      parser.push(chunk as Uint8Array);
    }
  } catch (err) {
    if (err instanceof SpikeFileError) throw err;
    throw new SpikeFileError(basename(path), 0, `cannot read: ${(err as Error).message}`);
  } finally {
    raw.destroy();
  }
  return parser.end();
}

/** One file of a spike recorder in a folder: `<label>-<recorderId>-<vp>.dat[.gz]`. */
export interface SpikeFileName {
  file: string;
  label: string;
  recorderId: number;
  vp: number;
  gzip: boolean;
}

const SPIKE_FILE_RE = /^(.+)-(\d+)-(\d+)\.dat(\.gz)?$/;

/** Decodes a NEST recorder file name, or null when the name does not match. */
export function parseSpikeFileName(file: string): SpikeFileName | null {
  const m = SPIKE_FILE_RE.exec(file);
  if (!m) return null;
  return { file, label: m[1], recorderId: Number(m[2]), vp: Number(m[3]), gzip: m[4] !== undefined };
}

/** The recorder files of a folder with the given label, grouped by recorder id (ascending), VPs ascending. */
export function listRecorderFiles(dir: string, label = 'spike_recorder'): Map<number, SpikeFileName[]> {
  const groups = new Map<number, SpikeFileName[]>();
  for (const file of readdirSync(dir)) {
    const f = parseSpikeFileName(file);
    if (!f || f.label !== label) continue;
    const g = groups.get(f.recorderId) ?? [];
    if (g.some((x) => x.vp === f.vp)) {
      throw new SpikeFileError(file, 0, `VP ${f.vp} of recorder ${f.recorderId} exists twice (.dat and .dat.gz?) in ${dir}`);
    }
    g.push(f);
    groups.set(f.recorderId, g);
  }
  const sorted = new Map([...groups.entries()].sort((a, b) => a[0] - b[0]));
  for (const g of sorted.values()) g.sort((a, b) => a.vp - b.vp);
  return sorted;
}

/** One population of a NEST output folder. */
export interface NestPopulationOutput extends PopulationSpikes {
  recorderId: number;
  /** The VP files read, in VP order. */
  files: string[];
  /** Header of the first VP file. */
  header: SpikeFileHeader;
  /** rate<i>.dat, spikes/s per neuron, when present. */
  ratesHz: Float64Array | null;
}

export interface NestOutputFolder {
  dir: string;
  populations: NestPopulationOutput[];
  /** The NEST version of the spike-file headers (null when the files have none). */
  nestVersion: string | null;
  /** Parsed params JSON, when one was found. */
  params: unknown;
}

export interface ReadFolderOptions {
  /** Population names in order (default L23E..L6I; `pop<i>` beyond eight). */
  names?: readonly string[];
  /** Recorder label (default 'spike_recorder'). */
  label?: string;
  /** A params JSON to read (default: `<dir>/params.json` when it exists). */
  paramsFile?: string;
  /** Resolution for `time_step` files. */
  resolutionMs?: number;
}

function popName(names: readonly string[] | undefined, i: number): string {
  const all = names ?? DEFAULT_POPULATION_NAMES;
  return all[i] ?? `pop${i}`;
}

interface FolderPlan {
  ranges: NodeIdRange[];
  groups: [number, SpikeFileName[]][];
}

function planFolder(dir: string, options: ReadFolderOptions): FolderPlan {
  const idsFile = join(dir, 'population_nodeids.dat');
  if (!existsSync(idsFile)) throw new SpikeFileError('population_nodeids.dat', 0, `missing in ${dir}`);
  const ranges = parsePopulationNodeIds(readFileSync(idsFile, 'utf8'), 'population_nodeids.dat');
  const groups = [...listRecorderFiles(dir, options.label).entries()];
  if (groups.length !== ranges.length) {
    throw new SpikeFileError(
      basename(dir),
      0,
      `${groups.length} spike recorders (${groups.map((g) => g[0]).join(', ') || 'none'}) for ${ranges.length} populations in population_nodeids.dat`,
    );
  }
  groups.forEach(([id, files]) => {
    files.forEach((f, k) => {
      if (f.vp !== k) throw new SpikeFileError(f.file, 0, `recorder ${id} has VP files ${files.map((x) => x.vp).join(',')}: VP ${k} is missing`);
    });
    if (files.length !== groups[0][1].length) {
      throw new SpikeFileError(files[0].file, 0, `recorder ${id} has ${files.length} VP files, recorder ${groups[0][0]} has ${groups[0][1].length}`);
    }
  });
  return { ranges, groups };
}

function concat(parts: ParsedSpikeFile[]): { senders: Uint32Array; timesMs: Float64Array } {
  return { senders: concatArrays(Uint32Array, parts.map((p) => p.senders)), timesMs: concatArrays(Float64Array, parts.map((p) => p.timesMs)) };
}

function finishFolder(dir: string, plan: FolderPlan, parsed: ParsedSpikeFile[][], options: ReadFolderOptions): NestOutputFolder {
  const populations: NestPopulationOutput[] = plan.groups.map(([recorderId, files], i) => {
    const { senders, timesMs } = concat(parsed[i]);
    const rateFile = join(dir, `rate${i}.dat`);
    const ratesHz = existsSync(rateFile) ? parseRateFile(readFileSync(rateFile, 'utf8'), `rate${i}.dat`) : null;
    const range = plan.ranges[i];
    if (ratesHz && ratesHz.length !== range.lastId - range.firstId + 1) {
      throw new SpikeFileError(`rate${i}.dat`, 0, `${ratesHz.length} rates for ${range.lastId - range.firstId + 1} neurons`);
    }
    return {
      name: popName(options.names, i),
      firstId: range.firstId,
      lastId: range.lastId,
      senders,
      timesMs,
      recorderId,
      files: files.map((f) => f.file),
      header: parsed[i][0].header,
      ratesHz,
    };
  });
  const paramsFile = options.paramsFile ?? join(dir, 'params.json');
  let params: unknown = null;
  if (options.paramsFile !== undefined || existsSync(paramsFile)) {
    try {
      params = JSON.parse(readFileSync(paramsFile, 'utf8'));
    } catch (err) {
      throw new SpikeFileError(basename(paramsFile), 0, `cannot read params JSON: ${(err as Error).message}`);
    }
  }
  return { dir, populations, nestVersion: populations[0]?.header.nestVersion ?? null, params };
}

/**
 * Reads a NEST output folder, blocking: populations from population_nodeids.dat, mapped in order to
 * the spike recorders in ascending id order; all VP files of a recorder concatenated (VP order,
 * unsorted, as NEST wrote them); each sender checked against its population's id range.
 */
export function readNestOutputFolderSync(dir: string, options: ReadFolderOptions = {}): NestOutputFolder {
  const plan = planFolder(dir, options);
  const parsed = plan.groups.map(([, files], i) =>
    files.map((f) => readSpikeFileSync(join(dir, f.file), { resolutionMs: options.resolutionMs, senderRange: plan.ranges[i] })),
  );
  return finishFolder(dir, plan, parsed, options);
}

/** The streaming (non-blocking) variant of readNestOutputFolderSync. */
export async function readNestOutputFolder(dir: string, options: ReadFolderOptions = {}): Promise<NestOutputFolder> {
  const plan = planFolder(dir, options);
  const parsed: ParsedSpikeFile[][] = [];
  for (const [i, [, files]] of plan.groups.entries()) {
    const perVp: ParsedSpikeFile[] = [];
    for (const f of files) {
      perVp.push(await readSpikeFile(join(dir, f.file), { resolutionMs: options.resolutionMs, senderRange: plan.ranges[i] }));
    }
    parsed.push(perVp);
  }
  return finishFolder(dir, plan, parsed, options);
}
