// The registry of series (population activity, spectrum) and the live accumulator, against hand
// counts.
import { describe, expect, it } from 'vitest';
import { LiveActivityAccumulator, neuronsKept } from '../../../engine/analysis/live-activity.ts';
import {
  ACTIVITY_BIN_MS,
  binCentresMs,
  checkBinMs,
  ensembleSeries,
  MAX_SERIES_BINS,
  SERIES,
  SERIES_KEYS,
  type SeriesInput,
} from '../../../engine/analysis/series.ts';

const window = { t0Ms: 100, t1Ms: 110 };
// Spikes of a 4-neuron population: bins (100,102], (102,104], ... hold 3, 0, 1, 2, 1.
const input: SeriesInput = {
  name: 'L4E',
  nNeurons: 4,
  window,
  timesMs: Float64Array.from([100.5, 101, 102, 104.1, 106, 107.9, 106.0001, 109.5, 99, 100, 110.5]),
};

describe('the registry of series', () => {
  it('has the activity and the spectrum, with words and units for both axes', () => {
    expect(SERIES_KEYS).toEqual(['activity', 'spectrum']);
    for (const key of SERIES_KEYS) {
      const e = SERIES[key];
      expect(e.key).toBe(key);
      for (const text of [e.label, e.description, e.x.label, e.x.unit, e.y.label, e.y.unit]) expect(text.length).toBeGreaterThan(1);
    }
    expect([SERIES.activity.y.unit, SERIES.spectrum.y.unit, SERIES.spectrum.x.scale]).toEqual(['spikes/s', '(spikes/s)²/Hz', 'log']);
    expect(SERIES.activity.rule({ binMs: 2 })).toBe('2 ms bins from the window start (a last partial bin dropped), per neuron');
  });
});

describe('population activity', () => {
  it('is the spikes per bin ÷ (neurons · bin width), bins left-open from the window start: a hand count', () => {
    const a = SERIES.activity.compute(input, { binMs: 2 });
    // counts 3 (100.5, 101, 102), 0, 1 (104.1), 2 (106, 106.0001), 2 (107.9 in (106,108]; 109.5 in (108,110]) ...
    // by bin: (100,102]: 100.5 101 102 -> 3; (102,104]: none -> 0; (104,106]: 104.1 106 -> 2; (106,108]: 107.9 106.0001 -> 2; (108,110]: 109.5 -> 1
    const counts = [3, 0, 2, 2, 1];
    expect(Array.from(a.y)).toEqual(counts.map((c) => c / (4 * 0.002)));
    expect(Array.from(a.x)).toEqual([101, 103, 105, 107, 109]);
    expect(a.binMs).toBe(2);
  });

  it('drops a last partial bin, as every binned statistic does', () => {
    const a = SERIES.activity.compute(input, { binMs: 3 });
    // (100,103]: 3 spikes; (103,106]: 104.1, 106; (106,109]: 107.9, 106.0001; (109,110] dropped
    expect(Array.from(a.y)).toEqual([3, 2, 2].map((c) => c / (4 * 0.003)));
    expect(Array.from(binCentresMs(window, 3))).toEqual([101.5, 104.5, 107.5]);
  });

  it('takes bin widths from 0.1 to 50 ms, naming the bound that is broken', () => {
    expect(ACTIVITY_BIN_MS).toEqual({ min: 0.1, max: 50 });
    expect(SERIES.activity.check({}, window)).toEqual({ binMs: 1 });
    expect(() => SERIES.activity.check({ binMs: 0.05 }, window)).toThrow('binMs: got 0.05 ms, allowed: 0.1 to 50 ms');
    expect(() => SERIES.activity.check({ binMs: 51 }, { t0Ms: 0, t1Ms: 1000 })).toThrow('binMs: got 51 ms, allowed: 0.1 to 50 ms');
    expect(() => SERIES.activity.check({ binMs: 20 }, window)).toThrow("binMs: got 20 ms, allowed: at most the window's length (10 ms)");
    expect(() => checkBinMs(0.1, { t0Ms: 0, t1Ms: 200_000 })).toThrow(`allowed: at least 0.2 ms for a 200000-ms window (at most ${MAX_SERIES_BINS} bins)`);
    expect(() => SERIES.activity.check({ binMs: Number.NaN }, window)).toThrow('binMs: got NaN, allowed: a finite number');
  });
});

describe('population spectrum', () => {
  it('checks its options and fills in the defaults', () => {
    const w = { t0Ms: 0, t1Ms: 1000 };
    expect(SERIES.spectrum.check({}, w)).toEqual(SERIES.spectrum.defaults);
    expect(SERIES.spectrum.check({ binMs: 2, segmentMs: 100, overlap: 0.25, taper: 'hamming' }, w)).toMatchObject({ binMs: 2, segmentMs: 100, overlap: 0.25, taper: 'hamming' });
    expect(() => SERIES.spectrum.check({ segmentMs: 100.5 }, w)).toThrow('segmentMs: got 100.5 ms, allowed: a whole number (>= 2) of 1-ms bins');
    expect(() => SERIES.spectrum.check({ overlap: 1 }, w)).toThrow('overlap: got 1, allowed: a fraction in [0, 1)');
    expect(() => SERIES.spectrum.check({ taper: 'kaiser' as never }, w)).toThrow('taper: got kaiser, allowed: one of hann, hamming, rectangular');
    expect(() => SERIES.spectrum.check({ detrend: 'cubic' as never }, w)).toThrow('detrend: got cubic, allowed: one of constant, linear, none');
    expect(() => SERIES.spectrum.check({ peakBandHz: { minHz: 200, maxHz: 100 } }, w)).toThrow('peakBandHz: got 200–100 Hz, allowed: 0 <= minHz < maxHz');
  });

  it('finds the rhythm of a population whose spike count per ms follows a sinusoid', () => {
    const fHz = (21 * 1000) / 256; // 82.03 Hz: the 21st frequency of a 256-ms segment
    const times: number[] = [];
    for (let k = 0; k < 2000; k++) {
      const c = Math.round(10 + 8 * Math.sin((2 * Math.PI * fHz * (k + 0.5)) / 1000));
      for (let j = 0; j < c; j++) times.push(k + 0.5);
    }
    const s = SERIES.spectrum.compute({ name: 'X', nNeurons: 100, window: { t0Ms: 0, t1Ms: 2000 }, timesMs: Float64Array.from(times) }, SERIES.spectrum.defaults);
    expect(s.peak.frequencyHz).toBe(fHz);
    expect(s.peak.index).toBe(21);
    // The rate oscillates with amplitude 8 spikes/ms ÷ 100 neurons = 80 spikes/s: power 80²/2 over the Hann peak's 3 bins.
    const power = (s.y[20] + s.y[21] + s.y[22]) * s.resolutionHz;
    expect(power / (80 * 80 / 2)).toBeGreaterThan(0.95);
    expect(power / (80 * 80 / 2)).toBeLessThan(1.05);
    expect(s.segments).toBe(14);
    expect(s.x.length).toBe(129);
  });
});

describe('ensembles of series', () => {
  it('give the mean and SD per x of series that share their x, and refuse others', () => {
    const x = Float64Array.from([1, 2, 3]);
    const e = ensembleSeries([
      { x, y: Float64Array.from([1, 2, 3]) },
      { x, y: Float64Array.from([3, 2, 1]) },
    ]);
    expect(Array.from(e.mean)).toEqual([2, 2, 2]);
    expect(Array.from(e.sd)).toEqual([1, 0, 1]);
    expect(e.n).toBe(2);
    expect(() => ensembleSeries([{ x, y: x }, { x: Float64Array.from([1, 2]), y: Float64Array.from([1, 2]) }])).toThrow(/share their x/);
    expect(() => ensembleSeries([])).toThrow(/at least one/);
  });
});

describe('the live activity accumulator', () => {
  const pops = [
    { name: 'A', firstId: 1, lastId: 4 },
    { name: 'B', firstId: 5, lastId: 10 },
  ];

  it('counts chunk by chunk what the stored activity counts at once', () => {
    const acc = new LiveActivityAccumulator(pops, { baseBinMs: 0.1, resolutionMs: 0.1, capacityBins: 1000 });
    // steps: 5 -> 0.5 ms (bin (0,1]), 10 -> 1.0 ms (bin (0,1]), 11 -> (1,2], 25 -> (2,3]
    acc.push({ senders: [1, 2, 5], steps: [5, 10, 10], toStep: 10 });
    acc.push({ senders: [7, 3], steps: [11, 25], toStep: 30 });
    const a = acc.activity(1);
    expect(Array.from(a.x)).toEqual([0.5, 1.5, 2.5]);
    expect(Array.from(a.ratesHz[0])).toEqual([2 / (4 * 0.001), 0, 1 / (4 * 0.001)]);
    expect(Array.from(a.ratesHz[1])).toEqual([1 / (6 * 0.001), 1 / (6 * 0.001), 0]);
    const fine = acc.activity(0.5);
    expect(Array.from(fine.ratesHz[0])).toEqual([1, 1, 0, 0, 1, 0].map((c) => c / (4 * 0.0005)));
    expect(acc.endMs).toBe(3);
    expect(acc.dropped).toBe(0);
  });

  it('weights the spikes of thinned chunks by the share of neurons the stride keeps', () => {
    expect(neuronsKept(1, 4, 2)).toBe(2); // 1, 3
    expect(neuronsKept(5, 10, 4)).toBe(2); // 5, 9
    expect(neuronsKept(6, 8, 4)).toBe(0);
    const acc = new LiveActivityAccumulator(pops, { baseBinMs: 1, resolutionMs: 0.1, capacityBins: 100 });
    // stride 2: A keeps 2 of 4 neurons (weight 2), B keeps 5, 7, 9: 3 of 6 (weight 2); stride 4: B keeps 5, 9 (weight 3)
    acc.push({ senders: [1, 3, 5], steps: [5, 5, 5], stride: 2, toStep: 10 });
    acc.push({ senders: [9], steps: [15], stride: 4, toStep: 20 });
    const a = acc.activity(1);
    expect(Array.from(a.ratesHz[0])).toEqual([(2 * 2) / (4 * 0.001), 0]);
    expect(Array.from(a.ratesHz[1])).toEqual([2 / (6 * 0.001), 3 / (6 * 0.001)]);
  });

  it('keeps only the newest capacityBins bins, and says how many spikes came too late', () => {
    const acc = new LiveActivityAccumulator(pops, { baseBinMs: 1, resolutionMs: 0.1, capacityBins: 5 });
    acc.push({ senders: [1, 1, 1], steps: [5, 15, 25], toStep: 30 });
    acc.push({ senders: [1], steps: [95], toStep: 100 });
    const a = acc.activity(1);
    expect(Array.from(a.x)).toEqual([5.5, 6.5, 7.5, 8.5, 9.5]);
    expect(Array.from(a.ratesHz[0])).toEqual([0, 0, 0, 0, 250]);
    acc.push({ senders: [2], steps: [15] });
    expect(acc.dropped).toBe(1);
    expect(Array.from(acc.activity(1, 2).x)).toEqual([8.5, 9.5]);
  });

  it('refuses what it cannot hold, naming it', () => {
    expect(() => new LiveActivityAccumulator(pops, { baseBinMs: 0.15, resolutionMs: 0.1, capacityBins: 10 })).toThrow('baseBinMs: got 0.15 ms, allowed: a whole number of steps of 0.1 ms');
    expect(() => new LiveActivityAccumulator(pops, { baseBinMs: 1, resolutionMs: 0.1, capacityBins: MAX_SERIES_BINS + 1 })).toThrow(`capacityBins: got ${MAX_SERIES_BINS + 1}, allowed: a whole number from 1 to ${MAX_SERIES_BINS}`);
    const acc = new LiveActivityAccumulator(pops, { baseBinMs: 1, resolutionMs: 0.1, capacityBins: 10 });
    expect(() => acc.activity(1.5)).toThrow('binMs: got 1.5 ms, allowed: a whole multiple of the base bin 1 ms');
    expect(() => acc.push({ senders: [1], steps: [1], stride: 0 })).toThrow('stride: got 0, allowed: a whole number >= 1');
  });
});
