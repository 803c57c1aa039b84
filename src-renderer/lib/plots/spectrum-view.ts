/**
 * The words and numbers around the spectra: the method in a sentence (Welch's window, overlap,
 * taper, detrending, segments averaged, frequency resolution, the window of time) and the peak of
 * each population's spectrum per run, for the table beside the plots. Pure.
 */
import type { PopulationSpectra } from '../../../src-main/contract.ts';
import type { Labelled } from '../../../src-main/common/figures/series-figures.ts';
import { populationLabel } from './populations.ts';
import { setColor } from './series-sets.ts';

/** "Welch: activity in 1 ms bins, 256 ms hann segments overlapping 50 %, mean removed; …; 7 segments averaged, resolution 3.91 Hz; window (500, 1500] ms." */
export function spectrumMethod(s: PopulationSpectra): string {
  const res = Number.isFinite(s.resolutionHz) ? `${s.resolutionHz.toFixed(2)} Hz` : '–';
  return `${s.rule}; ${s.segments} segment${s.segments === 1 ? '' : 's'} of ${s.segmentLength} samples averaged (${s.overlapLength} overlapping), resolution ${res}; window (${s.window.t0Ms}, ${s.window.t1Ms}] ms`;
}

export interface PeakCell {
  label: string;
  color: string;
  /** NaN when the band held no frequency. */
  hz: number;
  power: number;
}

export interface PeakRow {
  population: string;
  title: string;
  cells: PeakCell[];
}

/** Per population, the peak of each run's spectrum (a run without that population: NaN). */
export function peakRows(runs: readonly Labelled<PopulationSpectra>[]): PeakRow[] {
  const names: string[] = [];
  for (const r of runs) for (const p of r.data.populations) if (!names.includes(p.name)) names.push(p.name);
  return names.map((name) => ({
    population: name,
    title: populationLabel(name),
    cells: runs.map((r, i) => {
      const p = r.data.populations.find((q) => q.name === name);
      return { label: r.label, color: setColor(runs, i, name), hz: p?.peakHz ?? NaN, power: p?.peakPower ?? NaN };
    }),
  }));
}

/** A peak frequency: '82.0 Hz'; '–' when there is none. */
export function formatHz(hz: number): string {
  return Number.isFinite(hz) ? `${hz.toFixed(1)} Hz` : '–';
}

/** A power: 3 significant digits, exponent below 0.01 or from 10⁵. */
export function formatPower(p: number): string {
  if (!Number.isFinite(p)) return '–';
  const a = Math.abs(p);
  return a !== 0 && (a < 0.01 || a >= 1e5) ? p.toExponential(2) : String(Number(p.toPrecision(3)));
}
