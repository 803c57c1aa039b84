/**
 * The runs of the verdict calibration study (docs/comparison.md): our engine's runs of a few
 * configurations, many seeds each, cached as every population's values of every registered
 * statistic under test-output/verdict-calibration/ (a run is analysed once; the study then reads
 * the cache), plus NEST's runs of the shipped configuration where they are on this machine.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DISTRIBUTION_KEYS, SCALAR_KEYS, type DistributionKey, type PopulationValues, type ScalarKey } from '../../engine/analysis/index.ts';
import { runOurs } from './ours.ts';
import { loadNestRun, NEST_SEED_RUNS, referenceRunDir } from './reference.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const CACHE_DIR = join(ROOT, 'test-output', 'verdict-calibration');

/** One configuration of the study: parameter overrides and the seeds run. */
export interface Condition {
  name: string;
  what: string;
  sets: string[];
  seeds: number[];
}

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const REDUCED = ['net.N_scaling=0.2', 'net.K_scaling=0.5', 'stim.thalamic_input=true'];

export const CONDITIONS: Condition[] = [
  { name: 'default', what: 'the shipped configuration (N = K = 0.1)', sets: [], seeds: range(1, 30) },
  { name: 'g4.5', what: 'net.g −4 → −4.5', sets: ['net.g=-4.5'], seeds: range(101, 110) },
  { name: 'bg8.5', what: 'net.bg_rate 8 → 8.5', sets: ['net.bg_rate=8.5'], seeds: range(201, 210) },
  { name: 'g4.1', what: 'net.g −4 → −4.1', sets: ['net.g=-4.1'], seeds: range(301, 310) },
  { name: 'g4.05', what: 'net.g −4 → −4.05', sets: ['net.g=-4.05'], seeds: range(401, 410) },
  { name: 'bg8.1', what: 'net.bg_rate 8 → 8.1', sets: ['net.bg_rate=8.1'], seeds: range(501, 510) },
  { name: 'bg8.05', what: 'net.bg_rate 8 → 8.05', sets: ['net.bg_rate=8.05'], seeds: range(601, 610) },
  { name: 'reduced', what: 'N = 0.2, K = 0.5, thalamic input', sets: REDUCED, seeds: range(1, 20) },
  { name: 'reduced-g4.5', what: 'N = 0.2, K = 0.5, thalamic input, net.g −4 → −4.5', sets: [...REDUCED, 'net.g=-4.5'], seeds: range(101, 110) },
];

interface Header {
  populations: { name: string; lengths: Record<DistributionKey, number>; scalars: Record<ScalarKey, number> }[];
}

function write(file: string, values: readonly PopulationValues[]): void {
  const header: Header = {
    populations: values.map((v) => ({
      name: v.name,
      lengths: Object.fromEntries(DISTRIBUTION_KEYS.map((k) => [k, v.distributions[k].length])) as Record<DistributionKey, number>,
      scalars: v.scalars,
    })),
  };
  const total = values.reduce((a, v) => a + DISTRIBUTION_KEYS.reduce((b, k) => b + v.distributions[k].length, 0), 0);
  const data = new Float64Array(total);
  let o = 0;
  for (const v of values) {
    for (const k of DISTRIBUTION_KEYS) {
      data.set(v.distributions[k], o);
      o += v.distributions[k].length;
    }
  }
  writeFileSync(`${file}.json`, JSON.stringify(header));
  writeFileSync(`${file}.f64`, new Uint8Array(data.buffer));
}

function read(file: string): PopulationValues[] {
  const header = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as Header;
  const bytes = readFileSync(`${file}.f64`);
  const data = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  let o = 0;
  return header.populations.map((p) => {
    const distributions = {} as Record<DistributionKey, Float64Array>;
    for (const k of DISTRIBUTION_KEYS) {
      distributions[k] = data.slice(o, o + p.lengths[k]);
      o += p.lengths[k];
    }
    const scalars = {} as Record<ScalarKey, number>;
    for (const k of SCALAR_KEYS) scalars[k] = p.scalars[k] ?? NaN;
    return { name: p.name, distributions, scalars };
  });
}

/** Runs (or reads from the cache) every seed of a condition. */
export async function conditionRuns(c: Condition, log: (s: string) => void = () => {}): Promise<PopulationValues[][]> {
  const dir = join(CACHE_DIR, c.name);
  mkdirSync(dir, { recursive: true });
  const out: PopulationValues[][] = [];
  for (const seed of c.seeds) {
    const file = join(dir, `seed${seed}`);
    if (existsSync(`${file}.f64`)) {
      out.push(read(file));
      continue;
    }
    const r = await runOurs('default', [...c.sets, `sim.rng_seed=${seed}`]);
    log(`  ${c.name} seed ${seed}: ${r.wallS.toFixed(1)} s, rates ${r.outcome.summary.rates_hz.map((x) => x.toFixed(2)).join(' ')}`);
    write(file, r.analysis.values);
    out.push(r.analysis.values);
  }
  return out;
}

/** Folder of NEST's extra seeds of the shipped configuration (made for issue 12), when present. */
export const EXTRA_NEST_DIR = process.env.MICROCIRCUIT_EXTRA_NEST_DIR ?? '/work/nest-runs';

/** The extra NEST seeds the study reads when present (seeds 7–20: 14 more runs, made for issue 12). */
export const EXTRA_NEST_SEEDS = range(7, 20);

/** NEST's runs of the shipped configuration: the seven shipped ones and the extra seeds present on this machine. */
export function nestDefaultRuns(): { names: string[]; values: PopulationValues[][] } {
  const dirs = NEST_SEED_RUNS.map((n) => referenceRunDir(n));
  for (const seed of EXTRA_NEST_SEEDS) {
    const d = join(EXTRA_NEST_DIR, `default_N0.1_K0.1_t1_s${seed}`);
    if (existsSync(join(d, 'nest_run.json'))) dirs.push(d);
  }
  return { names: dirs.map((d) => d.split('/').pop() ?? d), values: dirs.map((d) => loadNestRun(d).values) };
}
