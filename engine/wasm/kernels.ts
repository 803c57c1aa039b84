/**
 * The WebAssembly neuron-update kernels (kernels.wat): compiled once per thread, instantiated once
 * per partition over that partition's memory (arena.ts). Which implementation runs:
 *
 *   MICROCIRCUIT_KERNELS=js           the JavaScript loops in engine/sim/shard.ts
 *   MICROCIRCUIT_KERNELS=wasm         the fastest WebAssembly variant (an error if it cannot load)
 *   MICROCIRCUIT_KERNELS=wasm-scalar  scalar WebAssembly;  =wasm-simd  f64x2 WebAssembly
 *   unset (auto)                      WebAssembly SIMD when it loads, else JavaScript
 *
 * Every variant gives bit-identical state and spikes (test/engine/wasm/kernels.test.ts), so the
 * choice changes speed only.
 */
import { Rng, zigSlow } from '../rng/rng.ts';
import { KERNELS_WASM_BASE64 } from './kernels-wasm.ts';

/** i32 byte offsets into the memory; f64 constants; returns the number of spikes written to out. */
type UpdateFn = (V: number, I: number, R: number, pc: number, ring: number, n: number,
  P22: number, P21: number, ie: number, P11: number, wExt: number, inScale: number, vTh: number, vReset: number,
  refSteps: number, out: number, start: number) => number;
type StepFn = (V: number, I: number, R: number, pc: number, ring: number, n: number,
  P22: number, P21: number, ie: number, P11: number, wExt: number, inScale: number, vTh: number, vReset: number,
  refSteps: number, out: number, start: number, cdf: number, guide: number, st: number) => number;

export interface KernelExports {
  /** Poisson counts into pc[0..n) from the sfc32 state at st (4 x i32), table cdf/guide. */
  poisson(pc: number, n: number, cdf: number, guide: number, st: number): void;
  update: UpdateFn;
  update_simd: UpdateFn;
  /** update with the Poisson draw fused in (counts not written to pc). */
  step: StepFn;
  step_simd: StepFn;
  /** Delay queue (engine/wasm/queue.ts): queue one shard's events of the spikes src[0..nsrc); returns the events. */
  append(rp: number, syn: number, rr: number, runs: number, src: number, nsrc: number, base: number, slots: number, q: number, first: number): number;
  /** Adds the events of one slot to the inputs at `input` (i32) and empties it; returns the events. */
  drain(q: number, slot: number, input: number): number;
  /** Synapse generation (engine/wasm/generate.ts); returns 0, or 1 when a weight kept failing its sign. */
  generate(st: number, n: number, base: number, nSrc: number, size: number, mean: number, std: number, positive: number,
    inv: number, maxLevel: number, dmin: number, aBits: number, thr: number, alias: number, zigK: number, zigW: number,
    dBits: number, sd: number, tw: number): number;
  /** One stable radix pass of (key, word) pairs by (key >>> shift) & mask (engine/wasm/generate.ts). */
  radix_pass(sk: number, sw: number, dk: number, dw: number, n: number, shift: number, mask: number, cnt: number): void;
  /** Packs sorted synapses into event words, runs and row/run pointers (ShardState.pack); returns the runs. */
  pack(sk: number, sw: number, n: number, dBits: number, syn: number, runs: number, rp: number, rr: number, S: number): number;
}

/**
 * The few WebAssembly JS-API members used here, typed locally: the engine compiles without the DOM
 * library (where TypeScript declares WebAssembly), the tests with it.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  /** Adds pages; returns the old size in pages. Detaches the old buffer (views must be re-taken). */
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory;
}
const WA = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** The most 64 KiB pages a 32-bit memory can have (4 GiB). */
export const MAX_PAGES = 65536;

/**
 * A memory of `pages` 64 KiB pages that can grow to 4 GiB. Pages never written are not resident:
 * a generous initial size costs address space, not memory.
 */
export function growableMemory(pages: number): WasmMemory {
  if (WA === undefined) throw new Error('WebAssembly unavailable');
  return new WA.Memory({ initial: pages, maximum: MAX_PAGES });
}

export type WasmVariant = 'wasm-scalar' | 'wasm-simd';
export type KernelChoice = 'js' | WasmVariant;

let compiled: object | null | undefined;
let compileError = '';

function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The compiled module, or null where WebAssembly (with SIMD) is unavailable. */
export function kernelModule(): object | null {
  if (compiled === undefined) {
    try {
      if (WA === undefined) throw new Error('no WebAssembly in this runtime');
      compiled = new WA.Module(decodeBase64(KERNELS_WASM_BASE64));
    } catch (e) {
      compiled = null;
      compileError = (e as Error).message;
    }
  }
  return compiled;
}

/** The kernels over one memory. */
export function instantiateKernels(memory: WasmMemory): KernelExports {
  const mod = kernelModule();
  if (mod === null || WA === undefined) throw new Error(`WebAssembly kernels unavailable: ${compileError}`);
  // The generator's rare ziggurat slow path runs in JavaScript on the sfc32 state in memory.
  const rng = Object.create(Rng.prototype) as Rng;
  const zig_slow = (st: number, iz: number, hz: number): number => {
    const v = new Int32Array(memory.buffer, st, 4);
    rng.a = v[0];
    rng.b = v[1];
    rng.c = v[2];
    rng.d = v[3];
    const z = zigSlow(rng, iz, hz);
    v[0] = rng.a;
    v[1] = rng.b;
    v[2] = rng.c;
    v[3] = rng.d;
    return z;
  };
  const inst = new WA.Instance(mod, { env: { memory, zig_slow } });
  return inst.exports as unknown as KernelExports;
}

/**
 * The implementation to use, from MICROCIRCUIT_KERNELS (or `forced`). Auto picks WebAssembly SIMD,
 * the fastest measured (engine/wasm/bench.ts, 2-core EPYC, per thread): update + Poisson about 4x
 * the JavaScript loops (scalar WebAssembly about 2.6x), the update alone about 4.5x.
 */
export function chooseKernels(forced?: string): KernelChoice {
  const env = typeof process !== 'undefined' ? process.env.MICROCIRCUIT_KERNELS : undefined;
  const want = (forced ?? env ?? '').trim().toLowerCase();
  if (want === 'js') return 'js';
  if (want === '' || want === 'auto') return kernelModule() !== null ? 'wasm-simd' : 'js';
  const variant: WasmVariant | null = want === 'wasm' || want === 'wasm-simd' ? 'wasm-simd' : want === 'wasm-scalar' ? 'wasm-scalar' : null;
  if (variant === null) throw new Error(`MICROCIRCUIT_KERNELS=${want}: expected js, wasm, wasm-scalar or wasm-simd`);
  if (kernelModule() === null) throw new Error(`MICROCIRCUIT_KERNELS=${want}, but the WebAssembly kernels do not load: ${compileError}`);
  return variant;
}
