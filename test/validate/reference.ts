/**
 * Helpers for the NEST reference runs (validation.md): where they live, loading one run into the
 * values our comparison uses, and the NEST-versus-NEST yardstick.
 *
 * The reference folder is found from MICROCIRCUIT_REFERENCE_DIR, else `<repo>/shared/reference/nest`,
 * else `/work/shared/reference/nest`. Nothing is cached on disk; in-process results are memoised.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  analyzeRun,
  yardstickFromRuns,
  type PopulationValues,
  type PopulationStats,
  type RunAnalysis,
  type TimeWindow,
  type Yardstick,
} from '../../engine/analysis/index.ts';
import { readNestOutputFolderSync, type NestOutputFolder } from '../../engine/nest/index.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The seven NEST 3.10 runs of the shipped configuration that differ only in the seed. */
export const NEST_SEED_RUNS = [
  'default_N0.1_K0.1_t1_s55',
  'default_N0.1_K0.1_t1_s1',
  'default_N0.1_K0.1_t1_s2',
  'default_N0.1_K0.1_t1_s3',
  'default_N0.1_K0.1_t1_s4',
  'default_N0.1_K0.1_t1_s5',
  'default_N0.1_K0.1_t1_s6',
] as const;

/** The folder holding the NEST reference runs; throws with the places it looked when missing. */
export function referenceRoot(): string {
  const candidates = [
    process.env.MICROCIRCUIT_REFERENCE_DIR,
    join(REPO_ROOT, 'shared', 'reference', 'nest'),
    // CI clones the repository next to a copy of shared/.
    join(REPO_ROOT, '..', 'shared', 'reference', 'nest'),
    '/work/shared/reference/nest',
  ].filter((c): c is string => typeof c === 'string' && c.length > 0);
  for (const c of candidates) if (existsSync(join(c, 'README.md'))) return c;
  throw new Error(`NEST reference data not found; looked in: ${candidates.join(', ')} (set MICROCIRCUIT_REFERENCE_DIR)`);
}

/** Absolute folder of a reference run by name (e.g. 'default_N0.1_K0.1_t1_s55'). */
export function referenceRunDir(name: string): string {
  return join(referenceRoot(), name);
}

/** The parts of a reference run's JSON (`<run>.json`) the tests use. */
export interface ReferenceJson {
  run: string;
  config: { seed: number; N_scaling: number; K_scaling: number; t_presim_ms: number; t_sim_ms: number; resolution_ms: number; nest_version: string };
  spikes: {
    window_ms: [number, number];
    n_spikes_window: number;
    network_rate_mean_hz: number;
    network_pop_count_1ms_fano_factor: number;
  };
  rules: Record<string, string>;
  populations: Record<string, PopulationStats>;
}

/** Reads `<dir>.json` beside a reference folder (null when absent). */
export function readReferenceJson(dir: string): ReferenceJson | null {
  const path = `${dir.replace(/\/+$/, '')}.json`;
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ReferenceJson) : null;
}

export interface NestRun {
  name: string;
  dir: string;
  /** The analysis window: the JSON's `spikes.window_ms`, else (500, 1500] ms. */
  window: TimeWindow;
  json: ReferenceJson | null;
  folder: NestOutputFolder;
  /** Our statistics of the run's spikes (same fields as the JSON). */
  analysis: RunAnalysis;
  /** Per population: every registered statistic (rates, CV ISI, correlations, mean rate). */
  values: PopulationValues[];
}

const runCache = new Map<string, NestRun>();

/** Loads a NEST output folder and computes its statistics and distributions (memoised per dir). */
export function loadNestRun(dir: string): NestRun {
  const key = resolve(dir);
  const hit = runCache.get(key);
  if (hit) return hit;
  const json = readReferenceJson(key);
  const window: TimeWindow = json ? { t0Ms: json.spikes.window_ms[0], t1Ms: json.spikes.window_ms[1] } : { t0Ms: 500, t1Ms: 1500 };
  const folder = readNestOutputFolderSync(key);
  const analysis = analyzeRun(folder.populations, window);
  const run: NestRun = {
    name: key.split('/').pop() ?? key,
    dir: key,
    window,
    json,
    folder,
    analysis,
    values: analysis.values,
  };
  runCache.set(key, run);
  return run;
}

let yardstickCache: Yardstick | null = null;

/**
 * The NEST-versus-NEST yardstick of the seven seed runs: for every population and statistic, the KS
 * distance of every pair of seeds (21 pairs), its mean, SD (ddof 1) and threshold mean + 2 SD.
 */
export function nestYardstick(): Yardstick {
  if (!yardstickCache) {
    yardstickCache = yardstickFromRuns(NEST_SEED_RUNS.map((name) => loadNestRun(referenceRunDir(name)).values));
  }
  return yardstickCache;
}
