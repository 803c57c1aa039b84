/**
 * The WebAssembly kernels (engine/wasm): reproducible from source, and bit-identical to the
 * JavaScript update and Poisson draw — on a real network for thousands of steps (V, I, refr, queued
 * events, spikes and the random streams), and on chosen words of every guide bucket.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePlan, type NetworkPlan } from '../../../engine/build/plan.ts';
import { composeParams } from '../../../engine/params/merge.ts';
import { validateParams } from '../../../engine/params/validate.ts';
import { PoissonTable, Purpose, Rng } from '../../../engine/rng/rng.ts';
import { Partition } from '../../../engine/sim/partition.ts';
import { ShardState, sourcePopulations } from '../../../engine/sim/shard.ts';
import { arenaForShards, KernelArena, shardArenaBytes, WasmShard } from '../../../engine/wasm/arena.ts';
import { assemble, WASM_PATH, WASM_TS_PATH, wasmModuleSource } from '../../../engine/wasm/build.ts';
import { chooseKernels, type WasmVariant } from '../../../engine/wasm/kernels.ts';

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
  shards: ShardState[];
}

/** Shard states of the whole plan: JavaScript, or in one arena with the given kernel. */
function makeShards(plan: NetworkPlan, variant: WasmVariant | 'js', fused = true): ShardState[] {
  const popOf = sourcePopulations(plan);
  const arena = variant === 'js' ? undefined : arenaForShards(plan, plan.shards, variant, fused);
  const shards = plan.shards.map((sh) => new ShardState(plan, sh, popOf, arena));
  if (arena) expect(arena.used).toBeLessThanOrEqual(arena.bytes);
  return shards;
}

const rngOf = (s: ShardState) => {
  const p = s as unknown as { pa: number; pb: number; pc: number; pd: number; wasm: WasmShard | null };
  return p.wasm ? Array.from(p.wasm.rngState) : [p.pa, p.pb, p.pc, p.pd];
};

describe('WebAssembly kernels against the JavaScript kernel', () => {
  let plan: NetworkPlan;
  let variants: Variant[];

  beforeAll(() => {
    plan = makePlan(validateParams(composeParams({ preset: 'full', sets: ['net.N_scaling=0.05', 'sim.local_num_threads=1'] })));
    expect(Math.min(...plan.poissonMean)).toBeGreaterThan(1);
    variants = [
      { name: 'js', shards: makeShards(plan, 'js') },
      { name: 'wasm-scalar fused', shards: makeShards(plan, 'wasm-scalar', true) },
      { name: 'wasm-scalar separate', shards: makeShards(plan, 'wasm-scalar', false) },
      { name: 'wasm-simd fused', shards: makeShards(plan, 'wasm-simd', true) },
      { name: 'wasm-simd separate', shards: makeShards(plan, 'wasm-simd', false) },
      { name: 'Partition (default kernels)', shards: new Partition(plan, 0).shards },
    ];
    // Build once; every variant gets the same synapses.
    const ref = variants[0].shards;
    for (const s of ref) s.build(plan);
    for (const v of variants.slice(1)) v.shards.forEach((s, i) => s.copySynapsesFrom(ref[i]));
  }, 60_000);

  it('the shards cover every tail of the 2- and 4-neuron SIMD loops', () => {
    const tails = new Set(plan.shards.map((s) => s.size % 4));
    expect([...tails].sort()).toEqual([0, 1, 2, 3]);
    if (!process.env.MICROCIRCUIT_KERNELS) expect(new Partition(plan, 0).kernels).toBe('wasm-simd');
    expect(new Partition(plan, 0, 'js').kernels).toBe('js');
  });

  it('gives bit-identical V, I, refr, queued events, spikes and random streams for 3000 steps', () => {
    const { P22, P21, P20, P11 } = plan.prop;
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
        const shards = variants[vi].shards;
        for (const s of shards) s.deliver(st.prev, 0, st.nPrev, k);
        // Shards of a partition share its queue, which the partition drains before the updates.
        if (!shards[0].ownsQueue) shards[0].queue.drain(k);
        for (const s of shards) {
          const ie = plan.iePa[s.shard.pop] + (kick && s.shard.pop < 4 ? 600 : 0);
          pos = s.update(k, P22, P21, P20, P11, ie, plan.vThRel, plan.vResetRel, plan.refractorySteps, poissonOn, st.cur, pos);
        }
        // Stand-alone shards of one arena: another shard's queue may have grown the memory.
        for (const s of shards) s.sync();
        const t = st.prev;
        st.prev = st.cur;
        st.cur = t;
        st.nPrev = pos;
      }
      const ref = variants[0];
      const refSpikes = state[0].prev.subarray(0, state[0].nPrev);
      spikes += refSpikes.length;
      for (let vi = 1; vi < variants.length; vi++) {
        const v = variants[vi];
        const where = `${v.name}, step ${k}`;
        expect(bytesOf(state[vi].prev.subarray(0, state[vi].nPrev)).equals(bytesOf(refSpikes)), `spikes, ${where}`).toBe(true);
        for (let si = 0; si < ref.shards.length; si++) {
          const a = ref.shards[si];
          const b = v.shards[si];
          if (!bytesOf(a.V).equals(bytesOf(b.V)) || !bytesOf(a.I).equals(bytesOf(b.I)) || !bytesOf(a.refr).equals(bytesOf(b.refr))) {
            expect.fail(`V, I or refr differ: ${where}, shard ${si}`);
          }
          if (k % 100 === 99 && JSON.stringify(a.queue.snapshot(a.inBase, a.size)) !== JSON.stringify(b.queue.snapshot(b.inBase, b.size))) {
            expect.fail(`queued events differ: ${where}, shard ${si}`);
          }
        }
      }
      for (const s of ref.shards) for (let n = 0; n < s.size; n++) if (s.refr[n] > 0) refractorySteps++;
    }
    expect(spikes).toBeGreaterThan(4000);
    expect(refractorySteps).toBeGreaterThan(50_000);
    for (const v of variants.slice(1)) {
      v.shards.forEach((s, i) => expect(rngOf(s), `${v.name} stream of shard ${i}`).toEqual(rngOf(variants[0].shards[i])));
    }
    // The state is alive (no NaN, nothing stuck at zero).
    expect(variants[0].shards.every((s) => s.V.every(Number.isFinite))).toBe(true);
  }, 120_000);
});

describe('Poisson table inversion in WebAssembly', () => {
  /** One count for the word w: sfc32 outputs a + b + d, so state (w, 0, c, 0) yields w next. */
  function wasmCount(ws: WasmShard, w: number): number {
    ws.rngState.set([w | 0, 0, 12345, 0]);
    ws.k.poisson(ws.pcnt.byteOffset, 1, ws.cdf.byteOffset, ws.guide.byteOffset, ws.rngState.byteOffset);
    return ws.pcnt[0];
  }

  it('gives PoissonTable.sample for the edges of every guide bucket and around every cdf boundary', () => {
    for (const lambda of [0.128, 1.28, 2.32, 7.5, 40]) {
      const table = new PoissonTable(lambda);
      const arena = new KernelArena(1 << 16, 1, 'wasm-scalar');
      const ws = new WasmShard(arena, 1, 1, table, { a: 0, b: 0, c: 0, d: 0 });
      const words = new Set<number>([0, 2 ** 32 - 1]);
      for (let g = 0; g < 1024; g++) for (const w of [g * 2 ** 22, g * 2 ** 22 + 1, (g + 1) * 2 ** 22 - 1]) words.add(w);
      for (const c of table.cdf) {
        if (!Number.isFinite(c)) continue;
        for (const w of [Math.floor(c) - 1, Math.floor(c), Math.ceil(c), Math.ceil(c) + 1]) if (w >= 0 && w < 2 ** 32) words.add(w);
      }
      for (const w of words) {
        const js = table.sample(w);
        if (wasmCount(ws, w) !== (js & 255)) expect.fail(`lambda ${lambda}, word ${w}: wasm ${wasmCount(ws, w)}, JavaScript ${js}`);
      }
    }
  });

  it('draws the same counts as Rng.nextU32 + PoissonTable.sample over 2^20 draws', () => {
    for (const lambda of [0.128, 2.32, 12]) {
      const table = new PoissonTable(lambda);
      const n = 1 << 20;
      const arena = new KernelArena(shardArenaBytes(n, 1, table.cdf.length, table.guide.length), 1, 'wasm-scalar');
      const rng = new Rng(7, Purpose.Poisson, 3, 0);
      const ws = new WasmShard(arena, n, 1, table, rng);
      ws.k.poisson(ws.pcnt.byteOffset, n, ws.cdf.byteOffset, ws.guide.byteOffset, ws.rngState.byteOffset);
      const js = new Uint8Array(n);
      for (let i = 0; i < n; i++) js[i] = table.sample(rng.nextU32());
      expect(Buffer.from(js).equals(bytesOf(ws.pcnt)), `lambda ${lambda}`).toBe(true);
      expect(Array.from(ws.rngState)).toEqual([rng.a, rng.b, rng.c, rng.d]);
    }
  });
});

describe('kernel arena', () => {
  it('holds the shard state as views of one memory that never grows', () => {
    const plan = makePlan(validateParams(composeParams({ sets: ['net.N_scaling=0.02', 'sim.local_num_threads=2'] })));
    for (const t of [0, 1]) {
      const part = new Partition(plan, t, 'wasm');
      const buf = part.shards[0].V.buffer;
      expect(buf.byteLength % 65536).toBe(0);
      for (const s of part.shards) for (const a of [s.V, s.I, s.refr, s.input]) expect(a.buffer).toBe(buf);
      // JavaScript writes through the views land where the kernel reads.
      part.shards[0].input[0] = 3;
      const out = new Uint32Array(plan.numNeurons);
      part.update(0, out, 0);
      expect(part.shards[0].I[0]).toBe(3 * part.shards[0].inScale);
      expect(part.shards[0].input[0]).toBe(0);
      expect(buf.byteLength).toBe(part.shards[0].V.buffer.byteLength);
    }
    expect(new Partition(plan, 0, 'js').shards[0].V.buffer.byteLength).toBe(8 * plan.shards[0].size);
  });
});
