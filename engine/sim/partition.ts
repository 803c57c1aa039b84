/**
 * A partition: the contiguous range of shards one thread owns (postsynaptic ownership), its delay
 * queue and its kernels, chosen once here (./kernels.ts). The same code runs in the calling
 * thread (1 thread) and in worker threads, so the spikes do not depend on the thread count:
 * shards, random streams and the order of every floating-point sum are fixed by the network plan
 * alone, and inputs are exact integer sums.
 */
import { QUEUE_CHUNK, MAX_QUEUE_INPUTS } from '../base/event-word.ts';
import { recordMembranePotentials, setMembranePotentials, stepConstants, stepInputs, type StepConstants } from '../models/iaf-psc-exp.ts';
import { buildShardRows, initialPotentials, poissonStream, type SynapseBuilder } from '../network/construct.ts';
import type { NetworkPlan } from '../network/plan.ts';
import type { Shard } from '../network/shards.ts';
import { rowEvents } from './deliver.ts';
import { chooseKernels, type Kernels } from './kernels.ts';
import { JsKernels } from './kernels-js.ts';
import { WasmKernels } from './kernels-wasm.ts';
import type { EventQueue } from './queue.ts';
import type { ShardState } from './shard.ts';

export interface PartitionOptions {
  /** js | wasm | wasm-scalar | wasm-simd | auto; overrides MICROCIRCUIT_KERNELS. */
  kernels?: string;
  /** Chunks the delay queue starts with (tests start it small to make it grow mid-run). */
  queueChunks?: number;
  /** WebAssembly: draw the Poisson counts inside the update kernels (default) or in a loop of their own before it. */
  fusedPoisson?: boolean;
}

/**
 * Chunks the delay queue starts with: twice the events expected in flight (synapses x 8 spikes/s x
 * mean delay), plus two per slot. Pages of the pool never written are not resident.
 */
function initialQueueChunks(plan: NetworkPlan, shards: readonly Shard[]): number {
  let syn = 0;
  for (const sh of shards) for (const c of plan.shardSynapses[sh.id]) syn += c;
  const perStep = (syn * 8 * plan.hMs) / 1000;
  const inFlight = perStep * (1.5 / plan.hMs);
  return 2 * plan.queueSlots + 16 + Math.ceil((2 * inFlight) / QUEUE_CHUNK);
}

/**
 * The kernels for a partition. When neither the options nor MICROCIRCUIT_KERNELS force a choice and
 * the WebAssembly arena cannot be had (e.g. over the 4 GiB of a 32-bit memory), the JavaScript ones.
 */
function partitionKernels(plan: NetworkPlan, shards: readonly Shard[], inputs: number, opts: PartitionOptions): Kernels {
  const chunks = opts.queueChunks ?? initialQueueChunks(plan, shards);
  const choice = chooseKernels(opts.kernels);
  if (choice === 'js' || shards.length === 0) return new JsKernels(plan, inputs, chunks);
  try {
    return new WasmKernels(plan, shards, inputs, chunks, choice, opts.fusedPoisson ?? true);
  } catch (e) {
    if (opts.kernels !== undefined || process.env.MICROCIRCUIT_KERNELS) throw e;
    return new JsKernels(plan, inputs, chunks);
  }
}

export class Partition {
  readonly plan: NetworkPlan;
  readonly shards: ShardState[] = [];
  /** Global index of the first neuron and the number of neurons owned. */
  readonly firstNeuron: number;
  readonly numNeurons: number;
  /** Synaptic events delivered so far (one per synapse a spike crosses). */
  events = 0;
  readonly kernels: Kernels;
  /** Events waiting for their update, for every shard of this partition. */
  readonly queue: EventQueue;
  /** The constants of a shard's update: the model's, then per shard and step the inputs' (updateShard). */
  private readonly c: StepConstants;
  private readonly eL: number;
  private thCursor = 0;
  /** A one-source list for a parrot's spike (no allocation per spike). */
  private readonly oneSource = new Uint32Array(1);

  constructor(plan: NetworkPlan, threadIndex: number, opts: PartitionOptions = {}) {
    this.plan = plan;
    const [a, b] = plan.threadShards[threadIndex];
    const mine = plan.shards.slice(a, b);
    let owned = 0;
    for (const sh of mine) owned += sh.size;
    if (owned > MAX_QUEUE_INPUTS) {
      throw new RangeError(`${owned} neurons on one thread: at most ${MAX_QUEUE_INPUTS} (sim.local_num_threads = ${plan.threads}; use at least ${Math.ceil(plan.numNeurons / MAX_QUEUE_INPUTS)} threads for N_scaling ${plan.params.net.N_scaling})`);
    }
    this.kernels = partitionKernels(plan, mine, owned, opts);
    this.queue = this.kernels.queue;
    this.eL = plan.params.net.neuron_params.E_L;
    let inBase = 0;
    for (const shard of mine) {
      const s = this.kernels.addShard({ shard, inBase, ...poissonStream(plan, shard), inScale: plan.inputScale[shard.pop], wExt: plan.derived.weightExtPa });
      setMembranePotentials(s.state, initialPotentials(plan, shard), this.eL);
      this.shards.push(s);
      inBase += shard.size;
    }
    this.firstNeuron = mine.length ? mine[0].start : 0;
    this.numNeurons = owned;
    this.c = stepConstants(plan.neuron);
  }

  /** Expected number of synapses of this partition (known before building). */
  get plannedSynapses(): number {
    let n = 0;
    for (const s of this.shards) for (const c of this.plan.shardSynapses[s.shard.id]) n += c;
    return n;
  }

  /** Builds every shard's synapses; progress is reported as synapses done. */
  build(onProgress?: (synapsesDone: number) => void): void {
    const builder = this.kernels.newBuilder();
    let before = 0;
    for (const s of this.shards) {
      this.buildShard(s, builder, onProgress ? (d) => onProgress(before + d) : undefined);
      before += s.numSynapses;
      onProgress?.(before);
    }
    builder.release();
  }

  /** Builds the synapses of one shard with the builder (from kernels.newBuilder()); progress as its synapses done. */
  buildShard(s: ShardState, builder: SynapseBuilder, onProgress?: (synapsesDone: number) => void): void {
    this.kernels.storeRows(s, buildShardRows(this.plan, s.shard, builder, onProgress));
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

  /** Queues the events of the cortical spikes stamped `stamp` found in src[from..to). */
  deliver(src: Uint32Array, from: number, to: number, stamp: number): void {
    if (to <= from) return;
    this.kernels.sync();
    let ev = 0;
    for (const s of this.shards) ev += rowEvents(s, src, from, to);
    if (ev === 0) return;
    this.queue.reserve(ev);
    this.kernels.append(this.shards, src, from, to, stamp, 1);
    this.events += ev;
  }

  /**
   * Delivers the thalamic (parrot) spikes stamped `stamp`: a parrot's row once per spike it
   * re-emits (integer levels: m events of level l add exactly m * l). Must be called with
   * increasing stamps.
   */
  deliverThalamic(stamp: number): void {
    const p = this.plan;
    const n = p.thStamp.length;
    while (this.thCursor < n && p.thStamp[this.thCursor] < stamp) this.thCursor++;
    const one = this.oneSource;
    while (this.thCursor < n && p.thStamp[this.thCursor] === stamp) {
      one[0] = p.numNeurons + p.thParrot[this.thCursor];
      const m = p.thMult[this.thCursor];
      this.kernels.sync();
      let row = 0;
      for (const s of this.shards) row += rowEvents(s, one, 0, 1);
      if (row > 0 && m > 0) {
        this.queue.reserve(m * row);
        this.kernels.append(this.shards, one, 0, 1, stamp, m);
        this.events += m * row;
      }
      this.thCursor++;
    }
  }

  /** Update k (k*h -> (k+1)*h) of every owned neuron; spikes (stamp k+1) go to out[pos..]. Returns new pos. */
  update(k: number, out: Uint32Array, pos: number): number {
    const p = this.plan;
    const poissonOn = k >= p.poissonStartStep;
    this.queue.drain(k);
    const dcOn = p.dcStimPa !== null && k >= p.dcOnStep && k < p.dcOffStep;
    for (const s of this.shards) {
      const pop = s.shard.pop;
      pos = this.updateShard(s, p.iePa[pop] + (dcOn ? p.dcStimPa![pop] : 0), poissonOn, out, pos);
    }
    return pos;
  }

  /** The update of one shard with a constant current of iePa (pA), this step's events drained into its inputs. */
  updateShard(s: ShardState, iePa: number, poissonOn: boolean, out: Uint32Array, pos: number): number {
    stepInputs(this.c, iePa, s.inScale, s.wExt);
    return this.kernels.update(s, this.c, poissonOn, out, pos);
  }

  /** Writes absolute membrane potentials (mV) of the owned neurons to out[pos..]. */
  sampleV(out: Float32Array, pos: number): number {
    this.kernels.sync();
    for (const s of this.shards) pos = recordMembranePotentials(s.state, this.eL, out, pos);
    return pos;
  }
}
