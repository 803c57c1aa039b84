/**
 * The WebAssembly kernels (engine/wasm): reproducible from source, and bit-identical to the
 * JavaScript update and Poisson draw — on a real network for thousands of steps (V, I, refr, queued
 * events, spikes and the random streams), and on chosen words of every guide bucket.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePlan, type NetworkPlan } from '../../../engine/network/plan.ts';
import { composeParams } from '../../../engine/params/merge.ts';
import { validateParams } from '../../../engine/params/validate.ts';
import { PoissonTable, Purpose, Rng } from '../../../engine/rng/rng.ts';
import { chooseKernels } from '../../../engine/sim/kernels.ts';
import { WasmKernels } from '../../../engine/sim/kernels-wasm.ts';
import { Partition, type PartitionOptions } from '../../../engine/sim/partition.ts';
import type { ShardState } from '../../../engine/sim/shard.ts';
import { KernelArena } from '../../../engine/wasm/arena.ts';
import { assemble, WASM_PATH, WASM_TS_PATH, wasmModuleSource } from '../../../engine/wasm/build.ts';
import { type ArenaPoisson, placePoisson, poissonArenaBytes } from '../../../engine/wasm/poisson.ts';

const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('kernels.wasm', () => {
  it('is what kernels.wat assembles to, byte for byte (and kernels-wasm.ts embeds the same bytes)', async () => {
    const built = await assemble();
    expect(Buffer.from(built).equals(readFileSync(WASM_PATH)), 'run node engine/wasm/build.ts').toBe(true);
    expect(readFileSync(WASM_TS_PATH, 'utf8')).toBe(wasmModuleSource(built));
  });

  it('is chosen by default, and MICROCIRCUIT_KERNELS / the argument can force either', () => {
    if (!process.env.MICROCIRCUIT_KERNELS) expect(chooseKernels()).toBe('wasm-simd');
    expect(chooseKernels('js')).toBe('js');
    expect(chooseKernels('wasm')).toBe('wasm-simd');
    expect(chooseKernels('wasm-scalar')).toBe('wasm-scalar');
    expect(chooseKernels('auto')).toBe('wasm-simd');
    expect(() => chooseKernels('fortran')).toThrow(/expected js, wasm/);
  });
});

interface Variant {
  name: string;
  part: Partition;
}

/** A partition of the whole plan with the given kernels (and, for WebAssembly, its arena in bounds). */
function makeVariant(name: string, plan: NetworkPlan, opts?: PartitionOptions): Variant {
  const part = new Partition(plan, 0, opts);
  if (part.kernels instanceof WasmKernels) expect(part.kernels.arena.used).toBeLessThanOrEqual(part.kernels.arena.bytes);
  return { name, part };
}

const rngOf = (s: ShardState) => Array.from(s.rng);

describe('WebAssembly kernels against the JavaScript kernel', () => {
  let plan: NetworkPlan;
  let variants: Variant[];

  beforeAll(() => {
    plan = makePlan(validateParams(composeParams({ preset: 'full', sets: ['net.N_scaling=0.05', 'sim.local_num_threads=1'] })));
    expect(Math.min(...plan.poissonMean)).toBeGreaterThan(1);
    variants = [
      makeVariant('js', plan, { kernels: 'js' }),
      makeVariant('wasm-scalar fused', plan, { kernels: 'wasm-scalar', fusedPoisson: true }),
      makeVariant('wasm-scalar separate', plan, { kernels: 'wasm-scalar', fusedPoisson: false }),
      makeVariant('wasm-simd fused', plan, { kernels: 'wasm-simd', fusedPoisson: true }),
      makeVariant('wasm-simd separate', plan, { kernels: 'wasm-simd', fusedPoisson: false }),
      makeVariant('Partition (default kernels)', plan),
    ];
    // Build once; every variant gets the same synapses.
    const ref = variants[0].part;
    ref.build();
    for (const v of variants.slice(1)) v.part.shards.forEach((s, i) => v.part.kernels.storeRows(s, ref.shards[i]));
  }, 60_000);

  it('the shards cover every tail of the 2- and 4-neuron SIMD loops', () => {
    const tails = new Set(plan.shards.map((s) => s.size % 4));
    expect([...tails].sort()).toEqual([0, 1, 2, 3]);
    if (!process.env.MICROCIRCUIT_KERNELS) expect(new Partition(plan, 0).kernels.choice).toBe('wasm-simd');
    expect(new Partition(plan, 0, { kernels: 'js' }).kernels.choice).toBe('js');
  });

  it('gives bit-identical V, I, refr, queued events, spikes and random streams for 3000 steps', () => {
    const N = plan.numNeurons;
    const state = variants.map(() => ({ prev: new Uint32Array(N), cur: new Uint32Array(N), nPrev: 0 }));
    let spikes = 0;
    let refractorySteps = 0;
    const steps = 3000;
    for (let k = 0; k < steps; k++) {
      // Poisson from its start step, off for a while (the zero-count path), a strong current into
      // layers 2/3 and 4 for 30 ms (many spikes, many refractory neurons, both lanes of a pair).
      const poissonOn = k >= plan.poissonStartStep && (k < 1200 || k >= 1300);
      const kick = k >= 1500 && k < 1800;
      for (let vi = 0; vi < variants.length; vi++) {
        const st = state[vi];
        let pos = 0;
        const part = variants[vi].part;
        part.deliver(st.prev, 0, st.nPrev, k);
        part.queue.drain(k);
        for (const s of part.shards) {
          const ie = plan.iePa[s.shard.pop] + (kick && s.shard.pop < 4 ? 600 : 0);
          pos = part.updateShard(s, ie, poissonOn, st.cur, pos);
        }
        part.kernels.sync();
        const t = st.prev;
        st.prev = st.cur;
        st.cur = t;
        st.nPrev = pos;
      }
      const ref = variants[0].part;
      const refSpikes = state[0].prev.subarray(0, state[0].nPrev);
      spikes += refSpikes.length;
      for (let vi = 1; vi < variants.length; vi++) {
        const v = variants[vi];
        const where = `${v.name}, step ${k}`;
        expect(bytesOf(state[vi].prev.subarray(0, state[vi].nPrev)).equals(bytesOf(refSpikes)), `spikes, ${where}`).toBe(true);
        for (let si = 0; si < ref.shards.length; si++) {
          const a = ref.shards[si];
          const b = v.part.shards[si];
          if (!bytesOf(a.state.V_m).equals(bytesOf(b.state.V_m)) || !bytesOf(a.state.i_syn).equals(bytesOf(b.state.i_syn)) || !bytesOf(a.state.r_ref).equals(bytesOf(b.state.r_ref))) {
            expect.fail(`V, I or refr differ: ${where}, shard ${si}`);
          }
          if (k % 100 === 99 && JSON.stringify(ref.queue.snapshot(a.inBase, a.size)) !== JSON.stringify(v.part.queue.snapshot(b.inBase, b.size))) {
            expect.fail(`queued events differ: ${where}, shard ${si}`);
          }
        }
      }
      for (const s of ref.shards) for (let n = 0; n < s.size; n++) if (s.state.r_ref[n] > 0) refractorySteps++;
    }
    expect(spikes).toBeGreaterThan(4000);
    expect(refractorySteps).toBeGreaterThan(50_000);
    for (const v of variants.slice(1)) {
      v.part.shards.forEach((s, i) => expect(rngOf(s), `${v.name} stream of shard ${i}`).toEqual(rngOf(variants[0].part.shards[i])));
    }
    // The state is alive (no NaN, nothing stuck at zero).
    expect(variants[0].part.shards.every((s) => s.state.V_m.every(Number.isFinite))).toBe(true);
  }, 120_000);
});

describe('Poisson table inversion in WebAssembly', () => {
  /** One count for the word w: sfc32 outputs a + b + d, so state (w, 0, c, 0) yields w next. */
  function wasmCount(arena: KernelArena, p: ArenaPoisson, pc: number, w: number): number {
    new Int32Array(arena.memory.buffer, p.st, 4).set([w | 0, 0, 12345, 0]);
    arena.exports.poisson(pc, 1, p.cdf, p.guide, p.st);
    return new Uint8Array(arena.memory.buffer, pc, 1)[0];
  }

  it('gives PoissonTable.sample for the edges of every guide bucket and around every cdf boundary', () => {
    for (const lambda of [0.128, 1.28, 2.32, 7.5, 40]) {
      const table = new PoissonTable(lambda);
      const arena = new KernelArena(1 << 16);
      const p = placePoisson(arena, table, { a: 0, b: 0, c: 0, d: 0 });
      const pc = arena.alloc(1);
      const words = new Set<number>([0, 2 ** 32 - 1]);
      for (let g = 0; g < 1024; g++) for (const w of [g * 2 ** 22, g * 2 ** 22 + 1, (g + 1) * 2 ** 22 - 1]) words.add(w);
      for (const c of table.cdf) {
        if (!Number.isFinite(c)) continue;
        for (const w of [Math.floor(c) - 1, Math.floor(c), Math.ceil(c), Math.ceil(c) + 1]) if (w >= 0 && w < 2 ** 32) words.add(w);
      }
      for (const w of words) {
        const js = table.sample(w);
        if (wasmCount(arena, p, pc, w) !== (js & 255)) expect.fail(`lambda ${lambda}, word ${w}: wasm ${wasmCount(arena, p, pc, w)}, JavaScript ${js}`);
      }
    }
  });

  it('draws the same counts as Rng.nextU32 + PoissonTable.sample over 2^20 draws', () => {
    for (const lambda of [0.128, 2.32, 12]) {
      const table = new PoissonTable(lambda);
      const n = 1 << 20;
      const arena = new KernelArena(poissonArenaBytes(table) + n);
      const rng = new Rng(7, Purpose.Poisson, 3, 0);
      const p = placePoisson(arena, table, rng);
      const pc = arena.alloc(n);
      arena.exports.poisson(pc, n, p.cdf, p.guide, p.st);
      const js = new Uint8Array(n);
      for (let i = 0; i < n; i++) js[i] = table.sample(rng.nextU32());
      expect(Buffer.from(js).equals(bytesOf(new Uint8Array(arena.memory.buffer, pc, n))), `lambda ${lambda}`).toBe(true);
      expect(Array.from(new Int32Array(arena.memory.buffer, p.st, 4))).toEqual([rng.a, rng.b, rng.c, rng.d]);
    }
  });
});

describe('kernel arena', () => {
  it('holds the shard state as views of one memory that never grows', () => {
    const plan = makePlan(validateParams(composeParams({ sets: ['net.N_scaling=0.02', 'sim.local_num_threads=2'] })));
    for (const t of [0, 1]) {
      const part = new Partition(plan, t, { kernels: 'wasm' });
      const buf = part.shards[0].state.V_m.buffer;
      expect(buf.byteLength % 65536).toBe(0);
      for (const s of part.shards) for (const a of [s.state.V_m, s.state.i_syn, s.state.r_ref, s.input]) expect(a.buffer).toBe(buf);
      // JavaScript writes through the views land where the kernel reads.
      part.shards[0].input[0] = 3;
      const out = new Uint32Array(plan.numNeurons);
      part.update(0, out, 0);
      expect(part.shards[0].state.i_syn[0]).toBe(3 * part.shards[0].inScale);
      expect(part.shards[0].input[0]).toBe(0);
      expect(buf.byteLength).toBe(part.shards[0].state.V_m.buffer.byteLength);
    }
    expect(new Partition(plan, 0, { kernels: 'js' }).shards[0].state.V_m.buffer.byteLength).toBe(8 * plan.shards[0].size);
  });
});
