/**
 * Where NEST's reference band belongs in a sweep's plots. The app ships NEST's seed-to-seed range
 * of the shipped configuration's population mean rates (seven runs that differ only in the seed:
 * batches.nestReference). That range describes one point of a sweep only: the one whose varied
 * parameters take their shipped values, and only when everything else the sweep keeps fixed is the
 * shipped configuration too (the seed, the threads and what is recorded aside). Anywhere else there
 * is no NEST reference, and the view says why rather than draw one. Pure.
 */
import { diffParams } from '../../../engine/params/merge.ts';
import { presetParams } from '../../../engine/params/presets.ts';
import type { ParamSet } from '../../../engine/params/types.ts';
import type { Axis } from '../../../src-main/batches/axes.ts';
import type { NestRateReference } from '../../../src-main/contract.ts';
import { formatValue } from '../format.ts';
import { getIn } from '../params/paths.ts';

/** Parameters that do not change which spikes a run makes (the seed differs between NEST's runs by design). */
const FREE_PATHS: readonly string[] = ['sim.rng_seed', 'sim.local_num_threads', 'sim.print_time', 'sim.overwrite_files', 'sim.rec_dev', 'sim.rec_V_int'];

/** The sweep table's column the reference is of (the mean rate). */
export const REFERENCE_COLUMN = 'rate_hz';

export type SweepReference =
  | {
      applies: true;
      /** The shipped value of each axis: where the band sits. */
      at: number[];
      /** Per axis, whether the grid holds the shipped value. */
      onGrid: boolean[];
      /** By population, spikes/s. */
      rangesHz: Record<string, { min: number; max: number }>;
      source: string;
    }
  | { applies: false; why: string };

function isFree(path: string): boolean {
  return FREE_PATHS.some((p) => path === p || path.startsWith(`${p}[`) || path.startsWith(`${p}.`));
}

function shown(v: unknown): string {
  return typeof v === 'number' ? formatValue(v) : (JSON.stringify(v) ?? 'nothing');
}

/** Whether (and where) NEST's reference applies to a sweep of `axes` over `base`. */
export function sweepReference(base: ParamSet, axes: readonly Axis[], ref: NestRateReference, shipped: ParamSet = presetParams('default')): SweepReference {
  const axisPaths = new Set(axes.map((a) => a.path));
  const differs = diffParams(shipped, base).filter((d) => !isFree(d.path) && !axisPaths.has(d.path));
  if (differs.length > 0) {
    const listed = differs.slice(0, 3).map((d) => `${d.path} = ${shown(d.b)} (shipped: ${shown(d.a)})`);
    const more = differs.length > 3 ? ` and ${differs.length - 3} more` : '';
    return {
      applies: false,
      why: `NEST's reference (${ref.runs.length} seeds of the shipped configuration) does not apply: this sweep keeps ${listed.join(', ')}${more} fixed, so none of its points is the shipped configuration.`,
    };
  }
  const at: number[] = [];
  for (const a of axes) {
    const v = getIn(shipped, a.path);
    if (typeof v !== 'number') return { applies: false, why: `NEST's reference does not apply: ${a.path} has no number in the shipped configuration.` };
    at.push(v);
  }
  return { applies: true, at, onGrid: axes.map((a, i) => a.values.includes(at[i])), rangesHz: ref.meanRateRangesHz, source: ref.source };
}

/** How the sweep is drawn: lines against axis xAxis, or heatmaps (two axes). */
export interface SweepViewMode {
  mode: 'lines' | 'heatmap';
  xAxis: number;
}

/** The reference in words for the view: what the grey band (or the outlined cell) is, or why there is none. */
export function referenceNote(r: SweepReference, axes: readonly Axis[], column: string, view: SweepViewMode): string {
  if (!r.applies) return r.why;
  if (column !== REFERENCE_COLUMN) return "NEST's reference is drawn for the mean rate only: the app ships NEST's seed-to-seed range of mean rates, not of CV ISI or correlations.";
  const where = axes.map((a, i) => `${a.path} = ${formatValue(r.at[i])}`).join(', ');
  const what = `NEST's range of mean rates over its seeds at the shipped configuration (${where}): ${r.source}`;
  if (view.mode === 'heatmap') {
    const off = axes.flatMap((a, i) => (r.onGrid[i] ? [] : [`${a.path} = ${formatValue(r.at[i])}`]));
    if (off.length > 0) return `No cell is the shipped configuration: the grid does not hold ${off.join(' or ')}, where NEST's reference was measured.`;
    return `Outlined cell: ${what}; the colour bar marks that range.`;
  }
  const x = view.xAxis;
  const other = axes.length > 1 ? 1 - x : -1;
  if (other >= 0 && !r.onGrid[other]) {
    return `No line is the shipped configuration: the grid does not hold ${axes[other].path} = ${formatValue(r.at[other])}, where NEST's reference was measured.`;
  }
  const xs = axes[x].values;
  if (r.at[x] < Math.min(...xs) || r.at[x] > Math.max(...xs)) {
    return `NEST's reference lies outside the swept range: it was measured at ${axes[x].path} = ${formatValue(r.at[x])}.`;
  }
  const line = other >= 0 ? ` on the line ${axes[other].path} = ${formatValue(r.at[other])}` : '';
  return `Grey band at ${axes[x].path} = ${formatValue(r.at[x])}${line}: ${what}.`;
}
