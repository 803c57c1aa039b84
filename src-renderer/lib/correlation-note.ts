/**
 * Pairs of neurons whose spike-count correlation is exactly 1: both fired in exactly the same bins
 * (most often one spike each, in the same 2-ms bin), so their count vectors are equal. NEST's
 * reference analysis (validation.md: "pairs with a silent neuron (NaN) dropped") keeps them, and
 * so does the registry's rule, so that our distributions and KS distances compare with NEST's; the
 * page counts them per population and says what they are where the correlations show. Pure.
 */
import { CORRELATION_BIN_MS } from '../../engine/analysis/statistics.ts';
import { populationLabel } from './format.ts';

/** r within this of 1 counts as 1 (r is clamped to [-1, 1] and exact in the integer sums otherwise). */
const ONE = 1 - 1e-12;

export interface PerfectPairs {
  name: string;
  /** Pairs in the distribution. */
  pairs: number;
  /** Pairs with r = 1. */
  perfect: number;
}

/** Per population, how many of its pairs have r = 1. */
export function perfectPairs(pops: readonly { name: string; values: ArrayLike<number> }[]): PerfectPairs[] {
  return pops.map((p) => {
    let perfect = 0;
    for (let i = 0; i < p.values.length; i++) if (p.values[i] >= ONE) perfect++;
    return { name: p.name, pairs: p.values.length, perfect };
  });
}

/** The explanation for the correlation box plot; null when no pair has r = 1. */
export function correlationNote(counts: readonly PerfectPairs[]): string | null {
  const some = counts.filter((c) => c.perfect > 0);
  if (some.length === 0) return null;
  const where = some.map((c) => `${populationLabel(c.name)} ${c.perfect.toLocaleString('en-US')} of ${c.pairs.toLocaleString('en-US')}`).join(', ');
  return (
    `Pairs at r = 1 (${where}): both neurons spiked in exactly the same ${CORRELATION_BIN_MS}-ms bins — usually one spike each, in the same bin — ` +
    "so their counts are identical. NEST's reference analysis keeps every pair whose neurons both spiked (only pairs with a silent neuron are dropped), " +
    'and so does ours, so that the distributions and KS distances compare with NEST’s; with so few spikes, r says little about such a pair.'
  );
}
