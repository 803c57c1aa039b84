/**
 * Throughput of the WebAssembly kernels (kernels.wat) on the shard the JavaScript kernel bench uses
 * (./kernels.ts: N = 0.1, shard 0, L2/3E, 1034 neurons, Poisson mean 1.28 per step), for
 * `npm run bench`. Per thread, CPU time (process.cpuUsage), best of several repetitions after a
 * warm-up. The update does not touch synapses, so the shard is not built.
 *
 *   node test/bench/kernels-wasm.ts [--js]   prints the table (--js: the JavaScript kernel too, same run)
 */
import { makePlan, type NetworkPlan } from '../../engine/network/plan.ts';
import { composeParams } from '../../engine/params/merge.ts';
import { validateParams } from '../../engine/params/validate.ts';
import { Partition } from '../../engine/sim/partition.ts';
import type { WasmVariant } from '../../engine/wasm/module.ts';

/** A kernel's throughput (this file's and ./kernels.ts's). */
export interface KernelResult {
  kernel: string;
  impl: 'JavaScript' | 'WebAssembly' | 'WebAssembly SIMD';
  /** Millions of operations per second of CPU time (events, neuron updates, draws). */
  mPerS: number;
  note?: string;
}

function cpuMs(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000;
}

export function benchPlan(): NetworkPlan {
  return makePlan(validateParams(composeParams({ preset: 'full', sets: ['net.N_scaling=0.1'] })));
}

/** A partition of shard 0 of the plan alone, with the given kernels. */
export function shardPartition(plan: NetworkPlan, variant: WasmVariant | 'js', fusedPoisson = true): Partition {
  return new Partition({ ...plan, threadShards: [[0, 1]] }, 0, { kernels: variant, fusedPoisson });
}

/**
 * `steps` updates of the shard per call. Without Poisson input nothing drives the neurons: V decays
 * by P22 = 0.99 per step and reaches subnormal doubles after ~70,000 steps, where every multiply
 * costs ~100 cycles in JavaScript and WebAssembly alike. So the update alone restarts from the
 * shard's initial state at every call (a 20 kB copy, counted).
 */
export function updateRunner(part: Partition, poisson: boolean, steps = 400): () => void {
  const shard = part.shards[0];
  const out = new Uint32Array(part.plan.numNeurons);
  const { V_m, i_syn, r_ref } = shard.state;
  const v0 = Float64Array.from(V_m);
  const i0 = Float64Array.from(i_syn);
  const r0 = Int32Array.from(r_ref);
  return () => {
    if (!poisson) {
      shard.state.V_m.set(v0);
      shard.state.i_syn.set(i0);
      shard.state.r_ref.set(r0);
    }
    for (let i = 0; i < steps; i++) part.updateShard(shard, 0, poisson, out, 0);
  };
}

interface Case {
  kernel: string;
  impl: KernelResult['impl'];
  note?: string;
  ops: number;
  fn: () => void;
  bestMs: number;
}

/**
 * Every case warmed up (800 ms each: V8 tiers up after ~0.5 s), then `rounds` rounds measuring each
 * case once in turn; the best CPU time per case counts. Interleaving spreads the load of a shared
 * machine evenly over the cases.
 */
function measure(cases: Case[], rounds: number, warmMs = 800): void {
  for (const c of cases) {
    const until = performance.now() + warmMs;
    while (performance.now() < until) c.fn();
  }
  for (let r = 0; r < rounds; r++) for (const c of cases) c.bestMs = Math.min(c.bestMs, cpuMs(c.fn));
}

export async function runWasmKernelBench(withJs = false, rounds = 40): Promise<KernelResult[]> {
  const plan = benchPlan();
  const steps = 100;
  const ops = steps * plan.shards[0].size;
  const mean = `mean ${plan.poissonMean[plan.shards[0].pop].toFixed(2)} per step`;
  const impls: { v: WasmVariant | 'js'; impl: KernelResult['impl'] }[] = [
    ...(withJs ? [{ v: 'js' as const, impl: 'JavaScript' as const }] : []),
    { v: 'wasm-scalar', impl: 'WebAssembly' },
    { v: 'wasm-simd', impl: 'WebAssembly SIMD' },
  ];
  const cases: Case[] = [];
  const add = (kernel: string, impl: Case['impl'], fn: () => void, note?: string) => cases.push({ kernel, impl, note, ops, fn, bestMs: Infinity });
  for (const { v, impl } of impls) {
    add('iaf_psc_exp update (float64 state)', impl, updateRunner(shardPartition(plan, v), false, steps), 'from the initial state each call (no subnormals)');
  }
  for (const { v, impl } of impls) {
    add('update + Poisson input (mean 0.128..2.3)', impl, updateRunner(shardPartition(plan, v), true, steps),
      v === 'js' ? mean : `${mean}; draw fused into the update (used)`);
    if (v !== 'js') {
      add('update + Poisson input (mean 0.128..2.3)', impl, updateRunner(shardPartition(plan, v, false), true, steps),
        `${mean}; separate draw loop, then update`);
    }
  }
  measure(cases, rounds);
  return cases.map((c) => ({ kernel: c.kernel, impl: c.impl, mPerS: c.ops / (c.bestMs * 1000), ...(c.note ? { note: c.note } : {}) }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = process.cpuUsage();
  const w0 = performance.now();
  const res = await runWasmKernelBench(process.argv.includes('--js'));
  for (const r of res) console.log(`${r.kernel.padEnd(42)} ${r.impl.padEnd(17)} ${r.mPerS.toFixed(1).padStart(7)} M/s  ${r.note ?? ''}`);
  const cpu = process.cpuUsage(t0);
  console.log(`cpu/wall ${((cpu.user + cpu.system) / 1000 / (performance.now() - w0)).toFixed(2)}`);
}
