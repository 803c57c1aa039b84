/**
 * The parameters a sweep can vary, taken from the editor's own field list (field-specs.ts): every
 * numeric field of sim, net and stim, one entry of a per-population list, or one entry of a
 * [target][source] matrix. The seed is the batch's (seeds: count and first), and the thread count
 * does not change the spikes, so neither is offered. Pure.
 */
import { POPULATION_NAMES, type ParamSet } from '../../../engine/params/types.ts';
import { FIELDS, GROUPS, type FieldSpec, type GroupId } from '../params/field-specs.ts';
import { getIn } from '../params/paths.ts';

/** scalar: the field itself; vector: one population's entry; matrix: one [target][source] entry. */
export type SweepFieldShape = 'scalar' | 'vector' | 'matrix';

export interface SweepField {
  /** The field's path in the editor's notation (without indices). */
  path: string;
  group: GroupId;
  label: string;
  unit: string;
  doc: string;
  shape: SweepFieldShape;
  integer: boolean;
  /** The matrix may be null (derived from other fields); one entry can only vary once it has values. */
  nullable: boolean;
}

/** Fields a batch sets itself (the seed) or whose value does not change what a run computes. */
const NOT_SWEPT: ReadonlySet<string> = new Set(['sim.rng_seed', 'sim.local_num_threads']);

const SHAPES: Partial<Record<FieldSpec['kind'], SweepFieldShape>> = { number: 'scalar', integer: 'scalar', vector: 'vector', matrix: 'matrix' };

export const SWEEP_FIELDS: readonly SweepField[] = FIELDS.flatMap((f) => {
  const shape = SHAPES[f.kind];
  if (!shape || NOT_SWEPT.has(f.path)) return [];
  return [{ path: f.path, group: f.group, label: f.label, unit: f.unit, doc: f.doc, shape, integer: f.kind === 'integer' || f.integer === true, nullable: f.nullable === true }];
});

const BY_PATH: ReadonlyMap<string, SweepField> = new Map(SWEEP_FIELDS.map((f) => [f.path, f]));

export function sweepField(path: string): SweepField | undefined {
  return BY_PATH.get(path);
}

/** The fields in the editor's groups and order, for a <select> with <optgroup>s. */
export function sweepFieldGroups(): { title: string; fields: SweepField[] }[] {
  return GROUPS.map((g) => ({ title: g.title, fields: SWEEP_FIELDS.filter((f) => f.group === g.id) })).filter((g) => g.fields.length > 0);
}

/** Where in a field an axis points: the population (vector) or the target and source (matrix). */
export interface AxisTarget {
  field: string;
  /** Vector: the population; matrix: the target population (row). */
  row: number;
  /** Matrix: the source population (column). */
  col: number;
}

/** The axis's parameter path: `net.g`, `net.K_ext[3]`, `net.conn_probs[4][5]`. */
export function axisPath(t: AxisTarget): string {
  const f = sweepField(t.field);
  if (!f || f.shape === 'scalar') return t.field;
  return f.shape === 'vector' ? `${t.field}[${t.row}]` : `${t.field}[${t.row}][${t.col}]`;
}

/** Splits an axis path back into its field and indices (an unknown field keeps the whole path). */
export function axisTarget(path: string): AxisTarget {
  const m = /^(.*?)((?:\[\d+\])*)$/.exec(path.trim());
  const field = m?.[1] ?? path;
  const idx = [...(m?.[2] ?? '').matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]));
  return { field, row: idx[0] ?? 0, col: idx[1] ?? 0 };
}

/** The number at an axis's path in the parameters, or why there is none (a matrix left to be derived). */
export function currentValue(params: ParamSet, t: AxisTarget): { value: number } | { missing: string } {
  const f = sweepField(t.field);
  if (f?.shape === 'matrix' && getIn(params, t.field) === null) {
    return { missing: `${f.label} is derived from other parameters; switch it on in the editor to vary one entry` };
  }
  const v = getIn(params, axisPath(t));
  return typeof v === 'number' ? { value: v } : { missing: `${axisPath(t)} is not a number in these parameters` };
}

/** The axis in words: `Relative inhibition g (net.g)`, `Connection probabilities L4E ← L2/3E (net.conn_probs[2][0])`. */
export function axisLabel(path: string, populations: readonly string[] = POPULATION_NAMES): string {
  const t = axisTarget(path);
  const f = sweepField(t.field);
  if (!f) return path;
  const name = (i: number) => (populations[i] ?? String(i)).replace(/^L23/, 'L2/3');
  const where = f.shape === 'vector' ? ` ${name(t.row)}` : f.shape === 'matrix' ? ` ${name(t.row)} ← ${name(t.col)}` : '';
  return `${f.label}${where}`;
}

/** The unit of an axis's values ('' for none). */
export function axisUnit(path: string): string {
  const f = sweepField(axisTarget(path).field);
  return f?.unit ?? '';
}

/** A list around the value in the editor, as a hint of what to type: 80 %, 100 % and 120 % of it (whole numbers for integer fields). */
export function suggestValues(value: number, integer: boolean): string {
  if (value === 0) return integer ? '0,1,2' : '0,0.5,1';
  const at = (f: number) => {
    const v = value * f;
    return String(integer ? Math.round(v) : Number(v.toPrecision(3)));
  };
  return [...new Set([at(0.8), at(1), at(1.2)])].join(',');
}
