/**
 * A partition: the contiguous range of shards one thread owns (postsynaptic ownership). The same
 * code runs in the main thread (1 thread) and in worker threads, so the spikes do not depend on
 * the thread count: shards, random streams and the order of every floating-point sum are fixed
 * by the network plan alone.
 */
import type { NetworkPlan } from '../build/plan.ts';
import { partitionKernels } from '../wasm/arena.ts';
import type { KernelChoice } from '../wasm/kernels.ts';
import { BuildScratch, ShardState, sourcePopulations } from './shard.ts';

export class Partition {
  readonly plan: NetworkPlan;
  readonly shards: ShardState[];
  /** Global index of the first neuron and the number of neurons owned. */
  readonly firstNeuron: number;
  readonly numNeurons: number;
  private thCursor = 0;
  /** Synaptic events delivered so far (one per synapse a spike crosses). */
  events = 0;
  private readonly eL: number;
  /** The neuron-update kernels in use (engine/wasm/kernels.ts; bit-identical, speed only). */
  readonly kernels: KernelChoice;

  /** `kernels` overrides MICROCIRCUIT_KERNELS (js | wasm | wasm-scalar | wasm-simd). */
  constructor(plan: NetworkPlan, threadIndex: number, kernels?: string) {
    this.plan = plan;
    const [a, b] = plan.threadShards[threadIndex];
    const popOf = sourcePopulations(plan);
    this.shards = [];
    // WebAssembly: one memory for all shards of this thread, sized now (it never grows).
    const { kernels: choice, arena } = partitionKernels(plan, plan.shards.slice(a, b), kernels);
    this.kernels = choice;
    for (let s = a; s < b; s++) this.shards.push(new ShardState(plan, plan.shards[s], popOf, arena));
    this.firstNeuron = this.shards.length ? this.shards[0].start : 0;
    this.numNeurons = this.shards.reduce((n, s) => n + s.size, 0);
    this.eL = plan.params.net.neuron_params.E_L;
  }

  /** Expected number of synapses of this partition (known before building). */
  get plannedSynapses(): number {
    let n = 0;
    for (const s of this.shards) for (const c of this.plan.shardSynapses[s.shard.id]) n += c;
    return n;
  }

  /** Builds every shard's synapses; progress is reported as synapses done. */
  build(onProgress?: (synapsesDone: number) => void): void {
    let before = 0;
    const scratch = new BuildScratch();
    for (const s of this.shards) {
      s.build(this.plan, onProgress ? (d) => onProgress(before + d) : undefined, scratch);
      before += s.numSynapses;
      onProgress?.(before);
    }
    scratch.release();
  }

  get numSynapses(): number {
    let n = 0;
    for (const s of this.shards) n += s.numSynapses;
    return n;
  }

  get synapseBytes(): number {
    let n = 0;
    for (const s of this.shards) n += s.synapseBytes;
    return n;
  }

  /** Delivers the cortical spikes stamped `stamp` found in src[from..to). */
  deliver(src: Uint32Array, from: number, to: number, stamp: number): void {
    if (to <= from) return;
    let ev = 0;
    for (const s of this.shards) ev += s.deliver(src, from, to, stamp);
    this.events += ev;
  }

  /** Delivers the thalamic (parrot) spikes stamped `stamp`. Must be called with increasing stamps. */
  deliverThalamic(stamp: number): void {
    const p = this.plan;
    const n = p.thStamp.length;
    while (this.thCursor < n && p.thStamp[this.thCursor] < stamp) this.thCursor++;
    while (this.thCursor < n && p.thStamp[this.thCursor] === stamp) {
      const src = p.numNeurons + p.thParrot[this.thCursor];
      const m = p.thMult[this.thCursor];
      for (const s of this.shards) this.events += s.deliverMult(src, m, stamp);
      this.thCursor++;
    }
  }

  /** Update k (k*h -> (k+1)*h) of every owned neuron; spikes (stamp k+1) go to out[pos..]. Returns new pos. */
  update(k: number, out: Uint32Array, pos: number): number {
    const p = this.plan;
    const { P22, P21, P20, P11 } = p.prop;
    const poissonOn = k >= p.poissonStartStep;
    const dcOn = p.dcStimPa !== null && k >= p.dcOnStep && k < p.dcOffStep;
    for (const s of this.shards) {
      const pop = s.shard.pop;
      const ie = p.iePa[pop] + (dcOn ? p.dcStimPa![pop] : 0);
      pos = s.update(k, P22, P21, P20, P11, ie, p.vThRel, p.vResetRel, p.refractorySteps, poissonOn, out, pos);
    }
    return pos;
  }

  /** Writes absolute membrane potentials (mV) of the owned neurons to out[pos..]. */
  sampleV(out: Float32Array, pos: number): number {
    for (const s of this.shards) {
      const V = s.V;
      for (let n = 0; n < s.size; n++) out[pos++] = V[n] + this.eL;
    }
    return pos;
  }
}
