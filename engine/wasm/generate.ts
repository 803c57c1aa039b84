/**
 * Synapse construction in WebAssembly (kernels.wat generate, radix_pass, pack): the same draws and
 * the same rows as the JavaScript builder (engine/network/construct.ts JsSynapseBuilder), bit for
 * bit (test/engine/generate.test.ts), about twice as fast. It owns the construction scratch of one
 * thread — (key, word) pairs A and B for the radix sort — in a memory of its own, dropped with the
 * builder after the build.
 */
import type { SynapseBuilder } from '../network/construct.ts';
import type { BlockSpec } from '../network/generate.ts';
import type { Rows } from '../network/rows.ts';
import { type Rng, ZIG_K, ZIG_W } from '../rng/rng.ts';
import { growableMemory, instantiateKernels, type KernelExports, MAX_PAGES, type WasmMemory } from './module.ts';

const PAGE = 65536;
/**
 * Digit of the radix passes: the 24-bit keys of full scale in two passes. Measured at N = 0.5 on
 * 1 thread: 12-bit digits built in 9.5 s, 8-bit digits (three passes) in 10.5 s.
 */
const DIGIT_BITS = 12;
/** Layout: sfc32 state, ziggurat tables, alias table (at most 2^12 columns), then the scratch. */
const ST = 0;
const ZK = 16;
const ZW = ZK + 8 * 128;
const THR = ZW + 8 * 128;
const ALIAS = THR + 8 * 4096;
const COUNTS = ALIAS + 4 * 4096;
const SCRATCH = COUNTS + 4 * 4097;

export class WasmGenerator implements SynapseBuilder {
  private readonly memory: WasmMemory;
  private readonly k: KernelExports;
  private cap = 0;
  private sources = 0;
  sdA = new Uint32Array(0);
  sdB = new Uint32Array(0);
  twA = new Uint32Array(0);
  twB = new Uint32Array(0);

  constructor() {
    this.memory = growableMemory(Math.ceil(SCRATCH / PAGE) + 1);
    this.k = instantiateKernels(this.memory);
    this.views();
  }

  /**
   * Room for n synapses in each scratch array and row pointers of `sources` sources (grows the
   * memory; the arrays are then new views).
   */
  ensure(n: number, sources = 0): void {
    if (n <= this.cap && sources <= this.sources) return;
    const cap = Math.max(this.cap, Math.ceil(n * 1.1));
    this.sources = Math.max(this.sources, sources);
    const need = SCRATCH + 16 * cap + 8 * (this.sources + 1);
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
   * Sorts the pairs (sdA[i], twA[i]), i < n, by key (stable: LSD passes of at most `digit` bits
   * over the low `keyBits` bits). Returns true when the result is in sdB/twB, false when in sdA/twA.
   */
  sort(n: number, keyBits: number, digit = DIGIT_BITS): boolean {
    const passes = Math.max(1, Math.ceil(keyBits / digit));
    const bits = Math.ceil(keyBits / passes);
    const mask = 2 ** bits - 1;
    const c = this.cap;
    const a = [SCRATCH, SCRATCH + 8 * c];
    const b = [SCRATCH + 4 * c, SCRATCH + 12 * c];
    let inB = false;
    for (let p = 0; p < passes; p++) {
      const [sk, sw] = inB ? b : a;
      const [dk, dw] = inB ? a : b;
      this.k.radix_pass(sk, sw, dk, dw, n, p * bits, mask, COUNTS);
      inB = !inB;
    }
    return inB;
  }

  /**
   * packRows (engine/network/rows.ts) in WebAssembly, for the n sorted pairs (in sdB/twB when
   * `inB`): returns views (valid until the next ensure) of the row pointers, synapse words, run
   * pointers and runs.
   */
  pack(n: number, inB: boolean, dBits: number, numSources: number): Rows {
    if (numSources > this.sources) throw new RangeError('pack: row pointers too small (ensure first)');
    const c = this.cap;
    const [sk, sw] = inB ? [SCRATCH + 4 * c, SCRATCH + 12 * c] : [SCRATCH, SCRATCH + 8 * c];
    // Outputs in the other pair's room: words where its keys were, runs where its words were.
    const [syn, runs] = inB ? [SCRATCH, SCRATCH + 8 * c] : [SCRATCH + 4 * c, SCRATCH + 12 * c];
    const rp = SCRATCH + 16 * c;
    const rr = rp + 4 * (this.sources + 1);
    const numRuns = this.k.pack(sk, sw, n, dBits, syn, runs, rp, rr, numSources);
    const buf = this.memory.buffer;
    return {
      rowPtr: new Uint32Array(buf, rp, numSources + 1),
      syn: new Uint32Array(buf, syn, n),
      runPtr: new Uint32Array(buf, rr, numSources + 1),
      runs: new Uint32Array(buf, runs, numRuns),
    };
  }

  /** The rows of the first n generated synapses: sort, then pack (views valid until the next ensure). */
  rows(n: number, keyBits: number, dBits: number, numSources: number): Rows {
    return this.pack(n, this.sort(n, keyBits), dBits, numSources);
  }

  /** Drops the scratch views; the memory goes with the builder. */
  release(): void {
    this.sdA = this.sdB = this.twA = this.twB = new Uint32Array(0);
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
