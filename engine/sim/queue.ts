/**
 * The delay queue of one partition (thread): synaptic events waiting for the update that reads
 * them, kept as (input index, weight) pairs in per-slot lists of fixed-size chunks.
 *
 * Why not a ring buffer [slot][neuron]? At full scale a thread's ring buffers hold tens of MB and
 * every synaptic event is a read-modify-write at a random place in them: each event costs a cache
 * miss (≈100 ns measured on this machine, whose last-level cache is shared with other tenants). In
 * the queue, a spike's row is appended sequentially to the lists of the slots its delays select
 * (rows are sorted by delay, so each slot receives runs), and at the start of update k the list of
 * slot k is scatter-added into one input value per neuron: the only random accesses left are into
 * the thread's input array (4 bytes per owned neuron: 150 KB at full scale on 2 threads), which
 * stays in the core's own cache. Events are streamed through memory once each way.
 *
 * Order of the floating-point sums: a target's input for update k is summed in the order its
 * events were appended — by emission step, then by the caller's order (spikes in source order,
 * rows in synapse order) — which depends only on the network plan, not on the thread count.
 *
 * No allocation in the step loop: `reserve` grows the chunk pool (rarely, and outside the append
 * loops), so the appending loops never see a stale view.
 */

/** Events per chunk (each event two 32-bit words). */
export const QUEUE_CHUNK = 1024;
const CW = 2 * QUEUE_CHUNK;

/** What the partition and the tests use of a queue: this JavaScript one, or engine/wasm/queue.ts. */
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
  /** Waiting events for inputs base .. base + size - 1, as [slot, input index - base, weight] triples. */
  snapshot(base?: number, size?: number): number[];
}

export class DelayQueue implements EventQueue {
  readonly slots: number;
  /** The input values the events are added to (an arena's memory, or the partition's own array). */
  readonly input: Float32Array;
  /** Pool of chunks: word 2e = input index (qi), word 2e + 1 = weight in pA (qf). */
  qi: Int32Array;
  qf: Float32Array;
  /** Per slot: the next free word of its tail chunk, and the end of that chunk (-1, -1 when empty). */
  readonly pos: Int32Array;
  readonly end: Int32Array;
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private next: Int32Array;
  private free: Int32Array;
  private nFree = 0;
  private chunks = 0;

  constructor(slots: number, input: Float32Array, initialChunks = 2 * slots + 16) {
    if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`delay queue needs at least 1 slot, got ${slots}`);
    this.slots = slots;
    this.input = input;
    this.pos = new Int32Array(slots).fill(-1);
    this.end = new Int32Array(slots).fill(-1);
    this.head = new Int32Array(slots).fill(-1);
    this.tail = new Int32Array(slots).fill(-1);
    this.qi = new Int32Array(0);
    this.qf = new Float32Array(0);
    this.next = new Int32Array(0);
    this.free = new Int32Array(0);
    this.grow(initialChunks);
  }

  /** Chunks in the pool and bytes they hold. */
  get capacityChunks(): number {
    return this.chunks;
  }
  get bytes(): number {
    return this.qi.byteLength + this.next.byteLength + this.free.byteLength;
  }

  private grow(chunks: number): void {
    const old = this.chunks;
    if (chunks <= old) return;
    const buf = new ArrayBuffer(chunks * CW * 4);
    const qi = new Int32Array(buf);
    qi.set(this.qi);
    this.qi = qi;
    this.qf = new Float32Array(buf);
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
   * chunk per slot plus the full ones. Call before an append loop; it may replace qi/qf.
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

  /** Appends one event for update slot `slot` (after a reserve). Hot loops inline this. */
  push(slot: number, index: number, weight: number): void {
    let p = this.pos[slot];
    if (p === this.end[slot]) p = this.open(slot);
    this.qi[p] = index;
    this.qf[p + 1] = weight;
    this.pos[slot] = p + 2;
  }

  /** Adds the events of update k to the input values, in append order, and empties the slot. */
  drain(k: number): number {
    const slot = k % this.slots;
    let c = this.head[slot];
    if (c < 0) return 0;
    const qi = this.qi;
    const qf = this.qf;
    const input = this.input;
    const last = this.tail[slot];
    let n = 0;
    for (;;) {
      const a = c * CW;
      const b = c === last ? this.pos[slot] : a + CW;
      for (let p = a; p < b; p += 2) input[qi[p]] += qf[p + 1];
      n += (b - a) >> 1;
      this.free[this.nFree++] = c;
      if (c === last) break;
      c = this.next[c];
    }
    this.head[slot] = this.tail[slot] = this.pos[slot] = this.end[slot] = -1;
    return n;
  }

  /** Events waiting, per slot. */
  pending(): number[] {
    const out: number[] = [];
    for (let s = 0; s < this.slots; s++) {
      let n = 0;
      for (const [, , len] of this.entriesOf(s)) n += len;
      out.push(n);
    }
    return out;
  }

  /**
   * The waiting events for inputs base .. base + size - 1 in order, as [slot, input index - base,
   * weight] triples (for tests and debugging: two queues with the same events for those inputs in
   * the same order give the same list).
   */
  snapshot(base = 0, size = Infinity): number[] {
    const out: number[] = [];
    for (let s = 0; s < this.slots; s++) {
      for (const [a, b] of this.entriesOf(s)) {
        for (let p = a; p < b; p += 2) {
          const i = this.qi[p] - base;
          if (i >= 0 && i < size) out.push(s, i, this.qf[p + 1]);
        }
      }
    }
    return out;
  }

  private *entriesOf(slot: number): Generator<[number, number, number]> {
    let c = this.head[slot];
    if (c < 0) return;
    const last = this.tail[slot];
    for (;;) {
      const a = c * CW;
      const b = c === last ? this.pos[slot] : a + CW;
      yield [a, b, (b - a) >> 1];
      if (c === last) return;
      c = this.next[c];
    }
  }
}
