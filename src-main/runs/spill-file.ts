/**
 * A run's waiting chunks on disk: while another program holds the database's write lock and more
 * is waiting than the writer keeps in memory, the newest chunks go to a temporary file, first in
 * first out, and are read back one at a time when the lock frees (run-writer.ts). One record per
 * chunk: a header of four 32-bit words, then the chunk's typed arrays as they are in memory.
 *
 *   spikes:  [1, fromStep, toStep, n]            senders (n words), steps (n words)
 *   voltage: [2, samples, neurons, 0]            steps, senders, vMv (samples x neurons floats)
 *
 * The file lives in a folder of its own (mode 0700 under the system's temporary folder) and is
 * removed by closeSync; what a killed process leaves there is only spikes of a run that reads
 * 'interrupted'.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SpikeChunk, VoltageChunk } from '../../engine/api.ts';

export type WaitingChunk = { kind: 'spikes'; chunk: SpikeChunk } | { kind: 'voltage'; chunk: VoltageChunk };

const HEADER_BYTES = 16;

/** Bytes a chunk takes (in memory, and in the file less its header). */
export function chunkBytes(c: WaitingChunk): number {
  if (c.kind === 'spikes') return c.chunk.senders.byteLength + c.chunk.steps.byteLength;
  return c.chunk.steps.byteLength + c.chunk.senders.byteLength + c.chunk.vMv.byteLength;
}

function bytesOf(a: Uint32Array | Float32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export class SpillFile {
  readonly path: string;
  readonly #dir: string;
  #fd: number;
  #writeAt = 0;
  #readAt = 0;
  #head: { chunk: WaitingChunk; size: number } | null = null;

  private constructor(dir: string, file: string, fd: number) {
    this.#dir = dir;
    this.path = file;
    this.#fd = fd;
  }

  static createSync(parent: string): SpillFile {
    const dir = fs.mkdtempSync(path.join(parent, 'mcs-waiting-'));
    const file = path.join(dir, 'run.chunks');
    return new SpillFile(dir, file, fs.openSync(file, 'w+', 0o600));
  }

  /** Bytes written and not yet read back. */
  get bytes(): number {
    return this.#writeAt - this.#readAt;
  }

  get isEmpty(): boolean {
    return this.#writeAt === this.#readAt;
  }

  pushSync(c: WaitingChunk): void {
    const parts =
      c.kind === 'spikes'
        ? [Uint32Array.of(1, c.chunk.fromStep, c.chunk.toStep, c.chunk.senders.length), c.chunk.senders, c.chunk.steps]
        : [Uint32Array.of(2, c.chunk.steps.length, c.chunk.senders.length, 0), c.chunk.steps, c.chunk.senders, c.chunk.vMv];
    for (const p of parts) {
      const b = bytesOf(p);
      let done = 0;
      while (done < b.length) done += fs.writeSync(this.#fd, b, done, b.length - done, this.#writeAt + done);
      this.#writeAt += b.length;
    }
  }

  #readExactly(n: number, at: number): Uint8Array {
    const buf = new Uint8Array(n);
    let done = 0;
    while (done < n) {
      const got = fs.readSync(this.#fd, buf, done, n - done, at + done);
      if (got === 0) throw new Error(`the waiting-data file ${this.path} ended early`);
      done += got;
    }
    return buf;
  }

  /** The oldest chunk not yet taken, or null. */
  peekSync(): WaitingChunk | null {
    if (this.#head) return this.#head.chunk;
    if (this.isEmpty) return null;
    const h = new Uint32Array(this.#readExactly(HEADER_BYTES, this.#readAt).buffer);
    const [kind, a, b, c] = h;
    const words = kind === 1 ? 2 * c : a + b + a * b;
    const body = this.#readExactly(4 * words, this.#readAt + HEADER_BYTES).buffer;
    let chunk: WaitingChunk;
    if (kind === 1) {
      chunk = { kind: 'spikes', chunk: { fromStep: a, toStep: b, senders: new Uint32Array(body, 0, c), steps: new Uint32Array(body, 4 * c, c) } };
    } else {
      chunk = { kind: 'voltage', chunk: { steps: new Uint32Array(body, 0, a), senders: new Uint32Array(body, 4 * a, b), vMv: new Float32Array(body, 4 * (a + b), a * b) } };
    }
    this.#head = { chunk, size: HEADER_BYTES + 4 * words };
    return chunk;
  }

  /** Drops the chunk peekSync returned; an emptied file is truncated and used again. */
  shiftSync(): void {
    if (!this.#head) return;
    this.#readAt += this.#head.size;
    this.#head = null;
    if (this.isEmpty) {
      fs.ftruncateSync(this.#fd, 0);
      this.#readAt = 0;
      this.#writeAt = 0;
    }
  }

  closeSync(): void {
    if (this.#fd < 0) return;
    fs.closeSync(this.#fd);
    this.#fd = -1;
    fs.rmSync(this.#dir, { recursive: true, force: true });
  }
}
