/**
 * Ensembles for the Compare specs, judged by the engine's own verdict (compareEnsembles): runs of
 * two populations whose rates sit around a level that each seed moves by ~2 %; a changed
 * configuration multiplies one population's level. Deterministic (a seeded generator).
 */
import { compareEnsembles, type EnsembleComparison } from '../../../../engine/analysis/ensemble-comparison.ts';
import type { PopulationValues } from '../../../../engine/analysis/statistics.ts';
import type { EnsemblePairComparison } from '../../../../src-main/interop/run-comparison.ts';
import { seededRandom } from '../../../lib/plots/test-support/pd14-synthetic.ts';

/** One run: per population 300 rates around its level, CV ISI around 0.8, 200 correlations around 0.01. */
export function syntheticRun(seed: number, levelsHz: Record<string, number>): PopulationValues[] {
  const rnd = seededRandom(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  return Object.entries(levelsHz).map(([name, hz]) => {
    const level = hz * (1 + 0.02 * normal());
    const rates = Float64Array.from({ length: 300 }, () => Math.max(0, level * (1 + 0.4 * normal())));
    const cv = Float64Array.from({ length: 300 }, () => 0.8 + 0.1 * normal());
    const corr = Float64Array.from({ length: 200 }, () => 0.01 + 0.02 * normal());
    let sum = 0;
    for (const r of rates) sum += r;
    return { name, distributions: { rates, cv_isi: cv, corr_2ms: corr }, scalars: { rate_mean: sum / rates.length, peak_freq: NaN, peak_power: NaN } };
  });
}

export const LEVELS_HZ = { L23E: 1, L5E: 7 };

/** Ensemble A (seeds 1..n) against B (seeds 101..): B's L5E level times `l5eFactor`. */
export function judgedEnsembles(n: number, l5eFactor: number): EnsembleComparison {
  const a = Array.from({ length: n }, (_, i) => syntheticRun(1 + i, LEVELS_HZ));
  const b = Array.from({ length: n }, (_, i) => syntheticRun(101 + i, { ...LEVELS_HZ, L5E: LEVELS_HZ.L5E * l5eFactor }));
  return compareEnsembles(a, b);
}

/** As runs.compare returns it: run ids 1..n on side A, 11.. on side B. */
export function ensemblePair(n: number, l5eFactor: number, paramDiffs: EnsemblePairComparison['paramDiffs'] = []): EnsemblePairComparison {
  return {
    a: Array.from({ length: n }, (_, i) => 1 + i),
    b: Array.from({ length: n }, (_, i) => 11 + i),
    result: judgedEnsembles(n, l5eFactor),
    paramDiffs,
  };
}
