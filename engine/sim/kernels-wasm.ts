/**
 * The WebAssembly kernels (./kernels.ts): engine/wasm/kernels.wat over one memory per partition
 * (engine/wasm/arena.ts), sized up front for the partition's shards — state, buffers, Poisson
 * tables and streams, synapses — its delay queue (engine/wasm/queue.ts) and the kernels' spike
 * output. The shards' arrays are views of that memory, so JavaScript reads and writes them (voltage
 * sampling, tests) where the kernels update them; when the queue grows the memory, `sync` re-takes
 * them. The kernels themselves are called with byte offsets kept here, which growth does not move.
 */
import { STATE_ARRAYS, type StepConstants, type State } from '../models/iaf-psc-exp.ts';
import { JsSynapseBuilder, type SynapseBuilder } from '../network/construct.ts';
import type { NetworkPlan } from '../network/plan.ts';
import type { Rows } from '../network/rows.ts';
import type { Shard } from '../network/shards.ts';
import { PoissonTable } from '../rng/rng.ts';
import { align16, KernelArena } from '../wasm/arena.ts';
import { WasmGenerator } from '../wasm/generate.ts';
import type { KernelExports, WasmVariant } from '../wasm/module.ts';
import { placePoisson, poissonArenaBytes } from '../wasm/poisson.ts';
import { WASM_CHUNK_BYTES, WasmQueue, wasmQueueFixedBytes } from '../wasm/queue.ts';
import type { Kernels } from './kernels.ts';
import { newState, ShardState, type ShardInit } from './shard.ts';

type View = Float64Array | Int32Array | Uint32Array | Uint8Array;
type ViewCtor<V extends View = View> = new (buffer: ArrayBuffer, byteOffset: number, length: number) => V;

/** A view of the memory held at owner[key], re-taken there after the memory grew. */
interface TrackedView {
  owner: object;
  key: string;
  ctor: ViewCtor;
  ptr: number;
  length: number;
}

/** Byte offsets of a shard's arrays in the arena (the kernels' arguments). */
interface ShardPointers {
  state: Record<keyof State, number>;
  input: number;
  pcnt: number;
  cdf: number;
  guide: number;
  st: number;
  rowPtr: number;
  syn: number;
  runPtr: number;
  runs: number;
}

/**
 * Arena bytes of the shards' synapses: row and run pointers, synapse words, and runs (counted after
 * the rows are sorted; reserved at one run word per 4 synapses — fewer at full scale — and the
 * arena grows if a network needs more).
 */
function synapseArenaBytes(plan: NetworkPlan, shards: readonly Shard[]): number {
  let bytes = 0;
  for (const sh of shards) {
    let syn = 0;
    for (const c of plan.shardSynapses[sh.id]) syn += c;
    bytes += 2 * align16(4 * (plan.numSources + 1)) + align16(4 * syn) + align16(syn);
  }
  return bytes;
}

/** Arena bytes of a partition: the shards' state, buffers, Poisson streams and synapses, the queue and the spike output. */
function arenaBytes(plan: NetworkPlan, shards: readonly Shard[], inputs: number, queueChunks: number): number {
  let bytes = wasmQueueFixedBytes(plan.queueSlots, plan.numSources, inputs) + queueChunks * WASM_CHUNK_BYTES + synapseArenaBytes(plan, shards);
  let maxSize = 1;
  for (const sh of shards) {
    for (const ctor of Object.values(STATE_ARRAYS)) bytes += align16(ctor.BYTES_PER_ELEMENT * sh.size);
    bytes += align16(sh.size) + poissonArenaBytes(new PoissonTable(plan.poissonMean[sh.pop]));
    maxSize = Math.max(maxSize, sh.size);
  }
  return bytes + align16(4 * maxSize);
}

export class WasmKernels implements Kernels {
  readonly choice: WasmVariant;
  readonly arena: KernelArena;
  readonly queue: WasmQueue;
  private readonly k: KernelExports;
  private readonly simd: boolean;
  /** Update kernels with the Poisson draw fused in (else a separate draw into pcnt, then update). */
  private readonly fused: boolean;
  /** The kernels' spike output: global neuron indices, room for the largest shard. */
  private readonly spikePtr: number;
  private readonly spikeLen: number;
  private spikeView: Uint32Array;
  private readonly ptrs: ShardPointers[] = [];
  private readonly views: TrackedView[] = [];
  private gen: number;

  /**
   * Kernels of a partition owning `shards` (`inputs` neurons), its queue starting with
   * `queueChunks` chunks. Throws when the arena cannot be had (over the 4 GiB of a 32-bit memory).
   */
  constructor(plan: NetworkPlan, shards: readonly Shard[], inputs: number, queueChunks: number, variant: WasmVariant, fusedPoisson = true) {
    this.choice = variant;
    this.simd = variant === 'wasm-simd';
    this.fused = fusedPoisson;
    this.arena = new KernelArena(arenaBytes(plan, shards, inputs, queueChunks));
    this.k = this.arena.exports;
    this.spikeLen = Math.max(1, ...shards.map((s) => s.size));
    this.spikePtr = this.arena.alloc(4 * this.spikeLen);
    this.queue = new WasmQueue(this.arena, plan.queueSlots, plan.numSources, inputs, queueChunks);
    this.spikeView = new Uint32Array(this.arena.memory.buffer, this.spikePtr, this.spikeLen);
    this.gen = this.arena.generation;
  }

  addShard(init: ShardInit): ShardState {
    const a = this.arena;
    const n = init.shard.size;
    const state = {} as Record<keyof State, number>;
    for (const name of Object.keys(STATE_ARRAYS) as (keyof State)[]) state[name] = a.alloc(STATE_ARRAYS[name].BYTES_PER_ELEMENT * n);
    const pcnt = a.alloc(n);
    const { cdf, guide, st } = placePoisson(a, init.table, init.rng);
    const p: ShardPointers = { state, input: this.queue.inputPtr + 4 * init.inBase, pcnt, cdf, guide, st, rowPtr: 0, syn: 0, runPtr: 0, runs: 0 };
    this.ptrs.push(p);
    // Views only now, after the last allocation (one may have grown the memory).
    const s = new ShardState(init, this.ptrs.length - 1, {
      state: newState(n, (ctor, len, name) => this.view(ctor as ViewCtor, state[name], len) as State[keyof State]),
      input: this.view(Int32Array, p.input, n),
      pcnt: this.view(Uint8Array, pcnt, n),
      cdf: this.view(Float64Array, cdf, init.table.cdf.length),
      guide: this.view(Int32Array, guide, init.table.guide.length),
      rng: this.view(Int32Array, st, 4),
    });
    for (const name of Object.keys(STATE_ARRAYS) as (keyof State)[]) this.hold(s.state, name, STATE_ARRAYS[name], state[name], n);
    this.hold(s, 'input', Int32Array, p.input, n);
    this.hold(s, 'pcnt', Uint8Array, pcnt, n);
    this.hold(s, 'cdf', Float64Array, cdf, s.cdf.length);
    this.hold(s, 'guide', Int32Array, guide, s.guide.length);
    this.hold(s, 'rng', Int32Array, st, 4);
    this.sync(); // the other shards' views, if an allocation grew the memory
    return s;
  }

  storeRows(s: ShardState, rows: Rows): void {
    const a = this.arena;
    const p = this.ptrs[s.index];
    const sources = rows.rowPtr.length;
    p.rowPtr = a.alloc(4 * sources);
    p.syn = a.alloc(4 * rows.syn.length);
    p.runPtr = a.alloc(4 * sources);
    p.runs = a.alloc(4 * rows.runs.length);
    this.sync(); // the views of every shard, if an allocation grew the memory
    (s.rowPtr = this.view(Uint32Array, p.rowPtr, sources)).set(rows.rowPtr);
    (s.syn = this.view(Uint32Array, p.syn, rows.syn.length)).set(rows.syn);
    (s.runPtr = this.view(Uint32Array, p.runPtr, sources)).set(rows.runPtr);
    (s.runs = this.view(Uint32Array, p.runs, rows.runs.length)).set(rows.runs);
    this.hold(s, 'rowPtr', Uint32Array, p.rowPtr, sources);
    this.hold(s, 'syn', Uint32Array, p.syn, rows.syn.length);
    this.hold(s, 'runPtr', Uint32Array, p.runPtr, sources);
    this.hold(s, 'runs', Uint32Array, p.runs, rows.runs.length);
  }

  newBuilder(): SynapseBuilder {
    try {
      return new WasmGenerator();
    } catch {
      return new JsSynapseBuilder();
    }
  }

  sync(): void {
    if (this.gen === this.arena.generation) return;
    const buf = this.arena.memory.buffer;
    for (const v of this.views) (v.owner as Record<string, View>)[v.key] = new v.ctor(buf, v.ptr, v.length);
    this.spikeView = new Uint32Array(buf, this.spikePtr, this.spikeLen);
    this.gen = this.arena.generation;
  }

  append(shards: readonly ShardState[], src: Uint32Array, from: number, to: number, stamp: number, times: number): void {
    const q = this.queue;
    q.loadSources(src, from, to);
    const base = (stamp - 1) % q.slots;
    for (const s of shards) {
      const p = this.ptrs[s.index];
      for (let r = 0; r < times; r++) this.k.append(p.rowPtr, p.syn, p.runPtr, p.runs, q.srcPtr, q.nsrc, base, q.slots, q.q, s.inBase);
    }
  }

  update(s: ShardState, c: StepConstants, poissonOn: boolean, out: Uint32Array, pos: number): number {
    this.sync();
    const k = this.k;
    const p = this.ptrs[s.index];
    const { V_m, i_syn, r_ref } = p.state;
    const n = s.size;
    const sp = this.spikePtr;
    let spikes: number;
    if (poissonOn && this.fused) {
      spikes = this.simd
        ? k.step_simd(V_m, i_syn, r_ref, p.pcnt, p.input, n, c.P22, c.P21, c.ieTerm, c.P11, c.wExt, c.inScale, c.Theta, c.V_reset, c.RefractoryCounts, sp, s.start, p.cdf, p.guide, p.st)
        : k.step(V_m, i_syn, r_ref, p.pcnt, p.input, n, c.P22, c.P21, c.ieTerm, c.P11, c.wExt, c.inScale, c.Theta, c.V_reset, c.RefractoryCounts, sp, s.start, p.cdf, p.guide, p.st);
    } else {
      // Counts for this step in pcnt: drawn, or zero while the background is off.
      if (poissonOn) {
        k.poisson(p.pcnt, n, p.cdf, p.guide, p.st);
        s.pcntDirty = true;
      } else if (s.pcntDirty) {
        s.pcnt.fill(0);
        s.pcntDirty = false;
      }
      spikes = this.simd
        ? k.update_simd(V_m, i_syn, r_ref, p.pcnt, p.input, n, c.P22, c.P21, c.ieTerm, c.P11, c.wExt, c.inScale, c.Theta, c.V_reset, c.RefractoryCounts, sp, s.start)
        : k.update(V_m, i_syn, r_ref, p.pcnt, p.input, n, c.P22, c.P21, c.ieTerm, c.P11, c.wExt, c.inScale, c.Theta, c.V_reset, c.RefractoryCounts, sp, s.start);
    }
    const out0 = this.spikeView;
    for (let i = 0; i < spikes; i++) out[pos++] = out0[i];
    return pos;
  }

  /** A view of `length` elements of the memory at ptr. */
  private view<V extends View>(ctor: ViewCtor<V>, ptr: number, length: number): V {
    return new ctor(this.arena.memory.buffer, ptr, length);
  }

  /** Re-take owner[key] as this view whenever the memory grows (replacing what was held there). */
  private hold(owner: object, key: string, ctor: ViewCtor, ptr: number, length: number): void {
    const i = this.views.findIndex((v) => v.owner === owner && v.key === key);
    const v = { owner, key, ctor, ptr, length };
    if (i >= 0) this.views[i] = v;
    else this.views.push(v);
  }
}
