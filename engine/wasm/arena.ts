/**
 * One WebAssembly.Memory per partition (worker thread), sized up front for all its shards and never
 * grown (growing would detach every typed-array view taken of it). Each shard's neuron state, ring
 * buffer, Poisson table and random-stream state live in it; ShardState's typed arrays (V, I, refr,
 * ring, ...) are views of it, so the JavaScript code that reads and writes them (spike delivery,
 * voltage sampling, tests) works unchanged while the kernels of kernels.wat update them in place.
 *
 * Layout, every block 16-byte aligned: [spike output: u32 x largest shard] then per shard
 * V f64[n] | I f64[n] | refr i32[n] | pcnt u8[n] | ring f32[slots * n] | cdf f64[len] |
 * guide i32[1024] | sfc32 state i32[4].
 */
import type { NetworkPlan, Shard } from '../build/plan.ts';
import { PoissonTable } from '../rng/rng.ts';
import { chooseKernels, fixedMemory, instantiateKernels, type KernelChoice, type KernelExports, type WasmMemory, type WasmVariant } from './kernels.ts';

const PAGE = 65536;
const align16 = (x: number) => (x + 15) & ~15;

/** Bytes one shard takes in the arena. */
export function shardArenaBytes(size: number, ringSlots: number, cdfLength: number, guideLength: number): number {
  return align16(8 * size) * 2 + align16(4 * size) + align16(size) + align16(4 * ringSlots * size) + align16(8 * cdfLength) + align16(4 * guideLength) + 16;
}

/** An arena holding the given shards of a plan (what WasmShard allocates for each). */
export function arenaForShards(plan: NetworkPlan, shards: readonly Shard[], variant: WasmVariant, fused = true): KernelArena {
  let bytes = 0;
  let maxSize = 0;
  for (const sh of shards) {
    const t = new PoissonTable(plan.poissonMean[sh.pop]);
    bytes += shardArenaBytes(sh.size, plan.ringSlots, t.cdf.length, t.guide.length);
    maxSize = Math.max(maxSize, sh.size);
  }
  return new KernelArena(bytes, maxSize, variant, fused);
}

/**
 * The kernels for one partition (thread) and, for WebAssembly, its arena. `requested` overrides
 * MICROCIRCUIT_KERNELS; when neither forces a choice and the arena cannot be had (e.g. over the
 * 4 GiB of a 32-bit memory), the JavaScript kernels.
 */
export function partitionKernels(plan: NetworkPlan, shards: readonly Shard[], requested?: string): { kernels: KernelChoice; arena?: KernelArena } {
  const kernels = chooseKernels(requested);
  if (kernels === 'js' || shards.length === 0) return { kernels };
  try {
    return { kernels, arena: arenaForShards(plan, shards, kernels) };
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
  readonly bytes: number;
  /** The kernels' spike output, global neuron indices (room for the largest shard). */
  readonly spikePtr: number;
  readonly spikes: Uint32Array;
  private top = 0;

  /** An arena of at least `shardBytes` bytes for shards of at most `maxShardSize` neurons. */
  constructor(shardBytes: number, maxShardSize: number, variant: WasmVariant, fused = true) {
    const need = align16(4 * Math.max(1, maxShardSize)) + shardBytes;
    const pages = Math.max(1, Math.ceil(need / PAGE));
    if (pages > 65536) throw new RangeError(`kernel arena of ${need} bytes exceeds the 4 GiB of a 32-bit WebAssembly memory`);
    this.memory = fixedMemory(pages);
    this.bytes = pages * PAGE;
    this.kernels = instantiateKernels(this.memory);
    this.variant = variant;
    this.fused = fused;
    this.spikePtr = this.alloc(4 * Math.max(1, maxShardSize));
    this.spikes = new Uint32Array(this.memory.buffer, this.spikePtr, Math.max(1, maxShardSize));
  }

  /** Byte offset of a new 16-byte-aligned block. */
  alloc(bytes: number): number {
    const p = this.top;
    const end = align16(p + bytes);
    if (end > this.bytes) throw new RangeError(`kernel arena full: ${end} > ${this.bytes} bytes (sized too small)`);
    this.top = end;
    return p;
  }

  get used(): number {
    return this.top;
  }
}

/** One shard's state in an arena, and the call of its kernel. */
export class WasmShard {
  readonly arena: KernelArena;
  readonly k: KernelExports;
  readonly size: number;
  readonly V: Float64Array;
  readonly I: Float64Array;
  readonly refr: Int32Array;
  readonly pcnt: Uint8Array;
  readonly ring: Float32Array;
  readonly cdf: Float64Array;
  readonly guide: Int32Array;
  /** sfc32 state a, b, c, d of the shard's Poisson stream. */
  readonly rngState: Int32Array;
  private readonly pV: number;
  private readonly pI: number;
  private readonly pR: number;
  private readonly pPc: number;
  private readonly pRing: number;
  private readonly pCdf: number;
  private readonly pGuide: number;
  private readonly pSt: number;
  private readonly simd: boolean;
  private readonly fused: boolean;
  private pcntDirty = false;

  constructor(arena: KernelArena, size: number, ringSlots: number, table: PoissonTable, rng: { a: number; b: number; c: number; d: number }) {
    this.arena = arena;
    this.k = arena.kernels;
    this.size = size;
    this.simd = arena.variant === 'wasm-simd';
    this.fused = arena.fused;
    const buf = arena.memory.buffer;
    this.pV = arena.alloc(8 * size);
    this.V = new Float64Array(buf, this.pV, size);
    this.pI = arena.alloc(8 * size);
    this.I = new Float64Array(buf, this.pI, size);
    this.pR = arena.alloc(4 * size);
    this.refr = new Int32Array(buf, this.pR, size);
    this.pPc = arena.alloc(size);
    this.pcnt = new Uint8Array(buf, this.pPc, size);
    this.pRing = arena.alloc(4 * ringSlots * size);
    this.ring = new Float32Array(buf, this.pRing, ringSlots * size);
    this.pCdf = arena.alloc(8 * table.cdf.length);
    this.cdf = new Float64Array(buf, this.pCdf, table.cdf.length);
    this.cdf.set(table.cdf);
    this.pGuide = arena.alloc(4 * table.guide.length);
    this.guide = new Int32Array(buf, this.pGuide, table.guide.length);
    // Guide entries flagged (+0x10000) where the bucket holds a cdf boundary: elsewhere the guide
    // entry is the count itself and the kernels skip the comparison (same counts, fewer loads).
    const width = 2 ** 32 / table.guide.length;
    for (let g = 0; g < table.guide.length; g++) {
      const k = table.guide[g];
      if (k >= 0x10000) throw new RangeError(`Poisson table of ${table.cdf.length} entries too long for the kernels`);
      this.guide[g] = table.cdf[k] > (g + 1) * width - 1 ? k : k | 0x10000;
    }
    this.pSt = arena.alloc(16);
    this.rngState = new Int32Array(buf, this.pSt, 4);
    this.rngState[0] = rng.a;
    this.rngState[1] = rng.b;
    this.rngState[2] = rng.c;
    this.rngState[3] = rng.d;
    // The memory is fresh (zeroed) and never reused: V, I, refr, pcnt and ring start at 0 as new arrays do.
  }

  /** ShardState.update on this shard's memory: same arguments, same result, same state. */
  update(slot: number, start: number, P22: number, P21: number, ieTerm: number, P11: number, wExt: number,
    vTh: number, vReset: number, refSteps: number, poissonOn: boolean, out: Uint32Array, pos: number): number {
    const kern = this.k;
    const size = this.size;
    const ring = this.pRing + 4 * slot * size;
    const sp = this.arena.spikePtr;
    let n: number;
    if (poissonOn && this.fused) {
      n = this.simd
        ? kern.step_simd(this.pV, this.pI, this.pR, this.pPc, ring, size, P22, P21, ieTerm, P11, wExt, vTh, vReset, refSteps, sp, start, this.pCdf, this.pGuide, this.pSt)
        : kern.step(this.pV, this.pI, this.pR, this.pPc, ring, size, P22, P21, ieTerm, P11, wExt, vTh, vReset, refSteps, sp, start, this.pCdf, this.pGuide, this.pSt);
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
        ? kern.update_simd(this.pV, this.pI, this.pR, this.pPc, ring, size, P22, P21, ieTerm, P11, wExt, vTh, vReset, refSteps, sp, start)
        : kern.update(this.pV, this.pI, this.pR, this.pPc, ring, size, P22, P21, ieTerm, P11, wExt, vTh, vReset, refSteps, sp, start);
    }
    if (n > 0) {
      const spikes = this.arena.spikes;
      for (let i = 0; i < n; i++) out[pos++] = spikes[i];
    }
    return pos;
  }
}
