/**
 * A partition: the contiguous range of shards one thread owns (postsynaptic ownership). The same
 * code runs in the main thread (1 thread) and in worker threads, so the spikes do not depend on
 * the thread count: shards, random streams and the order of every floating-point sum are fixed
 * by the network plan alone.
 */
import type { NetworkPlan, Shard } from '../build/plan.ts';
import { type KernelArena, partitionKernels } from '../wasm/arena.ts';
import type { KernelChoice } from '../wasm/kernels.ts';
import { WASM_CHUNK_BYTES, WasmQueue, wasmQueueFixedBytes } from '../wasm/queue.ts';
import { DelayQueue, type EventQueue, MAX_QUEUE_INPUTS, QUEUE_CHUNK } from './queue.ts';
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
  /** Events waiting for their update, for every shard of this partition. */
  readonly queue: EventQueue;
  private readonly wasmQueue: WasmQueue | null;
  private readonly arena: KernelArena | undefined;
  private arenaGen = 0;

  /**
   * `kernels` overrides MICROCIRCUIT_KERNELS (js | wasm | wasm-scalar | wasm-simd); `queueChunks`
   * overrides the delay queue's initial pool (tests start it small to make it grow mid-run).
   */
  constructor(plan: NetworkPlan, threadIndex: number, kernels?: string, queueChunks?: number) {
    this.plan = plan;
    const [a, b] = plan.threadShards[threadIndex];
    const popOf = sourcePopulations(plan);
    this.shards = [];
    // WebAssembly: one memory for all shards of this thread, sized now for their state, synapses
    // and the delay queue's expected load (only the queue may grow it, in a burst of activity).
    const mine = plan.shards.slice(a, b);
    let owned = 0;
    for (const sh of mine) owned += sh.size;
    if (owned > MAX_QUEUE_INPUTS) {
      throw new RangeError(`${owned} neurons on one thread: at most ${MAX_QUEUE_INPUTS} (sim.local_num_threads = ${plan.threads}; use at least ${Math.ceil(plan.numNeurons / MAX_QUEUE_INPUTS)} threads for N_scaling ${plan.params.net.N_scaling})`);
    }
    const chunks = queueChunks ?? initialQueueChunks(plan, mine);
    const extra = wasmQueueFixedBytes(plan.ringSlots, plan.numSources, owned) + chunks * WASM_CHUNK_BYTES + synapseArenaBytes(plan, mine);
    const { kernels: choice, arena } = partitionKernels(plan, mine, kernels, extra);
    this.kernels = choice;
    this.arena = arena;
    // One queue for the partition, adding into one input block: in the arena, or a JavaScript array.
    this.wasmQueue = arena ? new WasmQueue(arena, plan.ringSlots, plan.numSources, owned, chunks) : null;
    this.queue = this.wasmQueue ?? new DelayQueue(plan.ringSlots, new Int32Array(owned), chunks);
    let offset = 0;
    for (const sh of mine) {
      this.shards.push(new ShardState(plan, sh, popOf, arena, this.queue, offset));
      offset += sh.size;
    }
    this.arenaGen = arena?.generation ?? 0;
    this.firstNeuron = this.shards.length ? this.shards[0].start : 0;
    this.numNeurons = owned;
    this.sync();
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
    this.sync();
    let before = 0;
    const scratch = new BuildScratch(this.kernels !== 'js');
    for (const s of this.shards) {
      s.build(this.plan, onProgress ? (d) => onProgress(before + d) : undefined, scratch);
      before += s.numSynapses;
      onProgress?.(before);
    }
    scratch.release();
    this.sync();
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

  /** Re-takes the shards' views of the arena memory if it grew since the last call. */
  private sync(): void {
    if (this.arena && this.arena.generation !== this.arenaGen) {
      for (const s of this.shards) s.sync();
      this.arenaGen = this.arena.generation;
    }
  }

  /** Queues the events of the cortical spikes stamped `stamp` found in src[from..to). */
  deliver(src: Uint32Array, from: number, to: number, stamp: number): void {
    if (to <= from) return;
    this.sync();
    let ev = 0;
    for (const s of this.shards) ev += s.rowEvents(src, from, to);
    if (ev === 0) return;
    this.queue.reserve(ev);
    const wq = this.wasmQueue;
    if (wq) {
      wq.loadSources(src, from, to);
      this.sync();
      for (const s of this.shards) s.appendLoaded(stamp);
    } else {
      for (const s of this.shards) s.append(src, from, to, stamp);
    }
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
    this.sync();
  }

  /** Update k (k*h -> (k+1)*h) of every owned neuron; spikes (stamp k+1) go to out[pos..]. Returns new pos. */
  update(k: number, out: Uint32Array, pos: number): number {
    const p = this.plan;
    const { P22, P21, P20, P11 } = p.prop;
    const poissonOn = k >= p.poissonStartStep;
    this.queue.drain(k);
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
    this.sync();
    for (const s of this.shards) {
      const V = s.V;
      for (let n = 0; n < s.size; n++) out[pos++] = V[n] + this.eL;
    }
    return pos;
  }
}

/**
 * Chunks the delay queue starts with: twice the events expected in flight (synapses x 8 spikes/s x
 * mean delay), plus two per slot. Pages of the pool never written are not resident.
 */
export function initialQueueChunks(plan: NetworkPlan, shards: readonly Shard[]): number {
  let syn = 0;
  for (const sh of shards) for (const c of plan.shardSynapses[sh.id]) syn += c;
  const perStep = (syn * 8 * plan.hMs) / 1000;
  const inFlight = perStep * (1.5 / plan.hMs);
  return 2 * plan.ringSlots + 16 + Math.ceil((2 * inFlight) / QUEUE_CHUNK);
}

/**
 * Arena bytes of the shards' synapses: row and run pointers, event words, and runs (counted after
 * the rows are sorted; reserved at one run word per 4 synapses — fewer at full scale — and the
 * arena grows if a network needs more).
 */
export function synapseArenaBytes(plan: NetworkPlan, shards: readonly Shard[]): number {
  const a16 = (x: number) => (x + 15) & ~15;
  let bytes = 0;
  for (const sh of shards) {
    let syn = 0;
    for (const c of plan.shardSynapses[sh.id]) syn += c;
    bytes += 2 * a16(4 * (plan.numSources + 1)) + a16(4 * syn) + a16(syn);
  }
  return bytes;
}
