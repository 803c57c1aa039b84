import { describe, expect, it } from 'vitest';
import { mean } from '../../../engine/analysis/descriptive.ts';
import { benjaminiHochbergThreshold, changeText, compareEnsembles, relativeChange, seedVariationText } from '../../../engine/analysis/ensemble-comparison.ts';
import type { PopulationValues } from '../../../engine/analysis/statistics.ts';
import { seededRandom } from '../../../src-renderer/lib/plots/test-support/pd14-synthetic.ts';

const POPS = ['E', 'I'];

/**
 * A synthetic run: per population 400 neuron rates around a seed-dependent level (the seed moves
 * the level by ~2 %, as connectivity does), CV ISI around 0.6 and 200 correlations around 0.01.
 */
function run(seed: number, rateHz: Record<string, number>): PopulationValues[] {
  const rnd = seededRandom(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  return POPS.map((name) => {
    const level = rateHz[name] * (1 + 0.02 * normal());
    const rates = Float64Array.from({ length: 400 }, () => Math.max(0, level * (1 + 0.5 * normal())));
    const cv = Float64Array.from({ length: 300 }, () => 0.6 + 0.1 * normal());
    const corr = Float64Array.from({ length: 200 }, () => 0.01 + 0.02 * normal());
    return { name, distributions: { rates, cv_isi: cv, corr_2ms: corr }, scalars: { rate_mean: mean(rates), peak_freq: NaN, peak_power: NaN } };
  });
}

const base = { E: 4, I: 8 };
const ensemble = (seeds: number[], rateHz = base): PopulationValues[][] => seeds.map((s) => run(s, rateHz));

describe('compareEnsembles', () => {
  it('the same configuration with other seeds: every statistic agrees, and the method says what it did', () => {
    const c = compareEnsembles(ensemble([1, 2, 3, 4, 5]), ensemble([6, 7, 8, 9, 10]));
    expect(c.rows).toHaveLength(6);
    expect(c.rows.every((r) => r.verdict === 'agree' && r.differBy === null)).toBe(true);
    expect(c.verdict).toBe('agree');
    expect(c.headline).toBe('The ensembles agree (5 and 5 seeds): all 6 statistics lie within seed-to-seed variation.');
    expect(c.method).toMatchObject({ nA: 5, nB: 5, splits: 252, exact: true, statistics: 6, tests: 12, q: 0.05 });
    // 1/126 · 12 / 0.05 = 1.9: two tests must reach the smallest p together.
    expect(c.method.minimumTogether).toBe(2);
    expect(c.notes).toEqual([
      'With 5 and 5 seeds the smallest possible p is 0.008: a difference shows only where at least 2 of the 12 tests (a distribution and a mean per statistic) ' +
        'reach it together; a change confined to one or two statistics needs more seeds.',
    ]);
  });

  it('I firing 15 % more: I rates differ, with the change, its interval and the seeds\' spread; E agrees', () => {
    const c = compareEnsembles(ensemble([1, 2, 3, 4, 5]), ensemble([6, 7, 8, 9, 10], { E: 4, I: 9.2 }));
    const i = c.rows.find((r) => r.population === 'I' && r.statistic === 'rates')!;
    expect(i.verdict).toBe('differ');
    expect(i.differBy).toBe('both');
    expect(i.change.relative).toBeGreaterThan(0.1);
    expect(i.change.relativeCi95[0]).toBeGreaterThan(0.05);
    expect(i.betweenD).toBeGreaterThan(1.5 * i.withinD);
    expect(c.rows.filter((r) => r.verdict === 'differ').map((r) => `${r.population} ${r.statistic}`)).toEqual(['I rates']);
    expect(c.verdict).toBe('differ');
    expect(c.headline).toMatch(/^I rates differ: \+1\d % \(95 % CI \+\d+(\.\d)? to \+\d+(\.\d)? %\), beyond seed-to-seed variation of ± \d\.\d %; the other 5 statistics agree\.$/);
    expect(i.text).toMatch(
      /^I rates differ \(distribution and mean\): mean rate 8\.\d\d → 9\.\d\d spikes\/s, \+1\d % \(95 % CI \+\d+(\.\d)? to \+\d+(\.\d)? %\); seeds vary by ± \d\.\d %; KS D 0\.\d{3} between ensembles vs 0\.\d{3} within \(p = 0\.008\); means p = 0\.008$/,
    );
  });

  it('one run a side, or three: no verdict, and it says why', () => {
    const one = compareEnsembles(ensemble([1]), ensemble([2]));
    expect(one.verdict).toBe('undecided');
    expect(one.headline).toBe('One run on each side: one seed each cannot tell seed noise from a real difference.');
    expect(one.notes[0]).toMatch(/^One seed each cannot separate seed noise from a real difference/);
    expect(one.rows.every((r) => r.verdict === 'agree' && Number.isNaN(r.seedSd))).toBe(true);
    expect(one.rows[0].betweenD).toBeGreaterThan(0);
    const three = compareEnsembles(ensemble([1, 2, 3]), ensemble([4, 5, 6], { E: 8, I: 16 }));
    expect(three.verdict).toBe('undecided');
    expect(three.method.minimumTogether).toBe(Infinity);
    expect(three.notes[0]).toMatch(/^With 3 and 3 seeds there are too few relabellings of the seeds: no p-value can fall below 0\.100/);
  });

  it('a statistic without values on a side cannot be compared', () => {
    const a = ensemble([1, 2, 3, 4, 5]);
    const b = ensemble([6, 7, 8, 9, 10]);
    for (const r of [...a, ...b]) r[0].distributions.cv_isi = new Float64Array(0);
    const c = compareEnsembles(a, b);
    const row = c.rows.find((r) => r.population === 'E' && r.statistic === 'cv_isi')!;
    expect(row.verdict).toBe('no-data');
    expect(row.text).toBe('E CV ISI cannot be compared: neither side has values');
    expect(c.method.statistics).toBe(5);
    expect(c.notes.some((n) => n === '1 statistic cannot be compared (no values in some runs): E CV ISI.')).toBe(true);
  });

  it('a statistic that only some runs of a side have values of is not judged (short runs, silent populations), and says how many', () => {
    const a = ensemble([1, 2, 3, 4, 5]);
    const b = ensemble([6, 7, 8, 9, 10], { E: 4, I: 9.2 });
    // 4 of A's 5 runs had no neuron with 3 spikes in E: one run's CV ISI is no ensemble.
    for (const r of a.slice(1)) r[0].distributions.cv_isi = new Float64Array(0);
    const c = compareEnsembles(a, b);
    const row = c.rows.find((r) => r.population === 'E' && r.statistic === 'cv_isi')!;
    expect(row.verdict).toBe('no-data');
    expect(row.differBy).toBeNull();
    expect(row.text).toBe('E CV ISI cannot be compared: only 1 of the 5 runs of ensemble A has values (each run needs some)');
    expect(Number.isNaN(row.pDistribution) && Number.isNaN(row.pMean)).toBe(true);
    // the others are judged as before
    expect(c.rows.find((r) => r.population === 'I' && r.statistic === 'rates')!.verdict).toBe('differ');
  });

  it('refuses ensembles that cannot be compared, naming what is wrong', () => {
    const a = ensemble([1, 2]);
    expect(() => compareEnsembles(a, [])).toThrow('ensemble B: no runs');
    expect(() => compareEnsembles(a, [[a[0][1], a[0][0]]])).toThrow('the ensembles disagree on the populations: E, I vs I, E');
    expect(() => compareEnsembles(a, a, { q: 1 })).toThrow('q = 1: a false-discovery rate in (0, 1)');
  });
});

describe('the words of a verdict', () => {
  const spread = (m: number, sd: number) => ({ perRun: [], n: 5, mean: m, sd });

  it('relative changes where the base is clearly above 0, absolute ones otherwise', () => {
    expect(relativeChange(spread(4, 0.1))).toBe(true);
    expect(relativeChange(spread(0.002, 0.003))).toBe(false);
    expect(relativeChange(spread(-0.01, 0.001))).toBe(false);
    expect(changeText({ change: { difference: 0.164, ci95: [0.05, 0.28], relative: 0.041, relativeCi95: [0.0125, 0.07] } })).toBe('+4.1 % (95 % CI +1.3 to +7.0 %)');
    expect(changeText({ change: { difference: -2, ci95: [-2.5, -1.5], relative: -0.5, relativeCi95: [-0.625, -0.375] } })).toBe('−50 % (95 % CI −63 to −38 %)');
    expect(changeText({ change: { difference: 0.0021, ci95: [-0.0004, 0.0046], relative: NaN, relativeCi95: [NaN, NaN] } })).toBe('+0.0021 (95 % CI −0.00040 to +0.0046)');
    expect(seedVariationText({ seedSd: 0.09, seedSdRelative: 0.023, statistic: 'rates' })).toBe('± 2.3 %');
    expect(seedVariationText({ seedSd: 0.0012, seedSdRelative: NaN, statistic: 'corr_2ms' })).toBe('± 0.0012');
    expect(seedVariationText({ seedSd: NaN, seedSdRelative: NaN, statistic: 'rates' })).toBe('unknown (fewer than 2 seeds a side)');
  });

  it('Benjamini–Hochberg: the largest p with p(k) <= k·q/m', () => {
    // Sorted 0.01, 0.03, 0.04, 0.5 against 0.0125, 0.025, 0.0375, 0.05: only the first passes.
    expect(benjaminiHochbergThreshold([0.01, 0.04, 0.03, 0.5], 0.05)).toBe(0.01);
    // A later p below its bar carries the smaller ones with it (the step-up).
    expect(benjaminiHochbergThreshold([0.02, 0.03, 0.014, 0.5], 0.05)).toBe(0.03);
    expect(benjaminiHochbergThreshold([0.02, 0.5, 0.6, 0.7], 0.05)).toBe(0);
    expect(benjaminiHochbergThreshold([0.012, 0.5, 0.6, 0.7], 0.05)).toBe(0.012);
    expect(benjaminiHochbergThreshold([NaN, 0.001], 0.05)).toBe(0.001);
  });
});
