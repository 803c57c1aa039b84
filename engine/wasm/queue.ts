/**
 * The delay queue of engine/sim/queue.ts with its events in a kernel arena, appended and drained
 * by the WebAssembly kernels (kernels.wat: append, drain). This side allocates chunks from the
 * arena, keeps room reserved before every append, and holds the list of spiking sources the append
 * kernel reads. Same events, same order, same sums as the JavaScript queue (test/engine/queue.test.ts
 * compares them); it has the shape of engine/sim/queue.ts's EventQueue, which
 * engine/sim/kernels-wasm.ts checks where it uses it.
 *
 * Memory at `q`: free-list head and free-chunk count, then per slot pos, end, head, tail (i32).
 * A chunk: 16-byte header (next chunk) + QUEUE_CHUNK event words (engine/base/event-word.ts).
 */
import { eventIndex, eventLevel, MAX_QUEUE_INPUTS, QUEUE_CHUNK } from '../base/event-word.ts';
import { align16, type KernelArena } from './arena.ts';

/** Bytes of one chunk in the arena. */
export const WASM_CHUNK_BYTES = 16 + 4 * QUEUE_CHUNK;

/** Arena bytes of a queue's fixed part (header and slot table), its source list and its inputs. */
export function wasmQueueFixedBytes(slots: number, numSources: number, inputs: number): number {
  return align16(16 + 16 * slots) + align16(4 * numSources) + align16(4 * inputs);
}

export class WasmQueue {
  readonly slots: number;
  readonly arena: KernelArena;
  /** Byte address of the queue header, the source list and the inputs (i32 per neuron). */
  readonly q: number;
  readonly srcPtr: number;
  readonly inputPtr: number;
  readonly numInputs: number;
  private readonly srcCap: number;
  /** Sources loaded by loadSources. */
  nsrc = 0;
  private chunks = 0;

  /** A queue for `numSources` possible sources, adding into a new zeroed block of `inputs` i32 values. */
  constructor(arena: KernelArena, slots: number, numSources: number, inputs: number, initialChunks = 2 * slots + 16) {
    if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`delay queue needs at least 1 slot, got ${slots}`);
    if (inputs > MAX_QUEUE_INPUTS) throw new RangeError(`a delay queue serves at most ${MAX_QUEUE_INPUTS} neurons, got ${inputs}`);
    this.arena = arena;
    this.slots = slots;
    this.q = arena.alloc(16 + 16 * slots);
    this.srcCap = numSources;
    this.srcPtr = arena.alloc(4 * this.srcCap);
    this.numInputs = inputs;
    this.inputPtr = arena.alloc(4 * inputs);
    this.addChunks(initialChunks);
  }

  private m32 = new Int32Array(0);
  private src32 = new Uint32Array(0);

  /** The memory as i32 (a view re-taken only after the memory grew: nothing allocated per step). */
  private get i32(): Int32Array {
    if (this.m32.buffer !== this.arena.memory.buffer) this.m32 = new Int32Array(this.arena.memory.buffer);
    return this.m32;
  }

  get capacityChunks(): number {
    return this.chunks;
  }
  get bytes(): number {
    return this.chunks * WASM_CHUNK_BYTES + 16 + 16 * this.slots + 4 * this.numInputs;
  }
  get freeChunks(): number {
    return this.i32[(this.q >> 2) + 1];
  }

  /** Adds n chunks to the free list (may grow the arena memory). */
  private addChunks(n: number): void {
    const p = this.arena.alloc(n * WASM_CHUNK_BYTES);
    const m = this.i32;
    const h = this.q >> 2;
    let head = m[h];
    for (let c = n - 1; c >= 0; c--) {
      const addr = p + c * WASM_CHUNK_BYTES;
      m[addr >> 2] = head;
      head = addr;
    }
    m[h] = head;
    m[h + 1] += n;
    this.chunks += n;
  }

  reserve(events: number): void {
    const need = Math.ceil(events / QUEUE_CHUNK) + this.slots;
    const free = this.freeChunks;
    if (free >= need) return;
    this.addChunks(Math.max(this.chunks, need - free));
  }

  /** Copies the sources src[from..to) into the arena for the append kernel. */
  loadSources(src: ArrayLike<number>, from: number, to: number): void {
    const n = to - from;
    if (n > this.srcCap) throw new RangeError(`${n} spiking sources in one step exceed the ${this.srcCap} sources of the network`);
    if (this.src32.buffer !== this.arena.memory.buffer) this.src32 = new Uint32Array(this.arena.memory.buffer, this.srcPtr, this.srcCap);
    const dst = this.src32;
    for (let i = 0; i < n; i++) dst[i] = src[from + i];
    this.nsrc = n;
  }

  drain(k: number): number {
    return this.arena.exports.drain(this.q, k % this.slots, this.inputPtr);
  }

  pending(): number[] {
    return Array.from({ length: this.slots }, (_, s) => this.walk(s, () => {}));
  }

  snapshot(base = 0, size = Infinity): number[] {
    const out: number[] = [];
    const m = this.i32;
    for (let s = 0; s < this.slots; s++) {
      this.walk(s, (w) => {
        const i = eventIndex(m[w]) - base;
        if (i >= 0 && i < size) out.push(s, i, eventLevel(m[w]));
      });
    }
    return out;
  }

  /** Calls fn with the word index of every waiting event of a slot, in order; returns their number. */
  private walk(slot: number, fn: (word: number) => void): number {
    const m = this.i32;
    const sp = (this.q + 16 + 16 * slot) >> 2;
    let c = m[sp + 2];
    if (c === 0) return 0;
    const last = m[sp + 3];
    let n = 0;
    for (;;) {
      const a = c + 16;
      const b = c === last ? m[sp] : c + WASM_CHUNK_BYTES;
      for (let p = a; p < b; p += 4) {
        fn(p >> 2);
        n++;
      }
      if (c === last) return n;
      c = m[c >> 2];
    }
  }
}
