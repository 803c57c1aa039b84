/**
 * Comparing stored runs (ours, NEST imports, or both), as groups: a group of one run is a single
 * run, a group of several is an ensemble (one configuration, several seeds). The first group is
 * compared with each other one.
 *
 * - Ensembles (a side with 2 runs or more): engine/analysis/ensemble-comparison.ts judges them by
 *   the seed-to-seed spread measured on those very runs (a permutation test over the seeds), at
 *   any scale; each group is also summarised (per population mean ± SD over seeds, pooled
 *   distributions: engine/analysis/ensemble.ts).
 * - Two single runs: one seed each cannot separate seed noise from a real difference, and the
 *   verdict says so. What it can say: the KS distance D per population and statistic, and — as
 *   context only, where the runs are at the scale and window it was measured at (N = K = 0.1,
 *   1-s windows) — how D stands against NEST's seed-to-seed yardstick (mean + 2 SD of D between
 *   NEST seeds; yardstick-data.ts), and how often two NEST seeds exceed it themselves.
 *
 * With the caveats and the parameter differences in plain words. One typed result serves the CLI
 * (formatComparison) and the UI.
 */
import {
  changeText,
  compareEnsembles,
  pValueText,
  compareRuns,
  DISTRIBUTION_KEYS,
  STATISTICS,
  summarizeEnsemble,
  type EnsembleComparison,
  type EnsembleSummary,
  type PopulationValues,
  type RunComparison,
  type TimeWindow,
  type Yardstick,
  seedVariationText,
} from '../../engine/analysis/index.ts';
import { diffParams } from '../../engine/params/merge.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import { table } from '../cli/format.ts';
import { analysisWindow, analyzeStoredRunSync } from '../runs/run-stats.ts';
import type { RunStore } from '../store/run-store.ts';
import type { RunOrigin } from '../store/types.ts';
import { PARAMS_INFERRED_TAG } from './nest-import.ts';
import { NEST_MEAN_RATE_RANGES_HZ, NEST_YARDSTICK, NEST_YARDSTICK_CONDITIONS, NEST_YARDSTICK_RUNS, NEST_YARDSTICK_VERSION } from './yardstick-data.ts';

/** A comparison that cannot be made (a run not completed, no spikes, different populations). */
export class CompareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompareError';
  }
}

/** One run of a comparison. */
export interface ComparedRun {
  id: number;
  name: string;
  origin: RunOrigin;
  /** Engine and version, e.g. "NEST 3.10.0" or "microcircuit-engine 0.1.0". */
  engine: string;
  N_scaling: number;
  K_scaling: number;
  seed: number;
  /** The analysis window (t_presim, t_presim + t_sim]. */
  window: TimeWindow;
  /** Parameters inferred at a NEST import (K_scaling, seed, inputs assumed). */
  paramsInferred: boolean;
  /** Mean rate of each population (the registry's rate_mean: mean of the per-neuron rates), spikes/s. */
  meanRatesHz: number[];
}

/**
 * How two single runs stand against NEST's seed-to-seed yardstick (context, not a verdict): within
 * it everywhere, beyond it somewhere, some statistics without data; 'no-context' where the
 * yardstick does not apply (another scale or window).
 */
export type PairStanding = 'within' | 'beyond' | 'incomplete' | 'no-context';

/** One run against another. */
export interface PairComparison {
  a: number[];
  b: number[];
  /** Per population and statistic: D, the yardstick's threshold where it applies, and a line of text. */
  comparison: RunComparison;
  /** Always 'undecided': one seed each cannot separate seed noise from a real difference. */
  verdict: 'undecided';
  standing: PairStanding;
  /** What can be said, in plain words. */
  summary: string;
  /** Parameter differences between the two runs (dotted paths). */
  paramDiffs: { path: string; a: unknown; b: unknown }[];
}

/** Ensemble A against ensemble B (at least one side with 2 runs or more). */
export interface EnsemblePairComparison {
  a: number[];
  b: number[];
  /** The verdict (headline, notes), per population and statistic the rows, and the method. */
  result: EnsembleComparison;
  /** Parameter differences between the first run of each side (dotted paths). */
  paramDiffs: { path: string; a: unknown; b: unknown }[];
}

/** One group of runs and its ensemble summary. */
export interface GroupSummary {
  ids: number[];
  /** Per population and statistic: per-run values, mean ± SD over the seeds; pooled box plots. */
  summary: EnsembleSummary;
  /** Why the group may not be one configuration with several seeds (empty when it is). */
  notes: string[];
}

export interface YardstickInfo {
  /** Where it comes from, in words. */
  source: string;
  /** True when every run matches the conditions it was measured under. */
  applies: boolean;
}

export interface StoredComparison {
  /** Every run, in the order of the groups. */
  runs: ComparedRun[];
  /** The groups compared, as given (a single run is a group of one); the first is compared with each other. */
  groups: number[][];
  /** Population names, in order. */
  populations: string[];
  /** Range of NEST's population mean rates over its seed runs (null where it has none). */
  nestMeanRateRangesHz: ({ min: number; max: number } | null)[];
  /** The comparisons of one run with one run. */
  pairs: PairComparison[];
  /** The comparisons where a side has several runs. */
  ensembles: EnsemblePairComparison[];
  /** A summary of every group of 2 runs or more, in group order. */
  groupSummaries: GroupSummary[];
  /** NEST's seed-to-seed yardstick: the context of single-run pairs. */
  yardstick: YardstickInfo;
  /** What limits the verdicts, in plain words (empty when nothing does). */
  caveats: string[];
  /** The overall verdict in plain words: the headline. */
  verdict: string;
}

interface LoadedRun {
  info: ComparedRun;
  params: ParamSet;
  values: PopulationValues[];
}

const MEAN_RATE = STATISTICS.rate_mean;

function loadRun(store: RunStore, id: number): LoadedRun {
  const record = store.getRunSync(id);
  if (record.status !== 'completed') {
    throw new CompareError(`run ${id} (${record.name}) is ${record.status}: only completed runs can be compared`);
  }
  const params = store.getParamsSync(id);
  if (!params.sim.rec_dev.includes('spike_recorder')) throw new CompareError(`run ${id} (${record.name}) recorded no spikes`);
  const window = analysisWindow(params);
  let values: PopulationValues[];
  try {
    values = analyzeStoredRunSync(store, id, params).values;
  } catch (e) {
    throw new CompareError(`run ${id} (${record.name}) cannot be analysed: ${(e as Error).message}`);
  }
  return {
    params,
    values,
    info: {
      id,
      name: record.name,
      origin: record.origin,
      engine: `${record.engineName} ${record.engineVersion}`,
      N_scaling: params.net.N_scaling,
      K_scaling: params.net.K_scaling,
      seed: params.sim.rng_seed,
      window,
      paramsInferred: record.tags.includes(PARAMS_INFERRED_TAG),
      meanRatesHz: values.map((v) => v.scalars.rate_mean),
    },
  };
}

function checkPopulations(runs: readonly LoadedRun[]): string[] {
  const names = runs[0].values.map((d) => d.name);
  for (const r of runs) {
    const these = r.values.map((d) => d.name);
    if (these.join() !== names.join()) {
      throw new CompareError(`run ${r.info.id} has populations ${these.join(', ')}, run ${runs[0].info.id} has ${names.join(', ')}`);
    }
  }
  return names;
}

function sideLabel(ids: readonly number[]): string {
  return ids.length === 1 ? `run ${ids[0]}` : `runs ${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function sameWindowLength(w: TimeWindow, ms: number): boolean {
  return Math.abs(w.t1Ms - w.t0Ms - ms) <= 1e-9 * ms;
}

/** True when a run is at the scale and window the NEST yardstick was measured at. */
function yardstickFits(r: ComparedRun): boolean {
  const c = NEST_YARDSTICK_CONDITIONS;
  return r.N_scaling === c.N_scaling && r.K_scaling === c.K_scaling && sameWindowLength(r.window, c.windowMs);
}

const NO_YARDSTICK: Yardstick = { nRuns: NEST_YARDSTICK.nRuns, entries: [] };

/**
 * In how many pairs of NEST's own seeds at least one of the 24 distances exceeds the yardstick's
 * threshold (the yardstick is mean + 2 SD per statistic, so single exceedances are common).
 */
export const NEST_PAIRS_BEYOND: { beyond: number; pairs: number } = (() => {
  const pairs = NEST_YARDSTICK.entries[0]?.distances.length ?? 0;
  let beyond = 0;
  for (let i = 0; i < pairs; i++) if (NEST_YARDSTICK.entries.some((e) => e.distances[i] > e.threshold)) beyond++;
  return { beyond, pairs };
})();

const ONE_SEED =
  'one seed each cannot separate seed noise from a real difference (runs of the very same configuration with different seeds differ too)';

function judgePair(a: LoadedRun, b: LoadedRun): PairComparison {
  const fits = yardstickFits(a.info) && yardstickFits(b.info);
  const comparison = compareRuns(a.values, b.values, fits ? NEST_YARDSTICK : NO_YARDSTICK);
  const rows = comparison.rows;
  const beyond = rows.filter((r) => r.verdict === 'fail');
  const noData = rows.filter((r) => r.verdict === 'no-data');
  const both = `Runs ${a.info.id} and ${b.info.id}`;
  const d = (r: (typeof rows)[number]): string => `${r.population} ${STATISTICS[r.statistic].noun} D = ${r.d.toFixed(3)} > ${r.threshold.toFixed(3)}`;
  const advice = 'Run each configuration with several seeds (5 or more) and compare the ensembles to judge them.';
  let standing: PairStanding;
  let context: string;
  if (!fits) {
    standing = 'no-context';
    const c = NEST_YARDSTICK_CONDITIONS;
    context =
      `The only seed-to-seed yardstick at hand was measured on NEST at N_scaling ${c.N_scaling}, K_scaling ${c.K_scaling} over ${c.windowMs}-ms windows, ` +
      `so it cannot judge these runs; their KS distances are shown without a threshold.`;
  } else {
    const nest = `(two of NEST's own seeds exceed it somewhere in ${NEST_PAIRS_BEYOND.beyond} of ${NEST_PAIRS_BEYOND.pairs} pairs)`;
    const label = `NEST's seed-to-seed spread at N = K = 0.1 (mean + 2 SD of D between NEST's ${NEST_YARDSTICK_RUNS.length} reference seeds; context, not a verdict)`;
    if (beyond.length > 0) {
      standing = 'beyond';
      context =
        `Against ${label}, ${beyond.length} of ${rows.length} KS distances lie beyond it ${nest}: ` +
        `${beyond.slice(0, 4).map(d).join(', ')}${beyond.length > 4 ? `, and ${beyond.length - 4} more` : ''}.`;
    } else if (noData.length > 0) {
      standing = 'incomplete';
      context = `Against ${label}, every KS distance that can be computed lies within it; ${noData.length} of ${rows.length} cannot be (no values on a side).`;
    } else {
      standing = 'within';
      context = `Against ${label}, all ${rows.length} KS distances lie within it ${nest}.`;
    }
  }
  return {
    a: [a.info.id],
    b: [b.info.id],
    comparison,
    verdict: 'undecided',
    standing,
    summary: `${both}: ${ONE_SEED}. ${context} ${advice}`,
    paramDiffs: diffParams(a.params, b.params),
  };
}

/** Parameter paths that do not make two runs different configurations: the seed, and what only changes how a run is carried out. */
const SEED_ONLY_PATHS = new Set(['sim.rng_seed', 'sim.local_num_threads', 'sim.print_time', 'sim.overwrite_files']);

/** Why a group may not be one configuration run with several seeds. */
function groupNotes(group: readonly LoadedRun[], label: string): string[] {
  if (group.length < 2) return [];
  const notes: string[] = [];
  const first = group[0];
  // Per differing parameter: the runs that differ from the group's first run in it.
  const byPath = new Map<string, { runs: number[]; a: unknown; b: unknown }>();
  for (const r of group.slice(1)) {
    for (const x of diffParams(first.params, r.params)) {
      if (SEED_ONLY_PATHS.has(x.path)) continue;
      const hit = byPath.get(x.path);
      if (hit) hit.runs.push(r.info.id);
      else byPath.set(x.path, { runs: [r.info.id], a: x.a, b: x.b });
    }
  }
  if (byPath.size > 0) {
    const items = [...byPath].map(([path, x]) => `${path} (${sideLabel(x.runs)}: ${show(x.b)} vs ${show(x.a)})`);
    notes.push(
      `${capital(label)} is not one configuration: it differs from its first run ${first.info.id} in ` +
        `${items.slice(0, 3).join(', ')}${items.length > 3 ? ` and ${items.length - 3} more parameters` : ''}.`,
    );
  }
  const bySeed = new Map<number, number[]>();
  for (const r of group) if (!r.info.paramsInferred) bySeed.set(r.info.seed, [...(bySeed.get(r.info.seed) ?? []), r.info.id]);
  for (const [seed, ids] of bySeed) {
    if (ids.length > 1) notes.push(`${capital(sideLabel(ids))} of ${label} share the seed ${seed}: the same configuration and seed give the same spikes, so they are not independent samples.`);
  }
  return notes;
}

function caveatsFor(runs: readonly ComparedRun[]): string[] {
  const caveats: string[] = [];
  const inferred = runs.filter((r) => r.paramsInferred);
  if (inferred.length > 0) {
    caveats.push(
      `${capital(sideLabel(inferred.map((r) => r.id)))} ${inferred.length === 1 ? 'was' : 'were'} imported from NEST without a parameter file: ` +
        'K_scaling, the seed and the inputs are assumed, so their parameter differences are not reliable.',
    );
  }
  const lengths = new Set(runs.map((r) => r.window.t1Ms - r.window.t0Ms));
  if (lengths.size > 1) {
    caveats.push(
      `The runs are analysed over windows of different lengths (${[...lengths].map((x) => `${x} ms`).join(', ')}): ` +
        'rates, CV ISI and correlations all depend on the window, so part of any difference may be the window.',
    );
  }
  return caveats;
}

function overall(pairs: readonly PairComparison[], ensembles: readonly EnsemblePairComparison[]): string {
  const all = [...pairs.map((p) => ({ a: p.a, b: p.b, text: p.summary })), ...ensembles.map((e) => ({ a: e.a, b: e.b, text: e.result.headline }))];
  if (all.length === 1) return all[0].text;
  return all.map((x) => `${capital(sideLabel(x.a))} vs ${sideLabel(x.b)}: ${x.text}`).join('\n');
}

function uniqueIds(ids: readonly number[]): void {
  const seen = new Set<number>();
  for (const id of ids) {
    if (seen.has(id)) throw new CompareError(`run ${id} is listed twice`);
    seen.add(id);
  }
}

/** The groups' labels in sentences: "ensemble A" for the first, "ensemble B", "C", ... for the others. */
function groupLabel(i: number): string {
  return `ensemble ${String.fromCharCode(65 + i)}`;
}

/** What compareStoredGroups hands back besides the comparison: each run's parameters, and values where the page draws them. */
export interface ComparedRunData {
  id: number;
  params: ParamSet;
  /** Every statistic per population: for runs of single-run pairs; empty for runs compared only as ensemble members. */
  values: PopulationValues[];
}

/**
 * Compares groups of runs: the first group with each other one. A group of one run against a
 * group of one run is a single-run pair (pairs); any other pair is an ensemble comparison
 * (ensembles). Runs must be completed, have spikes and the same populations.
 */
export function compareStoredGroups(store: RunStore, groups: readonly (readonly number[])[]): { comparison: StoredComparison; runs: ComparedRunData[] } {
  if (groups.length < 2) throw new CompareError('a comparison needs at least two runs or groups of runs');
  if (groups.some((g) => g.length === 0)) throw new CompareError('every group needs at least one run');
  uniqueIds(groups.flat());
  const loaded = groups.map((g) => g.map((id) => loadRun(store, id)));
  const all = loaded.flat();
  const populations = checkPopulations(all);
  const base = loaded[0];
  const pairs: PairComparison[] = [];
  const ensembles: EnsemblePairComparison[] = [];
  const inPairs = new Set<number>();
  loaded.slice(1).forEach((other) => {
    if (base.length === 1 && other.length === 1) {
      pairs.push(judgePair(base[0], other[0]));
      inPairs.add(base[0].info.id).add(other[0].info.id);
    } else {
      const result = compareEnsembles(
        base.map((r) => r.values),
        other.map((r) => r.values),
      );
      ensembles.push({ a: base.map((r) => r.info.id), b: other.map((r) => r.info.id), result, paramDiffs: diffParams(base[0].params, other[0].params) });
    }
  });
  const groupSummaries: GroupSummary[] = loaded.flatMap((g, i) =>
    g.length < 2 ? [] : [{ ids: g.map((r) => r.info.id), summary: summarizeEnsemble(g.map((r) => r.values)), notes: groupNotes(g, groupLabel(i)) }],
  );
  const runs = all.map((r) => r.info);
  const caveats = [...caveatsFor(runs), ...groupSummaries.flatMap((g) => g.notes)];
  const source =
    `NEST ${NEST_YARDSTICK_VERSION}, ${NEST_YARDSTICK_RUNS.length} seeds at N_scaling ${NEST_YARDSTICK_CONDITIONS.N_scaling}, ` +
    `K_scaling ${NEST_YARDSTICK_CONDITIONS.K_scaling}, ${NEST_YARDSTICK_CONDITIONS.windowMs}-ms windows (context for single-run pairs only)`;
  const comparison: StoredComparison = {
    runs,
    groups: groups.map((g) => [...g]),
    populations,
    nestMeanRateRangesHz: populations.map((p) => NEST_MEAN_RATE_RANGES_HZ[p] ?? null),
    pairs,
    ensembles,
    groupSummaries,
    yardstick: { source, applies: pairs.length > 0 && runs.every(yardstickFits) },
    caveats,
    verdict: overall(pairs, ensembles),
  };
  return { comparison, runs: all.map((r) => ({ id: r.info.id, params: r.params, values: inPairs.has(r.info.id) ? r.values : [] })) };
}

/**
 * Compares run A with run B (and with C, D, ... each), one run each: the KS distances, how they
 * stand against NEST's seed-to-seed yardstick where it applies, parameter differences.
 */
export function compareStoredRuns(store: RunStore, idA: number, idB: number, ...more: number[]): StoredComparison {
  return compareStoredRunsWithData(store, [idA, idB, ...more]).comparison;
}

/**
 * compareStoredRuns, also handing back each run's parameters and distributions (what the page's
 * comparison plots draw), so callers need not analyse the runs a second time.
 */
export function compareStoredRunsWithData(
  store: RunStore,
  ids: readonly number[],
): { comparison: StoredComparison; runs: ComparedRunData[] } {
  if (ids.length < 2) throw new CompareError('a comparison needs at least two runs');
  return compareStoredGroups(
    store,
    ids.map((id) => [id]),
  );
}

/**
 * Compares an ensemble with another (e.g. five seeds of ours against NEST's seven): in which
 * statistics they differ beyond the seed-to-seed spread measured on these runs.
 */
export function compareStoredRunSets(store: RunStore, idsA: readonly number[], idsB: readonly number[]): StoredComparison {
  if (idsA.length === 0 || idsB.length === 0) throw new CompareError('each side of a set comparison needs at least one run');
  return compareStoredGroups(store, [idsA, idsB]).comparison;
}

// ---------------------------------------------------------------------------------------------
// Text for the CLI
// ---------------------------------------------------------------------------------------------

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? 'undefined' : s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function paramLines(p: { a: number[]; b: number[]; paramDiffs: PairComparison['paramDiffs'] }): string[] {
  const head = `Parameters, ${sideLabel(p.a.slice(0, 1))} vs ${sideLabel(p.b.slice(0, 1))}:`;
  if (p.paramDiffs.length === 0) return [`${head} identical.`];
  if (p.paramDiffs.length <= 3) return [`${head} identical except ${p.paramDiffs.map((d) => `${d.path} (${show(d.a)} vs ${show(d.b)})`).join(', ')}.`];
  const max = 15;
  return [
    `${head} ${p.paramDiffs.length} differences:`,
    ...p.paramDiffs.slice(0, max).map((d) => `  ${d.path}: ${show(d.a)} -> ${show(d.b)}`),
    ...(p.paramDiffs.length > max ? [`  ... and ${p.paramDiffs.length - max} more`] : []),
  ];
}

function cell(r: RunComparison['rows'][number]): string {
  if (Number.isNaN(r.d)) return r.verdict === 'pass' ? 'no data' : 'n/a';
  if (Number.isNaN(r.threshold)) return r.d.toFixed(3);
  return `${r.d.toFixed(3)} ${r.verdict === 'pass' ? '<=' : '> '} ${r.threshold.toFixed(3)}${r.verdict === 'fail' ? ' beyond' : ''}`;
}

/** A number with 3 significant figures (small means of correlations keep theirs). */
function sig(x: number): string {
  if (Number.isNaN(x)) return '-';
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a >= 100) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toFixed(Math.min(7, 2 - Math.floor(Math.log10(a))));
}

function spread(s: { mean: number; sd: number; n: number }): string {
  if (s.n === 0) return '-';
  return Number.isNaN(s.sd) ? sig(s.mean) : `${sig(s.mean)} ± ${sig(s.sd)}`;
}

function groupLine(label: string, runs: readonly ComparedRun[]): string {
  const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];
  const engines = uniq(runs.map((r) => r.engine)).join(', ');
  const scale = uniq(runs.map((r) => `N_scaling ${r.N_scaling}, K_scaling ${r.K_scaling}${r.paramsInferred ? ' assumed' : ''}`)).join('; ');
  const windows = uniq(runs.map((r) => `(${r.window.t0Ms}, ${r.window.t1Ms}] ms`)).join(', ');
  return `${capital(label)}: ${sideLabel(runs.map((r) => r.id))} (${engines}; ${scale}; seeds ${runs.map((r) => (r.paramsInferred ? `${r.seed}?` : String(r.seed))).join(', ')}; window ${windows})`;
}

function ensembleLines(c: StoredComparison, e: EnsemblePairComparison): string[] {
  const r = e.result;
  const out = ['', `${capital(sideLabel(e.a))} vs ${sideLabel(e.b)}`];
  out.push(
    table(
      ['POP', 'STATISTIC', 'A MEAN ± SD', 'B MEAN ± SD', 'CHANGE (95 % CI)', 'SEEDS VARY', 'KS BETWEEN / WITHIN', 'P KS', 'P MEAN', 'VERDICT'],
      r.rows.map((row) => [
        row.population,
        STATISTICS[row.statistic].noun,
        spread(row.a),
        spread(row.b),
        row.a.n > 0 && row.b.n > 0 ? changeText(row) : '-',
        Number.isNaN(row.seedSd) ? '-' : seedVariationText(row),
        `${Number.isNaN(row.betweenD) ? '-' : row.betweenD.toFixed(3)} / ${Number.isNaN(row.withinD) ? '-' : row.withinD.toFixed(3)}`,
        pValueText(row.pDistribution),
        pValueText(row.pMean),
        r.verdict === 'undecided' && row.verdict !== 'no-data' ? '-' : `${row.verdict.toUpperCase()}${row.differBy ? ` (${row.differBy})` : ''}`,
      ]),
    ),
  );
  out.push(
    `Per-seed means: mean rate (spikes/s), mean CV ISI, mean correlation; CHANGE is B − A (relative where A's mean is clearly above 0) ` +
      `with Welch's 95 % CI for that statistic alone (the verdict weighs all 48 tests together, so a CI may exclude 0 where it agrees); ` +
      `SEEDS VARY the seed-to-seed SD of the per-seed mean.`,
  );
  out.push(`Method: ${r.method.text}; smallest possible p ${r.method.smallestP.toPrecision(2)}.`);
  out.push(...r.notes.map((n) => `Note: ${n}`));
  out.push(...paramLines(e));
  void c;
  return out;
}

/** A single-run pair in one sentence: what one seed each cannot say, and where the KS distances stand (context). */
function pairHeadline(p: PairComparison): string {
  const rows = p.comparison.rows;
  const beyond = rows.filter((r) => r.verdict === 'fail').length;
  const spread = "NEST's seed-to-seed spread";
  const context =
    p.standing === 'no-context'
      ? 'no seed-to-seed yardstick exists at this scale, so the KS distances are shown without one'
      : p.standing === 'beyond'
        ? `${beyond} of ${rows.length} KS distances lie beyond ${spread} (context, not a verdict: two of NEST's own seeds go beyond it somewhere in ${NEST_PAIRS_BEYOND.beyond} of ${NEST_PAIRS_BEYOND.pairs} pairs)`
        : p.standing === 'incomplete'
          ? `the KS distances that can be computed lie within ${spread} (context, not a verdict)`
          : `all ${rows.length} KS distances lie within ${spread} (context, not a verdict)`;
  return `One seed each cannot tell seed noise from a real difference; ${context}.`;
}

/**
 * The comparison as text, the verdict first: the headline of each comparison; then the runs, their
 * mean rates, per comparison its table and what limits it; parameters, caveats.
 */
export function formatComparison(c: StoredComparison): string {
  const out: string[] = [];
  const byId = new Map(c.runs.map((r) => [r.id, r]));
  const headlines = [
    ...c.pairs.map((p) => ({ a: p.a, b: p.b, text: pairHeadline(p) })),
    ...c.ensembles.map((e) => ({ a: e.a, b: e.b, text: e.result.headline })),
  ];
  if (headlines.length === 1) out.push(`Verdict: ${headlines[0].text}`);
  else out.push('Verdict:', ...headlines.map((h) => `  ${capital(sideLabel(h.a))} vs ${sideLabel(h.b)}: ${h.text}`));
  out.push('');
  const ensembleMode = c.groups.some((g) => g.length > 1);
  if (ensembleMode) {
    c.groups.forEach((g, i) => out.push(groupLine(g.length > 1 ? groupLabel(i) : `run ${g[0]}`, g.map((id) => byId.get(id)!))));
  } else {
    for (const r of c.runs) {
      out.push(
        `Run ${r.id}: ${r.name} (${r.engine}; N_scaling ${r.N_scaling}, K_scaling ${r.K_scaling}${r.paramsInferred ? ' assumed' : ''}, ` +
          `seed ${r.seed}; window (${r.window.t0Ms}, ${r.window.t1Ms}] ms)`,
      );
    }
  }
  out.push('');
  const hasRange = c.nestMeanRateRangesHz.some((x) => x !== null);
  const columns = c.groups.map((g) => {
    const runs = g.map((id) => byId.get(id)!);
    const name = g.length > 1 ? `${groupLabel(c.groups.indexOf(g)).replace('ensemble ', '')} mean ± SD` : `run ${g[0]}`;
    return {
      name,
      cell: (i: number) => {
        const xs = runs.map((r) => r.meanRatesHz[i]);
        if (xs.length === 1) return xs[0].toFixed(3);
        const m = xs.reduce((x, y) => x + y, 0) / xs.length;
        const sd = Math.sqrt(xs.reduce((x, y) => x + (y - m) ** 2, 0) / (xs.length - 1));
        return `${m.toFixed(3)} ± ${sd.toFixed(3)}`;
      },
    };
  });
  out.push(
    table(
      [`${MEAN_RATE.label.toUpperCase()} (${MEAN_RATE.unit})`, ...columns.map((x) => x.name), ...(hasRange ? ['NEST seed range (N = K = 0.1)'] : [])],
      c.populations.map((p, i) => {
        const range = c.nestMeanRateRangesHz[i];
        return [p, ...columns.map((x) => x.cell(i)), ...(hasRange ? [range ? `${range.min.toFixed(3)}-${range.max.toFixed(3)}` : '-'] : [])];
      }),
    ),
  );
  for (const p of c.pairs) {
    const head = p.standing === 'no-context' ? 'KS distance D (no yardstick at this scale)' : "KS distance D against NEST's seed-to-seed threshold at N = K = 0.1 (mean + 2 SD; context)";
    out.push('', `${sideLabel(p.a)} vs ${sideLabel(p.b)}: ${head}`);
    out.push(
      table(
        ['POP', ...DISTRIBUTION_KEYS.map((s) => STATISTICS[s].noun.toUpperCase())],
        c.populations.map((pop) => [
          pop,
          ...DISTRIBUTION_KEYS.map((s) => {
            const row = p.comparison.rows.find((r) => r.population === pop && r.statistic === s);
            return row ? cell(row) : '-';
          }),
        ]),
      ),
    );
    out.push(p.summary);
    out.push(...paramLines(p));
  }
  for (const e of c.ensembles) out.push(...ensembleLines(c, e));
  if (c.pairs.length > 0) out.push('', `Yardstick: ${c.yardstick.source}.`);
  if (c.caveats.length > 0) out.push('Caveats:', ...c.caveats.map((x) => `- ${x}`));
  return out.join('\n');
}
