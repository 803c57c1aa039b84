/**
 * Compared runs as one ensemble (seeds of one model, say): per population and bin, the mean over
 * the runs and a band of ± one standard deviation (n − 1), as series the overlay panels and the
 * figures draw (a Labelled reply with `bands`). Only runs on the same grid make an ensemble: the
 * same window and bin width for the activity, the same frequencies for the spectra; otherwise the
 * reason is returned in words. A band's lower edge stays at or above 0 for rates and, on the
 * spectra's log axis, above zero: at least a hundredth of the mean. The ensemble spectrum's peak is that of the mean, searched in
 * the runs' peak band. Pure.
 */
import type { PopulationActivity, PopulationSpectra } from '../../../src-main/contract.ts';
import type { Labelled } from '../../../src-main/common/figures/series-figures.ts';

export type Ensemble<T> = { ok: true; value: Labelled<T> } | { ok: false; error: string };

type Band = { lo: Float64Array; hi: Float64Array };

/** Mean and mean ± SD (n − 1) of equally long arrays, bin by bin. */
export function meanAndBand(rows: readonly Float64Array[], floorFraction = -Infinity): { mean: Float64Array; band: Band } {
  const n = rows.length;
  const len = rows[0]?.length ?? 0;
  const mean = new Float64Array(len);
  const lo = new Float64Array(len);
  const hi = new Float64Array(len);
  for (let k = 0; k < len; k++) {
    let sum = 0;
    for (const r of rows) sum += r[k];
    const m = sum / n;
    let ss = 0;
    for (const r of rows) ss += (r[k] - m) ** 2;
    const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
    mean[k] = m;
    lo[k] = Math.max(m - sd, m * floorFraction);
    hi[k] = m + sd;
  }
  return { mean, band: { lo, hi } };
}

function commonPopulations<P extends { name: string }>(lists: readonly (readonly P[])[]): string[] {
  const first = lists[0] ?? [];
  return first.map((p) => p.name).filter((name) => lists.every((l) => l.some((p) => p.name === name)));
}

function label(n: number): string {
  return `mean ± SD of ${n} runs`;
}

/** The runs' activity as one ensemble; the runs must share window and bin width. */
export function activityEnsemble(runs: readonly Labelled<PopulationActivity>[]): Ensemble<PopulationActivity> {
  if (runs.length < 2) return { ok: false, error: 'An ensemble needs at least 2 runs.' };
  const [first] = runs;
  const w = first.data.window;
  const other = runs.find((r) => r.data.window.t0Ms !== w.t0Ms || r.data.window.t1Ms !== w.t1Ms || r.data.binMs !== first.data.binMs || r.data.timesMs.length !== first.data.timesMs.length);
  if (other) {
    return { ok: false, error: `No ensemble: “${other.label}” is analysed over (${other.data.window.t0Ms}, ${other.data.window.t1Ms}] ms, “${first.label}” over (${w.t0Ms}, ${w.t1Ms}] ms; an ensemble needs the same window and bins.` };
  }
  const names = commonPopulations(runs.map((r) => r.data.populations));
  const bands: Record<string, Band> = {};
  const populations = names.map((name) => {
    const rows = runs.map((r) => r.data.populations.find((p) => p.name === name)!.ratesHz);
    const { mean, band } = meanAndBand(rows, 0); // a rate is never below 0
    bands[name] = band;
    return { name, nNeurons: first.data.populations.find((p) => p.name === name)!.nNeurons, ratesHz: mean };
  });
  return { ok: true, value: { label: label(runs.length), data: { ...first.data, populations }, bands } };
}

/** The runs' spectra as one ensemble; the runs must share the frequencies. */
export function spectrumEnsemble(runs: readonly Labelled<PopulationSpectra>[]): Ensemble<PopulationSpectra> {
  if (runs.length < 2) return { ok: false, error: 'An ensemble needs at least 2 runs.' };
  const [first] = runs;
  const f = first.data.frequenciesHz;
  const other = runs.find((r) => r.data.frequenciesHz.length !== f.length || r.data.resolutionHz !== first.data.resolutionHz);
  if (other) {
    return { ok: false, error: `No ensemble: the spectra of “${other.label}” and “${first.label}” have different frequencies (windows or segments differ).` };
  }
  const { minHz, maxHz } = first.data.options.peakBandHz;
  const names = commonPopulations(runs.map((r) => r.data.populations));
  const bands: Record<string, Band> = {};
  const populations = names.map((name) => {
    const rows = runs.map((r) => r.data.populations.find((p) => p.name === name)!.psd);
    const { mean, band } = meanAndBand(rows, 0.01);
    bands[name] = band;
    let peakHz = Number.NaN;
    let peakPower = Number.NaN;
    for (let k = 0; k < f.length; k++) {
      if (f[k] >= minHz && f[k] <= maxHz && (Number.isNaN(peakPower) || mean[k] > peakPower)) {
        peakHz = f[k];
        peakPower = mean[k];
      }
    }
    return { name, psd: mean, peakHz, peakPower };
  });
  return { ok: true, value: { label: label(runs.length), data: { ...first.data, populations }, bands } };
}
