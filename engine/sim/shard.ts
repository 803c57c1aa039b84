/**
 * A shard's storage: a block of neurons of one population (engine/network/shards.ts) with all it
 * owns — its neurons' state (the model's S_), its buffers (B_: the inputs into which the
 * partition's delay queue adds each step's events, the Poisson counts), its Poisson background
 * stream, and its incoming synapses as rows (engine/network/rows.ts). Nothing but typed arrays and
 * the numbers that go with them: on the JavaScript heap or views of the partition's kernel arena —
 * where is the kernels' business (./kernels-js.ts, ./kernels-wasm.ts), which make the shards, give
 * them their rows and re-take the views when the arena grew.
 */
import { STATE_ARRAYS, type Buffers, type State } from '../models/iaf-psc-exp.ts';
import type { PoissonTable, Rng } from '../rng/rng.ts';
import { forEachSynapse, rowBytes, type Rows } from '../network/rows.ts';
import type { Shard } from '../network/shards.ts';

/** What a shard is made from (the partition gathers it from the plan). */
export interface ShardInit {
  shard: Shard;
  /** Index of the shard's first neuron among the inputs of its partition's queue. */
  inBase: number;
  /** The Poisson background: the table of the population's mean count, and the shard's stream. */
  table: PoissonTable;
  rng: Rng;
  /** pA per weight level of the shard's inputs (plan.inputScale of its population), and per Poisson input. */
  inScale: number;
  wExt: number;
}

/** The arrays of a shard, as its kernels allocate them. */
export interface ShardArrays {
  state: State;
  input: Int32Array;
  pcnt: Uint8Array;
  cdf: Float64Array;
  guide: Int32Array;
  rng: Int32Array;
}

type StateArrayType = (typeof STATE_ARRAYS)[keyof State];

/**
 * The model's state arrays of n neurons, each made by `make` as an array of the type the model
 * lists (STATE_ARRAYS): typed arrays, or views of a memory.
 */
export function newState(n: number, make: (type: StateArrayType, n: number, name: keyof State) => State[keyof State]): State {
  const state: Partial<Record<keyof State, State[keyof State]>> = {};
  for (const name of Object.keys(STATE_ARRAYS) as (keyof State)[]) state[name] = make(STATE_ARRAYS[name], n, name);
  return state as State;
}

export class ShardState implements Buffers, Rows {
  readonly shard: Shard;
  /** Position among its partition's shards (the kernels keep what they know of it by this index). */
  readonly index: number;
  readonly inBase: number;
  readonly size: number;
  /** Global index of the first neuron. */
  readonly start: number;
  /** S_: the model's state. */
  state: State;
  /** B_: summed weight levels of the events for the next update, one per neuron (a view of the queue's inputs); the update zeroes it. */
  input: Int32Array;
  /** B_: this step's Poisson counts per neuron (unused when the kernels draw them in registers). */
  pcnt: Uint8Array;
  /** True while pcnt holds counts of a step with Poisson input (zeroed once when the input stops). */
  pcntDirty = false;
  /** The Poisson background: the table (as the kernels read it) and the sfc32 state a, b, c, d. */
  cdf: Float64Array;
  guide: Int32Array;
  rng: Int32Array;
  /** The incoming synapses (engine/network/rows.ts); empty until built. */
  rowPtr: Uint32Array = new Uint32Array(0);
  syn: Uint32Array = new Uint32Array(0);
  runPtr: Uint32Array = new Uint32Array(0);
  runs: Uint32Array = new Uint32Array(0);
  /** pA per weight level of this shard's inputs, and per Poisson input. */
  inScale: number;
  readonly wExt: number;

  constructor(init: ShardInit, index: number, arrays: ShardArrays) {
    this.shard = init.shard;
    this.index = index;
    this.inBase = init.inBase;
    this.size = init.shard.size;
    this.start = init.shard.start;
    this.state = arrays.state;
    this.input = arrays.input;
    this.pcnt = arrays.pcnt;
    this.cdf = arrays.cdf;
    this.guide = arrays.guide;
    this.rng = arrays.rng;
    this.inScale = init.inScale;
    this.wExt = init.wExt;
  }

  get numSynapses(): number {
    return this.syn.length;
  }

  /** Bytes held by this shard's synapses, runs and row pointers. */
  get synapseBytes(): number {
    return rowBytes(this);
  }

  /** Calls fn(local target, signed level, delay in steps) for every synapse of source s, in row order. */
  forEachSynapse(s: number, fn: (target: number, level: number, delaySteps: number) => void): void {
    forEachSynapse(this, s, fn);
  }
}
