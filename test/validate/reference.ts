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
import type { EnsembleRun } from './ensemble.ts';

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

/**
 * NEST runs we made ourselves (NEST 3.10 built from source, the exported PyNEST script, other seeds
 * and options): `test/fixtures/nest/`, see its README.md.
 */
export const FIXTURE_ROOT = join(REPO_ROOT, 'test', 'fixtures', 'nest');

/**
 * Absolute folder of a NEST run by name (e.g. 'default_N0.1_K0.1_t1_s55'): the shared reference
 * folder, else the project's own fixtures (test/fixtures/nest).
 */
export function referenceRunDir(name: string): string {
  const fixture = join(FIXTURE_ROOT, name);
  if (existsSync(join(fixture, 'population_nodeids.dat'))) return fixture;
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

/** A configuration judged as an ensemble against NEST runs of it that differ only in the seed. */
export interface NestEnsemble {
  key: 'shipped' | 'thalamic' | 'dcinput' | 'v0original' | 'full';
  title: string;
  /** Our preset and overrides for the configuration (the seed and threads are added per run). */
  preset: 'default' | 'full';
  sets: string[];
  /** The NEST runs (folder names, found by referenceRunDir). */
  runs: readonly string[];
  /**
   * A file in test/fixtures/nest with the mean rates of NEST seeds of this configuration (its runs
   * and more, rates only), for the z rule of test/validate/nest-rates.ts.
   */
  seedRates?: string;
}

/** Seeds of the NEST runs of each N = K = 0.1 option kept as spikes (seeds 1-100, for the DC stimulus 1-200, are kept as rates). */
export const OPTION_NEST_SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

/**
 * Seeds of the full-scale NEST runs kept as spikes: 55 and 1 in the shared reference folder, 2-24
 * in test/fixtures/nest (a full-scale NEST run takes 4-12 minutes and 14.5 GB here). Every
 * full-scale NEST seed, these and those kept as rates only, is in full-scale-seed-rates.json.
 */
export const FULL_SCALE_NEST_SEEDS = [55, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24] as const;

const seeds = (prefix: string, list: readonly number[]): string[] => list.map((s) => `${prefix}_s${s}`);

/**
 * The NEST ensembles: the shipped configuration (seven runs in the shared reference folder), the
 * thalamic, DC-stimulus and V0-original options at N = K = 0.1 (seeds 1-20 each kept as spikes in
 * test/fixtures/nest, seeds 1-100 as rates) and full scale (the two shared runs and our further
 * seeds in test/fixtures/nest).
 */
export const NEST_ENSEMBLES: readonly NestEnsemble[] = [
  { key: 'shipped', title: 'shipped configuration (N = K = 0.1)', preset: 'default', sets: [], runs: NEST_SEED_RUNS, seedRates: 'shipped-seed-rates.json' },
  { key: 'thalamic', title: 'thalamic input (N = K = 0.1)', preset: 'default', sets: ['stim.thalamic_input=true'], runs: seeds('thalamic_N0.1_K0.1_t1', OPTION_NEST_SEEDS), seedRates: 'thalamic-seed-rates.json' },
  { key: 'dcinput', title: 'DC stimulus (N = K = 0.1)', preset: 'default', sets: ['stim.dc_input=true'], runs: seeds('dcinput_N0.1_K0.1_t1', OPTION_NEST_SEEDS), seedRates: 'dcinput-seed-rates.json' },
  { key: 'v0original', title: "V0_type 'original' (N = K = 0.1)", preset: 'default', sets: ['net.V0_type=original'], runs: seeds('v0original_N0.1_K0.1_t1', OPTION_NEST_SEEDS), seedRates: 'v0original-seed-rates.json' },
  { key: 'full', title: 'full scale (N = K = 1)', preset: 'full', sets: [], runs: seeds('full_N1_K1_t4', FULL_SCALE_NEST_SEEDS), seedRates: 'full-scale-seed-rates.json' },
];

/** A NEST run as a member of an ensemble. */
export function nestEnsembleRun(run: NestRun): EnsembleRun {
  return { label: run.name, distributions: run.values, rateMeansHz: run.values.map((d) => run.analysis.populations[d.name].rate_mean_hz) };
}

/** Loads the NEST runs of an ensemble (throws naming the run and where it looked when one is missing). */
export function loadNestEnsemble(e: NestEnsemble): NestRun[] {
  return e.runs.map((name) => {
    const dir = referenceRunDir(name);
    if (!existsSync(join(dir, 'population_nodeids.dat'))) throw new Error(`NEST run ${name} of the ${e.title} ensemble not found (looked in ${FIXTURE_ROOT} and ${dir})`);
    return loadNestRun(dir);
  });
}
