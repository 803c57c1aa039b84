/**
 * Building a parameter set from a preset, a parameter file and `--set path=value` overrides.
 * Objects merge key by key; arrays and matrices are replaced whole (or element-wise by an indexed
 * path such as `net.conn_probs[0][2]`). The result is checked by validateParams.
 */
import { presetParams } from './presets.ts';
import type { ParamSet, PresetName } from './types.ts';
import { issueValue, ParamValidationError, type ValidationIssue } from './validate.ts';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Sets an own, enumerable property (never the prototype, even for the key `__proto__`). */
function setOwn(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** The own value of `key`, never one inherited from a prototype. */
function own(node: unknown, key: string | number): unknown {
  return typeof node === 'object' && node !== null && Object.hasOwn(node, key) ? (node as Record<string | number, unknown>)[key] : undefined;
}

/**
 * Deep-merges `over` onto a copy of `base`. Unknown keys are kept (as own keys, whatever their
 * name, `__proto__` included), so validation can name them.
 */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return structuredClone(over);
  const out: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(over)) {
    const current = own(out, k);
    setOwn(out, k, isPlainObject(current) && isPlainObject(v) ? deepMerge(current, v) : structuredClone(v));
  }
  return out;
}

/** Splits `net.conn_probs[0][2]` or `net.conn_probs.0.2` into ['net', 'conn_probs', 0, 2]. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    if (part === '') throw new Error(`malformed parameter path "${path}"`);
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new Error(`malformed parameter path "${path}"`);
    if (m[1] !== '') out.push(/^\d+$/.test(m[1]) ? Number(m[1]) : m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  if (out.length === 0 || out.some((s) => s === '')) throw new Error(`malformed parameter path "${path}"`);
  return out;
}

/** Parses the value of a `--set` assignment: JSON when it parses (numbers, booleans, lists), else a string. */
export function parseSetValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Most parts of an assignment's path (the deepest parameter, net.neuron_params.V0_mean.optimized[7], has 5). */
const MAX_PATH_PARTS = 8;

function pathText(path: readonly (string | number)[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/**
 * Why `path` cannot be assigned in `target` (null when it can): an index past the end of a list
 * (one past is allowed: the list grows, and validation reports its length), or a key on a list.
 * Checked before anything changes, so an index cannot allocate a list of its size.
 */
function pathProblem(target: unknown, path: readonly (string | number)[]): string | null {
  if (path.length > MAX_PATH_PARTS) return `a parameter path has at most ${MAX_PATH_PARTS} parts (sections, keys and indices)`;
  // `undefined` stands for a container the assignment will create: a list when indexed, else an object.
  let node: unknown = target;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const where = pathText(path.slice(0, i));
    const isList = Array.isArray(node) || (node === undefined && typeof key === 'number');
    if (isList && typeof key !== 'number') return `${where} is a list: its entries are chosen by index (${where}[0])`;
    if (isList) {
      const n = Array.isArray(node) ? node.length : 0;
      if ((key as number) > n) return `index ${key} is out of range: ${where} has ${n} entries${n > 0 ? ` (0..${n - 1})` : ''}`;
    }
    const next = own(node, key);
    node = typeof next === 'object' && next !== null ? next : undefined;
  }
  return null;
}

/**
 * Applies one `path=value` assignment to a (merged) parameter object, in place. A path that
 * cannot be assigned (an index out of range) is a ParamValidationError naming it; nothing changes.
 */
export function applySet(target: Record<string, unknown>, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new Error(`--set expects path=value (e.g. net.N_scaling=0.5), got "${assignment}"`);
  const path = parsePath(assignment.slice(0, eq).trim());
  const value = parseSetValue(assignment.slice(eq + 1).trim());
  const problem = pathProblem(target, path);
  if (problem !== null) throw new ParamValidationError([{ path: pathText(path), value: issueValue(value), message: problem }]);
  let node: object = target;
  for (let i = 0; i < path.length - 1; i++) {
    const next = own(node, path[i]);
    if (typeof next === 'object' && next !== null) {
      node = next;
      continue;
    }
    // Create the container so that validation reports the unknown key by its full path.
    const created: object = typeof path[i + 1] === 'number' ? [] : {};
    setOwn(node, path[i], created);
    node = created;
  }
  const last = path[path.length - 1];
  if (Array.isArray(node) && last === node.length) node.push(value);
  else setOwn(node, last, value);
}

export interface ParamSources {
  preset?: PresetName;
  /** Contents of a parameter file (already parsed JSON). */
  file?: unknown;
  /** `path=value` assignments, applied in order after the file. */
  sets?: string[];
}

/**
 * Builds the raw (unvalidated) parameter object from a preset, a file and assignments. Throws a
 * ParamValidationError for structural problems of the file (not an object).
 */
export function composeParams(src: ParamSources): unknown {
  let p: unknown = presetParams(src.preset ?? 'default');
  if (src.file !== undefined) {
    if (!isPlainObject(src.file)) {
      const issue: ValidationIssue = { path: '(file)', value: src.file, message: 'a parameter file must be a JSON object with sections sim, net, stim' };
      throw new ParamValidationError([issue]);
    }
    p = deepMerge(p, src.file);
  }
  for (const s of src.sets ?? []) applySet(p as Record<string, unknown>, s);
  return p;
}

/** The difference between two parameter sets, as dotted paths with both values (for the UI and the CLI). */
export function diffParams(a: unknown, b: unknown, path = ''): { path: string; a: unknown; b: unknown }[] {
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    const out: { path: string; a: unknown; b: unknown }[] = [];
    for (const k of keys) out.push(...diffParams(a[k], b[k], path ? `${path}.${k}` : k));
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    const out: { path: string; a: unknown; b: unknown }[] = [];
    a.forEach((x, i) => out.push(...diffParams(x, b[i], `${path}[${i}]`)));
    return out;
  }
  return Object.is(a, b) || JSON.stringify(a) === JSON.stringify(b) ? [] : [{ path, a, b }];
}

export type { ParamSet };
