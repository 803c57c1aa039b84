/**
 * Building a parameter set from a preset, a parameter file and `--set path=value` overrides.
 * Objects merge key by key; arrays and matrices are replaced whole (or element-wise by an indexed
 * path such as `net.conn_probs[0][2]`). The result is checked by validateParams.
 */
import { presetParams } from './presets.ts';
import type { ParamSet, PresetName } from './types.ts';
import { ParamValidationError, type ValidationIssue } from './validate.ts';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep-merges `over` onto a copy of `base`. Unknown keys are kept, so validation can name them. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return structuredClone(over);
  const out: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(over)) {
    out[k] = k in out && isPlainObject(out[k]) && isPlainObject(v) ? deepMerge(out[k], v) : structuredClone(v);
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

/** Applies one `path=value` assignment to a (merged) parameter object, in place. */
export function applySet(target: Record<string, unknown>, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new Error(`--set expects path=value (e.g. net.N_scaling=0.5), got "${assignment}"`);
  const path = parsePath(assignment.slice(0, eq).trim());
  const value = parseSetValue(assignment.slice(eq + 1).trim());
  let node: unknown = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    const next = (node as Record<string | number, unknown>)[key];
    if (typeof next !== 'object' || next === null) {
      // Create the container so that validation reports the unknown key by its full path.
      const created: unknown = typeof path[i + 1] === 'number' ? [] : {};
      (node as Record<string | number, unknown>)[key] = created;
      node = created;
    } else node = next;
  }
  (node as Record<string | number, unknown>)[path[path.length - 1]] = value;
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
