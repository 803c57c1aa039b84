/**
 * A parameter set listed as the editor lays it out (field-specs.ts: groups in order, each field
 * with its label, NEST key, unit and meaning) with every value, the value of the preset it is
 * compared with, and whether the two differ: the run detail's "every parameter" list. Keys the
 * editor does not know (a parameter file may carry them) are listed after the groups. Pure, shared
 * with the page.
 */
import { FIELDS, GROUPS, type FieldKind, type GroupId } from './field-specs.ts';
import { parsePath } from './merge.ts';
import { PRESET_NAMES, presetParams } from './presets.ts';
import type { ParamSet, PresetName } from './types.ts';

export interface GroupedField {
  /** Path in the validator's notation: 'net.neuron_params.tau_m'. */
  path: string;
  label: string;
  unit: string;
  doc: string;
  kind: FieldKind | 'unknown';
  value: unknown;
  /** The preset's value (undefined when the preset has no such key). */
  presetValue: unknown;
  differs: boolean;
}

export interface GroupedParams {
  /** The preset compared with: the one from which the set differs in the fewest fields. */
  preset: PresetName;
  groups: { id: GroupId | 'other'; title: string; fields: GroupedField[] }[];
  /** Fields that differ from the preset. */
  differences: number;
}

/** The value at a path ('net.conn_probs', 'net.neuron_params.V0_mean.optimized'), or undefined. */
export function valueAt(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const key of parsePath(path)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** Deep equality of JSON values (numbers by ===, so NaN never equals; -0 equals 0). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** Paths of every leaf of a set that no field spec covers (keys unknown to the editor). */
function unknownPaths(params: unknown): string[] {
  const known = new Set(FIELDS.map((f) => f.path));
  const out: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (known.has(path)) return;
    if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
      for (const [k, v] of Object.entries(node)) walk(v, path === '' ? k : `${path}.${k}`);
    } else if (path !== '') out.push(path);
  };
  walk(params, '');
  return out;
}

/** Fields in which `params` differs from a preset. */
function differencesFrom(params: ParamSet, preset: ParamSet): number {
  return FIELDS.filter((f) => !sameValue(valueAt(params, f.path), valueAt(preset, f.path))).length;
}

/** Every parameter of the set, grouped as in the editor, marked where it differs from its nearest preset (or the one named). */
export function groupedParams(params: ParamSet, preset?: PresetName): GroupedParams {
  const name =
    preset ??
    PRESET_NAMES.reduce((best, p) => (differencesFrom(params, presetParams(p)) < differencesFrom(params, presetParams(best)) ? p : best), PRESET_NAMES[0]);
  const base = presetParams(name);
  let differences = 0;
  const field = (path: string, spec?: (typeof FIELDS)[number]): GroupedField => {
    const value = valueAt(params, path);
    const presetValue = valueAt(base, path);
    const differs = !sameValue(value, presetValue);
    if (differs) differences++;
    return {
      path,
      label: spec?.label ?? path,
      unit: spec?.unit ?? '',
      doc: spec?.doc ?? 'not a parameter the editor knows (kept from a parameter file)',
      kind: spec?.kind ?? 'unknown',
      value,
      presetValue,
      differs,
    };
  };
  const groups: GroupedParams['groups'] = GROUPS.map((g) => ({
    id: g.id,
    title: g.title,
    fields: FIELDS.filter((f) => f.group === g.id).map((f) => field(f.path, f)),
  }));
  const other = unknownPaths(params);
  if (other.length > 0) groups.push({ id: 'other', title: 'Other keys', fields: other.map((p) => field(p)) });
  return { preset: name, groups, differences };
}
