/**
 * Comparing runs the way validation.md prescribes: per population and statistic the distance
 * between two runs' values (for the distributions — rates, CV ISI, correlations — the two-sample
 * KS distance D), judged against the NEST-versus-NEST yardstick: the mean + 2 SD of that distance
 * between NEST runs that differ only in the seed. Which statistics, and how each is compared, come
 * from the registry (statistics.ts); by default the distributions are judged.
 */
import { mean, std } from './descriptive.ts';
import {
  DISTRIBUTION_KEYS,
  STATISTICS,
  statisticDistance,
  valueCount,
  valueOf,
  type PopulationValues,
  type StatisticKey,
} from './statistics.ts';

/** The NEST-vs-NEST spread of D for one population and statistic. */
export interface YardstickEntry {
  population: string;
  statistic: StatisticKey;
  /** The D of every pair of reference runs (run i < run j, row-major). */
  distances: number[];
  meanD: number;
  /** Sample SD (ddof 1) of the distances. */
  sdD: number;
  /** Pass threshold: meanD + 2·sdD. */
  threshold: number;
}

export interface Yardstick {
  /** Number of reference runs it was computed from. */
  nRuns: number;
  entries: YardstickEntry[];
}

/** Looks up the yardstick entry of a population and statistic (undefined when absent). */
export function yardstickEntry(y: Yardstick, population: string, statistic: StatisticKey): YardstickEntry | undefined {
  return y.entries.find((e) => e.population === population && e.statistic === statistic);
}

function checkSameShape(a: readonly PopulationValues[], b: readonly PopulationValues[], what: string): void {
  if (a.length !== b.length || a.some((d, i) => d.name !== b[i].name)) {
    throw new RangeError(`${what} disagree on the populations: ${a.map((d) => d.name).join(',')} vs ${b.map((d) => d.name).join(',')}`);
  }
}

/**
 * The yardstick from >= 3 reference runs (NEST with different seeds), each given as its populations'
 * values in the same population order: for every population and statistic, the distance between
 * every pair of runs, its mean, SD (ddof 1) and mean + 2 SD. Pairs where a side has no values are
 * skipped.
 */
export function yardstickFromRuns(runs: readonly (readonly PopulationValues[])[], statistics: readonly StatisticKey[] = DISTRIBUTION_KEYS): Yardstick {
  if (runs.length < 3) throw new RangeError(`the yardstick needs at least 3 reference runs, got ${runs.length}`);
  for (const run of runs) checkSameShape(runs[0], run, 'reference runs');
  const entries: YardstickEntry[] = [];
  runs[0].forEach(({ name: population }, p) => {
    for (const statistic of statistics) {
      const distances: number[] = [];
      for (let i = 0; i < runs.length; i++) {
        for (let j = i + 1; j < runs.length; j++) {
          const d = statisticDistance(statistic, runs[i][p], runs[j][p]);
          if (!Number.isNaN(d)) distances.push(d);
        }
      }
      const meanD = mean(distances);
      const sdD = std(distances, 1);
      entries.push({ population, statistic, distances, meanD, sdD, threshold: meanD + 2 * sdD });
    }
  });
  return { nRuns: runs.length, entries };
}

export type Verdict = 'pass' | 'fail' | 'no-data' | 'no-yardstick';

/** One population and statistic of a comparison. */
export interface ComparisonRow {
  population: string;
  statistic: StatisticKey;
  /** Distance (KS D for a distribution; the mean over run pairs for a set comparison); NaN without data. */
  d: number;
  /** Yardstick threshold (NaN when the yardstick lacks this entry). */
  threshold: number;
  /** Sizes of the two distributions (summed over runs for a set comparison). */
  nOurs: number;
  nReference: number;
  verdict: Verdict;
  /** Plain words, e.g. "L23E rates differ: D=0.210 > 0.120". */
  text: string;
}

export interface RunComparison {
  rows: ComparisonRow[];
  /** True when every row passes. */
  pass: boolean;
  /** The rows that did not pass, in plain words (empty when all pass). */
  problems: string[];
}

function judge(
  population: string,
  statistic: StatisticKey,
  d: number,
  nOurs: number,
  nReference: number,
  y: Yardstick,
): ComparisonRow {
  const entry = yardstickEntry(y, population, statistic);
  const threshold = entry ? entry.threshold : NaN;
  const what = `${population} ${STATISTICS[statistic].noun}`;
  let verdict: Verdict;
  let text: string;
  if (nOurs === 0 && nReference === 0) {
    verdict = 'pass';
    text = `${what}: no data on either side`;
  } else if (Number.isNaN(d)) {
    verdict = 'no-data';
    text = `${what} cannot be compared: ${nOurs === 0 ? 'our run has' : 'the reference has'} no values (${nOurs} vs ${nReference})`;
  } else if (Number.isNaN(threshold)) {
    verdict = 'no-yardstick';
    text = `${what}: D=${d.toFixed(3)}, no yardstick to judge it`;
  } else if (d <= threshold) {
    verdict = 'pass';
    text = `${what} agree: D=${d.toFixed(3)} <= ${threshold.toFixed(3)}`;
  } else {
    verdict = 'fail';
    text = `${what} differ: D=${d.toFixed(3)} > ${threshold.toFixed(3)}`;
  }
  return { population, statistic, d, threshold, nOurs, nReference, verdict, text };
}

function finish(rows: ComparisonRow[]): RunComparison {
  const bad = rows.filter((r) => r.verdict !== 'pass');
  return { rows, pass: bad.length === 0, problems: bad.map((r) => r.text) };
}

/**
 * Compares one run with one reference run: the distance per population and statistic (KS D of the
 * distributions by default), judged by the yardstick.
 */
export function compareRuns(
  ours: readonly PopulationValues[],
  reference: readonly PopulationValues[],
  yardstick: Yardstick,
  statistics: readonly StatisticKey[] = DISTRIBUTION_KEYS,
): RunComparison {
  return compareRunSets([ours], [reference], yardstick, statistics);
}

/**
 * Compares several of our runs (different seeds) with several reference runs: for each population
 * and statistic, the distance is the mean over all (ours, reference) pairs — the quantity the
 * NEST-vs-NEST yardstick's mean describes — and passes when it is at most the threshold. With one
 * run on each side it is compareRuns.
 */
export function compareRunSets(
  ours: readonly (readonly PopulationValues[])[],
  references: readonly (readonly PopulationValues[])[],
  yardstick: Yardstick,
  statistics: readonly StatisticKey[] = DISTRIBUTION_KEYS,
): RunComparison {
  if (ours.length === 0 || references.length === 0) throw new RangeError('compareRunSets needs runs on both sides');
  for (const r of [...ours, ...references]) checkSameShape(ours[0], r, 'runs');
  const rows: ComparisonRow[] = [];
  ours[0].forEach(({ name }, p) => {
    for (const statistic of statistics) {
      const ds: number[] = [];
      let nO = 0;
      let nR = 0;
      for (const o of ours) nO += valueCount(valueOf(o[p], statistic));
      for (const r of references) nR += valueCount(valueOf(r[p], statistic));
      for (const o of ours) {
        for (const r of references) {
          const d = statisticDistance(statistic, o[p], r[p]);
          if (!Number.isNaN(d)) ds.push(d);
        }
      }
      rows.push(judge(name, statistic, ds.length > 0 ? mean(ds) : NaN, nO, nR, yardstick));
    }
  });
  return finish(rows);
}

/** The yardstick as a fixed-width text table (population × statistic: mean ± SD -> threshold). */
export function formatYardstick(y: Yardstick): string {
  const pops = [...new Set(y.entries.map((e) => e.population))];
  const stats = [...new Set(y.entries.map((e) => e.statistic))];
  const head = ['pop'.padEnd(6), ...stats.map((s) => `${STATISTICS[s].noun} mean±sd -> thr`.padStart(28))].join('');
  const lines = [head];
  for (const p of pops) {
    const cells = stats.map((s) => {
      const e = yardstickEntry(y, p, s);
      return (e ? `${e.meanD.toFixed(3)}±${e.sdD.toFixed(3)} -> ${e.threshold.toFixed(3)}` : '-').padStart(28);
    });
    lines.push([p.padEnd(6), ...cells].join(''));
  }
  return lines.join('\n');
}
