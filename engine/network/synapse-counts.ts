/**
 * Synapse counts per shard (pd14.md 5.3): `fixed_total_number` fixes the total of every (target,
 * source) population pair; the total is split over the target population's shards by one
 * multinomial draw (its own random stream per pair), as if every synapse drew its target uniformly
 * from the whole population.
 */
import type { Derived } from '../params/derive.ts';
import { NUM_POPS } from '../params/types.ts';
import { Purpose, Rng } from '../rng/rng.ts';
import type { Shard } from './shards.ts';

/** Multinomial split of `total` over bins proportional to `sizes`, by sequential binomials. */
function multinomialSplit(rng: Rng, total: number, sizes: number[]): number[] {
  let remaining = total;
  let remSize = sizes.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  for (let i = 0; i < sizes.length; i++) {
    if (i === sizes.length - 1) {
      out.push(remaining);
      break;
    }
    const k = remSize > 0 ? rng.binomial(remaining, sizes[i] / remSize) : 0;
    out.push(k);
    remaining -= k;
    remSize -= sizes[i];
  }
  return out;
}

/** Synapses of every shard from each source population: counts[shard][j], j = 8 the thalamus (numParrots > 0). */
export function shardSynapseCounts(derived: Derived, shards: readonly Shard[], seed: number, numParrots: number): number[][] {
  const counts: number[][] = shards.map(() => new Array<number>(NUM_POPS + 1).fill(0));
  for (let i = 0; i < NUM_POPS; i++) {
    const mine = shards.filter((s) => s.pop === i);
    if (mine.length === 0) continue;
    const sizes = mine.map((s) => s.size);
    for (let j = 0; j <= NUM_POPS; j++) {
      let total: number;
      if (j < NUM_POPS) total = derived.numNeurons[j] > 0 ? derived.numSynapses[i][j] : 0;
      else total = numParrots > 0 && derived.numThSynapses ? derived.numThSynapses[i] : 0;
      if (total === 0) continue;
      const split = multinomialSplit(new Rng(seed, j < NUM_POPS ? Purpose.ConnSplit : Purpose.ThalSplit, i, j), total, sizes);
      mine.forEach((s, m) => (counts[s.id][j] = split[m]));
    }
  }
  return counts;
}
