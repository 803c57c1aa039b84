/**
 * Ensemble comparison of our runs with NEST's (docs/validation.md): runs that differ only in the
 * seed are compared as sets, never one against one.
 *
 *  - KS distances: for every population and statistic (per-neuron rates, CV ISI, pairwise
 *    correlations) the mean two-sample KS distance over all (our run, NEST run) pairs must be at
 *    most KS_RATIO x the mean KS distance over all pairs of NEST runs, plus KS_SLACK. If the two
 *    simulators are equivalent, a pair (ours, NEST) is statistically a pair of NEST runs, so the
 *    ratio of the two means is about 1.
 *  - Mean rates: our ensemble's mean population rate must lie in NEST's seed band, the range of the
 *    NEST runs' mean rates, widened to at least NEST's mean +- RATE_BAND_MIN_REL. The difference of
 *    the two ensemble means in units of its standard error (z) is reported beside it.
 *
 * Pure functions of the distributions: no I/O, no runs.
 */
import { DISTRIBUTION_KEYS, ksStatisticSorted, mean, sortedCopy, std, STATISTICS, type DistributionKey, type PopulationValues } from '../../engine/analysis/index.ts';

/** Our mean KS distance to NEST may be at most KS_RATIO x NEST's own mean KS distance + KS_SLACK. */
export const KS_RATIO = 1.5;
export const KS_SLACK = 0.005;
/** NEST's seed band is at least its mean +- 1 %. */
export const RATE_BAND_MIN_REL = 0.01;


/** One run as the ensemble comparison sees it: its populations' distributions and mean rates. */
export interface EnsembleRun {
  /** e.g. "ours seed 3" or the NEST run's folder name. */
  label: string;
  distributions: readonly PopulationValues[];
  /** Mean rate of each population over the analysis window, spikes/s (same order). */
  rateMeansHz: readonly number[];
}

export interface KsRow {
  population: string;
  statistic: DistributionKey;
  /** Mean KS distance over the (ours, NEST) pairs that have data on both sides; NaN when none. */
  crossMeanD: number;
  /** Mean and SD (ddof 1; NaN for one pair) of the KS distance over the pairs of NEST runs. */
  nestMeanD: number;
  nestSdD: number;
  /** KS_RATIO x nestMeanD + KS_SLACK. */
  limit: number;
  /** crossMeanD / nestMeanD. */
  ratio: number;
  nCrossPairs: number;
  nNestPairs: number;
  pass: boolean;
  text: string;
}

export interface RateRow {
  population: string;
  oursMeanHz: number;
  /** SD over our runs (ddof 1; NaN for one run). */
  oursSdHz: number;
  nOurs: number;
  nestMeanHz: number;
  nestSdHz: number;
  nNest: number;
  nestMinHz: number;
  nestMaxHz: number;
  /** NEST's seed band: [min, max] of its runs, widened to at least mean +- RATE_BAND_MIN_REL. */
  bandLoHz: number;
  bandHiHz: number;
  /** (ours - NEST) / NEST. */
  relDiff: number;
  /** (ours - NEST) / its standard error sqrt(sd_o^2/n_o + sd_n^2/n_n) (a report; NaN without spreads). */
  z: number;
  pass: boolean;
  text: string;
}

export interface EnsembleComparison {
  ks: KsRow[];
  rates: RateRow[];
  pass: boolean;
  /** The rows that did not pass, in plain words. */
  problems: string[];
}

function checkShape(runs: readonly EnsembleRun[], names: readonly string[]): void {
  for (const r of runs) {
    const got = r.distributions.map((d) => d.name);
    if (got.length !== names.length || got.some((n, i) => n !== names[i])) {
      throw new RangeError(`${r.label}: populations ${got.join(',')} differ from ${names.join(',')}`);
    }
    if (r.rateMeansHz.length !== names.length) throw new RangeError(`${r.label}: ${r.rateMeansHz.length} mean rates for ${names.length} populations`);
  }
}

/** KS distances over all pairs (a from A, b from B), or over the pairs i < j of A when B is null. Skips pairs without data. */
function pairDistances(a: readonly Float64Array[], b: readonly Float64Array[] | null): number[] {
  const out: number[] = [];
  if (b === null) {
    for (let i = 0; i < a.length; i++) {
      for (let j = i + 1; j < a.length; j++) {
        const d = ksStatisticSorted(a[i], a[j]);
        if (!Number.isNaN(d)) out.push(d);
      }
    }
  } else {
    for (const x of a) {
      for (const y of b) {
        const d = ksStatisticSorted(x, y);
        if (!Number.isNaN(d)) out.push(d);
      }
    }
  }
  return out;
}

/** The KS rows: one per population and statistic. Needs at least 2 NEST runs (one pair). */
export function compareKs(ours: readonly EnsembleRun[], nest: readonly EnsembleRun[]): KsRow[] {
  if (ours.length < 1) throw new RangeError('compareKs needs at least one of our runs');
  if (nest.length < 2) throw new RangeError(`compareKs needs at least 2 NEST runs (a pair) for NEST's own distance, got ${nest.length}`);
  const names = nest[0].distributions.map((d) => d.name);
  checkShape([...ours, ...nest], names);
  const rows: KsRow[] = [];
  names.forEach((population, p) => {
    for (const statistic of DISTRIBUTION_KEYS) {
      const o = ours.map((r) => sortedCopy(r.distributions[p].distributions[statistic]));
      const n = nest.map((r) => sortedCopy(r.distributions[p].distributions[statistic]));
      const cross = pairDistances(o, n);
      const own = pairDistances(n, null);
      const crossMeanD = cross.length > 0 ? mean(cross) : NaN;
      const nestMeanD = own.length > 0 ? mean(own) : NaN;
      const nestSdD = own.length > 1 ? std(own, 1) : NaN;
      const limit = KS_RATIO * nestMeanD + KS_SLACK;
      const what = `${population} ${STATISTICS[statistic].noun}`;
      const bothEmpty = o.every((x) => x.length === 0) && n.every((x) => x.length === 0);
      let pass: boolean;
      let text: string;
      if (bothEmpty) {
        pass = true;
        text = `${what}: no values on either side`;
      } else if (Number.isNaN(crossMeanD) || Number.isNaN(nestMeanD)) {
        pass = false;
        text = `${what} cannot be compared: ${Number.isNaN(crossMeanD) ? 'no (ours, NEST) pair' : 'no pair of NEST runs'} has values on both sides`;
      } else {
        pass = crossMeanD <= limit;
        text = `${what}: mean D to NEST ${crossMeanD.toFixed(4)} ${pass ? '<=' : '>'} ${KS_RATIO} x ${nestMeanD.toFixed(4)} + ${KS_SLACK} = ${limit.toFixed(4)}`;
      }
      rows.push({ population, statistic, crossMeanD, nestMeanD, nestSdD, limit, ratio: crossMeanD / nestMeanD, nCrossPairs: cross.length, nNestPairs: own.length, pass, text });
    }
  });
  return rows;
}

/** The mean-rate rows: our ensemble mean against NEST's seed band, per population. */
export function compareRates(ours: readonly EnsembleRun[], nest: readonly EnsembleRun[]): RateRow[] {
  if (ours.length < 1 || nest.length < 1) throw new RangeError('compareRates needs runs on both sides');
  const names = nest[0].distributions.map((d) => d.name);
  checkShape([...ours, ...nest], names);
  return names.map((population, p) => {
    const o = ours.map((r) => r.rateMeansHz[p]);
    const n = nest.map((r) => r.rateMeansHz[p]);
    const oursMeanHz = mean(o);
    const nestMeanHz = mean(n);
    const oursSdHz = o.length > 1 ? std(o, 1) : NaN;
    const nestSdHz = n.length > 1 ? std(n, 1) : NaN;
    const nestMinHz = Math.min(...n);
    const nestMaxHz = Math.max(...n);
    const bandLoHz = Math.min(nestMinHz, nestMeanHz * (1 - RATE_BAND_MIN_REL));
    const bandHiHz = Math.max(nestMaxHz, nestMeanHz * (1 + RATE_BAND_MIN_REL));
    const se = Math.sqrt(oursSdHz ** 2 / o.length + nestSdHz ** 2 / n.length);
    const z = (oursMeanHz - nestMeanHz) / se;
    const relDiff = (oursMeanHz - nestMeanHz) / nestMeanHz;
    const pass = oursMeanHz >= bandLoHz && oursMeanHz <= bandHiHz;
    const text = `${population} mean rate: ours ${oursMeanHz.toFixed(3)} (${o.length} runs) ${pass ? 'within' : 'outside'} NEST's band [${bandLoHz.toFixed(3)}, ${bandHiHz.toFixed(3)}] around ${nestMeanHz.toFixed(3)} (${n.length} runs); ${relDiff >= 0 ? '+' : ''}${(100 * relDiff).toFixed(1)} %, z = ${Number.isFinite(z) ? z.toFixed(1) : 'n/a'}`;
    return { population, oursMeanHz, oursSdHz, nOurs: o.length, nestMeanHz, nestSdHz, nNest: n.length, nestMinHz, nestMaxHz, bandLoHz, bandHiHz, relDiff, z, pass, text };
  });
}

/** Both comparisons and the verdict. */
export function compareEnsembles(ours: readonly EnsembleRun[], nest: readonly EnsembleRun[]): EnsembleComparison {
  const ks = compareKs(ours, nest);
  const rates = compareRates(ours, nest);
  const problems = [...rates.filter((r) => !r.pass).map((r) => r.text), ...ks.filter((r) => !r.pass).map((r) => r.text)];
  return { ks, rates, pass: problems.length === 0, problems };
}

/** The comparison as a fixed-width table: rates, then KS per population (mean D to NEST / NEST's own -> ratio). */
export function formatEnsembleTable(c: EnsembleComparison): string {
  const lines: string[] = [];
  lines.push('pop     ours Hz (SD)        NEST Hz (SD)        band             diff     z   | rates: D->NEST / NEST-NEST     | CV ISI                        | correlations');
  for (const r of c.rates) {
    const ks = DISTRIBUTION_KEYS.map((s) => c.ks.find((k) => k.population === r.population && k.statistic === s)!);
    const cell = (k: KsRow): string =>
      Number.isNaN(k.crossMeanD) ? 'no data'.padEnd(30) : `${k.crossMeanD.toFixed(4)} / ${k.nestMeanD.toFixed(4)} = ${k.ratio.toFixed(2)} ${k.pass ? 'ok' : 'OVER'}`.padEnd(30);
    lines.push(
      `${r.population.padEnd(6)}  ${r.oursMeanHz.toFixed(3)} (${Number.isNaN(r.oursSdHz) ? '-' : r.oursSdHz.toFixed(3)})`.padEnd(28) +
        `${r.nestMeanHz.toFixed(3)} (${Number.isNaN(r.nestSdHz) ? '-' : r.nestSdHz.toFixed(3)})`.padEnd(20) +
        `[${r.bandLoHz.toFixed(3)}, ${r.bandHiHz.toFixed(3)}]`.padEnd(17) +
        `${r.relDiff >= 0 ? '+' : ''}${(100 * r.relDiff).toFixed(1)}%`.padStart(6) +
        `${Number.isFinite(r.z) ? r.z.toFixed(1) : '-'}`.padStart(6) +
        ` ${r.pass ? 'ok ' : 'OUT'} | ${ks.map(cell).join(' | ')}`,
    );
  }
  return lines.join('\n');
}
