import { describe, expect, it } from 'vitest';
import {
  compareRuns,
  compareRunSets,
  formatYardstick,
  yardstickEntry,
  yardstickFromRuns,
  type Yardstick,
} from '../../../engine/analysis/yardstick.ts';
import { populationValues } from './synthetic.ts';

const dist = populationValues;

describe('NEST-vs-NEST yardstick', () => {
  // Three runs of one population whose rate samples differ by known KS distances.
  const runs = [
    [dist('A', [1, 2, 3, 4], [0.5], [0.1, 0.2])],
    [dist('A', [2, 3, 4, 5], [0.5], [0.1, 0.2])],
    [dist('A', [1, 2, 3, 4], [0.6], [0.1, 0.2])],
  ];

  it('D of every pair, mean, SD (ddof 1), mean + 2 SD', () => {
    const y = yardstickFromRuns(runs);
    expect(y.nRuns).toBe(3);
    const rates = yardstickEntry(y, 'A', 'rates');
    // pairs (0,1): 0.25, (0,2): 0, (1,2): 0.25 -> mean 1/6, SD sqrt(((1/12)²·2 + (1/6)²)/2) = sqrt(1/48)
    expect(rates?.distances).toEqual([0.25, 0, 0.25]);
    expect(rates?.meanD).toBeCloseTo(1 / 6, 15);
    expect(rates?.sdD).toBeCloseTo(Math.sqrt(1 / 48), 15);
    expect(rates?.threshold).toBeCloseTo(1 / 6 + 2 * Math.sqrt(1 / 48), 15);
    const cv = yardstickEntry(y, 'A', 'cv_isi');
    expect(cv?.distances).toEqual([0, 1, 1]);
    expect(yardstickEntry(y, 'A', 'corr_2ms')?.threshold).toBe(0);
    expect(formatYardstick(y)).toContain('A');
  });

  it('needs at least three runs with the same populations', () => {
    expect(() => yardstickFromRuns(runs.slice(0, 2))).toThrow(/at least 3/);
    expect(() => yardstickFromRuns([...runs.slice(0, 2), [dist('B', [1], [1], [1])]])).toThrow(/disagree/);
  });
});

describe('comparing runs', () => {
  const y: Yardstick = {
    nRuns: 3,
    entries: [
      { population: 'L23E', statistic: 'rates', distances: [], meanD: 0.06, sdD: 0.03, threshold: 0.12 },
      { population: 'L23E', statistic: 'cv_isi', distances: [], meanD: 0.1, sdD: 0.05, threshold: 0.2 },
      { population: 'L23E', statistic: 'corr_2ms', distances: [], meanD: 0.1, sdD: 0.05, threshold: 0.2 },
    ],
  };
  const ref = [dist('L23E', [0, 0, 1, 1, 2], [0.5, 0.6], [0.01, 0.02])];

  it('passes identical distributions with plain-words rows', () => {
    const c = compareRuns(ref, ref, y);
    expect(c.pass).toBe(true);
    expect(c.problems).toEqual([]);
    expect(c.rows.map((r) => r.text)).toEqual([
      'L23E rates agree: D=0.000 <= 0.120',
      'L23E CV ISI agree: D=0.000 <= 0.200',
      'L23E correlations agree: D=0.000 <= 0.200',
    ]);
  });

  it('names the statistic that differs and by how much', () => {
    const ours = [dist('L23E', [1, 1, 2, 2, 3], [0.5, 0.6], [])];
    const c = compareRuns(ours, ref, y);
    expect(c.pass).toBe(false);
    expect(c.problems).toEqual([
      'L23E rates differ: D=0.400 > 0.120',
      'L23E correlations cannot be compared: our run has no values (0 vs 2)',
    ]);
    expect(c.rows[0].verdict).toBe('fail');
    expect(c.rows[2].verdict).toBe('no-data');
  });

  it('a set comparison averages D over all pairs of runs', () => {
    const far = [dist('L23E', [5, 5, 5, 5, 5], [0.5, 0.6], [0.01, 0.02])];
    const c = compareRunSets([ref, far], [ref, ref], y);
    // rates: D(ref, ref) = 0 twice, D(far, ref) = 1 twice -> mean 0.5
    expect(c.rows[0].d).toBe(0.5);
    expect(c.rows[0].text).toBe('L23E rates differ: D=0.500 > 0.120');
    expect(c.rows[1].verdict).toBe('pass');
  });

  it('reports a missing yardstick instead of passing silently', () => {
    const other = [dist('L4E', [1], [1], [1])];
    const c = compareRuns(other, other, y);
    expect(c.pass).toBe(false);
    expect(c.rows[0].verdict).toBe('no-yardstick');
  });
});
