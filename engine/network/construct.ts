/**
 * Construction of one shard from the plan: its incoming synapses (fixed_total_number per source
 * population, pd14.md 5.3), its neurons' initial membrane potentials (pd14.md 3.3) and its Poisson
 * background stream. Every random stream is keyed by what it draws for (the population pair and
 * the shard; the shard), so a shard comes out the same whichever thread builds it, and whether
 * the JavaScript or the WebAssembly builder draws its synapses.
 *
 * Synapses are generated sequentially into two scratch words each — the key source << dBits |
 * delay, and target << 16 | weight level — then sorted by key (stable) and packed into rows
 * (./rows.ts). Sequential generation and bucketed passes keep construction cache-friendly.
 */
import { WEIGHT_LEVELS } from '../base/event-word.ts';
import { NUM_POPS } from '../params/types.ts';
import { FastAliasTable, PoissonTable, Purpose, Rng } from '../rng/rng.ts';
import { type BlockSpec, generateBlock } from './generate.ts';
import type { NetworkPlan } from './plan.ts';
import { delayBits, packRows, type Rows, sortByKey } from './rows.ts';
import type { Shard } from './shards.ts';

/**
 * Generates, sorts and packs synapses in reusable scratch (one builder builds a thread's shards one
 * after the other): JsSynapseBuilder below, or engine/wasm/generate.ts, bit for bit the same.
 */
export interface SynapseBuilder {
  /** Room for n synapses of `numSources` sources. */
  ensure(n: number, numSources: number): void;
  /** Draws spec.n synapses into the scratch at `pos` (generateBlock); returns the new position. */
  generate(rng: Rng, spec: BlockSpec, dBits: number, pos: number): number;
  /** The rows of the first n synapses (keys of keyBits bits); valid until the next ensure. */
  rows(n: number, keyBits: number, dBits: number, numSources: number): Rows;
  /** Drops the scratch. */
  release(): void;
}

/** The JavaScript builder: generateBlock, sortByKey and packRows on typed arrays. */
export class JsSynapseBuilder implements SynapseBuilder {
  private keysA = new Uint32Array(0);
  private keysB = new Uint32Array(0);
  private wordsA = new Uint32Array(0);
  private wordsB = new Uint32Array(0);
  private counts = new Uint32Array(0);

  ensure(n: number): void {
    if (this.keysA.length >= n) return;
    const cap = Math.ceil(n * 1.1);
    this.keysA = new Uint32Array(cap);
    this.keysB = new Uint32Array(cap);
    this.wordsA = new Uint32Array(cap);
    this.wordsB = new Uint32Array(cap);
  }

  generate(rng: Rng, spec: BlockSpec, _dBits: number, pos: number): number {
    return generateBlock(rng, spec, this.keysA, this.wordsA, pos);
  }

  rows(n: number, keyBits: number, dBits: number, numSources: number): Rows {
    const buckets = 2 ** Math.ceil(keyBits / 2);
    if (this.counts.length < buckets + 1) this.counts = new Uint32Array(buckets + 1);
    sortByKey(this.keysA, this.wordsA, this.keysB, this.wordsB, n, keyBits, this.counts);
    return packRows(this.keysA, this.wordsA, n, numSources, dBits);
  }

  release(): void {
    this.keysA = this.keysB = this.wordsA = this.wordsB = this.counts = new Uint32Array(0);
  }
}

/**
 * The incoming synapses of a shard: sources uniform over the source population, targets uniform
 * over the shard, weights normal and redrawn to keep their sign (quantised on the target
 * population's scale), delays from the rounded, truncated normal. Progress as synapses drawn.
 */
export function buildShardRows(plan: NetworkPlan, shard: Shard, builder: SynapseBuilder, onProgress?: (done: number) => void): Rows {
  const i = shard.pop;
  const counts = plan.shardSynapses[shard.id];
  let total = 0;
  for (const c of counts) total += c;
  const S = plan.numSources;
  const dBits = delayBits(plan.maxDelaySteps);
  const keyBits = Math.max(1, Math.ceil(Math.log2(S))) + dBits;
  if (keyBits > 32) throw new Error(`cannot build: ${S} sources with delays up to ${plan.maxDelaySteps} steps exceed the 32-bit synapse key`);
  const dMul = 2 ** dBits;
  builder.ensure(total, S);
  let pos = 0;
  for (let j = 0; j <= NUM_POPS; j++) {
    const n = counts[j];
    if (n === 0) continue;
    const base = j < NUM_POPS ? plan.popStart[j] : plan.numNeurons;
    const nSrc = j < NUM_POPS ? plan.popStart[j + 1] - plan.popStart[j] : plan.numParrots;
    const rng = new Rng(plan.seed, j < NUM_POPS ? Purpose.Conn : Purpose.ThalConn, i * 16 + j, shard.id);
    const dd = plan.delayDists[i][j];
    let mean: number;
    let std: number;
    if (j < NUM_POPS) {
      mean = plan.derived.weightMeanPa[i][j];
      std = plan.derived.weightStdPa[i][j];
    } else {
      mean = plan.derived.weightThPa ?? 0;
      std = mean * plan.params.net.weight_rel_std;
    }
    const absScale = Math.abs(plan.weightScale[i][j]);
    const inv = absScale > 0 ? 1 / absScale : 0;
    const spec: BlockSpec = { n, base, nSrc, size: shard.size, mean, std, positive: mean >= 0, inv, maxLevel: WEIGHT_LEVELS, dmin: dd.minSteps, alias: new FastAliasTable(dd.probs), dMul };
    pos = builder.generate(rng, spec, dBits, pos);
    onProgress?.(pos);
  }
  const rows = builder.rows(total, keyBits, dBits, S);
  onProgress?.(total);
  return rows;
}

/** Initial membrane potentials (mV) of the shard's neurons, Normal(V0 mean, V0 std) each, not truncated (pd14.md 3.3). */
export function initialPotentials(plan: NetworkPlan, shard: Shard): Float64Array {
  const np = plan.params.net.neuron_params;
  const i = shard.pop;
  const optimized = plan.params.net.V0_type === 'optimized';
  const mean = optimized ? np.V0_mean.optimized[i] : np.V0_mean.original;
  const std = optimized ? np.V0_std.optimized[i] : np.V0_std.original;
  const rng = new Rng(plan.seed, Purpose.V0, shard.id, 0);
  const v = new Float64Array(shard.size);
  for (let n = 0; n < shard.size; n++) v[n] = mean + std * rng.normal();
  return v;
}

/** The shard's Poisson background: the table of its population's mean count per step, and its stream. */
export function poissonStream(plan: NetworkPlan, shard: Shard): { table: PoissonTable; rng: Rng } {
  return { table: new PoissonTable(plan.poissonMean[shard.pop]), rng: new Rng(plan.seed, Purpose.Poisson, shard.id, 0) };
}
