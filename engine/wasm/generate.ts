/**
 * Synapse generation in WebAssembly (kernels.wat `generate`): the same draws and the same synapses
 * as generateBlock (engine/build/generate.ts), bit for bit (test/engine/generate.test.ts), about
 * twice as fast. It owns the construction scratch of one thread — (key, word) pairs A and B for
 * the radix sort — in a memory of its own, dropped after the build.
 */
import type { BlockSpec } from '../build/generate.ts';
import { type Rng, ZIG_K, ZIG_W } from '../rng/rng.ts';
import { growableMemory, instantiateKernels, type KernelExports, MAX_PAGES, type WasmMemory } from './kernels.ts';

const PAGE = 65536;
/** Layout: sfc32 state, ziggurat tables, alias table (at most 2^12 columns), then the scratch. */
const ST = 0;
const ZK = 16;
const ZW = ZK + 8 * 128;
const THR = ZW + 8 * 128;
const ALIAS = THR + 8 * 4096;
const SCRATCH = ALIAS + 4 * 4096;

export class WasmGenerator {
  private readonly memory: WasmMemory;
  private readonly k: KernelExports;
  private cap = 0;
  sdA = new Uint32Array(0);
  sdB = new Uint32Array(0);
  twA = new Uint32Array(0);
  twB = new Uint32Array(0);

  constructor() {
    this.memory = growableMemory(Math.ceil(SCRATCH / PAGE) + 1);
    this.k = instantiateKernels(this.memory);
    this.views();
  }

  /** Room for n synapses in each scratch array (grows the memory; the arrays are then new views). */
  ensure(n: number): void {
    if (n <= this.cap) return;
    const cap = Math.ceil(n * 1.1);
    const need = SCRATCH + 16 * cap;
    const pages = Math.ceil(need / PAGE);
    const have = this.memory.buffer.byteLength / PAGE;
    if (pages > MAX_PAGES) throw new RangeError(`construction scratch of ${need} bytes exceeds a 32-bit WebAssembly memory`);
    if (pages > have) this.memory.grow(pages - have);
    this.cap = cap;
    this.views();
  }

  private views(): void {
    const buf = this.memory.buffer;
    new Float64Array(buf, ZK, 128).set(ZIG_K);
    new Float64Array(buf, ZW, 128).set(ZIG_W);
    const c = this.cap;
    this.sdA = new Uint32Array(buf, SCRATCH, c);
    this.sdB = new Uint32Array(buf, SCRATCH + 4 * c, c);
    this.twA = new Uint32Array(buf, SCRATCH + 8 * c, c);
    this.twB = new Uint32Array(buf, SCRATCH + 12 * c, c);
  }

  /**
   * generateBlock(rng, spec, sdA, twA, pos) in WebAssembly; `dBits` is log2(spec.dMul). Leaves
   * `rng` in the state after the last draw; returns the new position.
   */
  generate(rng: Rng, spec: BlockSpec, dBits: number, pos: number): number {
    if (pos + spec.n > this.cap) throw new RangeError('generate: scratch too small (ensure first)');
    if (2 ** dBits !== spec.dMul) throw new RangeError(`generate: dMul ${spec.dMul} is not 2^${dBits}`);
    const buf = this.memory.buffer;
    const st = new Int32Array(buf, ST, 4);
    st[0] = rng.a;
    st[1] = rng.b;
    st[2] = rng.c;
    st[3] = rng.d;
    const al = spec.alias;
    const cols = 1 << al.bits;
    new Float64Array(buf, THR, cols).set(al.threshold);
    new Int32Array(buf, ALIAS, cols).set(al.alias.subarray(0, cols));
    const fail = this.k.generate(ST, spec.n, spec.base, spec.nSrc, spec.size, spec.mean, spec.std, spec.positive ? 1 : 0,
      spec.inv, spec.maxLevel, spec.dmin, al.bits, THR, ALIAS, ZK, ZW, dBits, SCRATCH + 4 * pos, SCRATCH + 8 * this.cap + 4 * pos);
    const st2 = new Int32Array(this.memory.buffer, ST, 4);
    rng.a = st2[0];
    rng.b = st2[1];
    rng.c = st2[2];
    rng.d = st2[3];
    if (fail !== 0) throw new Error(`weight redraw failed after 1000 draws (mean ${spec.mean} pA, std ${spec.std} pA), as NEST would`);
    return pos + spec.n;
  }
}
