/**
 * Comparing runs the way validation.md prescribes: per population and statistic (rates, CV ISI,
 * correlations) the two-sample KS distance D, judged against the NEST-versus-NEST yardstick
 * (the mean + 2 SD of D between NEST runs that differ only in the seed).
 */
import { mean, sortedCopy, std } from './descriptive.ts';
import { ksStatistic, ksStatisticSorted } from './ks.ts';
import type { PopulationDistributions } from './population-stats.ts';

export const STATISTICS = ['rates', 'cv_isi', 'corr_2ms'] as const;
export type StatisticName = (typeof STATISTICS)[number];

const STAT_WORDS: Record<StatisticName, string> = {
  rates: 'rates',
  cv_isi: 'CV ISI',
  corr_2ms: 'correlations',
};

/** The distribution of one statistic of one population. */
export function distributionOf(d: PopulationDistributions, stat: StatisticName): Float64Array {
  switch (stat) {
    case 'rates':
      return d.ratesHz;
    case 'cv_isi':
      return d.cvIsi;
    case 'corr_2ms':
      return d.corr2ms;
    default: {
      const never: never = stat;
      throw new Error(`unknown statistic ${String(never)}`);
    }
  }
}

/** The NEST-vs-NEST spread of D for one population and statistic. */
export interface YardstickEntry {
  population: string;
  statistic: StatisticName;
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
export function yardstickEntry(y: Yardstick, population: string, statistic: StatisticName): YardstickEntry | undefined {
  return y.entries.find((e) => e.population === population && e.statistic === statistic);
}

/**
 * The yardstick from >= 3 reference runs (NEST with different seeds), each given as its populations'
 * distributions in the same population order: for every population and statistic, D between every
 * pair of runs, mean, SD (ddof 1) and mean + 2 SD. Pairs where a distribution is empty are skipped.
 */
export function yardstickFromRuns(runs: readonly (readonly PopulationDistributions[])[]): Yardstick {
  if (runs.length < 3) throw new RangeError(`the yardstick needs at least 3 reference runs, got ${runs.length}`);
  const names = runs[0].map((d) => d.name);
  for (const run of runs) {
    if (run.length !== names.length || run.some((d, i) => d.name !== names[i])) {
      throw new RangeError(`reference runs disagree on the populations: ${run.map((d) => d.name).join(',')} vs ${names.join(',')}`);
    }
  }
  const entries: YardstickEntry[] = [];
  names.forEach((population, p) => {
    for (const statistic of STATISTICS) {
      const distances: number[] = [];
      const sorted = runs.map((run) => sortedCopy(distributionOf(run[p], statistic)));
      for (let i = 0; i < runs.length; i++) {
        for (let j = i + 1; j < runs.length; j++) {
          const d = ksStatisticSorted(sorted[i], sorted[j]);
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
  statistic: StatisticName;
  /** KS distance (the mean over run pairs for a set comparison); NaN without data. */
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
  statistic: StatisticName,
  d: number,
  nOurs: number,
  nReference: number,
  y: Yardstick,
): ComparisonRow {
  const entry = yardstickEntry(y, population, statistic);
  const threshold = entry ? entry.threshold : NaN;
  const what = `${population} ${STAT_WORDS[statistic]}`;
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

function checkSameShape(a: readonly PopulationDistributions[], b: readonly PopulationDistributions[]): void {
  if (a.length !== b.length || a.some((d, i) => d.name !== b[i].name)) {
    throw new RangeError(`runs disagree on the populations: ${a.map((d) => d.name).join(',')} vs ${b.map((d) => d.name).join(',')}`);
  }
}

/** Compares one run with one reference run: D per population and statistic, judged by the yardstick. */
export function compareRuns(
  ours: readonly PopulationDistributions[],
  reference: readonly PopulationDistributions[],
  yardstick: Yardstick,
): RunComparison {
  checkSameShape(ours, reference);
  const rows: ComparisonRow[] = [];
  ours.forEach((o, p) => {
    for (const statistic of STATISTICS) {
      const a = distributionOf(o, statistic);
      const b = distributionOf(reference[p], statistic);
      rows.push(judge(o.name, statistic, ksStatistic(a, b), a.length, b.length, yardstick));
    }
  });
  return finish(rows);
}

/**
 * Compares several of our runs (different seeds) with several reference runs: for each population
 * and statistic, D is the mean over all (ours, reference) pairs — the quantity the NEST-vs-NEST
 * yardstick's mean describes — and passes when it is at most the threshold.
 */
export function compareRunSets(
  ours: readonly (readonly PopulationDistributions[])[],
  references: readonly (readonly PopulationDistributions[])[],
  yardstick: Yardstick,
): RunComparison {
  if (ours.length === 0 || references.length === 0) throw new RangeError('compareRunSets needs runs on both sides');
  for (const r of [...ours, ...references]) checkSameShape(ours[0], r);
  const rows: ComparisonRow[] = [];
  ours[0].forEach((first, p) => {
    for (const statistic of STATISTICS) {
      const ds: number[] = [];
      let nO = 0;
      let nR = 0;
      for (const o of ours) nO += distributionOf(o[p], statistic).length;
      for (const r of references) nR += distributionOf(r[p], statistic).length;
      for (const o of ours) {
        for (const r of references) {
          const d = ksStatistic(distributionOf(o[p], statistic), distributionOf(r[p], statistic));
          if (!Number.isNaN(d)) ds.push(d);
        }
      }
      rows.push(judge(first.name, statistic, ds.length > 0 ? mean(ds) : NaN, nO, nR, yardstick));
    }
  });
  return finish(rows);
}

/** The yardstick as a fixed-width text table (population × statistic: mean ± SD -> threshold). */
export function formatYardstick(y: Yardstick): string {
  const pops = [...new Set(y.entries.map((e) => e.population))];
  const head = ['pop'.padEnd(6), ...STATISTICS.map((s) => `${STAT_WORDS[s]} mean±sd -> thr`.padStart(28))].join('');
  const lines = [head];
  for (const p of pops) {
    const cells = STATISTICS.map((s) => {
      const e = yardstickEntry(y, p, s);
      return (e ? `${e.meanD.toFixed(3)}±${e.sdD.toFixed(3)} -> ${e.threshold.toFixed(3)}` : '-').padStart(28);
    });
    lines.push([p.padEnd(6), ...cells].join(''));
  }
  return lines.join('\n');
}
