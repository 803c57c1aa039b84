import { describe, expect, it } from 'vitest';
import { analyzeRun, populationStats } from '../../../engine/analysis/population-stats.ts';
import { poissonTrains, trains } from './synthetic.ts';

describe('populationStats on hand-made spikes', () => {
  // Two populations, window (0, 20] ms; bins of 2 ms for correlations, 1 ms counts, 10 ms rates.
  const a = trains([[1, 5, 9, 13], [1, 5, 9, 13], [], [20, 20.5]], 1, 'A');
  const b = trains([[0, 2], [30]], 5, 'B'); // spike at 0 and 30 are outside the window
  const opts = { t0Ms: 0, t1Ms: 20 };
  const res = analyzeRun([a, b], opts);

  it('counts, rates and silence', () => {
    const A = res.populations.A;
    expect(A.n_neurons).toBe(4);
    expect(A.node_ids).toEqual([1, 4]);
    expect(A.n_spikes).toBe(9); // 20.5 is outside
    expect(Array.from(res.values[0].distributions.rates)).toEqual([200, 200, 0, 50]);
    expect(A.rate_mean_hz).toBe(112.5);
    expect(A.frac_silent).toBe(0.25);
    expect(res.populations.B.n_spikes).toBe(1);
    expect(res.populations.B.frac_silent).toBe(0.5);
  });

  it('CV ISI: regular neurons only, each CV 0', () => {
    expect(res.populations.A.cv_isi).toEqual({ n_neurons_used: 2, mean: 0, quantiles: { p5: 0, p25: 0, p50: 0, p75: 0, p95: 0 } });
    expect(res.populations.B.cv_isi.n_neurons_used).toBe(0);
    expect(res.populations.B.cv_isi.mean).toBeNaN();
  });

  it('correlations: two identical trains and one single-spike neuron', () => {
    const c = res.populations.A.corr_2ms;
    expect(c.n_sampled).toBe(4);
    expect(c.n_active_in_sample).toBe(3);
    expect(c.n_pairs).toBe(3);
    expect(Array.from(res.values[0].distributions.corr_2ms).sort()).toContain(1);
  });

  it('population counts and binned rates', () => {
    // A's 1-ms counts: 2 at bins 0, 4, 8, 12 and 1 at bin 19; 20 bins: mean 0.45
    const pc = res.populations.A.pop_count_1ms;
    expect(pc.mean_per_bin).toBe(0.45);
    expect(pc.var).toBeCloseTo((4 * 4 + 1) / 20 - 0.45 ** 2, 15);
    expect(res.populations.A.pop_rate_10ms_bins_hz).toEqual([6 / 0.04, 3 / 0.04]);
    expect(res.network.n_spikes_window).toBe(10);
    expect(res.network.network_rate_mean_hz).toBeCloseTo((200 + 200 + 50 + 50) / 6, 12);
  });

  it('rate bins that are not whole multiples of the count bins are counted directly, with the same result', () => {
    const list = poissonTrains(30, 20, 0, 1000, 9);
    const p = trains(list, 1, 'P');
    // 10-ms rate bins over 3-ms count bins: counted from the spike times directly.
    const direct = analyzeRun([p], { t0Ms: 0, t1Ms: 990, countBinMs: 3 });
    const fromCounts = analyzeRun([p], { t0Ms: 0, t1Ms: 990 });
    expect(direct.populations.P.pop_rate_10ms_bins_hz).toHaveLength(99);
    expect(direct.populations.P.pop_rate_10ms_bins_hz).toEqual(fromCounts.populations.P.pop_rate_10ms_bins_hz);
    expect(direct.populations.P.pop_count_1ms.mean_per_bin).toBeCloseTo(fromCounts.populations.P.pop_count_1ms.mean_per_bin * 3, 12);
  });

  it('accepts an explicit correlation sample and checks its shape', () => {
    const s = populationStats([a, b], { ...opts, corrSample: [[0, 1], [0]] });
    expect(s.A.corr_2ms.n_sampled).toBe(2);
    expect(s.A.corr_2ms.mean).toBe(1);
    expect(() => analyzeRun([a, b], { ...opts, corrSample: [[0]] })).toThrow(/1 correlation samples for 2 populations/);
  });
});

describe('a window that is not a whole number of bins (t_sim = 1001 ms)', () => {
  // Every binned statistic bins from the window start and drops a last partial bin; the per-neuron
  // rates and CV ISI use the whole window. Before, the analysis refused the window.
  const list = poissonTrains(50, 20, 0, 1001, 21);
  const p = trains(list, 1, 'P');
  const whole = analyzeRun([p], { t0Ms: 0, t1Ms: 1000 });
  const longer = analyzeRun([p], { t0Ms: 0, t1Ms: 1001 });

  it('per-neuron rates over the whole 1001 ms', () => {
    const counts = list.map((ts) => ts.filter((t) => t > 0 && t <= 1001).length);
    expect(Array.from(longer.values[0].distributions.rates)).toEqual(counts.map((c) => (c * 1000) / 1001));
    expect(longer.populations.P.n_spikes).toBe(counts.reduce((a, b) => a + b, 0));
  });

  it('correlations in the 500 whole 2-ms bins: the spikes of (1000, 1001] are in no bin', () => {
    expect(longer.populations.P.corr_2ms.n_pairs).toBeGreaterThan(1000);
    expect(Array.from(longer.values[0].distributions.corr_2ms)).toEqual(Array.from(whole.values[0].distributions.corr_2ms));
  });

  it('1001 one-ms count bins, and 100 ten-ms rate bins (the partial one dropped)', () => {
    const rates = longer.populations.P.pop_rate_10ms_bins_hz;
    expect(rates).toHaveLength(100);
    expect(rates).toEqual(whole.populations.P.pop_rate_10ms_bins_hz);
    const spikes1001 = list.flat().filter((t) => t > 0 && t <= 1001).length;
    expect(longer.populations.P.pop_count_1ms.mean_per_bin).toBeCloseTo(spikes1001 / 1001, 14);
  });

  it('half-millisecond windows: 1-ms counts drop the last half bin too', () => {
    const half = analyzeRun([p], { t0Ms: 0, t1Ms: 1000.5 });
    expect(half.populations.P.pop_count_1ms).toEqual(whole.populations.P.pop_count_1ms);
    expect(half.network.network_pop_count_1ms_fano_factor).toBe(whole.network.network_pop_count_1ms_fano_factor);
  });
});
