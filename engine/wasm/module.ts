/**
 * The WebAssembly kernels (kernels.wat, embedded as base64 by build.ts): the module, compiled once
 * per thread, and its instances, one per memory — a partition's arena (arena.ts) or the
 * construction scratch (generate.ts). engine/sim/kernels-wasm.ts calls them; engine/sim/kernels.ts
 * chooses between them and the JavaScript kernels.
 */
import { Rng, zigSlow } from '../rng/rng.ts';
import { KERNELS_WASM_BASE64 } from './kernels-wasm.ts';

/**
 * The exported functions. Pointers are i32 byte offsets into the memory; the f64 constants of an
 * update are iaf_psc_exp's StepConstants (engine/models/iaf-psc-exp.ts), passed one by one because
 * that is how a WebAssembly function takes them. Returns the number of spikes written to out.
 */
type UpdateFn = (V_m: number, i_syn: number, r_ref: number, pcnt: number, input: number, n: number,
  P22: number, P21: number, ieTerm: number, P11: number, wExt: number, inScale: number, Theta: number, V_reset: number,
  RefractoryCounts: number, out: number, start: number) => number;
type StepFn = (V_m: number, i_syn: number, r_ref: number, pcnt: number, input: number, n: number,
  P22: number, P21: number, ieTerm: number, P11: number, wExt: number, inScale: number, Theta: number, V_reset: number,
  RefractoryCounts: number, out: number, start: number, cdf: number, guide: number, st: number) => number;

export interface KernelExports {
  /** Poisson counts into pc[0..n) from the sfc32 state at st (4 x i32), table cdf/guide. */
  poisson(pc: number, n: number, cdf: number, guide: number, st: number): void;
  update: UpdateFn;
  update_simd: UpdateFn;
  /** update with the Poisson draw fused in (counts not written to pc). */
  step: StepFn;
  step_simd: StepFn;
  /** Delay queue (./queue.ts): queue one shard's events of the spikes src[0..nsrc); returns the events. */
  append(rp: number, syn: number, rr: number, runs: number, src: number, nsrc: number, base: number, slots: number, q: number, first: number): number;
  /** Adds the events of one slot to the inputs at `input` (i32) and empties it; returns the events. */
  drain(q: number, slot: number, input: number): number;
  /** Synapse generation (./generate.ts); returns 0, or 1 when a weight kept failing its sign. */
  generate(st: number, n: number, base: number, nSrc: number, size: number, mean: number, std: number, positive: number,
    inv: number, maxLevel: number, dmin: number, aBits: number, thr: number, alias: number, zigK: number, zigW: number,
    dBits: number, sd: number, tw: number): number;
  /** One stable radix pass of (key, word) pairs by (key >>> shift) & mask (./generate.ts). */
  radix_pass(sk: number, sw: number, dk: number, dw: number, n: number, shift: number, mask: number, cnt: number): void;
  /** Packs sorted synapses into synapse words, runs and row/run pointers (packRows, engine/network/rows.ts); returns the runs. */
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

/** The update kernels: scalar, or two neurons per f64x2 (update_simd, step_simd). */
export type WasmVariant = 'wasm-scalar' | 'wasm-simd';

let compiled: object | null | undefined;
let compileError = '';

function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Why the kernels cannot be used here (no WebAssembly, or no SIMD), or null when they can. */
export function kernelsUnavailable(): string | null {
  return kernelModule() === null ? compileError : null;
}

/** The compiled module, or null where WebAssembly (with SIMD) is unavailable. */
function kernelModule(): object | null {
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
