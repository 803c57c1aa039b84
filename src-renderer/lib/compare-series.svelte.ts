/**
 * The population activity and the power spectra of the runs compared, overlaid: one request per
 * run (runs.activity / runs.spectrum over each run's analysis window, the same bin width and Welch
 * options for all), labelled and coloured as the rest of the comparison. Loaded when the Compare
 * view shows them, again when the bin width changes; only the newest request lands.
 */
import { ACTIVITY_DEFAULT_BIN_MS, SERIES } from '../../engine/analysis/series.ts';
import type { PopulationActivity, PopulationSpectra } from '../../src-main/contract.ts';
import type { Labelled } from '../../src-main/common/figures/series-figures.ts';
import type { StudioClient } from './client.ts';
import { Loadable } from './detail/loadable.svelte.ts';

/** A run of the comparison, as the series label and colour it. */
export interface SeriesRun {
  id: number;
  label: string;
  color: string;
}

export interface CompareSeriesQuery {
  runs: SeriesRun[];
  binMs: number;
}

export class CompareSeries {
  readonly activity: Loadable<CompareSeriesQuery, Labelled<PopulationActivity>[]>;
  readonly spectra: Loadable<CompareSeriesQuery, Labelled<PopulationSpectra>[]>;

  constructor(client: StudioClient) {
    this.activity = new Loadable<CompareSeriesQuery, Labelled<PopulationActivity>[]>(
      (q) => Promise.all(q.runs.map(async (r) => ({ label: r.label, color: r.color, data: await client.call('runs.activity', { id: r.id, binMs: q.binMs }) }))),
      { runs: [], binMs: ACTIVITY_DEFAULT_BIN_MS },
    );
    this.spectra = new Loadable<CompareSeriesQuery, Labelled<PopulationSpectra>[]>(
      (q) => Promise.all(q.runs.map(async (r) => ({ label: r.label, color: r.color, data: await client.call('runs.spectrum', { id: r.id, binMs: q.binMs }) }))),
      { runs: [], binMs: SERIES.spectrum.defaults.binMs },
    );
  }

  /** Shows these runs (loads them unless they are the ones on show). */
  show(runs: SeriesRun[]): void {
    const same = (q: CompareSeriesQuery): boolean => q.runs.length === runs.length && q.runs.every((r, i) => r.id === runs[i].id && r.label === runs[i].label && r.color === runs[i].color);
    if (!same(this.activity.query) || !this.activity.started) void this.activity.load({ ...this.activity.query, runs });
    if (!same(this.spectra.query) || !this.spectra.started) void this.spectra.load({ ...this.spectra.query, runs });
  }
}
