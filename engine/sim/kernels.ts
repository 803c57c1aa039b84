/**
 * The kernels of a partition: where its shards' arrays live and the hot loops over them — the
 * neuron update with the Poisson draw, the append of spikes' rows to the delay queue (whose drain
 * is the queue's), the construction of synapses. Two implementations, chosen once per partition
 * (engine/sim/partition.ts), so no method tests which one it is:
 *
 *   ./kernels-js.ts    the JavaScript reference loops, arrays on the JavaScript heap
 *   ./kernels-wasm.ts  the WebAssembly kernels (engine/wasm/kernels.wat) over one memory per
 *                      partition (engine/wasm/arena.ts): state, synapses and the queue
 *
 * Both give bit-identical state and spikes (test/engine/wasm/kernels.test.ts): the choice changes
 * speed only. MICROCIRCUIT_KERNELS (or the partition's `kernels` option) picks one:
 *
 *   js           the JavaScript kernels
 *   wasm         the fastest WebAssembly variant (an error if it cannot load)
 *   wasm-scalar  scalar WebAssembly;  wasm-simd  two neurons per f64x2
 *   unset, auto  WebAssembly SIMD when it loads, else JavaScript
 *
 * The calls are per shard and step (update) or per partition and step (append), never per neuron.
 */
import type { StepConstants } from '../models/iaf-psc-exp.ts';
import type { SynapseBuilder } from '../network/construct.ts';
import type { Rows } from '../network/rows.ts';
import { kernelsUnavailable, type WasmVariant } from '../wasm/module.ts';
import type { EventQueue } from './queue.ts';
import type { ShardInit, ShardState } from './shard.ts';

export type KernelChoice = 'js' | WasmVariant;

export interface Kernels {
  readonly choice: KernelChoice;
  /** The partition's delay queue: its events add into the inputs of all the partition's shards. */
  readonly queue: EventQueue;
  /** A new shard, the next of the partition (its index is the number of shards made before). */
  addShard(init: ShardInit): ShardState;
  /** Gives shard s these rows: copied into the kernels' memory, or taken as they are (copy rows you keep using). */
  storeRows(s: ShardState, rows: Rows): void;
  /** Scratch for building the partition's synapses, shard after shard. */
  newBuilder(): SynapseBuilder;
  /** Re-takes the shards' views of memory that grew (cheap when it did not); call before reading their arrays. */
  sync(): void;
  /**
   * Queues, `times` times over, the events of the spikes of sources src[from..to) stamped `stamp`
   * through the rows of each of `shards` (the partition's). The queue has room (reserve).
   */
  append(shards: readonly ShardState[], src: Uint32Array, from: number, to: number, stamp: number, times: number): void;
  /**
   * One update of shard s (after the queue drained this step's events into its inputs): the
   * Poisson draw when poissonOn, then the model's update with constants c. Spikes go to out[pos..];
   * returns the new pos.
   */
  update(s: ShardState, c: StepConstants, poissonOn: boolean, out: Uint32Array, pos: number): number;
}

/** The kernels to use, from `forced` or MICROCIRCUIT_KERNELS. */
export function chooseKernels(forced?: string): KernelChoice {
  const env = typeof process !== 'undefined' ? process.env.MICROCIRCUIT_KERNELS : undefined;
  const want = (forced ?? env ?? '').trim().toLowerCase();
  if (want === 'js') return 'js';
  const unavailable = kernelsUnavailable();
  if (want === '' || want === 'auto') return unavailable === null ? 'wasm-simd' : 'js';
  const variant: WasmVariant | null = want === 'wasm' || want === 'wasm-simd' ? 'wasm-simd' : want === 'wasm-scalar' ? 'wasm-scalar' : null;
  if (variant === null) throw new Error(`MICROCIRCUIT_KERNELS=${want}: expected js, wasm, wasm-scalar or wasm-simd`);
  if (unavailable !== null) throw new Error(`MICROCIRCUIT_KERNELS=${want}, but the WebAssembly kernels do not load: ${unavailable}`);
  return variant;
}
