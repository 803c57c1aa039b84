/**
 * The ensemble verdict (runs.compare with groups: the seed-permutation test of each population ×
 * statistic, Benjamini–Hochberg over all of them) as the Compare view shows it: the headline's
 * tone, a one-line count, and the detail table's cells as text. Pure; the sentences themselves are
 * the engine's (engine/analysis/ensemble-comparison.ts), so the page and the CLI say the same.
 */
import { changeText, pValueText, perSeedMeanName, seedVariationText, type EnsembleRow } from '../../../engine/analysis/ensemble-comparison.ts';
import { STATISTICS } from '../../../engine/analysis/statistics.ts';
import type { EnsemblePairComparison } from '../../../src-main/interop/run-comparison.ts';

export type VerdictTone = 'pass' | 'fail' | 'unknown';

/** Green for agree, red for differ, grey when these seeds cannot show a difference. */
export function ensembleTone(verdict: EnsemblePairComparison['result']['verdict']): VerdictTone {
  return verdict === 'differ' ? 'fail' : verdict === 'agree' ? 'pass' : 'unknown';
}

/** "2 of 24 statistics differ", "all 24 statistics agree", "3 of 24 statistics could not be compared" … */
export function countLine(rows: readonly EnsembleRow[]): string {
  const differ = rows.filter((r) => r.verdict === 'differ').length;
  const noData = rows.filter((r) => r.verdict === 'no-data').length;
  const parts = [differ === 0 ? `none of ${rows.length} statistics differ` : `${differ} of ${rows.length} statistics differ`];
  if (noData > 0) parts.push(`${noData} could not be compared (no values)`);
  return parts.join('; ');
}

/** One row of the detail table, every cell as text. */
export interface VerdictCells {
  population: string;
  statistic: string;
  /** The per-seed mean on each side: "4.12 ± 0.31", "(n 3)" added where fewer runs than the side's have a value. */
  a: string;
  b: string;
  /** B − A, relative where A is clearly above 0, with its 95 % interval: "+59 % (+43 to +75 %)". */
  change: string;
  /** How much that per-seed mean varies from seed to seed. */
  seedSd: string;
  /** KS distance between the ensembles vs within them. */
  ks: string;
  pDistribution: string;
  pMean: string;
  verdict: 'differs' | 'agrees' | 'no data';
  /** Which test found the difference ('' when none). */
  by: string;
  /** The row in one sentence (the engine's), for a tooltip. */
  text: string;
}

function fixed(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  return a === 0 ? '0' : a >= 100 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : x.toPrecision(3);
}

/** An SD to two significant figures (it is itself uncertain with a few seeds). */
function sdText(x: number): string {
  const a = Math.abs(x);
  return a === 0 ? '0' : a >= 10 ? x.toFixed(1) : x.toPrecision(2);
}

function spread(s: EnsembleRow['a'], runs: number): string {
  if (s.n === 0) return '–';
  return `${fixed(s.mean)}${Number.isFinite(s.sd) ? ` ± ${sdText(s.sd)}` : ''}${s.n < runs ? ` (n ${s.n})` : ''}`;
}

function populationLabel(name: string): string {
  return name.replace(/^L23/, 'L2/3');
}

/** A row's cells; nA, nB: the runs of each side (method.nA, nB). */
export function verdictCells(r: EnsembleRow, nA: number, nB: number): VerdictCells {
  const unit = STATISTICS[r.statistic].unit;
  const noData = r.verdict === 'no-data';
  return {
    population: populationLabel(r.population),
    statistic: `${perSeedMeanName(r.statistic)}${unit ? ` (${unit})` : ''}`,
    a: spread(r.a, nA),
    b: spread(r.b, nB),
    // The column's title says "95 % CI".
    change: noData || Number.isNaN(r.change.difference) ? '–' : changeText(r).replace('(95 % CI ', '('),
    seedSd: noData ? '–' : seedVariationText(r).replace(/^unknown .*/, '–'),
    ks: noData ? '–' : `${r.betweenD.toFixed(3)} vs ${Number.isNaN(r.withinD) ? '–' : r.withinD.toFixed(3)}`,
    pDistribution: pValueText(r.pDistribution),
    pMean: pValueText(r.pMean),
    verdict: noData ? 'no data' : r.verdict === 'differ' ? 'differs' : 'agrees',
    by: r.differBy === 'both' ? 'distribution and mean' : (r.differBy ?? ''),
    text: r.text,
  };
}

/** The rows to show: all, or only those that differ; differing rows first, then in population order. */
export function shownRows(rows: readonly EnsembleRow[], onlyDiffering: boolean): EnsembleRow[] {
  const picked = onlyDiffering ? rows.filter((r) => r.verdict === 'differ') : [...rows];
  return picked.map((r, i) => ({ r, i })).sort((x, y) => Number(y.r.verdict === 'differ') - Number(x.r.verdict === 'differ') || x.i - y.i).map((x) => x.r);
}

/** The threshold Benjamini–Hochberg set, in words: "p ≤ 0.0042 counts as a difference (q = 0.05 over 48 tests)". */
export function thresholdLine(c: EnsemblePairComparison['result']): string {
  const t = c.rows[0]?.pThreshold ?? 0;
  const m = c.method;
  const over = `q = ${m.q} over ${m.tests} tests`;
  return t > 0 ? `p ≤ ${pValueText(t)} counts as a difference (Benjamini–Hochberg, ${over})` : `no p-value reaches the Benjamini–Hochberg threshold (${over})`;
}
