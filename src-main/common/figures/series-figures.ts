/**
 * The figures of a run's series, from the replies of the requests that compute them (contract.ts:
 * runs.activity, runs.spectrum, runs.voltages, runs.voltageDistribution), so the page and the CLI
 * draw the same data the same way: panels per population laid out by layer; one run in NEST's
 * E/I colours, several runs overlaid in their own colours with a legend; the method in the SVG's
 * description (and printed under the panels with `caption`).
 */
import type { PopulationActivity, PopulationSpectra, RunVoltages, VoltageDistributions } from '../../contract.ts';
import type { FigureOptions } from './layout.ts';
import { panelsFigure, type Curve, type Panel } from './panels.ts';
import { populationColor, runColor } from './populations.ts';
import type { Figure } from './svg.ts';

/** One run's data in an overlay: its label (legend) and, optionally, its colour. */
export interface Labelled<T> {
  label: string;
  color?: string;
  data: T;
  /** A shaded band per population around its curve (an ensemble's mean ± SD), lower and upper y at each x of the data. */
  bands?: Readonly<Record<string, { lo: Float64Array; hi: Float64Array }>>;
}

export interface SeriesFigureOptions extends FigureOptions {
  /** Print the method under the panels (it is always in the SVG's description). */
  caption?: boolean;
  /** Panels by layer (default) or stacked in one column. */
  layout?: 'layers' | 'stack';
}

function colorFor(runs: readonly { color?: string }[], i: number, population: string): string {
  return runs.length === 1 ? (runs[0].color ?? populationColor(population)) : runColor(i, runs[i].color);
}

/**
 * One panel per population of the runs (in the order they first appear), each with the curves
 * `curves` gives for every run that has the population (the run, its index, its population).
 */
function overlaidPanels<P extends { name: string }>(
  runs: readonly Labelled<{ populations: readonly P[] }>[],
  curves: (run: number, p: P) => Curve[],
): Panel[] {
  if (runs.length === 0) throw new RangeError('runs: got none, allowed: at least one run');
  const names: string[] = [];
  for (const r of runs) for (const p of r.data.populations) if (!names.includes(p.name)) names.push(p.name);
  return names.map((population) => ({
    population,
    curves: runs.flatMap((r, i) => {
      const p = r.data.populations.find((q) => q.name === population);
      return p ? curves(i, p) : [];
    }),
  }));
}

/** For one labelled set with bands (an ensemble): what its curve and shading are, for the description. */
function bandNote(runs: readonly Labelled<unknown>[]): string {
  const [only] = runs;
  if (runs.length !== 1 || !only.bands) return '';
  return ` ${only.label.charAt(0).toUpperCase()}${only.label.slice(1)}: the mean drawn, ± one SD shaded.`;
}

/** Population activity (spikes/s per neuron over time), one or several runs overlaid. */
export function activityFigure(runs: readonly Labelled<PopulationActivity>[], options: SeriesFigureOptions = {}): Figure {
  const panels = overlaidPanels(runs, (i, p) => [
    { series: runs[i].label, color: colorFor(runs, i, p.name), x: runs[i].data.timesMs, y: p.ratesHz, widthPt: 0.6, band: runs[i].bands?.[p.name] },
  ]);
  const first = runs[0].data;
  return panelsFigure(
    {
      title: 'Population activity',
      description: `Population activity: ${first.rule}; window (${first.window.t0Ms}, ${first.window.t1Ms}] ms.${bandNote(runs)}`,
      caption: options.caption,
      x: { label: 'Time', unit: 'ms', scale: 'linear', domain: [first.window.t0Ms, first.window.t0Ms + first.timesMs.length * first.binMs] },
      y: { label: 'Rate', unit: 'spikes/s', scale: 'linear' },
      panels,
      layout: options.layout,
      legend: runs.length > 1,
    },
    options,
  );
}

/** Power spectra (log–log), the peak of each marked; one or several runs overlaid. */
export function spectrumFigure(runs: readonly Labelled<PopulationSpectra>[], options: SeriesFigureOptions = {}): Figure {
  const panels = overlaidPanels(runs, (i, p) => {
    const r = runs[i];
    // 0 Hz has no place on a log axis; the curve starts at the first frequency above it.
    const f = r.data.frequenciesHz.subarray(1);
    const psd = p.psd.subarray(1);
    const label = runs.length === 1 && Number.isFinite(p.peakHz) ? `${p.peakHz.toFixed(1)} Hz` : undefined;
    const b = r.bands?.[p.name];
    const band = b ? { lo: b.lo.subarray(1), hi: b.hi.subarray(1) } : undefined;
    return [{ series: r.label, color: colorFor(runs, i, p.name), x: f, y: psd, widthPt: 0.7, mark: { x: p.peakHz, y: p.peakPower, label }, band }];
  });
  const first = runs[0].data;
  return panelsFigure(
    {
      title: 'Power spectra',
      description: `Power spectral density of the population activity, ${first.rule}; window (${first.window.t0Ms}, ${first.window.t1Ms}] ms; ${first.segments} segments, ${first.resolutionHz.toFixed(2)} Hz resolution; ▼ marks the peak.${bandNote(runs)}`,
      caption: options.caption,
      x: { label: 'Frequency', unit: 'Hz', scale: 'log' },
      y: { label: 'PSD', unit: '(spikes/s)²/Hz', scale: 'log' },
      panels,
      layout: options.layout,
      legend: runs.length > 1,
    },
    options,
  );
}

/** Membrane potential traces of the chosen neurons, one panel per population. */
export function voltageFigure(v: RunVoltages, options: SeriesFigureOptions = {}): Figure {
  const tMs = Float64Array.from(v.steps, (s) => s * v.resolutionMs);
  const shades = ['#000000', '#1f77b4', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
  const panels: Panel[] = v.populations.map((p) => {
    const k = p.senders.length;
    const curves: Curve[] = Array.from(p.senders, (id, j) => ({
      series: `neuron ${id}`,
      color: k === 1 ? populationColor(p.name) : shades[j % shades.length],
      x: tMs,
      y: Float64Array.from({ length: tMs.length }, (_, s) => p.vMv[s * k + j]),
      widthPt: 0.5,
    }));
    return { population: p.name, curves, note: `${k} of ${p.recorded} neurons` };
  });
  return panelsFigure(
    {
      title: 'Membrane potentials',
      description: `Membrane potential V of ${v.populations.map((p) => `${p.name}: neurons ${Array.from(p.senders).join(', ') || 'none'}`).join('; ')}; window [${v.window.t0Ms}, ${v.window.t1Ms}] ms, sampled by the voltmeter.`,
      caption: options.caption,
      x: { label: 'Time', unit: 'ms', scale: 'linear', domain: [v.window.t0Ms, v.window.t1Ms] },
      y: { label: 'V', unit: 'mV', scale: 'linear' },
      panels,
      layout: options.layout,
      legend: false,
    },
    options,
  );
}

/** The distribution of V over the window: a histogram (fraction of samples per bin) per population. */
export function voltageDistributionFigure(d: VoltageDistributions, options: SeriesFigureOptions = {}): Figure {
  const panels: Panel[] = d.populations.map((p) => {
    const h = p.histogram;
    const n = h.counts.reduce((a, c) => a + c, 0);
    const x = Float64Array.from({ length: h.counts.length + 1 }, (_, k) => h.loMv + k * h.binMv);
    const y = Float64Array.from({ length: h.counts.length + 1 }, (_, k) => (k < h.counts.length && n > 0 ? h.counts[k] / n : 0));
    return { population: p.name, curves: [{ series: p.name, color: populationColor(p.name), x, y, steps: true, widthPt: 0.7 }], note: `median ${p.box.median.toFixed(1)} mV` };
  });
  return panelsFigure(
    {
      title: 'Distribution of the membrane potential',
      description: `Distribution of V: ${d.rule}.`,
      caption: options.caption,
      x: { label: 'V', unit: 'mV', scale: 'linear' },
      y: { label: 'Fraction of samples', unit: '', scale: 'linear' },
      panels,
      layout: options.layout,
      legend: false,
    },
    options,
  );
}
