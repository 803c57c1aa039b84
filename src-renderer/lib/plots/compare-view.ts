/**
 * CompareView's words and tables, computed from a Comparison: the verdict sentence, the per-population
 * table, parameter values as text, and the inputs of the box and distribution plots.
 */
import { DISTRIBUTION_KEYS, STATISTICS } from '../../../engine/analysis/statistics.ts';
import type { BoxGroup } from './box-model.ts';
import type { DistributionSeries } from './distribution.ts';
import type { Comparison, DistributionKey, KsRow, NumberArray } from './compare-types.ts';
import { runColor } from './populations.ts';

/** What each distribution counts, from the registry: "Firing rate: every neuron, …; CV ISI: only neurons with ≥ 3 spikes …". */
export function distributionRules(): string {
  return `${DISTRIBUTION_KEYS.map((k) => `${STATISTICS[k].label}: ${STATISTICS[k].rule}`).join('; ')}.`;
}

/** Up to this many differences, the sentence gives each D and threshold; beyond, only the names. */
const MAX_DETAILED = 3;

export const AGREE_SENTENCE = "All populations agree within NEST's seed-to-seed variation";

/** "a", "a and b", "a, b and c". */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

const num = (v: number | null): number => (v === null ? NaN : v);

/** Names a run by id, for rows of comparisons with more than two runs. */
export type RunNamer = (id: number) => string;

function whatOf(rows: readonly KsRow[], runName?: RunNamer): (row: KsRow) => string {
  // With several pairs (3+ runs), say which run differs from the base.
  const pairs = new Set(rows.map((r) => (r.runIds ? r.runIds.join('-') : '')));
  return (row) => {
    const base = `${row.population} ${STATISTICS[row.statistic].noun}`;
    return pairs.size > 1 && row.runIds && runName ? `${base} of ${runName(row.runIds[1])}` : base;
  };
}

/**
 * One sentence (or two) on the whole comparison:
 * - every row passes: "All populations agree within NEST's seed-to-seed variation";
 * - some fail: "L23E rates and L5I CV ISI differ: D=0.210 > 0.120 and D=0.150 > 0.090 (KS distance
 *   above NEST's seed-to-seed threshold)." (more than 3: the names, and "see the table");
 * - rows that could not be judged are named after that ("Not judged: L6I correlations (no data).").
 */
export function verdictSentence(rows: readonly KsRow[], runName?: RunNamer): string {
  const what = whatOf(rows, runName);
  if (rows.length === 0) return 'No KS distances to judge: the runs were not analysed.';
  const fail = rows.filter((r) => r.verdict === 'fail');
  const noData = rows.filter((r) => r.verdict === 'no-data');
  const noYard = rows.filter((r) => r.verdict === 'no-yardstick');
  const parts: string[] = [];
  if (fail.length > MAX_DETAILED) {
    parts.push(`${joinWords(fail.map(what))} differ: their KS distances exceed NEST's seed-to-seed thresholds (see the table).`);
  } else if (fail.length > 0) {
    const details = fail.map((r) => `D=${num(r.d).toFixed(3)} > ${num(r.threshold).toFixed(3)}`);
    parts.push(`${joinWords(fail.map(what))} differ: ${joinWords(details)} (KS distance above NEST's seed-to-seed threshold).`);
  } else if (noData.length === 0 && noYard.length === 0) {
    return AGREE_SENTENCE;
  } else {
    const judged = rows.length - noData.length - noYard.length;
    parts.push(judged > 0 ? `Everything judged agrees within NEST's seed-to-seed variation (${judged} of ${rows.length}).` : 'Nothing could be judged.');
  }
  if (noData.length > 0) parts.push(`No data: ${joinWords(noData.map(what))}.`);
  if (noYard.length > 0) parts.push(`No NEST yardstick for ${joinWords(noYard.map(what))}.`);
  return parts.join(' ');
}

/** Overall tone of the verdict line. */
export function verdictTone(rows: readonly KsRow[]): 'pass' | 'fail' | 'unknown' {
  if (rows.some((r) => r.verdict === 'fail')) return 'fail';
  if (rows.length > 0 && rows.every((r) => r.verdict === 'pass')) return 'pass';
  return 'unknown';
}

export interface RunInfo {
  id: number;
  name: string;
  color?: string;
}

export interface ShownRun {
  id: number;
  name: string;
  color: string;
  /** Index in comparison.runs. */
  index: number;
}

/** What the comparison's per-population views (the KS table, the distributions) are given. */
export interface ComparedViewProps {
  comparison: Comparison;
  runs: readonly ShownRun[];
  populations: readonly string[];
  statistics: readonly DistributionKey[];
  /** Picks a population for the distributions. */
  onSelect: (population: string) => void;
}

/** The comparison's runs with their names and colours (a run missing from `runs` is called "Run <id>"). */
export function shownRuns(comparison: Comparison, runs: readonly RunInfo[]): ShownRun[] {
  return comparison.runs.map((r, index) => {
    const info = runs.find((x) => x.id === r.runId);
    return { id: r.runId, name: info?.name ?? `Run ${r.runId}`, color: runColor(index, info?.color), index };
  });
}

/** Population names in network order: those of the first run, then any others. */
export function populationNames(comparison: Comparison): string[] {
  const names: string[] = [];
  for (const r of comparison.runs) for (const p of r.populations) if (!names.includes(p.name)) names.push(p.name);
  return names;
}

export function toFloat64(values: NumberArray | undefined): Float64Array {
  if (!values) return new Float64Array(0);
  return values instanceof Float64Array ? values : Float64Array.from(values);
}

/** The rates of every run, as BoxPlot groups. */
export function rateGroups(comparison: Comparison, runs: readonly ShownRun[]): BoxGroup[] {
  return runs.map((run) => ({
    label: run.name,
    color: run.color,
    rows: comparison.runs[run.index].populations.map((p) => ({ name: p.name, values: toFloat64(p.distributions.rates) })),
  }));
}

/** One statistic of one population in every run, as DistributionPlot series. */
export function distributionSeries(comparison: Comparison, runs: readonly ShownRun[], population: string, statistic: DistributionKey): DistributionSeries[] {
  return runs.map((run) => {
    const p = comparison.runs[run.index].populations.find((x) => x.name === population);
    return { label: run.name, color: run.color, values: toFloat64(p?.distributions[statistic]) };
  });
}

/** The KS rows of a population and statistic: one per pair of runs compared. */
export function ksRowsOf(rows: readonly KsRow[], population: string, statistic: DistributionKey): KsRow[] {
  return rows.filter((r) => r.population === population && r.statistic === statistic);
}

/** A parameter value as a short text: numbers as they are, arrays and objects as compact JSON. */
export function formatValue(v: unknown): string {
  if (v === undefined) return '—';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  try {
    const s = JSON.stringify(v);
    return s.length > 80 ? `${s.slice(0, 77)}…` : s;
  } catch {
    return String(v);
  }
}
