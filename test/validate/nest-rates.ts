/**
 * Mean rates against a large NEST ensemble (docs/validation.md §2, §4, §8): NEST runs of the shipped
 * configuration and of each N = K = 0.1 option with ~100 seeds, and of full scale with every NEST
 * seed run for this project, kept as rates only (test/fixtures/nest/*-seed-rates.json).
 *
 * Seven NEST seeds give a band for the mean rate that is wide for some populations and, by chance,
 * narrow for others; a hundred fix NEST's mean to a small standard error. The rule: for every
 * population the difference between our ensemble's mean rate and NEST's, in units of its standard
 * error, satisfies |z| <= RATE_Z_MAX. If the simulators are equivalent, both ensembles scatter from
 * seed to seed alike, so the standard error uses the SD pooled over both (Student's two-sample form:
 * z = difference / (sd_pooled * sqrt(1 / n_ours + 1 / n_nest))): a handful of our seeds then borrows
 * NEST's well-measured spread instead of trusting its own SD of 5 degrees of freedom, which may come
 * out several times too small. With 8 populations and no real difference, some |z| > 3 in about 2 %
 * of comparisons. The pooled SD presumes both ensembles scatter alike; each row also gives the ratio
 * of the two seed-to-seed SDs and its F test, which says whether they do (reported, not judged: a
 * difference of spread is a finding to explain, not a failed mean).
 *
 * Pure functions apart from reading the fixture.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mean, spreadRatio, std } from '../../engine/analysis/index.ts';
import type { RateRow } from './ensemble.ts';
import { FIXTURE_ROOT } from './reference.ts';

/** Largest |z| of a population's mean-rate difference that passes. */
export const RATE_Z_MAX = 3;

export interface SeedRates {
  what: string;
  nest_version: string;
  populations: string[];
  window_ms: [number, number];
  runs: { seed: number; rates_hz: number[] }[];
}

export const SHIPPED_SEED_RATES = join(FIXTURE_ROOT, 'shipped-seed-rates.json');
export const FULL_SCALE_SEED_RATES = join(FIXTURE_ROOT, 'full-scale-seed-rates.json');

/** Reads and checks a seed-rates file: 8 finite, non-negative rates per run, distinct seeds. */
export function loadSeedRates(path = SHIPPED_SEED_RATES): SeedRates {
  const j = JSON.parse(readFileSync(path, 'utf8')) as SeedRates;
  if (!Array.isArray(j.populations) || j.populations.length !== 8) throw new Error(`${path}: populations must list the 8 populations`);
  if (!Array.isArray(j.runs) || j.runs.length < 2) throw new Error(`${path}: runs must hold at least 2 runs`);
  const seeds = new Set<number>();
  for (const r of j.runs) {
    if (!Number.isInteger(r.seed) || seeds.has(r.seed)) throw new Error(`${path}: seed ${r.seed} is not a distinct integer`);
    seeds.add(r.seed);
    if (!Array.isArray(r.rates_hz) || r.rates_hz.length !== 8 || !r.rates_hz.every((x) => Number.isFinite(x) && x >= 0)) {
      throw new Error(`${path}: seed ${r.seed} must have 8 finite, non-negative rates`);
    }
  }
  return j;
}

/** A population's row: the ensemble summary fields of the band rule's RateRow, and this rule's own. */
export interface RateMeanRow extends Pick<RateRow, 'population' | 'oursMeanHz' | 'oursSdHz' | 'nOurs' | 'nestMeanHz' | 'nestSdHz' | 'nNest'> {
  /** (ours - NEST) / NEST. */
  diffRel: number;
  /** Standard error of the difference (pooled SD), relative to NEST's mean. */
  seRel: number;
  /** (ours - NEST) / that standard error. */
  z: number;
  pass: boolean;
  /** Our seed-to-seed SD / NEST's, and the two-sided F-test p-value of "they scatter alike". */
  sdRatio: number;
  sdRatioP: number;
}

/**
 * Per population: our runs' mean rates (ours[run][pop]) against NEST's (nest[run][pop]). Needs at
 * least 2 runs a side (the standard error needs both SDs).
 */
export function compareRateMeans(ours: readonly (readonly number[])[], nest: readonly (readonly number[])[], populations: readonly string[]): RateMeanRow[] {
  if (ours.length < 2 || nest.length < 2) throw new Error(`mean rates need at least 2 runs a side (ours ${ours.length}, NEST ${nest.length})`);
  return populations.map((population, p) => {
    const o = ours.map((r) => r[p]);
    const n = nest.map((r) => r[p]);
    const [om, os, nm, ns] = [mean(o), std(o, 1), mean(n), std(n, 1)];
    const pooled = Math.sqrt(((ours.length - 1) * os * os + (nest.length - 1) * ns * ns) / (ours.length + nest.length - 2));
    const se = pooled * Math.sqrt(1 / ours.length + 1 / nest.length);
    const d = om - nm;
    const z = se > 0 ? d / se : d === 0 ? 0 : Math.sign(d) * Infinity;
    const spread = spreadRatio(os, ours.length, ns, nest.length);
    return {
      population,
      oursMeanHz: om,
      oursSdHz: os,
      nOurs: ours.length,
      nestMeanHz: nm,
      nestSdHz: ns,
      nNest: nest.length,
      diffRel: nm > 0 ? d / nm : Number.NaN,
      seRel: nm > 0 ? se / nm : Number.NaN,
      z,
      pass: Math.abs(z) <= RATE_Z_MAX,
      sdRatio: spread.ratio,
      sdRatioP: spread.p,
    };
  });
}

/** The rows as a table. */
export function formatRateMeans(rows: readonly RateMeanRow[]): string {
  const lines = ['pop     ours Hz (SD, n)            NEST Hz (SD, n)            diff ± SE             z         SD ratio (F test p)'];
  for (const r of rows) {
    const o = `${r.oursMeanHz.toFixed(4)} (${r.oursSdHz.toFixed(4)}, ${r.nOurs})`;
    const n = `${r.nestMeanHz.toFixed(4)} (${r.nestSdHz.toFixed(4)}, ${r.nNest})`;
    const d = `${(100 * r.diffRel >= 0 ? '+' : '') + (100 * r.diffRel).toFixed(2)} % ± ${(100 * r.seRel).toFixed(2)} %`;
    const z = `${(r.z >= 0 ? '+' : '') + r.z.toFixed(1)} ${r.pass ? 'ok' : 'OUT'}`;
    const p = r.sdRatioP < 0.001 ? '< 0.001' : r.sdRatioP.toFixed(3);
    lines.push(`${r.population.padEnd(8)}${o.padEnd(27)}${n.padEnd(27)}${d.padEnd(22)}${z.padEnd(10)}${r.sdRatio.toFixed(2)} (${p})`);
  }
  return lines.join('\n');
}
