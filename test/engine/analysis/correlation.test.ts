import { describe, expect, it } from 'vitest';
import { referenceCorrelationSample, spikeCountCorrelations } from '../../../engine/analysis/correlation.ts';
import { groupByNeuron, binIndex, binCount, type TimeWindow } from '../../../engine/analysis/spikes.ts';
import { poissonTrains, trains } from './synthetic.ts';
import { seededRandom } from '../../../src-renderer/lib/plots/test-support/pd14-synthetic.ts';

/** Dense, textbook Pearson r of binned counts (the definition np.corrcoef implements). */
function densePearson(list: number[][], window: TimeWindow, binMs: number): { active: number[]; r: number[] } {
  const nBins = binCount(window, binMs);
  const X = list.map((ts) => {
    const row = new Float64Array(nBins);
    for (const t of ts) {
      const k = binIndex(t, window.t0Ms, binMs);
      if (k >= 0 && k < nBins) row[k]++;
    }
    return row;
  });
  const centred = X.map((row) => {
    const m = row.reduce((a, b) => a + b, 0) / nBins;
    return row.map((v) => v - m);
  });
  const norms = centred.map((row) => Math.sqrt(row.reduce((a, b) => a + b * b, 0)));
  const active = norms.map((n, i) => (n > 0 ? i : -1)).filter((i) => i >= 0);
  const r: number[] = [];
  for (let a = 0; a < active.length; a++) {
    for (let b = a + 1; b < active.length; b++) {
      const i = active[a];
      const j = active[b];
      let dot = 0;
      for (let k = 0; k < nBins; k++) dot += centred[i][k] * centred[j][k];
      r.push(dot / (norms[i] * norms[j]));
    }
  }
  return { active, r };
}

describe('spike-count correlations', () => {
  const W = { t0Ms: 0, t1Ms: 20 }; // 10 bins of 2 ms

  it('identical trains correlate perfectly, silent neurons are dropped', () => {
    const pop = trains([[1, 5, 11], [], [1, 5, 11]]);
    const res = spikeCountCorrelations(groupByNeuron(pop, W), [0, 1, 2], W, 2);
    expect(res.nSampled).toBe(3);
    expect(Array.from(res.activeIds)).toEqual([1, 3]);
    expect(Array.from(res.r)).toEqual([1]);
  });

  it('hand-computed r of two short count vectors', () => {
    // bins (0,2],(2,4],...: A counts [1,0,0,0,0,0,0,0,0,0], B counts [1,1,0,...]
    // B·ΣAB - ΣA·ΣB = 10·1 - 1·2 = 8; sqrt((10·1-1)(10·2-4)) = sqrt(9·16) = 12 -> r = 2/3
    const pop = trains([[1], [2, 3]]);
    const res = spikeCountCorrelations(groupByNeuron(pop, W), [0, 1], W, 2);
    expect(res.r[0]).toBeCloseTo(2 / 3, 15);
  });

  it('bins are left-open: a spike at 2.0 ms shares the first bin with one at 0.1 ms', () => {
    const pop = trains([[0.1], [2.0]]);
    const res = spikeCountCorrelations(groupByNeuron(pop, W), [0, 1], W, 2);
    expect(res.r[0]).toBeCloseTo(1, 15);
  });

  it('counts above one per bin (bursts) are handled', () => {
    const pop = trains([[0.5, 1.5, 7], [1, 7.5], [3, 13, 19]]);
    const got = spikeCountCorrelations(groupByNeuron(pop, W), [0, 1, 2], W, 2);
    const want = densePearson([[0.5, 1.5, 7], [1, 7.5], [3, 13, 19]], W, 2);
    expect(Array.from(got.r)).toHaveLength(want.r.length);
    got.r.forEach((v, i) => expect(v).toBeCloseTo(want.r[i], 13));
  });

  it('matches a dense Pearson computation on random data, in sample order', () => {
    const window = { t0Ms: 500, t1Ms: 1500 };
    const list = poissonTrains(60, 5, 500, 1500, 7);
    list[10] = []; // a silent neuron
    const pop = trains(list, 101);
    const rnd = seededRandom(3);
    const sample = Array.from({ length: 60 }, (_, i) => i).sort(() => rnd() - 0.5).slice(0, 40);
    const got = spikeCountCorrelations(groupByNeuron(pop, window), sample, window, 2);
    const want = densePearson(sample.map((i) => list[i]), window, 2);
    expect(Array.from(got.activeIds)).toEqual(want.active.map((a) => 101 + sample[a]));
    expect(got.r.length).toBe(want.r.length);
    let maxErr = 0;
    got.r.forEach((v, i) => (maxErr = Math.max(maxErr, Math.abs(v - want.r[i]))));
    expect(maxErr).toBeLessThan(1e-13);
  });

  it('a window that is not a whole number of bins: bins from the window start, the last partial bin dropped', () => {
    // (0, 21] in 2-ms bins: ten bins up to 20 ms; the spikes in (20, 21] are in the window (they count
    // for the rates) but in no correlation bin, so r is that of the (0, 20] window.
    const list = poissonTrains(30, 40, 0, 21, 12);
    list[0].push(20.5);
    list[1].push(21);
    const pop = trains(list.map((ts) => [...ts].sort((a, b) => a - b)));
    const sample = Array.from({ length: 30 }, (_, i) => i);
    const partial = { t0Ms: 0, t1Ms: 21 };
    const got = spikeCountCorrelations(groupByNeuron(pop, partial), sample, partial, 2);
    const whole = spikeCountCorrelations(groupByNeuron(pop, W), sample, W, 2);
    expect(whole.r.length).toBeGreaterThan(100);
    expect(Array.from(got.activeIds)).toEqual(Array.from(whole.activeIds));
    expect(Array.from(got.r)).toEqual(Array.from(whole.r));
    // A window shorter than one bin has no bins: no neuron varies, no pairs.
    const short = { t0Ms: 0, t1Ms: 1.5 };
    expect(spikeCountCorrelations(groupByNeuron(trains([[0.5], [1], [1.5]]), short), [0, 1, 2], short, 2).r.length).toBe(0);
  });

  it('rejects sample indices outside the population', () => {
    const pop = trains([[1]]);
    expect(() => spikeCountCorrelations(groupByNeuron(pop, W), [3], W, 2)).toThrow(RangeError);
  });
});

describe('reference neuron sample', () => {
  it('draws min(200, n) distinct neurons per population, all of a small one', () => {
    const s = referenceCorrelationSample([2068, 106, 5]);
    expect(s.map((x) => x.length)).toEqual([200, 106, 5]);
    expect(new Set(s[0]).size).toBe(200);
    expect([...s[1]].sort((a, b) => a - b)).toEqual(Array.from({ length: 106 }, (_, i) => i));
    expect(Math.max(...s[0])).toBeLessThan(2068);
  });
});
