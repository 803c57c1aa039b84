import { describe, expect, it } from 'vitest';
import { boxplotStats, std } from '../../../engine/analysis/descriptive.ts';
import { checkEnsembleShape, perRunValue, pooledValues, seedSpread, summarizeEnsemble } from '../../../engine/analysis/ensemble.ts';
import { populationValues } from './synthetic.ts';

const pop = populationValues;

const runs = [
  [pop('E', [1, 2, 3], [0.8, 0.9], [0.01, 0.03]), pop('I', [10, 12], [1.0], [0.1])],
  [pop('E', [2, 3, 4], [0.7], [0.02]), pop('I', [11, 13], [], [0.2, 0.0])],
  [pop('E', [3, 3, 3], [0.9, 1.1], []), pop('I', [9, 9], [1.2], [0.05])],
];

describe('an ensemble summary', () => {
  it('per population and statistic: the per-run value, its mean and SD over the seeds', () => {
    const s = summarizeEnsemble(runs);
    expect(s.nRuns).toBe(3);
    expect(s.populations.map((p) => p.name)).toEqual(['E', 'I']);
    const e = s.populations[0].perSeed;
    expect(e.rates.perRun).toEqual([2, 3, 3]);
    expect(e.rates.mean).toBeCloseTo(8 / 3, 14);
    expect(e.rates.sd).toBeCloseTo(std([2, 3, 3], 1), 14);
    expect(e.rate_mean.perRun).toEqual([2, 3, 3]);
    expect(e.cv_isi.perRun.map((x) => x.toFixed(2))).toEqual(['0.85', '0.70', '1.00']);
    // A run without correlations has no mean correlation: left out of the mean and SD.
    expect(Number.isNaN(e.corr_2ms.perRun[2])).toBe(true);
    expect(e.corr_2ms).toMatchObject({ n: 2 });
    expect(e.corr_2ms.mean).toBeCloseTo(0.02, 14);
    const i = s.populations[1].perSeed;
    expect(i.cv_isi).toMatchObject({ n: 2 });
    expect(i.rates.mean).toBeCloseTo(64 / 6, 14);
  });

  it('pooled distributions: all runs concatenated, and their box plot', () => {
    expect(Array.from(pooledValues(runs, 0, 'rates'))).toEqual([1, 2, 3, 2, 3, 4, 3, 3, 3]);
    expect(Array.from(pooledValues(runs, 1, 'cv_isi'))).toEqual([1.0, 1.2]);
    const s = summarizeEnsemble(runs);
    expect(s.populations[0].pooled.rates).toEqual(boxplotStats([1, 2, 3, 2, 3, 4, 3, 3, 3]));
    expect(s.populations[1].pooled.corr_2ms.n).toBe(4);
  });

  it('a spread of one run or none', () => {
    expect(seedSpread([5])).toMatchObject({ n: 1, mean: 5 });
    expect(Number.isNaN(seedSpread([5]).sd)).toBe(true);
    expect(seedSpread([NaN, NaN]).n).toBe(0);
    expect(perRunValue(runs[0][0], 'rate_mean')).toBe(2);
  });

  it('refuses runs that are not one ensemble, naming the run and the populations', () => {
    expect(() => checkEnsembleShape([])).toThrow('ensemble: no runs');
    expect(() => summarizeEnsemble([runs[0], [runs[1][1], runs[1][0]]])).toThrow('ensemble: run 2 has populations I, E, run 1 has E, I');
  });
});
