/**
 * The NEST ensembles `npm run validate` compares with (docs/validation.md) are all on disk: each run
 * of each ensemble is found (test/fixtures/nest or the reference folder), holds its population
 * table and one spike file per population, and differs from the others of its ensemble only in the
 * seed; where NEST's seeds are also kept as rates, those list every run of the ensemble, and agree
 * with the spikes of every run of the ensemble. Reads the small text files and the spikes (about
 * 1 MB per full-scale run).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inWindow, populationSize } from '../../engine/analysis/index.ts';
import { readNestOutputFolderSync } from '../../engine/nest/read.ts';
import { loadSeedRates } from './nest-rates.ts';
import { FIXTURE_ROOT, NEST_ENSEMBLES, referenceRunDir } from './reference.ts';

const MIN_RUNS: Record<string, number> = { shipped: 7, thalamic: 20, dcinput: 20, v0original: 20, full: 5 };

describe('NEST ensembles for npm run validate', () => {
  for (const e of NEST_ENSEMBLES) {
    it(`${e.key}: at least ${MIN_RUNS[e.key]} runs, all present, distinct seeds`, () => {
      expect(e.runs.length).toBeGreaterThanOrEqual(MIN_RUNS[e.key]);
      const seeds = new Set<string>();
      for (const name of e.runs) {
        const dir = referenceRunDir(name);
        const table = readFileSync(join(dir, 'population_nodeids.dat'), 'utf8').trim().split('\n');
        expect(table, `${name}: population_nodeids.dat`).toHaveLength(8);
        const spikeFiles = readdirSync(dir).filter((f) => /^spike_recorder-\d+-\d+\.dat(\.gz)?$/.test(f));
        const recorders = new Set(spikeFiles.map((f) => f.split('-')[1]));
        expect(recorders.size, `${name}: one spike recorder per population`).toBe(8);
        seeds.add(name.replace(/.*_s/, ''));
      }
      expect(seeds.size).toBe(e.runs.length);
    });
  }

  it('the runs made for the project carry the facts of the NEST run (version, seed, threads)', () => {
    for (const name of readdirSync(FIXTURE_ROOT).filter((f) => existsSync(join(FIXTURE_ROOT, f, 'population_nodeids.dat')))) {
      const run = JSON.parse(readFileSync(join(FIXTURE_ROOT, name, 'nest_run.json'), 'utf8')) as { nest_version: string; rng_seed: number; local_num_threads: number };
      expect(run.nest_version, name).toMatch(/^3\.10/);
      expect(`${run.rng_seed}`, name).toBe(name.replace(/.*_s/, ''));
      expect(run.local_num_threads, name).toBe(Number(/_t(\d+)_/.exec(name)?.[1]));
    }
  });

  for (const e of NEST_ENSEMBLES.filter((x) => x.seedRates)) {
    it(`${e.key}: the seed rates (${e.seedRates}) include every NEST run of the ensemble`, () => {
      const j = loadSeedRates(join(FIXTURE_ROOT, e.seedRates!));
      expect(j.runs.length).toBeGreaterThanOrEqual(e.runs.length);
      const kept = new Set(j.runs.map((r) => r.seed));
      for (const name of e.runs) expect(kept.has(Number(name.replace(/.*_s/, ''))), `${name} in ${e.seedRates}`).toBe(true);
    });
  }

  for (const e of NEST_ENSEMBLES.filter((x) => x.seedRates)) {
    it(`${e.key}: the seed rates are the mean rates of NEST's spikes over (500, 1500] ms, for every run of the ensemble kept as spikes`, () => {
      const j = loadSeedRates(join(FIXTURE_ROOT, e.seedRates!));
      expect(j.window_ms).toEqual([500, 1500]);
      const window = { t0Ms: j.window_ms[0], t1Ms: j.window_ms[1] };
      for (const name of e.runs) {
        const folder = readNestOutputFolderSync(referenceRunDir(name));
        const seed = Number(name.replace(/.*_s/, ''));
        const rates = j.runs.find((r) => r.seed === seed)?.rates_hz;
        expect(rates, `${name} in ${e.seedRates}`).toBeDefined();
        folder.populations.forEach((p, i) => {
          let n = 0;
          for (const t of p.timesMs) if (inWindow(t, window)) n++;
          expect(n / populationSize(p), `${name} ${p.name}`).toBeCloseTo(rates![i], 6);
        });
      }
    });
  }
});
