/**
 * Ensembles: runs of one configuration that differ only in the seed. Researchers compare
 * conditions, not single runs; an ensemble is what one condition produced. Its summary per
 * population: for every statistic of the registry, the per-run value (a distribution's mean — mean
 * rate, mean CV ISI, mean correlation — or a scalar) with its mean ± SD over the seeds, and the
 * distributions of all runs pooled (box-plot numbers here; `pooledValues` for the values).
 *
 * Pure: no I/O, shared with the page. Runs are given as their populations' values
 * (statistics.ts PopulationValues, one array per run, populations in the same order).
 */
import { boxplotStats, mean, std, type BoxplotStats } from './descriptive.ts';
import {
  DISTRIBUTION_KEYS,
  STATISTIC_KEYS,
  isDistributionKey,
  type DistributionKey,
  type PopulationValues,
  type StatisticKey,
} from './statistics.ts';

/** One run of an ensemble: its populations' values of every statistic. */
export type EnsembleRun = readonly PopulationValues[];

/** The most runs one ensemble holds: bounds every allocation of the summaries and comparisons. */
export const MAX_ENSEMBLE_RUNS = 128;

/** A per-run number (a distribution's mean, or a scalar) over the seeds of an ensemble. */
export interface SeedSpread {
  /** One value per run, in run order (NaN where a run has no values). */
  perRun: number[];
  /** Runs with a value. */
  n: number;
  /** Mean over those runs (NaN when none). */
  mean: number;
  /** Sample SD over those runs (ddof 1; NaN for fewer than 2). */
  sd: number;
}

/** One population of an ensemble. */
export interface EnsemblePopulation {
  name: string;
  /** Per statistic: the per-run value (mean of a distribution; the scalar itself) over the seeds. */
  perSeed: Record<StatisticKey, SeedSpread>;
  /** Per distribution: box-plot numbers of all runs' values pooled. */
  pooled: Record<DistributionKey, BoxplotStats>;
}

export interface EnsembleSummary {
  nRuns: number;
  populations: EnsemblePopulation[];
}

/** Checks that every run has the same populations in the same order; throws naming the first that differs. */
export function checkEnsembleShape(runs: readonly EnsembleRun[], what = 'ensemble'): string[] {
  if (runs.length === 0) throw new RangeError(`${what}: no runs`);
  if (runs.length > MAX_ENSEMBLE_RUNS) throw new RangeError(`${what}: ${runs.length} runs, at most ${MAX_ENSEMBLE_RUNS} are allowed`);
  const names = runs[0].map((p) => p.name);
  runs.forEach((r, i) => {
    const these = r.map((p) => p.name);
    if (these.join() !== names.join()) throw new RangeError(`${what}: run ${i + 1} has populations ${these.join(', ')}, run 1 has ${names.join(', ')}`);
  });
  return names;
}

/** The per-run value of a statistic in a population: a distribution's mean, or the scalar. */
export function perRunValue(values: PopulationValues, key: StatisticKey): number {
  return isDistributionKey(key) ? mean(values.distributions[key]) : values.scalars[key];
}

/** Mean and SD (ddof 1) of per-run values, NaN ones left out. */
export function seedSpread(perRun: readonly number[]): SeedSpread {
  const ok = perRun.filter((x) => !Number.isNaN(x));
  return { perRun: [...perRun], n: ok.length, mean: ok.length > 0 ? mean(ok) : NaN, sd: ok.length > 1 ? std(ok, 1) : NaN };
}

/** All runs' values of a distribution in one population, concatenated in run order. */
export function pooledValues(runs: readonly EnsembleRun[], population: number, key: DistributionKey): Float64Array {
  let n = 0;
  for (const r of runs) n += r[population].distributions[key].length;
  const out = new Float64Array(n);
  let o = 0;
  for (const r of runs) {
    out.set(r[population].distributions[key], o);
    o += r[population].distributions[key].length;
  }
  return out;
}

/** The summary of an ensemble: per population and statistic, mean ± SD over seeds; pooled box plots. */
export function summarizeEnsemble(runs: readonly EnsembleRun[]): EnsembleSummary {
  const names = checkEnsembleShape(runs);
  const populations = names.map((name, p): EnsemblePopulation => {
    const perSeed = {} as Record<StatisticKey, SeedSpread>;
    for (const key of STATISTIC_KEYS) perSeed[key] = seedSpread(runs.map((r) => perRunValue(r[p], key)));
    const pooled = {} as Record<DistributionKey, BoxplotStats>;
    for (const key of DISTRIBUTION_KEYS) pooled[key] = boxplotStats(pooledValues(runs, p, key));
    return { name, perSeed, pooled };
  });
  return { nRuns: runs.length, populations };
}
