import { describe, expect, it } from 'vitest';
import type { PopulationActivity, PopulationSpectra } from '../../../src-main/contract.ts';
import { welchSpectra } from './test-support/welch-spectra.ts';
import { activityEnsemble, meanAndBand, spectrumEnsemble } from './ensemble.ts';

function activity(id: number, rates: number[][], t0Ms = 500): PopulationActivity {
  return {
    id,
    window: { t0Ms, t1Ms: t0Ms + rates[0]!.length },
    binMs: 1,
    rule: 'rule',
    timesMs: Float64Array.from(rates[0]!, (_, k) => t0Ms + k + 0.5),
    populations: rates.map((r, i) => ({ name: ['L23E', 'L23I'][i]!, nNeurons: 10, ratesHz: Float64Array.from(r) })),
  };
}

function spectra(id: number, psd: number[]): PopulationSpectra {
  return welchSpectra(id, [0, 80, 160, 320], 6, 3.90625, [{ name: 'L23E', psd: Float64Array.from(psd), peakHz: Number.NaN, peakPower: Number.NaN }]);
}

describe('compared runs as an ensemble', () => {
  it('mean and ± SD (n − 1) per bin; a floor keeps a log band above zero', () => {
    const { mean, band } = meanAndBand([Float64Array.from([1, 10]), Float64Array.from([3, 10]), Float64Array.from([5, 10])]);
    expect([...mean]).toEqual([3, 10]);
    expect([...band.lo]).toEqual([1, 10]);
    expect([...band.hi]).toEqual([5, 10]);
    const floored = meanAndBand([Float64Array.from([0.1]), Float64Array.from([1.9])], 0.01);
    expect(floored.band.lo[0]).toBeCloseTo(0.01, 12); // 1 − 1.27 would be below zero
  });

  it('activity: the runs’ mean per population with its band, labelled by the number of runs', () => {
    const e = activityEnsemble([
      { label: 'a', data: activity(1, [[2, 4], [10, 10]]) },
      { label: 'b', data: activity(2, [[4, 8], [10, 30]]) },
    ]);
    expect(e.ok).toBe(true);
    if (!e.ok) return;
    expect(e.value.label).toBe('mean ± SD of 2 runs');
    expect([...e.value.data.populations[0]!.ratesHz]).toEqual([3, 6]);
    expect([...e.value.bands!.L23I!.hi]).toEqual([10, 20 + Math.sqrt(200)]);
    // 20 − 14.1 stays; a rate's band never goes below 0 (rates 0 and 2: mean 1, SD 1.41 → 0, not −0.41).
    expect(e.value.bands!.L23I!.lo[1]).toBeCloseTo(20 - Math.sqrt(200), 12);
    const low = activityEnsemble([
      { label: 'a', data: activity(1, [[0, 4]]) },
      { label: 'b', data: activity(2, [[2, 8]]) },
    ]);
    expect(low.ok && low.value.bands!.L23E!.lo[0]).toBe(0);
  });

  it('refuses runs on different grids, naming the run and the windows', () => {
    const e = activityEnsemble([
      { label: 'a', data: activity(1, [[1, 2]]) },
      { label: 'b', data: activity(2, [[1, 2]], 100) },
    ]);
    expect(e).toEqual({ ok: false, error: 'No ensemble: “b” is analysed over (100, 102] ms, “a” over (500, 502] ms; an ensemble needs the same window and bins.' });
    expect(activityEnsemble([{ label: 'a', data: activity(1, [[1]]) }]).ok).toBe(false);
  });

  it('spectra: the mean spectrum’s peak, searched in the peak band (320 Hz lies outside 1–300 Hz)', () => {
    const e = spectrumEnsemble([
      { label: 'a', data: spectra(1, [9, 1, 2, 50]) },
      { label: 'b', data: spectra(2, [9, 3, 1, 50]) },
    ]);
    expect(e.ok).toBe(true);
    if (!e.ok) return;
    expect(e.value.data.populations[0]).toMatchObject({ peakHz: 80, peakPower: 2 });
  });
});
