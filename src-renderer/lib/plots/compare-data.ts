/**
 * Building a Comparison (compare-types.ts) from what the services and engine/analysis produce:
 * the runs.compare reply (runs, KS rows per pair with the base run), each run's distributions, and
 * the parameter sets (whose differences are listed). Pure; the shapes are structural, so this module
 * does not depend on the contract file.
 */
import { DISTRIBUTION_KEYS } from '../../../engine/analysis/statistics.ts';
import type { Comparison, DistributionKey, KsRow, NumberArray, ParameterDifference } from './compare-types.ts';

/** The parts of the services' StoredRunsComparison that a Comparison needs. */
export interface StoredComparisonLike {
  runs: { id: number; window?: { t0Ms: number; t1Ms: number }; populations: string[]; meanRatesHz: number[] }[];
  pairs: { id: number; baseId: number; comparison: { rows: Omit<KsRow, 'runIds'>[] } }[];
  yardstick?: { applies: boolean; note: string };
}

/** One run's values, as engine/analysis PopulationValues (the scalars are not needed here). */
export interface RunDistributionsLike {
  runId: number;
  distributions: { name: string; distributions: Record<DistributionKey, NumberArray> }[];
}

/** No values of any distribution (a run or population the services did not analyse). */
function noDistributions(): Record<DistributionKey, NumberArray> {
  return Object.fromEntries(DISTRIBUTION_KEYS.map((k) => [k, new Float64Array(0)])) as Record<DistributionKey, NumberArray>;
}

export function comparisonFromStored(
  stored: StoredComparisonLike,
  distributions: readonly RunDistributionsLike[],
  parameterDifferences: ParameterDifference[] = [],
): Comparison {
  return {
    runs: stored.runs.map((r) => {
      const dist = distributions.find((d) => d.runId === r.id)?.distributions ?? [];
      return {
        runId: r.id,
        windowMs: r.window,
        populations: r.populations.map((name, i) => {
          const d = dist.find((x) => x.name === name);
          return { name, rateMeanHz: r.meanRatesHz[i] ?? NaN, distributions: d?.distributions ?? noDistributions() };
        }),
      };
    }),
    parameterDifferences,
    ks: stored.pairs.flatMap((p) => p.comparison.rows.map((row) => ({ ...row, runIds: [p.baseId, p.id] as [number, number] }))),
    note: stored.yardstick?.note,
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The leaves where parameter sets differ, as dotted paths in key order ("net.K_scaling",
 * "sim.rng_seed"); arrays (conn_probs, populations) count as one value. One value per set.
 */
export function diffParameters(sets: readonly unknown[], prefix = ''): ParameterDifference[] {
  if (sets.length < 2) return [];
  if (sets.every(isPlainObject)) {
    const keys: string[] = [];
    for (const s of sets) for (const k of Object.keys(s)) if (!keys.includes(k)) keys.push(k);
    return keys.flatMap((k) => diffParameters(sets.map((s) => (s as Record<string, unknown>)[k]), prefix ? `${prefix}.${k}` : k));
  }
  return sets.every((s) => same(s, sets[0])) ? [] : [{ path: prefix, values: [...sets] }];
}
