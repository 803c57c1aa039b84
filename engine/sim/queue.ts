/**
 * The delay queue of one partition (thread): synaptic events waiting for the update that reads
 * them, in per-slot lists of fixed-size chunks. An event is one 32-bit word: the target's index
 * among the partition's inputs << 15 | its signed 15-bit weight level (engine/base/event-word.ts).
 *
 * Why not NEST's ring buffers, an input per [slot][neuron]? At full scale a thread's would hold
 * tens of MB and every synaptic event would be a read-modify-write at a random place in them: a
 * cache miss each (≈100 ns measured on this machine, whose last-level cache is shared). In
 * the queue, a spike's row is appended sequentially to the lists of the slots its delays select
 * (rows are sorted by delay, so each slot receives runs), and at the start of update k the list of
 * slot k is added into one integer input per neuron: the only random accesses left are into the
 * thread's input array (4 bytes per owned neuron: 150 KB at full scale on 2 threads), which stays
 * in the core's own cache. Events are streamed through memory once each way, 4 bytes each.
 *
 * Inputs are sums of integer weight levels (one pA scale per target population, plan.inputScale):
 * exact, so the order in which events arrive cannot change a neuron's input — whatever the thread
 * count, the kernels, or the queue's chunk layout.
 *
 * No allocation in the step loop: `reserve` grows the chunk pool (rarely, and outside the append
 * loops), so the appending loops never see a stale view.
 */
import { eventIndex, eventLevel, MAX_QUEUE_INPUTS, QUEUE_CHUNK } from '../base/event-word.ts';

const CW = QUEUE_CHUNK;

/** What a partition uses of its queue: this JavaScript one, or engine/wasm/queue.ts. */
export interface EventQueue {
  readonly slots: number;
  /** Bytes the queue holds. */
  readonly bytes: number;
  /** Room for `events` more events without growing during the appends that follow. */
  reserve(events: number): void;
  /** Adds the events of update k to their inputs and empties the slot; returns the events. */
  drain(k: number): number;
  /** Events waiting, per slot. */
  pending(): number[];
  /** Waiting events for inputs base .. base + size - 1, as [slot, input index - base, level] triples. */
  snapshot(base?: number, size?: number): number[];
}

export class DelayQueue implements EventQueue {
  readonly slots: number;
  /** The inputs the events are added to: summed weight levels per neuron of the partition. */
  readonly input: Int32Array;
  /** Pool of chunks of event words. */
  q: Int32Array;
  /** Per slot: the next free word of its tail chunk, and the end of that chunk (-1, -1 when empty). */
  readonly pos: Int32Array;
  readonly end: Int32Array;
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private next: Int32Array;
  private free: Int32Array;
  private nFree = 0;
  private chunks = 0;

  constructor(slots: number, input: Int32Array, initialChunks = 2 * slots + 16) {
    if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`delay queue needs at least 1 slot, got ${slots}`);
    if (input.length > MAX_QUEUE_INPUTS) throw new RangeError(`a delay queue serves at most ${MAX_QUEUE_INPUTS} neurons, got ${input.length}`);
    this.slots = slots;
    this.input = input;
    this.pos = new Int32Array(slots).fill(-1);
    this.end = new Int32Array(slots).fill(-1);
    this.head = new Int32Array(slots).fill(-1);
    this.tail = new Int32Array(slots).fill(-1);
    this.q = new Int32Array(0);
    this.next = new Int32Array(0);
    this.free = new Int32Array(0);
    this.grow(initialChunks);
  }

  /** Chunks in the pool and bytes they hold. */
  get capacityChunks(): number {
    return this.chunks;
  }
  get bytes(): number {
    return this.q.byteLength + this.next.byteLength + this.free.byteLength;
  }

  private grow(chunks: number): void {
    const old = this.chunks;
    if (chunks <= old) return;
    const q = new Int32Array(chunks * CW);
    q.set(this.q);
    this.q = q;
    const next = new Int32Array(chunks).fill(-1);
    next.set(this.next);
    this.next = next;
    const free = new Int32Array(chunks);
    free.set(this.free.subarray(0, this.nFree));
    // New chunks are taken lowest first.
    for (let c = chunks - 1; c >= old; c--) free[this.nFree++] = c;
    this.free = free;
    this.chunks = chunks;
  }

  /**
   * Makes sure `events` more events can be appended without growing: at most one partly filled
   * chunk per slot plus the full ones. Call before an append loop; it may replace q.
   */
  reserve(events: number): void {
    const need = Math.ceil(events / QUEUE_CHUNK) + this.slots;
    if (this.nFree >= need) return;
    this.grow(Math.max(2 * this.chunks, this.chunks - this.nFree + need));
  }

  /** Opens a new tail chunk for `slot` (its current one is full or absent) and returns its first word. */
  open(slot: number): number {
    if (this.nFree === 0) throw new Error('delay queue: append without reserve');
    const c = this.free[--this.nFree];
    this.next[c] = -1;
    const t = this.tail[slot];
    if (t < 0) this.head[slot] = c;
    else this.next[t] = c;
    this.tail[slot] = c;
    const p = c * CW;
    this.end[slot] = p + CW;
    return p;
  }

  /** Appends one event word for update slot `slot` (after a reserve). Hot loops inline this. */
  push(slot: number, event: number): void {
    let p = this.pos[slot];
    if (p === this.end[slot]) p = this.open(slot);
    this.q[p] = event;
    this.pos[slot] = p + 1;
  }

  /** Adds the events of update k to the inputs and empties the slot. */
  drain(k: number): number {
    const slot = k % this.slots;
    let c = this.head[slot];
    if (c < 0) return 0;
    const q = this.q;
    const input = this.input;
    const last = this.tail[slot];
    let n = 0;
    for (;;) {
      const a = c * CW;
      const b = c === last ? this.pos[slot] : a + CW;
      for (let p = a; p < b; p++) {
        const x = q[p];
        input[x >>> 15] += (x << 17) >> 17; // eventIndex(x), eventLevel(x)
      }
      n += b - a;
      this.free[this.nFree++] = c;
      if (c === last) break;
      c = this.next[c];
    }
    this.head[slot] = this.tail[slot] = this.pos[slot] = this.end[slot] = -1;
    return n;
  }

  pending(): number[] {
    const out: number[] = [];
    for (let s = 0; s < this.slots; s++) {
      let n = 0;
      for (const [a, b] of this.rangesOf(s)) n += b - a;
      out.push(n);
    }
    return out;
  }

  snapshot(base = 0, size = Infinity): number[] {
    const out: number[] = [];
    for (let s = 0; s < this.slots; s++) {
      for (const [a, b] of this.rangesOf(s)) {
        for (let p = a; p < b; p++) {
          const i = eventIndex(this.q[p]) - base;
          if (i >= 0 && i < size) out.push(s, i, eventLevel(this.q[p]));
        }
      }
    }
    return out;
  }

  private *rangesOf(slot: number): Generator<[number, number]> {
    let c = this.head[slot];
    if (c < 0) return;
    const last = this.tail[slot];
    for (;;) {
      const a = c * CW;
      yield [a, c === last ? this.pos[slot] : a + CW];
      if (c === last) return;
      c = this.next[c];
    }
  }
}
