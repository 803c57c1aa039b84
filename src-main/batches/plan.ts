/**
 * Planning a batch: from a spec to the parameter set of every run, each point checked with the
 * engine's own validation (engine/params/validate.ts) before anything runs. Pure.
 *
 * The grid: the first axis outer, the second inner (point = i0 × n1 + i1). Seeds: every point
 * runs the same seeds first, first + 1, …, first + count − 1 (first: the spec's seeds.first, else
 * the base's sim.rng_seed), so a batch is reproducible from its spec, and two points differ only
 * in the varied parameter, never in the seeds (paired seeds: seed noise cancels in the
 * differences between points as far as it can).
 */
import { composeParams } from '../../engine/params/merge.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import { collectIssues, type ValidationIssue } from '../../engine/params/validate.ts';
import { gridPointValues } from '../common/grid-point.ts';
import { MAX_BATCH_POINTS, MAX_BATCH_RUNS, MAX_NAME_LENGTH } from '../common/limits.ts';
import { checkName } from '../store/rows.ts';
import { axisValues, resolveNumericPath, withValue, type Axis } from './axes.ts';
import { MAX_SEED, SpecError, type BatchSpec } from './spec.ts';

/** 'seeds': one point, several seeds (an ensemble); 'sweep': one or two parameters varied. */
export const BATCH_KINDS = ['sweep', 'seeds'] as const;
export type BatchKind = (typeof BATCH_KINDS)[number];

export interface PlanPoint {
  /** Index in the grid (first axis outer). */
  index: number;
  /** The value of each axis at this point, in axis order. */
  values: number[];
}

/** What a batch runs: stored with the batch, so that a resume makes exactly the same runs. */
export interface BatchPlan {
  kind: BatchKind;
  name: string;
  tags: string[];
  /** The parameters every run shares (sim.rng_seed = the first seed). */
  base: ParamSet;
  axes: Axis[];
  seeds: number[];
  points: PlanPoint[];
}

/** A point's parameter problem, as the validator reported it; point null: every point (the base or the seeds). */
export interface BatchProblem {
  point: number | null;
  /** The point's axis values (null with point null). */
  values: number[] | null;
  issue: ValidationIssue;
}

/** The most problems one plan lists (the rest are counted). */
export const MAX_LISTED_PROBLEMS = 50;

export interface PlanResult {
  plan: BatchPlan;
  /** Empty when every run can start. */
  problems: BatchProblem[];
  /** Problems beyond those listed. */
  moreProblems: number;
}

/** The parameters of one run of the plan. */
export function runParams(plan: BatchPlan, point: number, seedIndex: number): ParamSet {
  const p = pointParams(plan, point);
  p.sim.rng_seed = plan.seeds[seedIndex];
  return p;
}

function pointParams(plan: BatchPlan, point: number): ParamSet {
  let p = structuredClone(plan.base);
  plan.axes.forEach((axis, i) => {
    // Paths were resolved against the base when the plan was made.
    const { parts } = resolveNumericPath(plan.base, axis.path, `vary[${i}].path`);
    p = withValue(p, parts, plan.points[point].values[i]);
  });
  return p;
}

/** `net.g = -4.5, net.bg_rate = 8`. */
export function describePoint(axes: readonly Axis[], values: readonly number[]): string {
  return axes.map((a, i) => `${a.path} = ${values[i]}`).join(', ');
}

/** The name of one run: `NAME · net.g = -4.5 · seed 56`, at most MAX_NAME_LENGTH characters. */
export function runName(plan: BatchPlan, point: number, seedIndex: number): string {
  const where = plan.axes.length > 0 ? ` · ${describePoint(plan.axes, plan.points[point].values)}` : '';
  const tail = `${where} · seed ${plan.seeds[seedIndex]}`;
  const room = MAX_NAME_LENGTH - tail.length;
  const head = plan.name.length <= room ? plan.name : `${plan.name.slice(0, Math.max(1, room - 1))}…`;
  return `${head}${tail}`.slice(0, MAX_NAME_LENGTH);
}

function defaultName(kind: BatchKind, base: ParamSet, axes: readonly Axis[], seeds: readonly number[]): string {
  const seedText = seeds.length === 1 ? `seed ${seeds[0]}` : `${seeds.length} seeds (${seeds[0]}–${seeds[seeds.length - 1]})`;
  if (kind === 'seeds') return `N_scaling ${base.net.N_scaling}, K_scaling ${base.net.K_scaling}, t_sim ${base.sim.t_sim} ms: ${seedText}`;
  return `sweep ${axes.map((a) => a.path).join(' × ')}, ${seedText}`;
}

/** The spec's name, checked as a run name is (MAX_NAME_LENGTH characters, no control characters), or one made from the plan. */
function batchName(given: string | undefined, made: () => string): string {
  if (given === undefined || given.trim() === '') return made().slice(0, MAX_NAME_LENGTH);
  try {
    return checkName(given);
  } catch (e) {
    throw new SpecError('name', (e instanceof Error ? e.message : String(e)).replace('a run name', 'a batch name'));
  }
}

function hasSections(p: unknown): boolean {
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  return isObject(p) && ['sim', 'net', 'stim'].every((k) => isObject((p as Record<string, unknown>)[k]));
}

function composeBase(spec: BatchSpec): unknown {
  const set = spec.base?.set ?? [];
  try {
    return composeParams({ preset: spec.base?.preset ?? 'default', file: spec.base?.params, sets: set });
  } catch (e) {
    // composeParams names a malformed assignment; say which one of the spec it was.
    const at = set.findIndex((a) => {
      try {
        composeParams({ sets: [a] });
        return false;
      } catch {
        return true;
      }
    });
    throw new SpecError(at >= 0 ? `base.set[${at}]` : 'base', e instanceof Error ? e.message : String(e));
  }
}

/**
 * Plans a batch: the base parameters, the axes' values, the seeds and the grid, every point's
 * parameter set checked by the engine's validator. Throws SpecError for a spec that cannot be
 * planned (an axis that is not a numeric parameter, too many points or runs); returns the
 * validator's problems per point (with the parameter and the value) otherwise.
 */
export function planBatch(spec: BatchSpec): PlanResult {
  const composed = composeBase(spec);
  const baseIssues = collectIssues(composed);
  // Axes are resolved in the base: without its sections (or without axes) its problems are all there is to say.
  if (baseIssues.length > 0 && ((spec.vary ?? []).length === 0 || !hasSections(composed))) {
    return problemsOnly(spec, composed as ParamSet, baseIssues);
  }
  const base = structuredClone(composed) as ParamSet;
  const inputs = spec.vary ?? [];
  const axes: Axis[] = inputs.map((input, i) => {
    const { path } = resolveNumericPath(base, input.path, `vary[${i}].path`);
    return { path, values: axisValues(input, `vary[${i}]`) };
  });
  const paths = axes.map((a) => a.path);
  const dup = paths.findIndex((p, i) => paths.indexOf(p) !== i);
  if (dup >= 0) throw new SpecError(`vary[${dup}].path`, `${paths[dup]} is varied twice; give each parameter one axis`);

  const count = spec.seeds?.count ?? 1;
  const first = spec.seeds?.first ?? base.sim?.rng_seed;
  if (!Number.isSafeInteger(first) || first < 1) throw new SpecError('seeds.first', `the base's sim.rng_seed (${String(first)}) is not a seed; give seeds.first`);
  if (first + count - 1 > MAX_SEED) {
    throw new SpecError('seeds', `seeds ${first}…${first + count - 1} go past the largest seed ${MAX_SEED}; choose a smaller seeds.first`);
  }
  const seeds = Array.from({ length: count }, (_, k) => first + k);
  base.sim.rng_seed = first;

  const numPoints = axes.reduce((n, a) => n * a.values.length, 1);
  if (numPoints > MAX_BATCH_POINTS) {
    throw new SpecError('vary', `${axes.map((a) => a.values.length).join(' × ')} = ${numPoints} points; a batch has at most ${MAX_BATCH_POINTS}`);
  }
  if (numPoints * count > MAX_BATCH_RUNS) {
    throw new SpecError('seeds.count', `${numPoints} points × ${count} seeds = ${numPoints * count} runs; a batch makes at most ${MAX_BATCH_RUNS}`);
  }
  const points: PlanPoint[] = [];
  for (let index = 0; index < numPoints; index++) points.push({ index, values: gridPointValues(axes, index) });
  const kind: BatchKind = axes.length === 0 ? 'seeds' : 'sweep';
  const plan: BatchPlan = {
    kind,
    name: batchName(spec.name, () => defaultName(kind, base, axes, seeds)),
    tags: [...new Set(spec.tags ?? [])],
    base,
    axes,
    seeds,
    points,
  };
  return { plan, ...checkPoints(plan, baseIssues) };
}

/** A plan that cannot run because its base (with no axes) is invalid: the problems, every point's. */
function problemsOnly(spec: BatchSpec, base: ParamSet, issues: ValidationIssue[]): PlanResult {
  const count = spec.seeds?.count ?? 1;
  const first = Number.isSafeInteger(spec.seeds?.first) ? spec.seeds!.first! : Number.isSafeInteger(base?.sim?.rng_seed) ? base.sim.rng_seed : 1;
  const seeds = Array.from({ length: count }, (_, k) => first + k);
  const plan: BatchPlan = { kind: 'seeds', name: batchName(spec.name, () => 'ensemble'), tags: spec.tags ?? [], base, axes: [], seeds, points: [{ index: 0, values: [] }] };
  const listed = issues.slice(0, MAX_LISTED_PROBLEMS).map((issue) => ({ point: null, values: null, issue }));
  return { plan, problems: listed, moreProblems: issues.length - listed.length };
}

/**
 * Every point validated with the first seed, and the base with the last seed (the seeds are the
 * same at every point). A problem of the base outside the axes is every point's: listed once.
 */
function checkPoints(plan: BatchPlan, baseIssues: ValidationIssue[]): { problems: BatchProblem[]; moreProblems: number } {
  const problems: BatchProblem[] = [];
  let total = 0;
  const add = (p: BatchProblem) => {
    total++;
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push(p);
  };
  const axisPaths = new Set(plan.axes.map((a) => a.path));
  const shared = new Set<string>();
  for (const issue of baseIssues) {
    if (axisPaths.has(issue.path)) continue;
    shared.add(`${issue.path}\n${issue.message}`);
    add({ point: null, values: null, issue });
  }
  if (plan.seeds.length > 1) {
    const last = structuredClone(plan.base);
    last.sim.rng_seed = plan.seeds[plan.seeds.length - 1];
    for (const issue of collectIssues(last)) {
      const key = `${issue.path}\n${issue.message}`;
      if (issue.path === 'sim.rng_seed' && !shared.has(key)) {
        shared.add(key);
        add({ point: null, values: null, issue });
      }
    }
  }
  if (plan.axes.length === 0) return { problems, moreProblems: total - problems.length };
  for (const point of plan.points) {
    for (const issue of collectIssues(runParams(plan, point.index, 0))) {
      if (shared.has(`${issue.path}\n${issue.message}`)) continue;
      add({ point: point.index, values: point.values, issue });
    }
  }
  return { problems, moreProblems: total - problems.length };
}

/** One problem in words: `point 3 (net.g = -2.5): net.g = -2.5: must be …`. */
export function formatProblem(plan: BatchPlan, p: BatchProblem): string {
  const where = p.point === null ? (plan.points.length > 1 ? 'every point' : 'the parameters') : `point ${p.point} (${describePoint(plan.axes, p.values ?? [])})`;
  return `${where}: ${p.issue.path} = ${JSON.stringify(p.issue.value) ?? '(missing)'}: ${p.issue.message}`;
}
