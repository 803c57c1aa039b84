/**
 * The ensemble verdict on real runs of our engine (docs/comparison.md): ensembles of 5 seeds each
 * of the shipped configuration (N = K = 0.1) agree with each other and with NEST's seven reference
 * runs, and a small real change — net.g −4 → −4.5, net.bg_rate 8 → 8.5 — is found where it acts.
 * 20 runs of about a second each; the seeds are fixed, so the outcome is too (the calibration
 * study measures how often other seeds would give another).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compareEnsembles, STATISTICS, summarizeEnsemble, type PopulationValues } from '../../engine/analysis/index.ts';
import { loadNestRun, NEST_SEED_RUNS, referenceRunDir } from '../validate/reference.ts';
import { runOurs } from '../validate/ours.ts';

async function ensemble(sets: string[], seeds: number[]): Promise<PopulationValues[][]> {
  const out: PopulationValues[][] = [];
  for (const seed of seeds) out.push((await runOurs('default', [...sets, `sim.rng_seed=${seed}`])).analysis.values);
  return out;
}

let shippedA: PopulationValues[][];
let shippedB: PopulationValues[][];
let inhibition: PopulationValues[][];
let drive: PopulationValues[][];

beforeAll(async () => {
  shippedA = await ensemble([], [1, 2, 3, 4, 5]);
  shippedB = await ensemble([], [6, 7, 8, 9, 10]);
  inhibition = await ensemble(['net.g=-4.5'], [101, 102, 103, 104, 105]);
  drive = await ensemble(['net.bg_rate=8.5'], [201, 202, 203, 204, 205]);
}, 600_000);

const names = (c: ReturnType<typeof compareEnsembles>, verdict: string) => c.rows.filter((r) => r.verdict === verdict).map((r) => `${r.population} ${STATISTICS[r.statistic].noun}`);

describe('the ensemble verdict on our engine at N = K = 0.1', () => {
  it('two ensembles of 5 seeds of the shipped configuration agree on all 24 statistics', () => {
    const c = compareEnsembles(shippedA, shippedB);
    expect(c.rows).toHaveLength(24);
    expect(names(c, 'differ')).toEqual([]);
    expect(c.verdict).toBe('agree');
    expect(c.headline).toBe('The ensembles agree (5 and 5 seeds): all 24 statistics lie within seed-to-seed variation.');
    expect(c.method).toMatchObject({ splits: 252, exact: true, tests: 48 });
    expect(c.method.smallestP).toBeCloseTo(1 / 126, 12);
  });

  it("our 5 seeds agree with NEST's seven reference runs on all 24 statistics", () => {
    const nest = NEST_SEED_RUNS.map((n) => loadNestRun(referenceRunDir(n)).values);
    const c = compareEnsembles(shippedA, nest);
    expect(names(c, 'differ')).toEqual([]);
    expect(c.verdict).toBe('agree');
    expect(c.method.splits).toBe(792);
    // Every mean rate lies well inside the seed-to-seed spread: the difference is at most 3 seed SDs.
    for (const r of c.rows.filter((x) => x.statistic === 'rates')) expect(Math.abs(r.change.difference), r.text).toBeLessThan(3 * r.seedSd);
  });

  it('net.g −4 → −4.5 (12.5 % more inhibition): every population fires less, and the verdict leads with the clearest change', () => {
    const c = compareEnsembles(shippedA, inhibition);
    expect(c.verdict).toBe('differ');
    const rates = c.rows.filter((r) => r.statistic === 'rates');
    expect(rates.every((r) => r.verdict === 'differ' && r.change.ci95[1] < 0)).toBe(true);
    // The study (30 v 10 seeds) finds this change in all 24 statistics; 5 v 5 seeds find nearly all.
    expect(names(c, 'differ').length).toBeGreaterThanOrEqual(20);
    // Where the weaker network leaves some runs of a population without values (no neuron with 3
    // spikes: no CV ISI), that statistic is not judged, and says so.
    const judged = c.rows.filter((r) => r.verdict !== 'no-data');
    for (const r of c.rows.filter((x) => x.verdict === 'no-data')) expect(r.text).toMatch(/cannot be compared/);
    expect(judged.length).toBeGreaterThanOrEqual(20);
    expect(c.headline).toMatch(/^(All 2\d|\d+ of 2\d) statistics differ beyond seed-to-seed variation \(5 and 5 seeds\); clearest: L\d+[EI] rates −\d+ % \(95 % CI −\d+ to −\d+ %; seeds vary by ± \d\.\d %\)/);
  });

  it('net.bg_rate 8 → 8.5: every population fires more; the CV ISI of L23E, which this change does not move, agrees', () => {
    const c = compareEnsembles(shippedA, drive);
    expect(c.verdict).toBe('differ');
    const rates = c.rows.filter((r) => r.statistic === 'rates');
    expect(rates.every((r) => r.verdict === 'differ' && r.change.ci95[0] > 0)).toBe(true);
    // Where the change does not act (30 v 10 seeds: permutation p 0.99), the verdict says so.
    const cv = c.rows.find((r) => r.population === 'L23E' && r.statistic === 'cv_isi')!;
    expect(cv.verdict, cv.text).toBe('agree');
    expect(cv.text).toMatch(/^L23E CV ISI agree: mean CV ISI 0\.\d+ → 0\.\d+, [+−]\d+(\.\d)? % \(95 % CI [+−]\d+(\.\d)? to [+−]\d+(\.\d)? %\); seeds vary by ± \d+\.\d %; KS D 0\.\d{3} between ensembles vs 0\.\d{3} within \(p = 0\.\d{3}\); means p = 0\.\d{3}$/);
  });

  it('an ensemble summary: per population mean ± SD over the seeds of mean rate, CV ISI and correlation', () => {
    const s = summarizeEnsemble(shippedA);
    expect(s.nRuns).toBe(5);
    const l4e = s.populations.find((p) => p.name === 'L4E')!;
    expect(l4e.perSeed.rates.n).toBe(5);
    expect(l4e.perSeed.rates.mean).toBeGreaterThan(3.5);
    expect(l4e.perSeed.rates.mean).toBeLessThan(4.5);
    expect(l4e.perSeed.rates.sd).toBeGreaterThan(0);
    expect(l4e.perSeed.rates.perRun).toEqual(shippedA.map((r) => r[2].scalars.rate_mean));
    expect(l4e.pooled.rates.n).toBe(5 * shippedA[0][2].distributions.rates.length);
    expect(l4e.perSeed.cv_isi.mean).toBeGreaterThan(0.3);
    expect(l4e.perSeed.corr_2ms.n).toBe(5);
  });
});
