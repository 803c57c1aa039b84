/**
 * Per-kernel throughput of the engine's hot loops, measured on the engine's own code (JavaScript)
 * and on the WebAssembly kernels when they are built (engine/wasm). Per thread, steady state.
 */
import { makePlan } from '../../engine/network/plan.ts';
import { JsSynapseBuilder, buildShardRows } from '../../engine/network/construct.ts';
import { composeParams } from '../../engine/params/merge.ts';
import { validateParams } from '../../engine/params/validate.ts';
import { PoissonTable, Rng } from '../../engine/rng/rng.ts';
import { rowEvents } from '../../engine/sim/deliver.ts';
import type { Partition } from '../../engine/sim/partition.ts';
import { WasmGenerator } from '../../engine/wasm/generate.ts';
import { runWasmKernelBench, shardPartition, type KernelResult } from './kernels-wasm.ts';

export type { KernelResult };

function cpuMs(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  return process.cpuUsage(c0).user / 1000;
}

/** Best of several repetitions after a warm-up (V8 tiers up after ~0.5 s). */
function bench(ops: number, fn: () => void, reps = 5): number {
  const warmUntil = performance.now() + 800;
  while (performance.now() < warmUntil) fn();
  let best = Infinity;
  for (let r = 0; r < reps; r++) best = Math.min(best, cpuMs(fn));
  return ops / (best * 1000);
}

export async function runKernelBench(): Promise<KernelResult[]> {
  const out: KernelResult[] = [];
  // A full-in-degree shard (N = 0.1, K = 1): rows as long as at full scale.
  const plan = makePlan(validateParams(composeParams({ preset: 'full', sets: ['net.N_scaling=0.1'] })));
  const part = shardPartition(plan, 'js');
  part.build();
  const shard = part.shards[0];
  const spikesOut = new Uint32Array(plan.numNeurons);
  const steps = 200;
  const upd = (poisson: boolean) => () => {
    for (let i = 0; i < steps; i++) part.updateShard(shard, 0, poisson, spikesOut, 0);
  };
  out.push({ kernel: 'iaf_psc_exp update (float64 state)', impl: 'JavaScript', mPerS: bench(steps * shard.size, upd(false)) });
  out.push({ kernel: 'update + Poisson input (mean 0.128..2.3)', impl: 'JavaScript', mPerS: bench(steps * shard.size, upd(true)), note: `mean ${plan.poissonMean[shard.shard.pop].toFixed(2)} per step` });

  // Delivery: random presynaptic neurons of the whole network into this shard — their rows appended
  // to the delay queue (rows sorted by delay), and each step's slot drained into the inputs. The
  // same synapses for both implementations (JavaScript queue and loops; WebAssembly queue in the
  // kernel arena with the append and drain kernels).
  const rng = new Rng(1, 123);
  const src = new Uint32Array(4096);
  for (let i = 0; i < src.length; i++) src[i] = rng.uniformInt(plan.numNeurons);
  const events = rowEvents(shard, src, 0, src.length);
  const deliveries: [Partition, KernelResult['impl']][] = [[part, 'JavaScript']];
  try {
    const wasm = shardPartition(plan, 'wasm-scalar');
    wasm.kernels.storeRows(wasm.shards[0], shard);
    deliveries.push([wasm, 'WebAssembly']);
  } catch {
    // WebAssembly unavailable: JavaScript only
  }
  for (const [p, impl] of deliveries) {
    let stamp = 1;
    out.push({
      kernel: 'spike delivery: append to delay queue + drain',
      impl,
      mPerS: bench(events, () => {
        for (let i = 0; i < src.length; i += 32) {
          p.deliver(src, i, i + 32, stamp);
          p.queue.drain(stamp - 1);
          stamp++;
        }
      }),
      note: `${(events / src.length).toFixed(0)} synapses per spike into one shard of ${shard.size}`,
    });
  }

  // Construction of one shard (generation, radix sort, packing): JavaScript and WebAssembly, the
  // same synapses. Wall-clock best of 3 (each build allocates its own arrays; the WebAssembly
  // builder's rows are views of its scratch, copied out as a partition stores them).
  for (const impl of ['JavaScript', 'WebAssembly'] as const) {
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      const builder = impl === 'WebAssembly' ? new WasmGenerator() : new JsSynapseBuilder();
      const t0 = performance.now();
      const rows = buildShardRows(plan, plan.shards[0], builder);
      if (impl === 'WebAssembly') for (const a of [rows.rowPtr, rows.syn, rows.runPtr, rows.runs]) a.slice();
      best = Math.min(best, performance.now() - t0);
    }
    out.push({ kernel: 'construction: generate, sort, pack one shard', impl, mPerS: shard.numSynapses / (best * 1000), note: `${shard.numSynapses} synapses` });
  }

  // Poisson sampler alone (table inversion, one 32-bit word per draw).
  const table = new PoissonTable(1.8);
  const r2 = new Rng(2, 5);
  let sink = 0;
  const draws = 1 << 20;
  out.push({
    kernel: 'Poisson count, mean 1.8 (table inversion)',
    impl: 'JavaScript',
    mPerS: bench(draws, () => {
      for (let i = 0; i < draws; i++) sink += table.sample(r2.nextU32());
    }),
  });
  if (sink < 0) console.log(sink);
  try {
    out.push(...(await runWasmKernelBench()));
  } catch (e) {
    out.push({ kernel: 'all kernels', impl: 'WebAssembly', mPerS: NaN, note: `not measured: ${(e as Error).message.split('\n')[0]}` });
  }
  return out;
}
