import { describe, expect, expectTypeOf, it } from 'vitest';
import { referenceCorrelationSample, spikeCountCorrelations } from '../../../engine/analysis/correlation.ts';
import { ksStatistic } from '../../../engine/analysis/ks.ts';
import { analyzeRun, populationInputs } from '../../../engine/analysis/population-stats.ts';
import { cvIsi, neuronRatesHz, ratesFromCountsHz } from '../../../engine/analysis/rates.ts';
import { groupByNeuron, spikeCounts } from '../../../engine/analysis/spikes.ts';
import {
  computePopulationValues,
  DISTRIBUTION_KEYS,
  isDistributionKey,
  SCALAR_KEYS,
  sharedResult,
  STATISTIC_KEYS,
  STATISTICS,
  statisticDistance,
  valueCount,
  valueOf,
  type DistributionKey,
  type Statistic,
  type ScalarKey,
} from '../../../engine/analysis/statistics.ts';
import { compareRuns, yardstickFromRuns } from '../../../engine/analysis/yardstick.ts';
import { poissonTrains, trains } from './synthetic.ts';

describe('the registry of statistics', () => {
  it('lists the distributions the KS comparison judges, then the scalars, in display order', () => {
    expect(DISTRIBUTION_KEYS).toEqual(['rates', 'cv_isi', 'corr_2ms']);
    expect(SCALAR_KEYS).toEqual(['rate_mean', 'peak_freq', 'peak_power']);
    expect(STATISTIC_KEYS).toEqual([...DISTRIBUTION_KEYS, ...SCALAR_KEYS]);
    // The key types follow the entries' kinds (checked by the compiler).
    expectTypeOf<DistributionKey>().toEqualTypeOf<'rates' | 'cv_isi' | 'corr_2ms'>();
    expectTypeOf<ScalarKey>().toEqualTypeOf<'rate_mean' | 'peak_freq' | 'peak_power'>();
    expect(DISTRIBUTION_KEYS.every(isDistributionKey)).toBe(true);
    expect(SCALAR_KEYS.some(isDistributionKey)).toBe(false);
  });

  it.each(STATISTIC_KEYS)('%s: an entry with its key, words for the UI and a comparison', (key) => {
    const e: Statistic = STATISTICS[key];
    expect(e.key).toBe(key);
    for (const text of [e.label, e.noun, e.description, e.rule, e.comparison.text]) expect(text.trim().length).toBeGreaterThan(1);
    expect(typeof e.unit).toBe('string');
    expect(typeof e.compute).toBe('function');
    if (e.kind === 'distribution') expect(['neuron', 'pair', 'bin']).toContain(e.per);
  });

  it('labels and units', () => {
    expect([STATISTICS.rates.label, STATISTICS.rates.unit]).toEqual(['Firing rate', 'spikes/s']);
    expect([STATISTICS.cv_isi.label, STATISTICS.cv_isi.unit]).toEqual(['CV ISI', '']);
    expect([STATISTICS.rate_mean.label, STATISTICS.rate_mean.unit]).toEqual(['Mean rate', 'spikes/s']);
    expect([STATISTICS.peak_freq.label, STATISTICS.peak_freq.unit]).toEqual(['Peak frequency', 'Hz']);
    expect([STATISTICS.peak_power.label, STATISTICS.peak_power.unit]).toEqual(['Peak power', '(spikes/s)²/Hz']);
  });

  it('the rules the UI shows state what counts, the partial-bin rule included', () => {
    expect(STATISTICS.cv_isi.rule).toBe('only neurons with ≥ 3 spikes in the window');
    expect(STATISTICS.corr_2ms.rule).toBe('200 neurons sampled, 2 ms bins (counted from the window start, a last partial bin dropped), pairs with a silent neuron dropped');
    expect(STATISTICS.rates.rule).toBe('every neuron, silent ones as 0');
    expect(STATISTICS.peak_freq.rule).toBe(
      'Welch: activity in 1 ms bins, 256 ms hann segments overlapping 50 %, mean removed; peak searched in 1–300 Hz',
    );
  });
});

describe('computing every statistic of a population', () => {
  const window = { t0Ms: 0, t1Ms: 20 };
  const pop = trains([[1, 5, 9, 13], [1, 5, 9, 13], [], [20, 20.5]], 1, 'A');
  const [input] = populationInputs([pop], window);
  const v = computePopulationValues(input);

  it('each value is its function of the spikes', () => {
    const byNeuron = groupByNeuron(pop, window);
    expect(v.name).toBe('A');
    expect(Array.from(v.distributions.rates)).toEqual([200, 200, 0, 50]);
    expect(v.distributions.rates).toEqual(neuronRatesHz(byNeuron, window));
    expect(v.distributions.cv_isi).toEqual(cvIsi(byNeuron, 3).cv);
    expect(v.distributions.corr_2ms).toEqual(spikeCountCorrelations(byNeuron, referenceCorrelationSample([4])[0], window, 2).r);
    expect(v.scalars.rate_mean).toBe(112.5);
    expect(valueOf(v, 'rate_mean')).toBe(112.5);
    // A 20-ms window: one Welch segment of 20 1-ms bins (50-Hz resolution); the bins hold 2, 0, 0, 0, 2, ...
    expect(v.scalars.peak_freq).toBe(250);
    expect(v.scalars.peak_power).toBeGreaterThan(0);
    expect(valueOf(v, 'cv_isi')).toBe(v.distributions.cv_isi);
  });

  it('rates from counts use the one formula of the analysis', () => {
    const byNeuron = groupByNeuron(pop, window);
    expect(ratesFromCountsHz(spikeCounts(byNeuron), window)).toEqual(v.distributions.rates);
    // count · 1000 / span in that order: 1 spike over 3 ms is 1000/3, not 1 · (1000/3) rounded twice.
    expect(ratesFromCountsHz([1, 0], { t0Ms: 0, t1Ms: 3 })[0]).toBe(1000 / 3);
  });

  it('a shared intermediate result is computed once per population', () => {
    let calls = 0;
    const counted = sharedResult((p) => {
      calls++;
      return p.byNeuron.nNeurons;
    });
    expect(counted(input)).toBe(4);
    expect(counted(input)).toBe(4);
    const [other] = populationInputs([pop], window);
    expect(counted(other)).toBe(4);
    expect(calls).toBe(2);
  });

  it('the analysis reports the registry values, and the reference block agrees with them', () => {
    const a = analyzeRun([pop], window);
    expect(a.values).toEqual([v]);
    expect(a.populations.A.rate_mean_hz).toBe(v.scalars.rate_mean);
    expect(a.populations.A.cv_isi.n_neurons_used).toBe(v.distributions.cv_isi.length);
    expect(a.populations.A.corr_2ms.n_pairs).toBe(v.distributions.corr_2ms.length);
  });
});

describe('comparing by the registry', () => {
  const window = { t0Ms: 0, t1Ms: 500 };
  const run = (seed: number, rateHz = 20) => analyzeRun([trains(poissonTrains(40, rateHz, 0, 500, seed), 1, 'P')], window).values;

  it('distributions by their KS distance, scalars by their absolute difference', () => {
    const [a] = run(1);
    const [b] = run(2, 30);
    expect(statisticDistance('rates', a, b)).toBe(ksStatistic(a.distributions.rates, b.distributions.rates));
    expect(statisticDistance('rate_mean', a, b)).toBe(Math.abs(a.scalars.rate_mean - b.scalars.rate_mean));
    expect(valueCount(a.distributions.rates)).toBe(40);
    expect(valueCount(a.scalars.rate_mean)).toBe(1);
    expect(valueCount(NaN)).toBe(0);
  });

  it('a yardstick and a comparison over any statistics, scalars included', () => {
    const seeds = [run(1), run(2), run(3)];
    const y = yardstickFromRuns(seeds, ['rate_mean', 'rates']);
    expect(y.entries.map((e) => e.statistic)).toEqual(['rate_mean', 'rates']);
    const m = seeds.map((s) => s[0].scalars.rate_mean);
    expect(y.entries[0].distances).toEqual([Math.abs(m[0] - m[1]), Math.abs(m[0] - m[2]), Math.abs(m[1] - m[2])]);
    const c = compareRuns(run(4, 60), seeds[0], y, ['rate_mean']);
    expect(c.rows).toHaveLength(1);
    expect(c.rows[0].verdict).toBe('fail');
    expect(c.rows[0].text).toMatch(/^P mean rate differ: D=\d+\.\d{3} > \d+\.\d{3}$/);
  });
});
