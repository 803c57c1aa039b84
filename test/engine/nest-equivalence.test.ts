/**
 * Statistical equivalence with NEST at the shipped configuration (validation.md): for every
 * population, the KS distances of per-neuron rates, CV ISI and pairwise correlations between our
 * runs and NEST's seven reference runs stay within the NEST-versus-NEST yardstick (mean + 2 SD of
 * D between NEST runs that differ only in the seed); mean rates lie within NEST's seed-to-seed spread.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compareRunSets, formatYardstick } from '../../engine/analysis/index.ts';
import { loadNestRun, NEST_SEED_RUNS, nestYardstick, referenceRunDir } from '../validate/reference.ts';
import { runOurs, type OurRun } from '../validate/ours.ts';

// Six seeds (validation.md: at least 3; the papers use 5 to 10): the mean distance over 6 x 7 run
// pairs is steady enough for a fixed test; with 3 it wanders by about the yardstick's SD.
const SEEDS = [55, 1, 2, 3, 4, 5];
const ours: OurRun[] = [];

beforeAll(async () => {
  for (const seed of SEEDS) ours.push(await runOurs('default', [`sim.rng_seed=${seed}`, 'sim.local_num_threads=2']));
}, 300_000);

describe('equivalence with NEST at N = K = 0.1', () => {
  it('KS distances of rates, CV ISI and correlations are within the NEST-vs-NEST yardstick', () => {
    const yardstick = nestYardstick();
    const nest = NEST_SEED_RUNS.map((n) => loadNestRun(referenceRunDir(n)).values);
    const cmp = compareRunSets(ours.map((o) => o.analysis.values), nest, yardstick);
    console.log(formatYardstick(yardstick));
    console.log(cmp.rows.map((r) => r.text).join('\n'));
    expect(cmp.rows).toHaveLength(24);
    expect(cmp.problems).toEqual([]);
  });

  it('population mean rates lie within the NEST seed-to-seed spread', () => {
    const nestRuns = NEST_SEED_RUNS.map((n) => loadNestRun(referenceRunDir(n)).analysis.populations);
    const names = Object.keys(nestRuns[0]);
    names.forEach((name, i) => {
      const nestRates = nestRuns.map((r) => r[name].rate_mean_hz);
      const m = nestRates.reduce((a, b) => a + b, 0) / nestRates.length;
      const sd = Math.sqrt(nestRates.reduce((a, b) => a + (b - m) ** 2, 0) / (nestRates.length - 1));
      const ourMean = ours.reduce((a, o) => a + o.outcome.summary.rates_hz[i], 0) / ours.length;
      // Our mean of 6 seeds against NEST's mean of 7: within 3 standard errors of the difference.
      const se = sd * Math.sqrt(1 / nestRates.length + 1 / ours.length);
      expect(Math.abs(ourMean - m), `${name}: ours ${ourMean.toFixed(3)} vs NEST ${m.toFixed(3)} ± ${sd.toFixed(3)}`).toBeLessThan(3 * se + 0.02 * m);
    });
  });

  it('every run reports its analysis window rates as the statistics compute them', () => {
    for (const o of ours) {
      const names = Object.keys(o.analysis.populations);
      names.forEach((name, i) => expect(o.outcome.summary.rates_hz[i]).toBeCloseTo(o.analysis.populations[name].rate_mean_hz, 12));
    }
  });
});
