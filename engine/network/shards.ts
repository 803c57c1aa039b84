/**
 * Shards: each population split evenly into blocks of at most SHARD_MAX_NEURONS neurons, in neuron
 * order. The partition depends on the network only, never on the thread count (threads own whole
 * shards), so neither do the random streams keyed by shard.
 */
import { NUM_POPS, SHARD_MAX_NEURONS } from '../params/types.ts';

export interface Shard {
  /** Index of the shard (global order = neuron order). */
  id: number;
  pop: number;
  /** Global 0-based index of the first neuron, and the number of neurons. */
  start: number;
  size: number;
  /** Index within its population's shards. */
  indexInPop: number;
}

/** n split into `parts` sizes differing by at most one. */
function splitEvenly(n: number, parts: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < parts; i++) out.push(Math.floor((n * (i + 1)) / parts) - Math.floor((n * i) / parts));
  return out;
}

/** The shards of populations of the given sizes, whose first neurons are popStart[i]. */
export function makeShards(numNeurons: readonly number[], popStart: readonly number[]): Shard[] {
  const shards: Shard[] = [];
  for (let i = 0; i < NUM_POPS; i++) {
    const n = numNeurons[i];
    if (n === 0) continue;
    const sizes = splitEvenly(n, Math.ceil(n / SHARD_MAX_NEURONS));
    let start = popStart[i];
    sizes.forEach((size, m) => {
      shards.push({ id: shards.length, pop: i, start, size, indexInPop: m });
      start += size;
    });
  }
  return shards;
}
