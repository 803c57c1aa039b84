/**
 * What CompareView shows: a comparison of 2+ stored runs as plain data (numbers, strings, arrays),
 * so the service that computes it can send it over either transport. The KS rows have the shape
 * of engine/analysis compareRuns' ComparisonRow (a ComparisonRow is a KsRow), with null allowed
 * where JSON turns NaN into null. Statistics are named by their keys in the registry
 * (engine/analysis/statistics.ts), which also gives their labels, units and rules.
 */
import type { DistributionKey, StatisticKey } from '../../../engine/analysis/statistics.ts';
import type { Verdict } from '../../../engine/analysis/yardstick.ts';

export type { DistributionKey, StatisticKey, Verdict };

/** Numbers of a distribution: a plain array (JSON) or a Float64Array (structured clone). */
export type NumberArray = readonly number[] | Float64Array;

/** One population of one run. */
export interface ComparedPopulation {
  /** Population label, e.g. "L23E" (network order). */
  name: string;
  /** The registry's rate_mean: mean of the per-neuron rates over the analysis window, spikes/s. */
  rateMeanHz: number;
  /** The values of every distribution of the registry (rates, CV ISI, correlations), by key. */
  distributions: Record<DistributionKey, NumberArray>;
}

/** One run of the comparison. */
export interface ComparedRun {
  /** The stored run's id (matches CompareView's `runs[].id`). */
  runId: number;
  /** The analysis window, ms (t0, t1]: shown with the run. */
  windowMs?: { t0Ms: number; t1Ms: number };
  /** In network order (L23E ... L6I). */
  populations: ComparedPopulation[];
}

/** A parameter whose value differs between the runs. */
export interface ParameterDifference {
  /** Dotted path in the parameter set, e.g. "net.K_scaling" or "sim.rng_seed". */
  path: string;
  /** One value per run, in the order of Comparison.runs. */
  values: unknown[];
}

/** The KS distance of one population and statistic between two runs (a ComparisonRow, or its JSON). */
export interface KsRow {
  population: string;
  statistic: StatisticKey;
  /** KS distance; NaN or null when a side has no values. */
  d: number | null;
  /** The NEST seed-to-seed yardstick (mean + 2 SD of D); NaN or null when there is none. */
  threshold: number | null;
  verdict: Verdict;
  /** Plain words, e.g. "L23E rates differ: D=0.210 > 0.120". */
  text: string;
  nOurs?: number;
  nReference?: number;
  /** The two runs compared (ids); absent: the first two runs of the comparison. */
  runIds?: [number, number];
}

export interface Comparison {
  /** 2 or more runs; the first is the one the others are compared with. */
  runs: ComparedRun[];
  parameterDifferences: ParameterDifference[];
  /** Per population and statistic (and per pair of runs, with runIds, when more than two runs). */
  ks: KsRow[];
  /** How the distances were judged, in words (e.g. which yardstick, or why there is none). */
  note?: string;
}
