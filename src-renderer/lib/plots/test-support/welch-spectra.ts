import type { PopulationSpectra } from '../../../../src-main/contract.ts';

/**
 * A run's spectra as runs.spectrum answers them, for the specs: Welch over (500, 1500] ms of 1-ms
 * bins, 256-ms hann segments overlapping by half; the frequencies, segment count, resolution and
 * populations the spec's own.
 */
export function welchSpectra(id: number, frequenciesHz: number[], segments: number, resolutionHz: number, populations: PopulationSpectra['populations']): PopulationSpectra {
  return {
    id,
    window: { t0Ms: 500, t1Ms: 1500 },
    options: { binMs: 1, segmentMs: 256, overlap: 0.5, taper: 'hann', detrend: 'constant', peakBandHz: { minHz: 1, maxHz: 300 } },
    rule: 'Welch',
    frequenciesHz: Float64Array.from(frequenciesHz),
    segments,
    segmentLength: 256,
    overlapLength: 128,
    resolutionHz,
    populations,
  };
}
