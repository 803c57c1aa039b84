/**
 * A shard: a block of target neurons of one population, with everything it owns — its neurons'
 * state, their inputs, and their incoming synapses stored as compressed rows by source (so a spike
 * addresses one contiguous block). Events wait for their update in a delay queue (./queue.ts): the
 * partition's, shared by its shards, or the shard's own when it stands alone. A synapse is one
 * 32-bit word — local target, signed 15-bit weight level (one pA scale per target population) —
 * and rows are grouped in runs of one delay (a 32-bit run word per run): about 5 bytes per synapse
 * at full scale.
 *
 * The hot loops (update, deliver) allocate nothing and touch only typed arrays.
 */
import { type NetworkPlan, type Shard, WEIGHT_LEVELS } from '../build/plan.ts';
import { NUM_POPS } from '../params/types.ts';
import { generateBlock } from '../build/generate.ts';
import { FastAliasTable, Purpose, Rng, PoissonTable } from '../rng/rng.ts';
import { type KernelArena, WasmShard } from '../wasm/arena.ts';
import { WasmQueue } from '../wasm/queue.ts';
import { WasmGenerator } from '../wasm/generate.ts';
import { DelayQueue, type EventQueue } from './queue.ts';

/** Source population of every source index (neurons, then parrots as population 8). */
export function sourcePopulations(plan: NetworkPlan): Uint8Array {
  const out = new Uint8Array(plan.numSources);
  for (let i = 0; i < NUM_POPS; i++) out.fill(i, plan.popStart[i], plan.popStart[i + 1]);
  out.fill(NUM_POPS, plan.numNeurons, plan.numSources);
  return out;
}

/**
 * Reusable scratch for building shards one after the other (no reallocation per shard): with
 * `wasm`, in the WebAssembly generator's memory (engine/wasm/generate.ts), which then draws the
 * synapses; else JavaScript arrays and generateBlock. Both give the same synapses, bit for bit.
 */
export class BuildScratch {
  sdA = new Uint32Array(0);
  sdB = new Uint32Array(0);
  twA = new Uint32Array(0);
  twB = new Uint32Array(0);
  private cnt = new Uint32Array(0);
  /** The WebAssembly generator, or null for the JavaScript one. */
  gen: WasmGenerator | null;

  constructor(wasm = false) {
    this.gen = null;
    if (wasm) {
      try {
        this.gen = new WasmGenerator();
      } catch {
        this.gen = null;
      }
    }
  }

  ensure(n: number, sources = 0): void {
    if (this.gen) {
      this.gen.ensure(n, sources);
      this.sdA = this.gen.sdA;
      this.sdB = this.gen.sdB;
      this.twA = this.gen.twA;
      this.twB = this.gen.twB;
      return;
    }
    if (this.sdA.length >= n) return;
    const cap = Math.ceil(n * 1.1);
    this.sdA = new Uint32Array(cap);
    this.sdB = new Uint32Array(cap);
    this.twA = new Uint32Array(cap);
    this.twB = new Uint32Array(cap);
  }

  counts(buckets: number): Uint32Array {
    if (this.cnt.length < buckets + 1) this.cnt = new Uint32Array(buckets + 1);
    this.cnt.fill(0, 0, buckets + 1);
    return this.cnt;
  }

  release(): void {
    this.sdA = this.sdB = this.twA = this.twB = new Uint32Array(0);
    this.gen = null;
  }
}

export class ShardState {
  readonly shard: Shard;
  readonly size: number;
  readonly start: number;
  /**
   * Synapses, compressed rows by source. Row s holds the words syn[rowPtr[s] .. rowPtr[s+1]), each
   * target << 15 | signed 15-bit weight level — an event word of the delay queue, less this
   * shard's first input index — ordered by delay and grouped in runs of one delay:
   * runs[runPtr[s] .. runPtr[s+1]), each delay << 16 | count. A row is one stream of words, and
   * queueing it costs one slot look-up per run. With WebAssembly kernels these are views of the
   * arena (re-taken by sync after the memory grew).
   */
  rowPtr: Uint32Array;
  syn: Uint32Array;
  runPtr: Uint32Array;
  runs: Uint32Array;
  /** pA per weight level of this shard's inputs (plan.inputScale of its population). */
  inScale: number;
  readonly popOfSource: Uint8Array;

  /** Membrane potential relative to E_L (mV), synaptic current (pA), refractory steps left. */
  V: Float64Array;
  I: Float64Array;
  refr: Int32Array;
  /** Summed weight levels of the events for the next update, one per neuron; the update zeroes it. */
  input: Int32Array;
  /** The delay queue events are appended to, and the index of input[0] among the queue's inputs. */
  readonly queue: EventQueue;
  readonly inBase: number;
  /** True when this shard owns its queue (stand-alone): update drains it. */
  readonly ownsQueue: boolean;

  // Poisson background stream (sfc32 state inlined into the update loop).
  private pa = 0;
  private pb = 0;
  private pc = 0;
  private pd = 0;
  private readonly pCdf: Float64Array;
  /** This step's Poisson counts per neuron. */
  private readonly pcnt: Uint8Array;
  private pcntDirty = false;
  private readonly pGuide: Int32Array;
  private readonly wExt: number;
  /** The WebAssembly kernels over this shard's arena memory; null: the JavaScript loops below. */
  private readonly wasm: WasmShard | null;
  private readonly jsQueue: DelayQueue | null;
  private readonly wasmQueue: WasmQueue | null;
  /** The arena generation the views above were taken in. */
  private gen = 0;
  /** A one-source list for deliverMult (no allocation per parrot spike). */
  private readonly oneSource = new Uint32Array(1);

  /**
   * With an arena, the state and synapses live in its WebAssembly memory and the WebAssembly
   * kernels update it and queue its events; the queue is then a WasmQueue of that arena. Without,
   * the queue is a DelayQueue whose inputs this shard's start at `inputOffset`. With a queue given
   * (the partition's), the partition drains it; without, the shard makes and drains its own.
   */
  constructor(plan: NetworkPlan, shard: Shard, popOfSource: Uint8Array, arena?: KernelArena, queue?: EventQueue, inputOffset = 0) {
    this.shard = shard;
    this.size = shard.size;
    this.start = shard.start;
    this.popOfSource = popOfSource;
    const table = new PoissonTable(plan.poissonMean[shard.pop]);
    const r = new Rng(plan.seed, Purpose.Poisson, shard.id, 0);
    this.inScale = plan.inputScale[shard.pop];
    this.rowPtr = new Uint32Array(0);
    this.syn = new Uint32Array(0);
    this.runPtr = new Uint32Array(0);
    this.runs = new Uint32Array(0);
    if (arena) {
      const q = queue ?? new WasmQueue(arena, plan.ringSlots, plan.numSources, shard.size);
      if (!(q instanceof WasmQueue) || q.arena !== arena) throw new Error('shard: a WebAssembly shard needs a queue of its own arena');
      this.inBase = queue ? inputOffset : 0;
      if (this.inBase + shard.size > q.numInputs) throw new RangeError(`shard inputs ${this.inBase}..${this.inBase + shard.size} outside the queue's ${q.numInputs}`);
      const w = new WasmShard(arena, shard.size, 1, table, r, q.inputPtr + 4 * this.inBase);
      this.wasm = w;
      this.gen = arena.generation;
      this.V = w.V;
      this.I = w.I;
      this.refr = w.refr;
      this.input = w.ring;
      this.queue = this.wasmQueue = q;
      this.jsQueue = null;
    } else {
      this.wasm = null;
      this.V = new Float64Array(shard.size);
      this.I = new Float64Array(shard.size);
      this.refr = new Int32Array(shard.size);
      const q = queue ?? new DelayQueue(plan.ringSlots, new Int32Array(shard.size));
      if (!(q instanceof DelayQueue)) throw new Error('shard: a JavaScript shard needs a JavaScript queue');
      this.inBase = queue ? inputOffset : 0;
      this.input = q.input.subarray(this.inBase, this.inBase + shard.size);
      this.queue = this.jsQueue = q;
      this.wasmQueue = null;
    }
    this.ownsQueue = queue === undefined;

    this.pCdf = table.cdf;
    this.pcnt = new Uint8Array(shard.size);
    this.pGuide = table.guide;
    this.wExt = plan.derived.weightExtPa;
    this.pa = r.a;
    this.pb = r.b;
    this.pc = r.c;
    this.pd = r.d;
    this.initV(plan);
  }

  /** Initial membrane potentials, Normal(V0 mean, V0 std) per neuron, not truncated (pd14.md 3.3). */
  private initV(plan: NetworkPlan): void {
    const np = plan.params.net.neuron_params;
    const i = this.shard.pop;
    const optimized = plan.params.net.V0_type === 'optimized';
    const mean = optimized ? np.V0_mean.optimized[i] : np.V0_mean.original;
    const std = optimized ? np.V0_std.optimized[i] : np.V0_std.original;
    const rng = new Rng(plan.seed, Purpose.V0, this.shard.id, 0);
    for (let n = 0; n < this.size; n++) this.V[n] = mean + std * rng.normal() - np.E_L;
  }

  /**
   * Draws this shard's incoming synapses (fixed_total_number per source population, pd14.md 5.3):
   * sources uniform over the source population, targets uniform over the shard, weights normal and
   * redrawn to keep their sign, delays from the rounded, truncated normal.
   *
   * Synapses are generated sequentially into two scratch words each — (source, delay) packed as
   * source * 2^delayBits + delay, and target << 16 | weight level — then ordered by (source, delay)
   * with a stable two-pass LSD radix sort. Sequential generation and bucketed passes keep
   * construction cache-friendly; rows come out ordered by delay, in runs (pack).
   */
  build(plan: NetworkPlan, onProgress?: (done: number) => void, scratch?: BuildScratch): void {
    const shard = this.shard;
    const i = shard.pop;
    const counts = plan.shardSynapses[shard.id];
    let total = 0;
    for (const c of counts) total += c;
    const S = plan.numSources;
    const dBits = Math.max(1, Math.ceil(Math.log2(plan.maxDelaySteps + 1)));
    const keyBits = Math.max(1, Math.ceil(Math.log2(S))) + dBits;
    if (keyBits > 32) throw new Error(`cannot build: ${S} sources with delays up to ${plan.maxDelaySteps} steps exceed the 32-bit synapse key`);
    const dMul = 2 ** dBits;
    const sc = scratch ?? new BuildScratch(this.wasm !== null);
    sc.ensure(total, S);
    let sd = sc.sdA;
    let tw = sc.twA;
    const size = this.size;
    let pos = 0;
    for (let j = 0; j <= NUM_POPS; j++) {
      const n = counts[j];
      if (n === 0) continue;
      const base = j < NUM_POPS ? plan.popStart[j] : plan.numNeurons;
      const nSrc = j < NUM_POPS ? plan.popStart[j + 1] - plan.popStart[j] : plan.numParrots;
      const rng = new Rng(plan.seed, j < NUM_POPS ? Purpose.Conn : Purpose.ThalConn, i * 16 + j, shard.id);
      const dd = plan.delayDists[i][j];
      const alias = new FastAliasTable(dd.probs);
      const dmin = dd.minSteps;
      let mean: number;
      let std: number;
      if (j < NUM_POPS) {
        mean = plan.derived.weightMeanPa[i][j];
        std = plan.derived.weightStdPa[i][j];
      } else {
        mean = plan.derived.weightThPa ?? 0;
        std = mean * plan.params.net.weight_rel_std;
      }
      const absScale = Math.abs(plan.weightScale[i][j]);
      const inv = absScale > 0 ? 1 / absScale : 0;
      const spec = { n, base, nSrc, size, mean, std, positive: mean >= 0, inv, maxLevel: WEIGHT_LEVELS, dmin, alias, dMul };
      pos = sc.gen ? sc.gen.generate(rng, spec, dBits, pos) : generateBlock(rng, spec, sd, tw, pos);
      onProgress?.(pos);
    }
    if (sc.gen) {
      // The same stable sort in WebAssembly, on the generator's memory.
      const inB = sc.gen.sort(total, keyBits);
      const p = sc.gen.pack(total, inB, dBits, S);
      this.allocSynapses(S, total, p.runs.length);
      this.rowPtr.set(p.rowPtr);
      this.syn.set(p.syn);
      this.runPtr.set(p.runPtr);
      this.runs.set(p.runs);
      onProgress?.(total);
      return;
    }
    // Stable LSD radix sort on the (source, delay) key, two digits.
    const loBits = Math.ceil(keyBits / 2);
    const hiBits = keyBits - loBits;
    const loMask = 2 ** loBits - 1;
    for (let pass = 0; pass < 2; pass++) {
      const buckets = 2 ** (pass === 0 ? loBits : hiBits);
      const cnt = sc.counts(buckets);
      if (pass === 0) for (let q = 0; q < total; q++) cnt[(sd[q] & loMask) + 1]++;
      else for (let q = 0; q < total; q++) cnt[(sd[q] >>> loBits) + 1]++;
      for (let b = 0; b < buckets; b++) cnt[b + 1] += cnt[b];
      const sd2 = sd === sc.sdA ? sc.sdB : sc.sdA;
      const tw2 = tw === sc.twA ? sc.twB : sc.twA;
      if (pass === 0) {
        for (let q = 0; q < total; q++) {
          const k = sd[q];
          const to = cnt[k & loMask]++;
          sd2[to] = k;
          tw2[to] = tw[q];
        }
      } else {
        for (let q = 0; q < total; q++) {
          const k = sd[q];
          const to = cnt[k >>> loBits]++;
          sd2[to] = k;
          tw2[to] = tw[q];
        }
      }
      sd = sd2;
      tw = tw2;
    }
    this.pack(sd, tw, total, S, dBits);
    onProgress?.(total);
  }

  /**
   * Stores synapses sorted by key = source << dBits | delay, with words target << 16 | signed
   * 16-bit level: event words, row pointers and runs of one delay (at most 65,535 long).
   */
  private pack(sd: Uint32Array, tw: Uint32Array, total: number, numSources: number, dBits: number): void {
    let numRuns = 0;
    let prev = -1;
    let len = 0;
    for (let q = 0; q < total; q++) {
      const k = sd[q];
      if (k !== prev || len === 0xffff) {
        numRuns++;
        prev = k;
        len = 0;
      }
      len++;
    }
    this.allocSynapses(numSources, total, numRuns);
    const rowPtr = this.rowPtr;
    const runPtr = this.runPtr;
    const runs = this.runs;
    const syn = this.syn;
    const dMask = 2 ** dBits - 1;
    let r = -1;
    prev = -1;
    len = 0;
    for (let q = 0; q < total; q++) {
      const k = sd[q];
      const src = k >>> dBits;
      rowPtr[src + 1]++;
      const x = tw[q];
      syn[q] = ((x >>> 16) << 15) | (x & 0x7fff);
      if (k !== prev || len === 0xffff) {
        r++;
        runs[r] = (k & dMask) * 65536;
        runPtr[src + 1]++;
        prev = k;
        len = 0;
      }
      runs[r]++;
      len++;
    }
    for (let s = 0; s < numSources; s++) {
      rowPtr[s + 1] += rowPtr[s];
      runPtr[s + 1] += runPtr[s];
    }
  }

  /** Fresh, zeroed synapse arrays: in the arena (WebAssembly) or as new typed arrays. */
  private allocSynapses(numSources: number, total: number, numRuns: number): void {
    if (this.wasm) {
      this.wasm.allocSynapses(numSources, total, numRuns);
      this.sync();
      this.rowPtr = this.wasm.rowPtr;
      this.syn = this.wasm.syn;
      this.runPtr = this.wasm.runPtr;
      this.runs = this.wasm.runs;
    } else {
      this.rowPtr = new Uint32Array(numSources + 1);
      this.syn = new Uint32Array(total);
      this.runPtr = new Uint32Array(numSources + 1);
      this.runs = new Uint32Array(numRuns);
    }
  }

  /**
   * Replaces the synapses (tests wire networks by hand with it): rowPtr over all sources, tw =
   * target << 16 | signed 16-bit level, dly in steps; rows are ordered by delay here.
   */
  setSynapses(rowPtr: ArrayLike<number>, tw: ArrayLike<number>, dly: ArrayLike<number>): void {
    const S = rowPtr.length - 1;
    let maxD = 1;
    for (let i = 0; i < dly.length; i++) maxD = Math.max(maxD, dly[i]);
    const dBits = Math.max(1, Math.ceil(Math.log2(maxD + 1)));
    if (Math.ceil(Math.log2(S + 1)) + dBits > 32) throw new RangeError('setSynapses: sources and delays exceed a 32-bit key');
    const n = tw.length;
    const keys = new Array<number>(n);
    for (let s = 0; s < S; s++) for (let q = rowPtr[s]; q < rowPtr[s + 1]; q++) keys[q] = s * 2 ** dBits + dly[q];
    const order = Array.from({ length: n }, (_, q) => q);
    order.sort((a, b) => keys[a] - keys[b] || a - b);
    this.pack(Uint32Array.from(order, (q) => keys[q]), Uint32Array.from(order, (q) => tw[q]), n, S, dBits);
  }

  /** Copies another shard's synapses (same sources; tests give several kernels the same network). */
  copySynapsesFrom(o: ShardState): void {
    this.allocSynapses(o.rowPtr.length - 1, o.syn.length, o.runs.length);
    this.rowPtr.set(o.rowPtr);
    this.syn.set(o.syn);
    this.runPtr.set(o.runPtr);
    this.runs.set(o.runs);
  }

  /** Calls fn(local target, signed level, delay in steps) for every synapse of source s, in row order. */
  forEachSynapse(s: number, fn: (target: number, level: number, delaySteps: number) => void): void {
    let q = this.rowPtr[s];
    for (let r = this.runPtr[s]; r < this.runPtr[s + 1]; r++) {
      const h = this.runs[r];
      const d = h >>> 16;
      for (let c = h & 0xffff; c > 0; c--, q++) {
        const w = this.syn[q];
        fn(w >>> 15, (w << 17) >> 17, d);
      }
    }
  }

  /** Re-takes the views of the arena memory if it grew (WebAssembly only; cheap when it did not). */
  sync(): void {
    const w = this.wasm;
    if (w === null || this.gen === w.arena.generation) return;
    if (w.stale) w.refresh();
    this.gen = w.arena.generation;
    this.V = w.V;
    this.I = w.I;
    this.refr = w.refr;
    this.input = w.ring;
    this.rowPtr = w.rowPtr;
    this.syn = w.syn;
    this.runPtr = w.runPtr;
    this.runs = w.runs;
  }

  get numSynapses(): number {
    return this.syn.length;
  }

  /** Bytes held by this shard's synapses, runs and row pointers. */
  get synapseBytes(): number {
    return this.rowPtr.byteLength + this.syn.byteLength + this.runPtr.byteLength + this.runs.byteLength;
  }

  /** Synaptic events the spikes of src[from..to) cause in this shard (the length of their rows). */
  rowEvents(src: Uint32Array, from: number, to: number): number {
    const rowPtr = this.rowPtr;
    let n = 0;
    for (let x = from; x < to; x++) {
      const s = src[x];
      n += rowPtr[s + 1] - rowPtr[s];
    }
    return n;
  }

  /**
   * Queues the events of spikes stamped `stamp` from sources src[from..to) (multiplicity 1): each
   * waits for update stamp + delay - 1 (pd14.md 5.1). JavaScript queue; it must have room
   * (reserve). The WebAssembly path is appendLoaded.
   */
  append(src: Uint32Array, from: number, to: number, stamp: number): void {
    const dq = this.jsQueue;
    if (dq === null) throw new Error('append: this shard queues with WebAssembly (appendLoaded)');
    const rowPtr = this.rowPtr;
    const runPtr = this.runPtr;
    const runs = this.runs;
    const syn = this.syn;
    const qw = dq.q;
    const pos = dq.pos;
    const end = dq.end;
    const slots = dq.slots;
    const first = this.inBase * 32768;
    const base = (stamp - 1) % slots;
    for (let x = from; x < to; x++) {
      const s = src[x];
      let a = rowPtr[s];
      const r1 = runPtr[s + 1];
      for (let r = runPtr[s]; r < r1; r++) {
        const h = runs[r];
        let slot = base + (h >>> 16);
        if (slot >= slots) slot -= slots;
        let p = pos[slot];
        let e = end[slot];
        const stop = a + (h & 0xffff);
        for (; a < stop; a++) {
          if (p === e) {
            p = dq.open(slot);
            e = end[slot];
          }
          qw[p++] = first + syn[a];
        }
        pos[slot] = p;
      }
    }
  }

  /**
   * The WebAssembly append: queues the events of the sources loaded into the queue
   * (WasmQueue.loadSources), stamped `stamp`; returns the events. Room must be reserved and the
   * views synced.
   */
  appendLoaded(stamp: number): number {
    const q = this.wasmQueue!;
    return this.wasm!.append(q.srcPtr, q.nsrc, (stamp - 1) % q.slots, q.slots, q.q, this.inBase);
  }

  /** Reserves room and queues the spikes of src[from..to); returns the number of events. */
  deliver(src: Uint32Array, from: number, to: number, stamp: number): number {
    this.sync();
    const n = this.rowEvents(src, from, to);
    if (n === 0) return 0;
    this.queue.reserve(n);
    if (this.wasmQueue) {
      this.wasmQueue.loadSources(src, from, to);
      this.sync();
      this.appendLoaded(stamp);
    } else this.append(src, from, to, stamp);
    return n;
  }

  /**
   * Queues one source's spike with multiplicity m (parrot neurons): its row m times (integer
   * levels: m events of level l add exactly m * l). Reserves room itself; returns the events.
   */
  deliverMult(s: number, m: number, stamp: number): number {
    this.sync();
    const row = this.rowPtr[s + 1] - this.rowPtr[s];
    if (row === 0 || m <= 0) return 0;
    this.queue.reserve(m * row);
    const one = this.oneSource;
    one[0] = s;
    if (this.wasmQueue) {
      this.wasmQueue.loadSources(one, 0, 1);
      this.sync();
      for (let r = 0; r < m; r++) this.appendLoaded(stamp);
    } else {
      for (let r = 0; r < m; r++) this.append(one, 0, 1, stamp);
    }
    return m * row;
  }

  /**
   * Poisson background for this step: one count per neuron from the shard's stream (sfc32 inlined,
   * table inversion with a guide table), written to a byte array the update loop reads. A separate,
   * branch-light loop keeps the register pressure of both loops low.
   */
  private drawPoisson(): void {
    const pc = this.pcnt;
    const size = this.size;
    const cdf = this.pCdf;
    const guide = this.pGuide;
    let a = this.pa;
    let b = this.pb;
    let c = this.pc;
    let d = this.pd;
    for (let n = 0; n < size; n++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      const u = t >>> 0;
      let cnt = guide[u >>> 22];
      while (u >= cdf[cnt]) cnt++;
      pc[n] = cnt;
    }
    this.pa = a;
    this.pb = b;
    this.pc = c;
    this.pd = d;
  }

  /**
   * One update, from grid time k*h to (k+1)*h, as iaf_psc_exp does it (pd14.md 5.1): integrate V
   * unless refractory, decay the current, add this step's input (the queue's events for update k,
   * drained into `input` beforehand — by the partition, or here for a stand-alone shard — and the Poisson background),
   * test the threshold. Spikes (stamp k + 1) are written as global neuron indices to out[pos..];
   * returns the new pos.
   */
  update(k: number, P22: number, P21: number, P20: number, P11: number, iePa: number, vTh: number, vReset: number,
    refSteps: number, poissonOn: boolean, out: Uint32Array, pos: number): number {
    if (this.ownsQueue) this.queue.drain(k);
    if (this.wasm !== null) {
      this.sync();
      return this.wasm.update(0, this.start, P22, P21, P20 * iePa, P11, this.wExt, this.inScale, vTh, vReset, refSteps, poissonOn, out, pos);
    }
    const V = this.V;
    const I = this.I;
    const refr = this.refr;
    const input = this.input;
    const size = this.size;
    const start = this.start;
    const ieTerm = P20 * iePa;
    const pcnt = this.pcnt;
    const wExt = this.wExt;
    const inScale = this.inScale;
    if (poissonOn) this.drawPoisson();
    else if (this.pcntDirty) {
      pcnt.fill(0);
      this.pcntDirty = false;
    }
    if (poissonOn) this.pcntDirty = true;
    for (let n = 0; n < size; n++) {
      let v = V[n];
      const r = refr[n];
      if (r === 0) v = P22 * v + P21 * I[n] + ieTerm;
      else refr[n] = r - 1;
      I[n] = P11 * I[n] + input[n] * inScale + pcnt[n] * wExt;
      input[n] = 0;
      if (v >= vTh) {
        refr[n] = refSteps;
        v = vReset;
        out[pos++] = start + n;
      }
      V[n] = v;
    }
    return pos;
  }
}
