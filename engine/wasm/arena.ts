/**
 * One WebAssembly.Memory per partition (worker thread), sized up front for all its shards — neuron
 * state, inputs, Poisson tables, random-stream state, synapses — plus the partition's delay queue
 * (engine/wasm/queue.ts). Only the queue's chunk pool may grow during a run (a burst of activity):
 * growing detaches every typed-array view of the memory, so views are re-taken when
 * `generation` changes (WasmShard.refresh, ShardState.sync). Pages never written are not resident,
 * so sizing generously costs address space, not memory.
 *
 * ShardState's typed arrays (V, I, refr, input, rowPtr, tw, dly, ...) are views of the memory, so
 * the JavaScript code that reads and writes them (voltage sampling, tests) works unchanged while
 * the kernels of kernels.wat update them in place.
 *
 * Layout, every block 16-byte aligned: [spike output: u32 x largest shard] then per shard
 * V f64[n] | I f64[n] | refr i32[n] | pcnt u8[n] | input f32[n] (the delay queue drains this
 * step's events into it before each update) | cdf f64[len] | guide i32[1024] | sfc32 state i32[4],
 * then what the partition allocates: source list, source populations, delay queue, synapses.
 */
import type { NetworkPlan, Shard } from '../build/plan.ts';
import { PoissonTable } from '../rng/rng.ts';
import { chooseKernels, growableMemory, instantiateKernels, MAX_PAGES, type KernelChoice, type KernelExports, type WasmMemory, type WasmVariant } from './kernels.ts';

const PAGE = 65536;
const align16 = (x: number) => (x + 15) & ~15;

/** Bytes one shard takes in the arena. */
export function shardArenaBytes(size: number, ringSlots: number, cdfLength: number, guideLength: number): number {
  return align16(8 * size) * 2 + align16(4 * size) + align16(size) + align16(4 * ringSlots * size) + align16(8 * cdfLength) + align16(4 * guideLength) + 16;
}

/** An arena holding the given shards of a plan (what WasmShard allocates for each). */
export function arenaForShards(plan: NetworkPlan, shards: readonly Shard[], variant: WasmVariant, fused = true, extraBytes = 0): KernelArena {
  let bytes = extraBytes;
  let maxSize = 0;
  for (const sh of shards) {
    const t = new PoissonTable(plan.poissonMean[sh.pop]);
    bytes += shardArenaBytes(sh.size, 1, t.cdf.length, t.guide.length);
    maxSize = Math.max(maxSize, sh.size);
  }
  return new KernelArena(bytes, maxSize, variant, fused);
}

/**
 * The kernels for one partition (thread) and, for WebAssembly, its arena. `requested` overrides
 * MICROCIRCUIT_KERNELS; when neither forces a choice and the arena cannot be had (e.g. over the
 * 4 GiB of a 32-bit memory), the JavaScript kernels.
 */
export function partitionKernels(plan: NetworkPlan, shards: readonly Shard[], requested?: string, extraBytes = 0): { kernels: KernelChoice; arena?: KernelArena } {
  const kernels = chooseKernels(requested);
  if (kernels === 'js' || shards.length === 0) return { kernels };
  try {
    return { kernels, arena: arenaForShards(plan, shards, kernels, true, extraBytes) };
  } catch (e) {
    if (requested !== undefined || process.env.MICROCIRCUIT_KERNELS) throw e;
    return { kernels: 'js' };
  }
}

export class KernelArena {
  readonly memory: WasmMemory;
  readonly kernels: KernelExports;
  readonly variant: WasmVariant;
  /** Update kernels with the Poisson draw fused in (else a separate draw into pcnt, then update). */
  readonly fused: boolean;
  /** Current size in bytes. */
  bytes: number;
  /** Bumped whenever the memory grows (every view taken before is detached). */
  generation = 0;
  /** The kernels' spike output, global neuron indices (room for the largest shard). */
  readonly spikePtr: number;
  private spikeLen: number;
  private spikeView: Uint32Array;
  private top = 0;

  /** An arena of at least `shardBytes` bytes for shards of at most `maxShardSize` neurons. */
  constructor(shardBytes: number, maxShardSize: number, variant: WasmVariant, fused = true) {
    const need = align16(4 * Math.max(1, maxShardSize)) + shardBytes;
    const pages = Math.max(1, Math.ceil(need / PAGE));
    if (pages > MAX_PAGES) throw new RangeError(`kernel arena of ${need} bytes exceeds the 4 GiB of a 32-bit WebAssembly memory`);
    this.memory = growableMemory(pages);
    this.bytes = pages * PAGE;
    this.kernels = instantiateKernels(this.memory);
    this.variant = variant;
    this.fused = fused;
    this.spikeLen = Math.max(1, maxShardSize);
    this.spikePtr = this.alloc(4 * this.spikeLen);
    this.spikeView = new Uint32Array(this.memory.buffer, this.spikePtr, this.spikeLen);
  }

  get spikes(): Uint32Array {
    if (this.spikeView.buffer !== this.memory.buffer) this.spikeView = new Uint32Array(this.memory.buffer, this.spikePtr, this.spikeLen);
    return this.spikeView;
  }

  /** Byte offset of a new 16-byte-aligned block; grows the memory (a new generation) when full. */
  alloc(bytes: number): number {
    const p = this.top;
    const end = align16(p + bytes);
    if (end > this.bytes) {
      const pages = Math.ceil((end - this.bytes) / PAGE);
      const current = this.bytes / PAGE;
      if (current + pages > MAX_PAGES) throw new RangeError(`kernel arena cannot grow to ${end} bytes: over the 4 GiB of a 32-bit WebAssembly memory`);
      // Grow by at least an eighth, so that a queue growing chunk by chunk grows the memory rarely.
      const add = Math.min(MAX_PAGES - current, Math.max(pages, Math.ceil(current / 8)));
      this.memory.grow(add);
      this.bytes += add * PAGE;
      this.generation++;
    }
    this.top = end;
    return p;
  }

  get used(): number {
    return this.top;
  }
}

/** One shard's state (and, once built, synapses) in an arena, and the calls of its kernels. */
export class WasmShard {
  readonly arena: KernelArena;
  readonly k: KernelExports;
  readonly size: number;
  // Views of the arena memory, re-taken by refresh() after the memory grew.
  V!: Float64Array;
  I!: Float64Array;
  refr!: Int32Array;
  pcnt!: Uint8Array;
  /** Summed weight levels of this step's events (i32), the kernels' `ring`. */
  ring!: Int32Array;
  cdf!: Float64Array;
  guide!: Int32Array;
  /** sfc32 state a, b, c, d of the shard's Poisson stream. */
  rngState!: Int32Array;
  /** Synapses (allocSynapses): row pointers, event words, run pointers, runs (ShardState explains). */
  rowPtr = new Uint32Array(0);
  syn = new Uint32Array(0);
  runPtr = new Uint32Array(0);
  runs = new Uint32Array(0);
  private readonly ringLen: number;
  private readonly cdfLen: number;
  private readonly guideLen: number;
  private readonly pV: number;
  private readonly pI: number;
  private readonly pR: number;
  private readonly pPc: number;
  private readonly pRing: number;
  private readonly pCdf: number;
  private readonly pGuide: number;
  private readonly pSt: number;
  private pRp = 0;
  private pSyn = 0;
  private pRr = 0;
  private pRuns = 0;
  private numRows = 0;
  private numSyn = 0;
  private numRuns = 0;
  private readonly simd: boolean;
  private readonly fused: boolean;
  private pcntDirty = false;
  private gen = -1;

  /** `inputPtr`: where the shard's i32 inputs are (a partition's input block); else its own block of ringSlots x size. */
  constructor(arena: KernelArena, size: number, ringSlots: number, table: PoissonTable, rng: { a: number; b: number; c: number; d: number }, inputPtr?: number) {
    this.arena = arena;
    this.k = arena.kernels;
    this.size = size;
    this.simd = arena.variant === 'wasm-simd';
    this.fused = arena.fused;
    this.ringLen = ringSlots * size;
    this.cdfLen = table.cdf.length;
    this.guideLen = table.guide.length;
    this.pV = arena.alloc(8 * size);
    this.pI = arena.alloc(8 * size);
    this.pR = arena.alloc(4 * size);
    this.pPc = arena.alloc(size);
    this.pRing = inputPtr ?? arena.alloc(4 * this.ringLen);
    this.pCdf = arena.alloc(8 * this.cdfLen);
    this.pGuide = arena.alloc(4 * this.guideLen);
    this.pSt = arena.alloc(16);
    this.refresh();
    this.cdf.set(table.cdf);
    // Guide entries flagged (+0x10000) where the bucket holds a cdf boundary: elsewhere the guide
    // entry is the count itself and the kernels skip the comparison (same counts, fewer loads).
    const width = 2 ** 32 / table.guide.length;
    for (let g = 0; g < table.guide.length; g++) {
      const k = table.guide[g];
      if (k >= 0x10000) throw new RangeError(`Poisson table of ${table.cdf.length} entries too long for the kernels`);
      this.guide[g] = table.cdf[k] > (g + 1) * width - 1 ? k : k | 0x10000;
    }
    this.rngState[0] = rng.a;
    this.rngState[1] = rng.b;
    this.rngState[2] = rng.c;
    this.rngState[3] = rng.d;
    // The memory is fresh (zeroed) and never reused: V, I, refr, pcnt and ring start at 0 as new arrays do.
  }

  /** Byte address of the input values (the kernels' `ring`). */
  get inputPtr(): number {
    return this.pRing;
  }

  /** True when the views are stale (the memory grew since they were taken). */
  get stale(): boolean {
    return this.gen !== this.arena.generation;
  }

  /** Re-takes every view of the arena memory (after it grew). */
  refresh(): void {
    const buf = this.arena.memory.buffer;
    this.V = new Float64Array(buf, this.pV, this.size);
    this.I = new Float64Array(buf, this.pI, this.size);
    this.refr = new Int32Array(buf, this.pR, this.size);
    this.pcnt = new Uint8Array(buf, this.pPc, this.size);
    this.ring = new Int32Array(buf, this.pRing, this.ringLen);
    this.cdf = new Float64Array(buf, this.pCdf, this.cdfLen);
    this.guide = new Int32Array(buf, this.pGuide, this.guideLen);
    this.rngState = new Int32Array(buf, this.pSt, 4);
    if (this.pRp > 0) {
      this.rowPtr = new Uint32Array(buf, this.pRp, this.numRows + 1);
      this.syn = new Uint32Array(buf, this.pSyn, this.numSyn);
      this.runPtr = new Uint32Array(buf, this.pRr, this.numRows + 1);
      this.runs = new Uint32Array(buf, this.pRuns, this.numRuns);
    }
    this.gen = this.arena.generation;
  }

  /**
   * Room for the shard's synapses in the arena (rows of `numSources` sources, `numSynapses` words
   * in `numRuns` runs); the views are zero until written. May grow the memory: views of other
   * shards go stale. A second call allocates anew (the old block is not reused).
   */
  allocSynapses(numSources: number, numSynapses: number, numRuns: number): void {
    this.pRp = this.arena.alloc(4 * (numSources + 1));
    this.pSyn = this.arena.alloc(4 * numSynapses);
    this.pRr = this.arena.alloc(4 * (numSources + 1));
    this.pRuns = this.arena.alloc(4 * numRuns);
    this.numRows = numSources;
    this.numSyn = numSynapses;
    this.numRuns = numRuns;
    this.refresh();
  }

  /**
   * Queues the events of the spikes of sources at srcPtr[0..nsrc) (u32 in the arena) into the
   * queue at q with `slots` slots, this shard's first input being number `first` of the queue's;
   * returns the events. Room was reserved.
   */
  append(srcPtr: number, nsrc: number, base: number, slots: number, q: number, first: number): number {
    return this.k.append(this.pRp, this.pSyn, this.pRr, this.pRuns, srcPtr, nsrc, base, slots, q, first);
  }

  /** ShardState.update on this shard's memory: same arguments, same result, same state. */
  update(slot: number, start: number, P22: number, P21: number, ieTerm: number, P11: number, wExt: number, inScale: number,
    vTh: number, vReset: number, refSteps: number, poissonOn: boolean, out: Uint32Array, pos: number): number {
    if (this.gen !== this.arena.generation) this.refresh();
    const kern = this.k;
    const size = this.size;
    const ring = this.pRing + 4 * slot * size;
    const sp = this.arena.spikePtr;
    let n: number;
    if (poissonOn && this.fused) {
      n = this.simd
        ? kern.step_simd(this.pV, this.pI, this.pR, this.pPc, ring, size, P22, P21, ieTerm, P11, wExt, inScale, vTh, vReset, refSteps, sp, start, this.pCdf, this.pGuide, this.pSt)
        : kern.step(this.pV, this.pI, this.pR, this.pPc, ring, size, P22, P21, ieTerm, P11, wExt, inScale, vTh, vReset, refSteps, sp, start, this.pCdf, this.pGuide, this.pSt);
    } else {
      // Counts for this step in pcnt: drawn, or zero while the background is off.
      if (poissonOn) {
        kern.poisson(this.pPc, size, this.pCdf, this.pGuide, this.pSt);
        this.pcntDirty = true;
      } else if (this.pcntDirty) {
        this.pcnt.fill(0);
        this.pcntDirty = false;
      }
      n = this.simd
        ? kern.update_simd(this.pV, this.pI, this.pR, this.pPc, ring, size, P22, P21, ieTerm, P11, wExt, inScale, vTh, vReset, refSteps, sp, start)
        : kern.update(this.pV, this.pI, this.pR, this.pPc, ring, size, P22, P21, ieTerm, P11, wExt, inScale, vTh, vReset, refSteps, sp, start);
    }
    if (n > 0) {
      const spikes = this.arena.spikes;
      for (let i = 0; i < n; i++) out[pos++] = spikes[i];
    }
    return pos;
  }
}
