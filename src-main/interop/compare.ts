/**
 * Comparing stored runs (ours, NEST imports, or both) the way validation.md prescribes: per
 * population the mean rate, and for rates, CV ISI and correlations the two-sample KS distance D,
 * judged against the NEST-versus-NEST yardstick (mean + 2 SD of D between NEST seeds), with the
 * verdict, its caveats and the parameter differences in plain words. One typed result serves the
 * CLI (formatComparison) and the UI.
 */
import {
  analyzeRun,
  compareRunSets,
  compareRuns,
  mean,
  timesFromSteps,
  type PopulationDistributions,
  type PopulationSpikes,
  type RunComparison,
  type StatisticName,
  type TimeWindow,
} from '../../engine/analysis/index.ts';
import { diffParams } from '../../engine/params/merge.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import { table } from '../cli/format.ts';
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
  /** Mean rate of each population (mean of the per-neuron rates), spikes/s. */
  meanRatesHz: number[];
}

export type PairVerdict = 'agree' | 'differ' | 'incomplete';

/** Side A against side B: one run each, or sets of runs (different seeds). */
export interface PairComparison {
  a: number[];
  b: number[];
  /** Per population and statistic: D, threshold, verdict and a line of text. */
  comparison: RunComparison;
  verdict: PairVerdict;
  /** The verdict in plain words. */
  summary: string;
  /** Parameter differences between the first run of each side (dotted paths). */
  paramDiffs: { path: string; a: unknown; b: unknown }[];
}

export interface YardstickInfo {
  /** Where it comes from, in words. */
  source: string;
  /** True when every run matches the conditions it was measured under. */
  applies: boolean;
}

export interface StoredComparison {
  runs: ComparedRun[];
  /** Population names, in order. */
  populations: string[];
  /** Range of NEST's population mean rates over its seed runs (null where it has none). */
  nestMeanRateRangesHz: ({ min: number; max: number } | null)[];
  pairs: PairComparison[];
  yardstick: YardstickInfo;
  /** What limits the verdicts, in plain words (empty when nothing does). */
  caveats: string[];
  /** The overall verdict in plain words. */
  verdict: string;
}

interface LoadedRun {
  info: ComparedRun;
  params: ParamSet;
  distributions: PopulationDistributions[];
}

const STAT_COUNT = 3;

function loadRun(store: RunStore, id: number): LoadedRun {
  const record = store.getRunSync(id);
  if (record.status !== 'completed') {
    throw new CompareError(`run ${id} (${record.name}) is ${record.status}: only completed runs can be compared`);
  }
  const params = store.getParamsSync(id);
  if (!params.sim.rec_dev.includes('spike_recorder')) throw new CompareError(`run ${id} (${record.name}) recorded no spikes`);
  const window: TimeWindow = { t0Ms: params.sim.t_presim, t1Ms: params.sim.t_presim + params.sim.t_sim };
  const w = store.getSpikesSync(id, { t0Ms: window.t0Ms, t1Ms: window.t1Ms });
  const pops: PopulationSpikes[] = record.populations.map((p) => ({ ...p, senders: new Uint32Array(0), timesMs: new Float64Array(0) }));
  for (const g of w.groups) {
    pops[g.pop].senders = w.senders.slice(g.start, g.end);
    pops[g.pop].timesMs = timesFromSteps(w.steps.subarray(g.start, g.end), w.resolutionMs);
  }
  let distributions: PopulationDistributions[];
  try {
    distributions = analyzeRun(pops, window).distributions;
  } catch (e) {
    throw new CompareError(`run ${id} (${record.name}) cannot be analysed: ${(e as Error).message}`);
  }
  return {
    params,
    distributions,
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
      meanRatesHz: distributions.map((d) => mean(d.ratesHz)),
    },
  };
}

function checkPopulations(runs: readonly LoadedRun[]): string[] {
  const names = runs[0].distributions.map((d) => d.name);
  for (const r of runs) {
    const these = r.distributions.map((d) => d.name);
    if (these.join() !== names.join()) {
      throw new CompareError(`run ${r.info.id} has populations ${these.join(', ')}, run ${runs[0].info.id} has ${names.join(', ')}`);
    }
  }
  return names;
}

function sideLabel(ids: readonly number[]): string {
  return ids.length === 1 ? `run ${ids[0]}` : `runs ${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

const STAT_WORDS: Record<StatisticName, string> = { rates: 'rates', cv_isi: 'CV ISI', corr_2ms: 'correlations' };

function judgePair(a: number[], b: number[], comparison: RunComparison, paramDiffs: PairComparison['paramDiffs']): PairComparison {
  const rows = comparison.rows;
  const failed = rows.filter((r) => r.verdict === 'fail');
  const unjudged = rows.filter((r) => r.verdict === 'no-data' || r.verdict === 'no-yardstick');
  const pops = rows.length / STAT_COUNT;
  const what = `${rows.length} KS distances (${pops} populations × rates, CV ISI, correlations)`;
  const both = a.length === 1 && b.length === 1 ? `Runs ${a[0]} and ${b[0]}` : `${sideLabel(a)} and ${sideLabel(b)}`.replace(/^r/, 'R');
  const d = (r: (typeof rows)[number]): string => `${r.population} ${STAT_WORDS[r.statistic]} (D = ${r.d.toFixed(3)} > ${r.threshold.toFixed(3)})`;
  let verdict: PairVerdict;
  let summary: string;
  if (failed.length > 0) {
    verdict = 'differ';
    summary =
      `${both} differ more than NEST runs with different seeds do in ${failed.length} of ${rows.length} statistics: ` +
      `${failed.slice(0, 6).map(d).join(', ')}${failed.length > 6 ? `, and ${failed.length - 6} more` : ''}.`;
  } else if (unjudged.length > 0) {
    verdict = 'incomplete';
    summary = `${both} agree wherever they can be judged, but ${unjudged.length} of ${rows.length} statistics cannot be: ${unjudged
      .slice(0, 4)
      .map((r) => r.text)
      .join('; ')}.`;
  } else {
    verdict = 'agree';
    summary = `${both} agree as closely as NEST runs with different seeds do: all ${what} are within NEST's seed-to-seed spread (mean + 2 SD).`;
  }
  return { a, b, comparison, verdict, summary, paramDiffs };
}

function sameWindowLength(w: TimeWindow, ms: number): boolean {
  return Math.abs(w.t1Ms - w.t0Ms - ms) <= 1e-9 * ms;
}

function caveatsFor(runs: readonly ComparedRun[], pairs: readonly PairComparison[]): { applies: boolean; caveats: string[] } {
  const c = NEST_YARDSTICK_CONDITIONS;
  const caveats: string[] = [];
  const off = runs.filter((r) => r.N_scaling !== c.N_scaling || r.K_scaling !== c.K_scaling || !sameWindowLength(r.window, c.windowMs));
  const applies = off.length === 0;
  if (!applies) {
    caveats.push(
      `The yardstick was measured on NEST runs at N_scaling ${c.N_scaling}, K_scaling ${c.K_scaling} over ${c.windowMs}-ms windows; ` +
        off.map((r) => `run ${r.id} has N_scaling ${r.N_scaling}, K_scaling ${r.K_scaling}, a ${r.window.t1Ms - r.window.t0Ms}-ms window`).join('; ') +
        '. With more neurons or longer windows the KS distances between equivalent runs shrink, so this yardstick is lenient here: ' +
        'a pass is weak evidence, a failure still counts.',
    );
  }
  const inferred = runs.filter((r) => r.paramsInferred);
  if (inferred.length > 0) {
    caveats.push(
      `${sideLabel(inferred.map((r) => r.id)).replace(/^r/, 'R')} ${inferred.length === 1 ? 'was' : 'were'} imported from NEST without a parameter file: ` +
        'K_scaling, the seed and the inputs are assumed, so their parameter differences are not reliable.',
    );
  }
  if (pairs.some((p) => p.a.length < 3 || p.b.length < 3)) {
    caveats.push(
      'validation.md asks for at least 3 seeds per side (compare 1,2,3 4,5,6): the KS distance between single runs scatters, ' +
        'so one run against one run is a first look, not a verdict.',
    );
  }
  if (pairs.some((p) => p.verdict === 'differ' && p.comparison.rows.filter((r) => r.verdict === 'fail').length <= 2)) {
    caveats.push(`With ${pairs[0].comparison.rows.length} tests at mean + 2 SD, one or two exceedances can occur by chance even between two NEST seeds.`);
  }
  return { applies, caveats };
}

function finish(all: LoadedRun[], pairs: PairComparison[]): StoredComparison {
  const populations = all[0].distributions.map((d) => d.name);
  const runs = all.map((r) => r.info);
  const { applies, caveats } = caveatsFor(runs, pairs);
  const source =
    `NEST ${NEST_YARDSTICK_VERSION}, ${NEST_YARDSTICK_RUNS.length} seeds at N_scaling ${NEST_YARDSTICK_CONDITIONS.N_scaling}, ` +
      `K_scaling ${NEST_YARDSTICK_CONDITIONS.K_scaling}, ${NEST_YARDSTICK_CONDITIONS.windowMs}-ms windows`;
  const verdict =
    pairs.length === 1
      ? pairs[0].summary
      : `${pairs.filter((p) => p.verdict === 'agree').length} of ${pairs.length} comparisons agree within NEST's seed-to-seed spread` +
        (pairs.some((p) => p.verdict === 'differ') ? `; ${pairs.filter((p) => p.verdict === 'differ').map((p) => `${sideLabel(p.b)} differs`).join(', ')}` : '') +
        '.';
  return {
    runs,
    populations,
    nestMeanRateRangesHz: populations.map((p) => NEST_MEAN_RATE_RANGES_HZ[p] ?? null),
    pairs,
    yardstick: { source, applies },
    caveats,
    verdict,
  };
}

function uniqueIds(ids: readonly number[]): void {
  const seen = new Set<number>();
  for (const id of ids) {
    if (seen.has(id)) throw new CompareError(`run ${id} is listed twice`);
    seen.add(id);
  }
}

/**
 * Compares run A with run B (and with C, D, ... each): mean rates, KS distances and verdicts against
 * the NEST-versus-NEST yardstick, parameter differences. Runs must be completed and have spikes.
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
): { comparison: StoredComparison; runs: { id: number; params: ParamSet; distributions: PopulationDistributions[] }[] } {
  if (ids.length < 2) throw new CompareError('a comparison needs at least two runs');
  uniqueIds(ids);
  const runs = ids.map((id) => loadRun(store, id));
  checkPopulations(runs);
  const pairs = runs.slice(1).map((other) =>
    judgePair([runs[0].info.id], [other.info.id], compareRuns(runs[0].distributions, other.distributions, NEST_YARDSTICK), diffParams(runs[0].params, other.params)),
  );
  return { comparison: finish(runs, pairs), runs: runs.map((r) => ({ id: r.info.id, params: r.params, distributions: r.distributions })) };
}

/**
 * Compares a set of runs with another (e.g. three seeds of ours against three NEST imports), as
 * validation.md prescribes: per population and statistic the mean D over all cross pairs, judged
 * against the yardstick.
 */
export function compareStoredRunSets(store: RunStore, idsA: readonly number[], idsB: readonly number[]): StoredComparison {
  if (idsA.length === 0 || idsB.length === 0) throw new CompareError('each side of a set comparison needs at least one run');
  uniqueIds([...idsA, ...idsB]);
  const a = idsA.map((id) => loadRun(store, id));
  const b = idsB.map((id) => loadRun(store, id));
  checkPopulations([...a, ...b]);
  const cmp = compareRunSets(
    a.map((r) => r.distributions),
    b.map((r) => r.distributions),
    NEST_YARDSTICK,
  );
  return finish([...a, ...b], [judgePair([...idsA], [...idsB], cmp, diffParams(a[0].params, b[0].params))]);
}

// ---------------------------------------------------------------------------------------------
// Text for the CLI
// ---------------------------------------------------------------------------------------------

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? 'undefined' : s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function paramLines(p: PairComparison): string[] {
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
  if (Number.isNaN(r.threshold)) return `${r.d.toFixed(3)} (no yardstick)`;
  return `${r.d.toFixed(3)} ${r.verdict === 'pass' ? '<=' : '> '} ${r.threshold.toFixed(3)}${r.verdict === 'fail' ? ' DIFF' : ''}`;
}

/** The comparison as text: runs, mean rates, KS table per comparison, verdicts, parameters, caveats. */
export function formatComparison(c: StoredComparison): string {
  const out: string[] = [];
  for (const r of c.runs) {
    out.push(
      `Run ${r.id}: ${r.name} (${r.engine}; N_scaling ${r.N_scaling}, K_scaling ${r.K_scaling}${r.paramsInferred ? ' assumed' : ''}, ` +
        `seed ${r.seed}; window (${r.window.t0Ms}, ${r.window.t1Ms}] ms)`,
    );
  }
  out.push('');
  const hasRange = c.nestMeanRateRangesHz.some((x) => x !== null);
  out.push(
    table(
      ['MEAN RATE (1/s)', ...c.runs.map((r) => `run ${r.id}`), ...(hasRange ? ['NEST seed range'] : [])],
      c.populations.map((p, i) => {
        const range = c.nestMeanRateRangesHz[i];
        return [p, ...c.runs.map((r) => r.meanRatesHz[i].toFixed(3)), ...(hasRange ? [range ? `${range.min.toFixed(3)}-${range.max.toFixed(3)}` : '-'] : [])];
      }),
    ),
  );
  for (const p of c.pairs) {
    out.push('', `${sideLabel(p.a)} vs ${sideLabel(p.b)}: KS distance D against NEST's seed-to-seed threshold (mean + 2 SD)`);
    out.push(
      table(
        ['POP', 'RATES', 'CV ISI', 'CORRELATIONS'],
        c.populations.map((pop) => [
          pop,
          ...(['rates', 'cv_isi', 'corr_2ms'] as const).map((s) => {
            const row = p.comparison.rows.find((r) => r.population === pop && r.statistic === s);
            return row ? cell(row) : '-';
          }),
        ]),
      ),
    );
    out.push(`Verdict: ${p.summary}`);
    out.push(...paramLines(p));
  }
  if (c.pairs.length > 1) out.push('', `Overall: ${c.verdict}`);
  out.push('', `Yardstick: ${c.yardstick.source}.`);
  if (c.caveats.length > 0) out.push('Caveats:', ...c.caveats.map((x) => `- ${x}`));
  return out.join('\n');
}
