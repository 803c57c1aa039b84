/**
 * The verdict on two ensembles (runs of configuration A and of configuration B, several seeds
 * each): in which statistics do they differ beyond what the seeds alone make them differ, measured
 * on those very runs? docs/comparison.md gives the method, the calibration study that chose it
 * and its measured false-alarm rate and power.
 *
 * Per population and distribution of the registry (8 × rates, CV ISI, correlations = 24
 * statistics), two permutation tests over the seeds (seed-permutation.ts): if A and B were the
 * same configuration, any relabelling of the nA + nB runs into nA "A" and nB "B" would be as
 * likely as the real one, so a p-value is the fraction of relabellings at least as extreme as the
 * real labelling in
 *  - its distribution: the mean KS distance between a run of A and a run of B (which, the sum over
 *    all pairs being fixed, is the between-ensemble distance against the within-ensemble one);
 *  - its per-seed mean (mean rate, mean CV ISI, mean correlation): |mean of A − mean of B|.
 * The KS test sees changes of shape and large shifts; the mean test sees small shifts that the
 * neuron-to-neuron scatter of a single run's distribution hides. All 48 p-values are judged
 * together by Benjamini–Hochberg; a statistic differs when either of its tests is a discovery.
 * With the same configuration on both sides the calibration study saw a "differ" in at most 0.3 % of
 * draws of 5 v 5 seeds, and in 4–8 % with 10 v 10 (about q, as Benjamini–Hochberg allows when
 * nothing differs; with 5 seeds a side the few relabellings make the test cautious).
 *
 * Beside the verdict, for people: each side's per-seed mean ± its seed-to-seed SD, the change
 * B − A with Welch's 95 % interval, and the KS distances between and within the ensembles.
 *
 * Pure: no I/O, shared with the page.
 */
import { sortedCopy } from './descriptive.ts';
import { checkEnsembleShape, perRunValue, seedSpread, type EnsembleRun, type SeedSpread } from './ensemble.ts';
import { ksStatisticSorted } from './ks.ts';
import {
  MAX_SPLITS,
  meanCrossDistance,
  meanWithinDistance,
  permutationP,
  seedSplits,
  smallestP,
  type DistanceMatrix,
  type SeedSplits,
} from './seed-permutation.ts';
import { DISTRIBUTION_KEYS, STATISTICS, type DistributionKey } from './statistics.ts';
import { welch } from './student-t.ts';

/** The false-discovery rate of the Benjamini–Hochberg step over all tests (docs/comparison.md: chosen by measurement). */
export const VERDICT_Q = 0.05;

export interface EnsembleComparisonOptions {
  /** Distributions tested in every population (default: every distribution of the registry). */
  statistics?: readonly DistributionKey[];
  /** Benjamini–Hochberg level (default VERDICT_Q). */
  q?: number;
  /** Relabellings enumerated in full up to this many, else sampled (default MAX_SPLITS). */
  maxSplits?: number;
}

export type EnsembleVerdict = 'agree' | 'differ' | 'no-data';

/** Which test of a statistic found a difference: its distribution (KS), its per-seed mean, or both. */
export type DifferenceKind = 'distribution' | 'mean' | 'both';

/** The change B − A of a per-seed mean, by Welch's t. */
export interface MeanChange {
  /** meanB − meanA. */
  difference: number;
  ci95: [number, number];
  /** difference ÷ meanA, and its interval; NaN where A's mean is not clearly above 0 (relativeChange). */
  relative: number;
  relativeCi95: [number, number];
}

/** One population and statistic of an ensemble comparison. */
export interface EnsembleRow {
  population: string;
  statistic: DistributionKey;
  /** The per-seed mean (mean rate, mean CV ISI, mean correlation) of each side, over its seeds. */
  a: SeedSpread;
  b: SeedSpread;
  change: MeanChange;
  /** Seed-to-seed SD of the per-seed mean, pooled over both sides (ddof 1 each); NaN with < 2 runs a side. */
  seedSd: number;
  /** seedSd ÷ A's mean (NaN where relative changes are not given). */
  seedSdRelative: number;
  /** Mean KS distance over the pairs (run of A, run of B): the distance between the ensembles. */
  betweenD: number;
  /** Mean KS distance over the pairs of runs inside A, inside B, and inside either (NaN without such a pair). */
  withinAD: number;
  withinBD: number;
  withinD: number;
  /** Permutation p-value of betweenD (the distributions), and of |Δ per-seed mean| (the means); NaN without values. */
  pDistribution: number;
  pMean: number;
  /** Largest p that Benjamini–Hochberg accepts as a difference in this comparison (same for every row; 0 when none). */
  pThreshold: number;
  verdict: EnsembleVerdict;
  /** For a difference: which test found it. */
  differBy: DifferenceKind | null;
  /** The row in one sentence. */
  text: string;
}

export interface EnsembleMethod {
  /** In words, for the page and the CLI. */
  text: string;
  nA: number;
  nB: number;
  /** Relabellings of the seeds used, and whether they are all of them. */
  splits: number;
  exact: boolean;
  /** The smallest p-value these seeds can give. */
  smallestP: number;
  q: number;
  /** Statistics judged (populations × distributions with values), and tests (two per statistic). */
  statistics: number;
  tests: number;
  /** How many tests must reach smallestP together for any to be called different (Infinity: none can). */
  minimumTogether: number;
}

export interface EnsembleComparison {
  method: EnsembleMethod;
  rows: EnsembleRow[];
  /** 'differ' when any row differs; 'agree' when none does and a difference could have shown; 'undecided' when these seeds cannot show any. */
  verdict: 'agree' | 'differ' | 'undecided';
  /** The verdict in a sentence or two, as a neuroscientist would write it. */
  headline: string;
  /** What limits the verdict (too few seeds, ...), in plain words; empty when nothing does. */
  notes: string[];
}

function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a >= 100) return x.toFixed(1);
  if (a >= 1) return x.toFixed(Math.max(0, digits - 1));
  // Enough decimals for `digits` significant figures.
  return x.toFixed(Math.min(8, digits - 1 - Math.floor(Math.log10(a))));
}

function signed(x: number, text: string): string {
  return x > 0 ? `+${text}` : x < 0 ? `−${text.replace(/^-/, '')}` : text;
}

/** A relative change: "+4.1", "−12" (percent, without the sign). */
function pctNumber(x: number): string {
  return signed(x, Math.abs(x * 100) >= 10 ? (x * 100).toFixed(0) : (x * 100).toFixed(1));
}

/** A p-value in a sentence. */
export function pValueText(p: number): string {
  return Number.isNaN(p) ? 'n/a' : p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

/**
 * Relative changes are given where A's per-seed mean is clearly above 0: positive, and its seeds'
 * SD below it (rates and CV ISI always; a mean correlation near 0 gets an absolute change).
 */
export function relativeChange(a: SeedSpread): boolean {
  return a.mean > 0 && (Number.isNaN(a.sd) || a.sd < a.mean);
}

function meanChange(a: SeedSpread, b: SeedSpread): MeanChange {
  const w = welch(a.mean, a.sd, a.n, b.mean, b.sd, b.n);
  const rel = relativeChange(a);
  return {
    difference: b.mean - a.mean,
    ci95: w.ci95,
    relative: rel ? (b.mean - a.mean) / a.mean : NaN,
    relativeCi95: rel ? [w.ci95[0] / a.mean, w.ci95[1] / a.mean] : [NaN, NaN],
  };
}

function pooledSd(a: SeedSpread, b: SeedSpread): number {
  if (a.n < 2 || b.n < 2) return NaN;
  return Math.sqrt(((a.n - 1) * a.sd ** 2 + (b.n - 1) * b.sd ** 2) / (a.n + b.n - 2));
}

/** KS distances between every pair of runs, from each run's values sorted ascending. */
export function ksDistanceMatrix(sorted: readonly Float64Array[]): DistanceMatrix {
  const n = sorted.length;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const x = ksStatisticSorted(sorted[i], sorted[j]);
      d[i * n + j] = x;
      d[j * n + i] = x;
    }
  }
  return { n, d };
}

/** |mean of A's values − mean of B's values| of one split, runs without a value (NaN) left out. */
export function meanDifference(perRun: readonly number[], inA: Uint8Array, offset: number): number {
  let sa = 0;
  let sb = 0;
  let na = 0;
  let nb = 0;
  for (let r = 0; r < perRun.length; r++) {
    const x = perRun[r];
    if (Number.isNaN(x)) continue;
    if (inA[offset + r]) {
      sa += x;
      na++;
    } else {
      sb += x;
      nb++;
    }
  }
  return na > 0 && nb > 0 ? Math.abs(sa / na - sb / nb) : NaN;
}

/** Benjamini–Hochberg: the largest p accepted as a discovery among these (0 when none is). */
export function benjaminiHochbergThreshold(ps: readonly number[], q: number): number {
  const sorted = ps.filter((p) => !Number.isNaN(p)).sort((x, y) => x - y);
  const m = sorted.length;
  let bar = 0;
  sorted.forEach((p, i) => {
    if (p <= ((i + 1) * q) / m) bar = p;
  });
  return bar;
}

/** What a statistic's per-seed mean is called: 'mean rate', 'mean CV ISI', 'mean correlation'. */
export function perSeedMeanName(key: DistributionKey): string {
  return key === 'rates' ? 'mean rate' : key === 'corr_2ms' ? 'mean correlation' : `mean ${STATISTICS[key].noun}`;
}

/** The change in words: "+4.1 % (95 % CI +1.2 to +7.0 %)" or "+0.0021 (95 % CI −0.0004 to +0.0046)". */
export function changeText(row: Pick<EnsembleRow, 'change'>): string {
  const c = row.change;
  if (!Number.isNaN(c.relative)) {
    const ci = Number.isNaN(c.relativeCi95[0]) ? '' : ` (95 % CI ${pctNumber(c.relativeCi95[0])} to ${pctNumber(c.relativeCi95[1])} %)`;
    return `${pctNumber(c.relative)} %${ci}`;
  }
  const ci = Number.isNaN(c.ci95[0]) ? '' : ` (95 % CI ${signed(c.ci95[0], fmt(c.ci95[0], 2))} to ${signed(c.ci95[1], fmt(c.ci95[1], 2))})`;
  return `${signed(c.difference, fmt(c.difference, 2))}${ci}`;
}

/** The seed-to-seed variation in words: "± 2.3 %" or "± 0.0012". */
export function seedVariationText(row: Pick<EnsembleRow, 'seedSd' | 'seedSdRelative' | 'statistic'>): string {
  if (Number.isNaN(row.seedSd)) return 'unknown (fewer than 2 seeds a side)';
  if (!Number.isNaN(row.seedSdRelative)) return `± ${(row.seedSdRelative * 100).toFixed(1)} %`;
  const unit = STATISTICS[row.statistic].unit;
  return `± ${fmt(row.seedSd, 2)}${unit ? ` ${unit}` : ''}`;
}

function rowText(r: Omit<EnsembleRow, 'text'>): string {
  const what = `${r.population} ${STATISTICS[r.statistic].noun}`;
  if (r.verdict === 'no-data') {
    if (r.a.n === 0 && r.b.n === 0) return `${what} cannot be compared: neither side has values`;
    const short = (side: SeedSpread, name: string): string | null => {
      const runs = side.perRun.length;
      if (side.n === runs) return null;
      return side.n === 0 ? `ensemble ${name} has no values` : `only ${side.n} of the ${runs} runs of ensemble ${name} ${side.n === 1 ? 'has' : 'have'} values`;
    };
    const why = [short(r.a, 'A'), short(r.b, 'B')].filter((x) => x !== null).join(', and ');
    return `${what} cannot be compared: ${why}${r.a.n > 0 || r.b.n > 0 ? ' (each run needs some)' : ''}`;
  }
  const unit = STATISTICS[r.statistic].unit;
  const by = r.differBy === 'both' ? ' (distribution and mean)' : r.differBy ? ` (${r.differBy})` : '';
  const means = `${perSeedMeanName(r.statistic)} ${fmt(r.a.mean)} → ${fmt(r.b.mean)}${unit ? ` ${unit}` : ''}, ${changeText(r)}`;
  const spread = Number.isNaN(r.seedSd) ? '' : `; seeds vary by ${seedVariationText(r)}`;
  const within = Number.isNaN(r.withinD) ? 'n/a' : r.withinD.toFixed(3);
  const ks = `; KS D ${r.betweenD.toFixed(3)} between ensembles vs ${within} within (p = ${pValueText(r.pDistribution)}); means p = ${pValueText(r.pMean)}`;
  return `${what} ${r.verdict}${by}: ${means}${spread}${ks}`;
}

/** A differing row in a headline: "L5E rates differ: −71 % (95 % CI …), beyond seed-to-seed variation of ± 2.3 %". */
function headlineItem(r: EnsembleRow, short: boolean): string {
  const what = `${r.population} ${STATISTICS[r.statistic].noun}`;
  const ciExcludes0 = r.change.ci95[0] > 0 || r.change.ci95[1] < 0;
  if (Number.isNaN(r.change.difference) || !ciExcludes0) {
    // The distributions differ, their means do not tell them apart: a change of shape.
    const ks = `KS D ${r.betweenD.toFixed(3)} between ensembles vs ${r.withinD.toFixed(3)} within`;
    return `${what} differ in distribution (${ks}; ${perSeedMeanName(r.statistic)} ${changeText(r)})`;
  }
  if (short) return `${what} ${changeText(r).replace(/\)$/, `; seeds vary by ${seedVariationText(r)})`)}`;
  return `${what} differ: ${changeText(r)}, beyond seed-to-seed variation of ${seedVariationText(r)}`;
}

/** Strength of a difference, for ordering: the change in seed SDs, else the between distance over the within one. */
function strength(r: EnsembleRow): number {
  const z = Math.abs(r.change.difference) / r.seedSd;
  return Number.isFinite(z) ? z : r.betweenD / Math.max(r.withinD, 1e-9);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Compares ensemble A with ensemble B (each: its runs' values, populations in the same order on
 * both sides). Any sizes from 1 run a side; whether a difference can show at all depends on them
 * (method.minimumTogether, notes). Cost: the KS distance of every pair of runs per statistic, and
 * for each of at most MAX_SPLITS relabellings nA·nB additions per statistic.
 */
export function compareEnsembles(a: readonly EnsembleRun[], b: readonly EnsembleRun[], options: EnsembleComparisonOptions = {}): EnsembleComparison {
  const names = checkEnsembleShape(a, 'ensemble A');
  const namesB = checkEnsembleShape(b, 'ensemble B');
  if (names.join() !== namesB.join()) throw new RangeError(`the ensembles disagree on the populations: ${names.join(', ')} vs ${namesB.join(', ')}`);
  const statistics = options.statistics ?? DISTRIBUTION_KEYS;
  const q = options.q ?? VERDICT_Q;
  if (!(q > 0 && q < 1)) throw new RangeError(`q = ${q}: a false-discovery rate in (0, 1)`);
  const maxSplits = options.maxSplits ?? MAX_SPLITS;
  const nA = a.length;
  const nB = b.length;
  const splits: SeedSplits = seedSplits(nA, nB, maxSplits);
  const all = [...a, ...b];
  const nPairsA = (nA * (nA - 1)) / 2;
  const nPairsB = (nB * (nB - 1)) / 2;

  const partial: Omit<EnsembleRow, 'verdict' | 'differBy' | 'text' | 'pThreshold'>[] = [];
  names.forEach((population, p) => {
    for (const statistic of statistics) {
      const perRun = all.map((r) => perRunValue(r[p], statistic));
      const sa = seedSpread(perRun.slice(0, nA));
      const sb = seedSpread(perRun.slice(nA));
      const m = ksDistanceMatrix(all.map((r) => sortedCopy(r[p].distributions[statistic])));
      // A run without values of the statistic (a silent population, no neuron with 3 spikes in a
      // short run) has no distribution and no per-seed mean: the ensembles are judged only where
      // every run of both sides has values — the runs that do are not a sample of the ensemble.
      const complete = sa.n === nA && sb.n === nB;
      const distribution = complete ? permutationP(splits, (inA, off) => meanCrossDistance(m, inA, off)) : { observed: NaN, p: NaN, splits: splits.count, exact: splits.exact };
      const means = complete ? permutationP(splits, (inA, off) => meanDifference(perRun, inA, off)) : { observed: NaN, p: NaN, splits: splits.count, exact: splits.exact };
      const withinAD = meanWithinDistance(m, splits.inA, 0, 1);
      const withinBD = meanWithinDistance(m, splits.inA, 0, 0);
      // Pairs inside A and inside B, each pair counted once.
      const withinD = Number.isNaN(withinAD) ? withinBD : Number.isNaN(withinBD) ? withinAD : (withinAD * nPairsA + withinBD * nPairsB) / (nPairsA + nPairsB);
      const seedSd = pooledSd(sa, sb);
      partial.push({
        population,
        statistic,
        a: sa,
        b: sb,
        change: meanChange(sa, sb),
        seedSd,
        seedSdRelative: relativeChange(sa) ? seedSd / sa.mean : NaN,
        betweenD: distribution.observed,
        withinAD,
        withinBD,
        withinD,
        pDistribution: distribution.p,
        pMean: means.p,
      });
    }
  });

  const ps = partial.flatMap((r) => [r.pDistribution, r.pMean]).filter((x) => !Number.isNaN(x));
  const pThreshold = benjaminiHochbergThreshold(ps, q);
  const found = (x: number): boolean => pThreshold > 0 && !Number.isNaN(x) && x <= pThreshold;
  const rows: EnsembleRow[] = partial.map((r) => {
    const byD = found(r.pDistribution);
    const byM = found(r.pMean);
    const verdict: EnsembleVerdict = Number.isNaN(r.pDistribution) && Number.isNaN(r.pMean) ? 'no-data' : byD || byM ? 'differ' : 'agree';
    const differBy: DifferenceKind | null = byD && byM ? 'both' : byD ? 'distribution' : byM ? 'mean' : null;
    const row = { ...r, pThreshold, verdict, differBy };
    return { ...row, text: rowText(row) };
  });

  const pMin = smallestP(nA, nB, maxSplits);
  const tests = ps.length;
  // BH calls k tests different when k of them have p <= k·q/m: at the smallest p, k >= pMin·m/q.
  const minimumTogether = pMin > q ? Infinity : Math.max(1, Math.ceil((pMin * tests) / q - 1e-9));
  const method: EnsembleMethod = {
    text:
      `per population and statistic, two permutation tests over ${splits.exact ? 'all' : `${splits.count} sampled`} relabellings of the ` +
      `${nA} + ${nB} seeds — of the mean KS distance between the ensembles' runs (the distributions) and of the difference of the per-seed means — ` +
      `all ${tests} p-values judged together by Benjamini–Hochberg at q = ${q}`,
    nA,
    nB,
    splits: splits.count,
    exact: splits.exact,
    smallestP: pMin,
    q,
    statistics: rows.filter((r) => r.verdict !== 'no-data').length,
    tests,
    minimumTogether,
  };
  return { method, rows, ...verdictOf(rows, method) };
}

function verdictOf(rows: readonly EnsembleRow[], method: EnsembleMethod): Pick<EnsembleComparison, 'verdict' | 'headline' | 'notes'> {
  const { nA, nB, smallestP: pMin, minimumTogether } = method;
  const notes: string[] = [];
  const differ = rows.filter((r) => r.verdict === 'differ').sort((x, y) => strength(y) - strength(x));
  const agree = rows.filter((r) => r.verdict === 'agree');
  const noData = rows.filter((r) => r.verdict === 'no-data');
  const seeds = `${nA} and ${nB} seeds`;
  if (noData.length > 0) notes.push(`${plural(noData.length, 'statistic')} cannot be compared (no values in some runs): ${noData.map((r) => `${r.population} ${STATISTICS[r.statistic].noun}`).join(', ')}.`);

  if (nA === 1 && nB === 1) {
    notes.unshift(
      'One seed each cannot separate seed noise from a real difference: two runs of the very same configuration with different seeds differ too, ' +
        'and by how much can only be measured on several seeds. The distances describe these two runs; run each configuration with ' +
        'several seeds (5 or more) to judge them.',
    );
    return { verdict: 'undecided', headline: 'One run on each side: one seed each cannot tell seed noise from a real difference.', notes };
  }
  if (minimumTogether === Infinity) {
    notes.unshift(
      `With ${seeds} there are too few relabellings of the seeds: no p-value can fall below ${pValueText(pMin)}, so no difference can be shown ` +
        `at q = ${method.q}. Run more seeds (5 a side or more).`,
    );
    return {
      verdict: 'undecided',
      headline: `Too few seeds to tell seed noise from a real difference (${seeds}); the distances are shown, without a verdict.`,
      notes,
    };
  }
  if (minimumTogether > 1) {
    notes.push(
      `With ${seeds} the smallest possible p is ${pValueText(pMin)}: a difference shows only where at least ${minimumTogether} of the ` +
        `${method.tests} tests (a distribution and a mean per statistic) reach it together; a change confined to one or two statistics needs more seeds.`,
    );
  }
  if (differ.length === 0) {
    return {
      verdict: 'agree',
      headline: `The ensembles agree (${seeds}): all ${method.statistics} statistics lie within seed-to-seed variation.`,
      notes,
    };
  }
  const rest = agree.length === 0 ? '' : `; the other ${plural(agree.length, 'statistic')} agree${agree.length === 1 ? 's' : ''}`;
  let headline: string;
  if (differ.length <= 3) {
    headline = `${differ.map((r) => headlineItem(r, false)).join('; ')}${rest}.`;
  } else {
    const count = differ.length === method.statistics ? `All ${method.statistics} statistics` : `${differ.length} of ${method.statistics} statistics`;
    // Ordered by the change in seed SDs: the clearest differences, not always the largest in %.
    headline = `${count} differ beyond seed-to-seed variation (${seeds}); clearest: ${differ.slice(0, 3).map((r) => headlineItem(r, true)).join(', ')}${rest}.`;
  }
  return { verdict: 'differ', headline, notes };
}
