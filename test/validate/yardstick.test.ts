/**
 * The NEST-versus-NEST yardstick (validation.md) from the seven NEST 3.10 runs that differ only in
 * the seed: KS distances of rates, CV ISI and correlations between every pair of seeds, per
 * population; the pass threshold is mean + 2 SD. Printed so that the numbers are visible in CI logs.
 */
import { describe, expect, it } from 'vitest';
import { DISTRIBUTION_KEYS, formatYardstick, yardstickEntry } from '../../engine/analysis/index.ts';
import { loadNestRun, NEST_SEED_RUNS, nestYardstick, referenceRunDir } from './reference.ts';

describe('NEST-vs-NEST yardstick at N = K = 0.1, 1 s', () => {
  it('loads each seed run with the statistics of its JSON', () => {
    for (const name of NEST_SEED_RUNS) {
      const run = loadNestRun(referenceRunDir(name));
      expect(run.json?.config.N_scaling).toBe(0.1);
      expect(run.values.map((d) => d.name)).toEqual(['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I']);
      for (const [pop, stats] of Object.entries(run.json?.populations ?? {})) {
        expect(run.analysis.populations[pop].rate_mean_hz, `${name} ${pop}`).toBe(stats.rate_mean_hz);
        expect(run.analysis.populations[pop].cv_isi.mean, `${name} ${pop}`).toBe(stats.cv_isi.mean);
        expect(run.analysis.populations[pop].corr_2ms.n_pairs, `${name} ${pop}`).toBe(stats.corr_2ms.n_pairs);
      }
    }
  });

  it('has 21 seed pairs per population and statistic, with sane thresholds', () => {
    const y = nestYardstick();
    console.log(`NEST-vs-NEST KS distance D over ${y.nRuns} seeds (mean ± SD -> threshold mean + 2 SD)\n${formatYardstick(y)}`);
    expect(y.nRuns).toBe(7);
    expect(y.entries).toHaveLength(24);
    for (const e of y.entries) {
      const what = `${e.population} ${e.statistic}`;
      expect(e.distances, what).toHaveLength(21);
      expect(e.meanD, what).toBeGreaterThan(0);
      expect(e.sdD, what).toBeGreaterThan(0);
      expect(e.threshold, what).toBeGreaterThan(e.meanD);
      expect(e.threshold, what).toBeLessThan(1);
      expect(Math.max(...e.distances), what).toBeLessThan(1);
    }
  });

  it('is wide where the samples are small (1 s at 0.1 scale), as validation.md warns', () => {
    const y = nestYardstick();
    // L23E fires sparsely (~0.4-0.5 spikes/s): only a few dozen neurons have a CV, so its CV yardstick
    // is wider than that of L4E (>1000 CVs).
    expect(yardstickEntry(y, 'L23E', 'cv_isi')!.threshold).toBeGreaterThan(yardstickEntry(y, 'L4E', 'cv_isi')!.threshold);
    for (const s of DISTRIBUTION_KEYS) expect(yardstickEntry(y, 'L4E', s)!.threshold).toBeLessThan(0.2);
  });
});
