/**
 * The axes of a sweep: which numeric parameter varies (a path such as `net.g` or
 * `net.conn_probs[4][5]`) and over which values (a list, or a range from:to:step). Pure.
 *
 * A path must name a number in the base parameter set: any numeric field of sim, net or stim,
 * or one entry of a list or matrix that holds numbers. Ranges are counted before any value is
 * made, so a range of a billion steps is refused without allocating it.
 */
import { parsePath } from '../../engine/params/merge.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import { closestKey } from '../../engine/params/validate.ts';
import { parseAxisValues } from '../common/axis-text.ts';
import { MAX_AXIS_VALUES } from '../common/limits.ts';
import { SpecError } from './spec.ts';

/** A range: from, from + step, …, up to and including `to` when it lies on the grid. */
export interface AxisRange {
  from: number;
  to: number;
  step: number;
}

/** One axis as given: a path and either a list of values or a range. */
export interface AxisInput {
  path: string;
  values?: number[];
  range?: AxisRange;
}

/** An axis with its values made. */
export interface Axis {
  /** The path as written by the user, normalised: `net.conn_probs[4][5]`. */
  path: string;
  values: number[];
}

/** The seed is varied by the batch's seeds, never by an axis. */
const SEED_PATH = 'sim.rng_seed';
/** Sections whose fields may vary. */
const SECTIONS = ['sim', 'net', 'stim'] as const;

/** Relative tolerance for `to` lying on a range's grid. */
const GRID_TOLERANCE = 1e-9;

/** A value of a range, cleaned of the binary noise of from + i·step (-6 + 7 × 0.1 → -5.3, not -5.300000000000001). */
function cleanValue(x: number): number {
  return Number(x.toPrecision(12));
}

/** How many values a range has (counted without making them); throws for a range that has none or too many. */
export function rangeCount(r: AxisRange, field: string, max = MAX_AXIS_VALUES): number {
  for (const [k, v] of Object.entries(r)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new SpecError(`${field}.${k}`, `must be a finite number (got ${String(v)})`);
  }
  if (r.step === 0) throw new SpecError(`${field}.step`, 'must not be 0');
  const span = r.to - r.from;
  if (span !== 0 && Math.sign(span) !== Math.sign(r.step)) {
    throw new SpecError(`${field}.step`, `goes from ${r.from} away from ${r.to} (step ${r.step}); its sign must be that of to − from`);
  }
  const steps = Math.floor(span / r.step + GRID_TOLERANCE);
  if (!Number.isFinite(steps) || steps + 1 > max) {
    throw new SpecError(field, `${r.from}:${r.to}:${r.step} has ${Number.isFinite(steps) ? steps + 1 : 'too many'} values; an axis has at most ${max}`);
  }
  return steps + 1;
}

/** The values of a range, `to` included when it lies on the grid. */
export function rangeValues(r: AxisRange, field: string): number[] {
  const n = rangeCount(r, field);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(cleanValue(r.from + i * r.step));
  return out;
}

function isRecord(v: unknown): v is Record<string | number, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Writes a path for people: `net.conn_probs[4][5]`. */
export function formatPath(parts: readonly (string | number)[]): string {
  return parts.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/**
 * Resolves `path` in `base`: its parts, normalised text and current value; throws SpecError
 * (naming `field`) unless it names a number of the sim, net or stim section.
 */
export function resolveNumericPath(base: ParamSet, path: string, field: string): { parts: (string | number)[]; path: string; value: number } {
  let parts: (string | number)[];
  try {
    parts = parsePath(path.trim());
  } catch {
    throw new SpecError(field, `${JSON.stringify(path)} is not a parameter path: sections and keys separated by dots, indices in brackets (net.g, net.conn_probs[4][5])`);
  }
  const text = formatPath(parts);
  if (!(SECTIONS as readonly unknown[]).includes(parts[0])) {
    throw new SpecError(field, `${text} is not a parameter: a path starts with ${SECTIONS.join(', ')}`);
  }
  if (text === SEED_PATH) throw new SpecError(field, `${SEED_PATH} is not an axis: the seeds of a batch are set by seeds (count and first)`);
  let node: unknown = base;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const here = formatPath(parts.slice(0, i + 1));
    if (typeof part === 'number') {
      if (!Array.isArray(node)) {
        const what = node === null ? 'null (derived from other parameters; give the whole matrix in the base parameters to vary one entry)' : 'not a list';
        throw new SpecError(field, `${formatPath(parts.slice(0, i))} is ${what}`);
      }
      if (part >= node.length) throw new SpecError(field, `${here}: the index is out of range (${formatPath(parts.slice(0, i))} has ${node.length} entries)`);
      node = node[part];
      continue;
    }
    if (!isRecord(node) || Array.isArray(node) || !Object.hasOwn(node, part)) {
      const keys = isRecord(node) && !Array.isArray(node) ? Object.keys(node) : [];
      const near = keys.length > 0 ? closestKey(part, keys) : undefined;
      const parent = formatPath(parts.slice(0, i));
      throw new SpecError(field, `${here} is not a parameter${near ? ` (did you mean ${parent ? `${parent}.` : ''}${near}?)` : ''}`);
    }
    node = node[part];
  }
  if (node === null && parts.length > 0) {
    throw new SpecError(field, `${text} is null (derived from other parameters); give it a value in the base parameters to vary it`);
  }
  if (typeof node !== 'number') {
    const kind = Array.isArray(node) ? 'a list (vary one entry: add its index, e.g. [0])' : typeof node === 'boolean' ? 'true or false' : typeof node;
    throw new SpecError(field, `${text} is ${kind}, not a number: only numeric parameters can be varied`);
  }
  return { parts, path: text, value: node };
}

/** A copy of `params` with the number at `parts` set to `value` (the path was resolved first). */
export function withValue(params: ParamSet, parts: readonly (string | number)[], value: number): ParamSet {
  const copy = structuredClone(params);
  let node = copy as unknown as Record<string | number, unknown>;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
  node[parts[parts.length - 1]] = value;
  return copy;
}

/** Makes an axis's values and checks them: finite, each once. */
export function axisValues(input: AxisInput, field: string): number[] {
  const hasValues = input.values !== undefined;
  const hasRange = input.range !== undefined;
  if (hasValues === hasRange) throw new SpecError(field, 'give either values (a list) or range (from, to, step), not both and not neither');
  const values = hasValues ? input.values! : rangeValues(input.range!, `${field}.range`);
  if (values.length === 0) throw new SpecError(`${field}.values`, 'must list at least one value');
  if (values.length > MAX_AXIS_VALUES) throw new SpecError(`${field}.values`, `has ${values.length} values; an axis has at most ${MAX_AXIS_VALUES}`);
  const seen = new Set<number>();
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new SpecError(`${field}.values[${i}]`, `must be a finite number (got ${String(v)})`);
    if (seen.has(v)) throw new SpecError(`${field}.values[${i}]`, `${v} is listed twice`);
    seen.add(v);
  });
  return values;
}

/**
 * An axis from the command line: `PATH=FROM:TO:STEP` (a range, TO included when on the grid) or
 * `PATH=V1,V2,...` (a list; one value is a list of one). Throws Error with the reason.
 */
export function parseAxisText(text: string): AxisInput {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error('must be PATH=FROM:TO:STEP or PATH=V1,V2,…, e.g. net.g=-6:-3:0.5 or net.bg_rate=6,8,10');
  const path = text.slice(0, eq).trim();
  const spec = text.slice(eq + 1).trim();
  if (spec === '') throw new Error(`${path}: no values after '='`);
  return { path, ...parseAxisValues(spec, path) };
}
