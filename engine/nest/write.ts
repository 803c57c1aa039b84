/**
 * Writing a run's output exactly as NEST does (pd14.md 4.7-4.8), streaming: rows are formatted as
 * bytes into a fixed buffer per file and flushed when full, so a full-scale run (~400k spikes per
 * second of model time) never builds large strings or holds its spikes in memory.
 *
 * - `population_nodeids.dat`: "<first> <last>" per population;
 * - one `spike_recorder-<id>-<vp>.dat` per population (we are one VP), with NEST's three header lines
 *   and rows `<sender>\t<time_ms>`, time fixed to 3 decimals;
 * - `rate<i>.dat`: one rate per line in numpy's '%.18e'.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINE_NAME, ENGINE_VERSION } from '../api.ts';
import { formatNumpyE18, spikeFileName, thousandthsOf, writeMillisAscii, writeUintAscii } from './format.ts';
import type { NodeIdRange } from './spike-file.ts';

/** The version string our spike files carry in `# NEST version: ...`. */
export const OUR_VERSION_STRING = `${ENGINE_NAME} ${ENGINE_VERSION}`;

const BUFFER_BYTES = 1 << 16;
/** Longest row: 10-digit sender, tab, up to 20 characters of time, newline. */
const MAX_ROW_BYTES = 40;

/** A file written through a fixed byte buffer (blocking writes). Callers may fill `buf` from `pos` directly. */
export class BufferedFileSync {
  readonly path: string;
  readonly buf = new Uint8Array(BUFFER_BYTES);
  pos = 0;
  private fd: number;

  constructor(path: string) {
    this.path = path;
    this.fd = openSync(path, 'w');
  }

  /** Makes room for `bytes` more bytes (flushing when needed). */
  reserve(bytes: number): void {
    if (this.pos + bytes > this.buf.length) this.flushSync();
  }

  writeTextSync(text: string): void {
    const bytes = new TextEncoder().encode(text);
    if (bytes.length > this.buf.length - this.pos) {
      this.flushSync();
      if (bytes.length > this.buf.length) {
        writeSync(this.fd, bytes);
        return;
      }
    }
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  flushSync(): void {
    let off = 0;
    while (off < this.pos) off += writeSync(this.fd, this.buf, off, this.pos - off);
    this.pos = 0;
  }

  closeSync(): void {
    if (this.fd < 0) return;
    this.flushSync();
    closeSync(this.fd);
    this.fd = -1;
  }
}

/** Writes `population_nodeids.dat` content: "<first> <last>\n" per population. */
export function formatPopulationNodeIds(populations: readonly NodeIdRange[]): string {
  return populations.map((p) => `${p.firstId} ${p.lastId}\n`).join('');
}

/** The three header lines NEST's ASCII backend writes. */
export function spikeFileHeader(versionString: string): string {
  return `# NEST version: ${versionString}\n# RecordingBackendASCII version: 2\nsender\ttime_ms\n`;
}

export interface NestWriterOptions {
  /** Output folder (created when missing). */
  dir: string;
  /** Node id range of each population, in population order. */
  populations: readonly NodeIdRange[];
  /** Recorder node id of each population (default: the ids following the last neuron). */
  recorderIds?: readonly number[];
  /** Number of NEST nodes, for the id padding (default: the largest recorder id). */
  totalNodes?: number;
  /** Number of VPs, for the vp padding (default 1; we write VP 0). */
  numVps?: number;
  /** Written as `# NEST version: <versionString>` (default `microcircuit-engine <version>`). */
  versionString?: string;
  /** File label (default 'spike_recorder'). */
  label?: string;
}

/**
 * Streams a run's spikes into NEST-format files, one per population. Create with `openSync`, feed
 * chunks of spikes in any order with `writeStepsSync` (engine chunks) or `writeMsSync`, then
 * `closeSync`. Senders must belong to one of the populations.
 */
export class NestSpikeWriter {
  readonly dir: string;
  readonly files: string[];
  private readonly pops: NodeIdRange[];
  private readonly out: BufferedFileSync[];
  private readonly minId: number;
  /** Population index of each node id minId.. (-1 for none). */
  private readonly popOf: Int32Array;
  /** "<sender>\t" in ASCII for each node id minId.., at senderOff[id - minId] .. senderOff[id - minId + 1]. */
  private readonly senderText: Uint8Array;
  private readonly senderOff: Uint32Array;
  private closed = false;

  private constructor(options: NestWriterOptions) {
    this.dir = options.dir;
    this.pops = options.populations.map((p) => ({ firstId: p.firstId, lastId: p.lastId }));
    if (this.pops.length === 0) throw new RangeError('no populations to write');
    const lastNeuron = Math.max(...this.pops.map((p) => p.lastId));
    const recorderIds = options.recorderIds ?? this.pops.map((_, i) => lastNeuron + 1 + i);
    if (recorderIds.length !== this.pops.length) throw new RangeError(`${recorderIds.length} recorder ids for ${this.pops.length} populations`);
    const totalNodes = options.totalNodes ?? Math.max(...recorderIds);
    const numVps = options.numVps ?? 1;
    const label = options.label ?? 'spike_recorder';
    this.minId = Math.min(...this.pops.map((p) => p.firstId));
    const nIds = lastNeuron - this.minId + 1;
    this.popOf = new Int32Array(nIds).fill(-1);
    this.pops.forEach((p, i) => this.popOf.fill(i, p.firstId - this.minId, p.lastId - this.minId + 1));
    this.senderOff = new Uint32Array(nIds + 1);
    for (let k = 0; k < nIds; k++) this.senderOff[k + 1] = this.senderOff[k] + String(this.minId + k).length + 1;
    this.senderText = new Uint8Array(this.senderOff[nIds]);
    for (let k = 0; k < nIds; k++) {
      const end = writeUintAscii(this.senderText, this.senderOff[k], this.minId + k);
      this.senderText[end] = 9;
    }
    mkdirSync(this.dir, { recursive: true });
    const ids = new BufferedFileSync(join(this.dir, 'population_nodeids.dat'));
    ids.writeTextSync(formatPopulationNodeIds(this.pops));
    ids.closeSync();
    const header = spikeFileHeader(options.versionString ?? OUR_VERSION_STRING);
    this.files = recorderIds.map((id) => spikeFileName(id, 0, totalNodes, numVps, label));
    this.out = this.files.map((f) => {
      const b = new BufferedFileSync(join(this.dir, f));
      b.writeTextSync(header);
      return b;
    });
  }

  /** Creates the folder, writes population_nodeids.dat and opens one spike file per population. */
  static openSync(options: NestWriterOptions): NestSpikeWriter {
    return new NestSpikeWriter(options);
  }

  /** Appends one row "<sender>\t<thousandths as ms.xxx>\n" to its population's file. */
  private row(sender: number, thousandths: number): void {
    const local = sender - this.minId;
    const p = local >= 0 && local < this.popOf.length ? this.popOf[local] : -1;
    if (p < 0) throw new RangeError(`sender ${sender} belongs to no population`);
    const f = this.out[p];
    f.reserve(MAX_ROW_BYTES);
    const buf = f.buf;
    let pos = f.pos;
    const text = this.senderText;
    for (let j = this.senderOff[local], e = this.senderOff[local + 1]; j < e; j++) buf[pos++] = text[j];
    pos = writeMillisAscii(buf, pos, thousandths);
    buf[pos++] = 10;
    f.pos = pos;
  }

  /**
   * Writes spikes given as integration steps (time = step·h), as NEST prints them: exact, since a
   * step of h ms is a whole number of microseconds (h must be a multiple of 0.001 ms).
   */
  writeStepsSync(senders: Uint32Array, steps: ArrayLike<number>, resolutionMs: number): void {
    if (this.closed) throw new Error('writer is closed');
    if (senders.length !== steps.length) throw new RangeError('senders and steps differ in length');
    const perStep = Math.round(resolutionMs * 1000);
    if (Math.abs(resolutionMs * 1000 - perStep) > 1e-9 * perStep || perStep < 1) {
      throw new RangeError(`resolution ${resolutionMs} ms is not a multiple of 0.001 ms`);
    }
    for (let i = 0; i < senders.length; i++) this.row(senders[i], steps[i] * perStep);
  }

  /** Writes spikes given in ms, rounded to 3 decimals as printf("%.3f") does. */
  writeMsSync(senders: Uint32Array, timesMs: ArrayLike<number>): void {
    if (this.closed) throw new Error('writer is closed');
    if (senders.length !== timesMs.length) throw new RangeError('senders and times differ in length');
    for (let i = 0; i < senders.length; i++) this.row(senders[i], thousandthsOf(timesMs[i]));
  }

  /** Flushes and closes every file (idempotent). */
  closeSync(): void {
    if (this.closed) return;
    this.closed = true;
    for (const f of this.out) f.closeSync();
  }
}

/** Writes rates (spikes/s) one per line in numpy's '%.18e', as `np.savetxt(path, rates)`; blocking, streamed. */
export function writeRateFileSync(path: string, ratesHz: ArrayLike<number>): void {
  const f = new BufferedFileSync(path);
  try {
    const enc = new TextEncoder();
    for (let i = 0; i < ratesHz.length; i++) {
      const line = `${formatNumpyE18(ratesHz[i])}\n`;
      f.reserve(line.length);
      const { written } = enc.encodeInto(line, f.buf.subarray(f.pos));
      f.pos += written;
    }
  } finally {
    f.closeSync();
  }
}

/** Writes `population_nodeids.dat` into dir (blocking). */
export function writePopulationNodeIdsSync(dir: string, populations: readonly NodeIdRange[]): void {
  mkdirSync(dir, { recursive: true });
  const f = new BufferedFileSync(join(dir, 'population_nodeids.dat'));
  f.writeTextSync(formatPopulationNodeIds(populations));
  f.closeSync();
}
