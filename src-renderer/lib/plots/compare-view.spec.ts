import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ComparisonRow } from '../../../engine/analysis/yardstick.ts';
import type { Comparison, KsRow } from './compare-types.ts';
import {
  AGREE_SENTENCE,
  distributionRules,
  distributionSeries,
  formatValue,
  joinWords,
  ksRowsOf,
  populationNames,
  rateGroups,
  shownRuns,
  verdictSentence,
  verdictTone,
} from './compare-view.ts';

const row = (population: string, statistic: KsRow['statistic'], verdict: KsRow['verdict'], d = 0.05, threshold = 0.1): KsRow => ({
  population,
  statistic,
  d,
  threshold,
  verdict,
  text: `${population} ${statistic} ${verdict}`,
});

const comparison: Comparison = {
  runs: [
    { runId: 7, populations: [{ name: 'L23E', rateMeanHz: 0.9, distributions: { rates: [0, 1, 2], cv_isi: [1.1], corr_2ms: [0.01, NaN] } }] },
    { runId: 9, populations: [{ name: 'L23E', rateMeanHz: 1.4, distributions: { rates: Float64Array.from([1, 2]), cv_isi: [], corr_2ms: [0.02] } }] },
  ],
  parameterDifferences: [{ path: 'sim.rng_seed', values: [55, 56] }],
  ks: [row('L23E', 'rates', 'fail', 0.21, 0.12)],
};

describe('verdictSentence', () => {
  it('says all agree when every row passes', () => {
    expect(verdictSentence([row('L23E', 'rates', 'pass'), row('L5I', 'cv_isi', 'pass')])).toBe(AGREE_SENTENCE);
    expect(AGREE_SENTENCE).toBe("All populations agree within NEST's seed-to-seed variation");
  });

  it('names what differs, with D and the threshold', () => {
    const s = verdictSentence([row('L23E', 'rates', 'fail', 0.21, 0.12), row('L4E', 'rates', 'pass'), row('L5I', 'cv_isi', 'fail', 0.15, 0.09)]);
    expect(s).toBe("L23E rates and L5I CV ISI differ: D=0.210 > 0.120 and D=0.150 > 0.090 (KS distance above NEST's seed-to-seed threshold).");
  });

  it('names more than three differences without their numbers', () => {
    const rows = ['L23E', 'L4E', 'L5E', 'L6E'].map((p) => row(p, 'rates', 'fail', 0.3, 0.1));
    expect(verdictSentence(rows)).toBe("L23E rates, L4E rates, L5E rates and L6E rates differ: their KS distances exceed NEST's seed-to-seed thresholds (see the table).");
  });

  it('names rows that could not be judged', () => {
    expect(verdictSentence([row('L23E', 'rates', 'pass'), row('L6I', 'corr_2ms', 'no-data', NaN)])).toBe(
      "Everything judged agrees within NEST's seed-to-seed variation (1 of 2). No data: L6I correlations.",
    );
    expect(verdictSentence([row('L23E', 'rates', 'no-yardstick', 0.3, NaN)])).toBe('Nothing could be judged. No NEST yardstick for L23E rates.');
    expect(verdictSentence([])).toMatch(/^No KS distances/);
  });

  it('says which run differs when 3+ runs are compared with the first', () => {
    const rows: KsRow[] = [
      { ...row('L23E', 'rates', 'fail', 0.3, 0.1), runIds: [1, 2] },
      { ...row('L23E', 'rates', 'pass'), runIds: [1, 3] },
    ];
    expect(verdictSentence(rows, (id) => `run ${id}`)).toMatch(/^L23E rates of run 2 differ: D=0.300 > 0.100/);
  });

  it('has a tone', () => {
    expect(verdictTone([row('a', 'rates', 'pass')])).toBe('pass');
    expect(verdictTone([row('a', 'rates', 'pass'), row('b', 'rates', 'fail')])).toBe('fail');
    expect(verdictTone([row('a', 'rates', 'no-data')])).toBe('unknown');
  });

  it('states the rule of every distribution, from the registry', () => {
    expect(distributionRules()).toBe(
      'Firing rate: every neuron, silent ones as 0; CV ISI: only neurons with ≥ 3 spikes in the window; ' +
        'Spike-count correlation: 200 neurons sampled, 2 ms bins (counted from the window start, a last partial bin dropped), pairs with a silent neuron dropped.',
    );
  });

  it('joins words', () => {
    expect(joinWords(['a'])).toBe('a');
    expect(joinWords(['a', 'b', 'c'])).toBe('a, b and c');
  });
});

describe('the comparison’s tables and plot inputs', () => {
  it('accepts engine/analysis ComparisonRows as KS rows', () => {
    expectTypeOf<ComparisonRow>().toMatchTypeOf<KsRow>();
  });

  it('names and colours the runs', () => {
    const runs = shownRuns(comparison, [{ id: 9, name: 'seed 56', color: '#ff0000' }]);
    expect(runs.map((r) => [r.id, r.name, r.index])).toEqual([
      [7, 'Run 7', 0],
      [9, 'seed 56', 1],
    ]);
    expect(runs[1].color).toBe('#ff0000');
    expect(runs[0].color).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('feeds the grouped box plot and the distributions', () => {
    const runs = shownRuns(comparison, []);
    const g = rateGroups(comparison, runs);
    expect(g.map((x) => [x.label, Array.from(x.rows[0].values)])).toEqual([
      ['Run 7', [0, 1, 2]],
      ['Run 9', [1, 2]],
    ]);
    const d = distributionSeries(comparison, runs, 'L23E', 'corr_2ms');
    expect(d[0].values).toBeInstanceOf(Float64Array);
    expect(Array.from(d[1].values)).toEqual([0.02]);
    expect(distributionSeries(comparison, runs, 'L9X', 'rates')[0].values.length).toBe(0);
    expect(populationNames(comparison)).toEqual(['L23E']);
    expect(ksRowsOf(comparison.ks, 'L23E', 'rates')).toHaveLength(1);
  });

  it('prints parameter values', () => {
    expect(formatValue(0.1)).toBe('0.1');
    expect(formatValue([1, 2])).toBe('[1,2]');
    expect(formatValue(undefined)).toBe('—');
    expect(formatValue('poisson')).toBe('poisson');
    expect(formatValue({ a: 'x'.repeat(100) }).endsWith('…')).toBe(true);
  });
});
