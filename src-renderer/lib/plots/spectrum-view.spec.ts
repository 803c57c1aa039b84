import { describe, expect, it } from 'vitest';
import type { PopulationSpectra } from '../../../src-main/contract.ts';
import { formatHz, formatPower, peakRows, spectrumMethod } from './spectrum-view.ts';
import { EXC_COLOR, RUN_COLORS } from './populations.ts';

function spectra(peak: number): PopulationSpectra {
  return {
    id: 1,
    window: { t0Ms: 500, t1Ms: 1500 },
    options: { binMs: 1, segmentMs: 256, overlap: 0.5, taper: 'hann', detrend: 'constant', peakBandHz: { minHz: 1, maxHz: 300 } },
    rule: 'Welch: activity in 1 ms bins, 256 ms hann segments overlapping 50 %, mean removed; peak searched in 1–300 Hz',
    frequenciesHz: new Float64Array(3),
    segments: 6,
    segmentLength: 256,
    overlapLength: 128,
    resolutionHz: 3.90625,
    populations: [{ name: 'L23E', psd: new Float64Array(3), peakHz: peak, peakPower: 0.000123 }],
  };
}

describe('spectra: method and peaks', () => {
  it('states the method, segments, resolution and window', () => {
    expect(spectrumMethod(spectra(82))).toBe(
      'Welch: activity in 1 ms bins, 256 ms hann segments overlapping 50 %, mean removed; peak searched in 1–300 Hz; 6 segments of 256 samples averaged (128 overlapping), resolution 3.91 Hz; window (500, 1500] ms',
    );
  });

  it('lists each population’s peak per run, coloured as the curves', () => {
    const one = peakRows([{ label: 'a', data: spectra(82.03) }]);
    expect(one).toEqual([{ population: 'L23E', title: 'L2/3E', cells: [{ label: 'a', color: EXC_COLOR, hz: 82.03, power: 0.000123 }] }]);
    const two = peakRows([{ label: 'a', data: spectra(82) }, { label: 'b', data: spectra(NaN) }]);
    expect(two[0]!.cells.map((c) => c.color)).toEqual([RUN_COLORS[0], RUN_COLORS[1]]);
    expect(formatHz(82.03)).toBe('82.0 Hz');
    expect(formatHz(NaN)).toBe('–');
    expect(formatPower(0.000123)).toBe('1.23e-4');
    expect(formatPower(12.345)).toBe('12.3');
  });
});
