/**
 * The JavaScript kernels (./kernels.ts): typed arrays on the JavaScript heap, the model's update
 * (engine/models/iaf-psc-exp.ts), the Poisson draw (./poisson.ts), the append loop
 * (./deliver.ts) and the JavaScript delay queue (./queue.ts). The reference the WebAssembly kernels
 * are tested against, and the fallback where WebAssembly does not load.
 */
import { update } from '../models/iaf-psc-exp.ts';
import { JsSynapseBuilder, type SynapseBuilder } from '../network/construct.ts';
import type { NetworkPlan } from '../network/plan.ts';
import type { Rows } from '../network/rows.ts';
import { appendRows } from './deliver.ts';
import type { Kernels } from './kernels.ts';
import { drawPoisson } from './poisson.ts';
import { DelayQueue } from './queue.ts';
import { newState, ShardState, type ShardInit } from './shard.ts';
import type { StepConstants } from '../models/iaf-psc-exp.ts';

export class JsKernels implements Kernels {
  readonly choice = 'js';
  readonly queue: DelayQueue;
  private shards = 0;

  /** Kernels of a partition of `inputs` neurons, its queue starting with `queueChunks` chunks. */
  constructor(plan: NetworkPlan, inputs: number, queueChunks: number) {
    this.queue = new DelayQueue(plan.queueSlots, new Int32Array(inputs), queueChunks);
  }

  addShard(init: ShardInit): ShardState {
    const n = init.shard.size;
    const { table, rng } = init;
    return new ShardState(init, this.shards++, {
      state: newState(n, (ctor, len) => new ctor(len)),
      input: this.queue.input.subarray(init.inBase, init.inBase + n),
      pcnt: new Uint8Array(n),
      cdf: table.cdf,
      guide: table.guide,
      rng: Int32Array.of(rng.a, rng.b, rng.c, rng.d),
    });
  }

  storeRows(s: ShardState, rows: Rows): void {
    s.rowPtr = rows.rowPtr;
    s.syn = rows.syn;
    s.runPtr = rows.runPtr;
    s.runs = rows.runs;
  }

  newBuilder(): SynapseBuilder {
    return new JsSynapseBuilder();
  }

  sync(): void {}

  append(shards: readonly ShardState[], src: Uint32Array, from: number, to: number, stamp: number, times: number): void {
    for (const s of shards) for (let r = 0; r < times; r++) appendRows(this.queue, s, s.inBase, src, from, to, stamp);
  }

  update(s: ShardState, c: StepConstants, poissonOn: boolean, out: Uint32Array, pos: number): number {
    if (poissonOn) {
      drawPoisson(s.pcnt, s.size, s.cdf, s.guide, s.rng);
      s.pcntDirty = true;
    } else if (s.pcntDirty) {
      s.pcnt.fill(0);
      s.pcntDirty = false;
    }
    return update(s.state, s, c, s.size, s.start, out, pos);
  }
}
