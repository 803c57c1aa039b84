/**
 * From what the sweep form and the start form hold to a batch spec (src-main/batches/spec.ts):
 * the base is the editor's parameter set, the axes are picked from the editor's fields with their
 * values typed as a list or a range, and every point runs the same seeds. The text is read here
 * (a clear error at the field that holds it); the services plan the spec and check every point
 * (batches.plan). Pure.
 */
import type { ParamSet, PresetName } from '../../../engine/params/types.ts';
import { parseAxisValues } from '../../../src-main/common/axis-text.ts';
import { MAX_BATCH_AXES, MAX_BATCH_SEEDS, MAX_NAME_LENGTH } from '../../../src-main/common/limits.ts';
import type { BatchSpec } from '../../../src-main/batches/spec.ts';
import { axisPath, type AxisTarget } from './sweep-fields.ts';

/** One axis as the form holds it. */
export interface AxisDraft extends AxisTarget {
  /** The values as typed: `6,8,10` or `-6:-3:0.5`. */
  text: string;
}

export interface SweepDraftValues {
  name: string;
  axes: readonly AxisDraft[];
  /** Seeds per point, as typed. */
  seedsText: string;
}

/** The editor's parameters, and the preset they started from. */
export interface SweepBase {
  params: ParamSet;
  preset: PresetName;
}

export type SpecCheck =
  | { ok: true; spec: BatchSpec }
  | {
      ok: false;
      /** Per axis, why its text cannot be read (null: it can). */
      axes: (string | null)[];
      seeds: string | null;
    };

/** A seed count as typed: a whole number from 1 to MAX_BATCH_SEEDS. */
export function parseSeedCount(text: string): { ok: true; count: number } | { ok: false; error: string } {
  const t = text.trim();
  const n = Number(t);
  if (t === '' || !/^\d+$/.test(t) || n < 1 || n > MAX_BATCH_SEEDS) {
    return { ok: false, error: `Seeds per point: got “${text}”, allowed: a whole number from 1 to ${MAX_BATCH_SEEDS}` };
  }
  return { ok: true, count: n };
}

function baseOf(b: SweepBase): NonNullable<BatchSpec['base']> {
  return { preset: b.preset, params: b.params as unknown as Record<string, unknown> };
}

function nameOf(name: string): { name?: string } {
  const t = name.trim().slice(0, MAX_NAME_LENGTH);
  return t === '' ? {} : { name: t };
}

/** The spec of a sweep: the form's axes (one or two) over the editor's parameters, n seeds per point from the editor's seed. */
export function sweepSpec(draft: SweepDraftValues, base: SweepBase): SpecCheck {
  const seeds = parseSeedCount(draft.seedsText);
  const axes = draft.axes.slice(0, MAX_BATCH_AXES).map((a, i) => {
    try {
      return { ok: true as const, input: { path: axisPath(a), ...parseAxisValues(a.text) } };
    } catch (e) {
      return { ok: false as const, error: `Axis ${i + 1}: ${e instanceof Error ? e.message : String(e)}` };
    }
  });
  const axisErrors = axes.map((a) => (a.ok ? null : a.error));
  if (!seeds.ok || axisErrors.some((e) => e !== null)) return { ok: false, axes: axisErrors, seeds: seeds.ok ? null : seeds.error };
  return {
    ok: true,
    spec: {
      ...nameOf(draft.name),
      base: baseOf(base),
      vary: axes.flatMap((a) => (a.ok ? [a.input] : [])),
      seeds: { count: seeds.count, first: base.params.sim.rng_seed },
    },
  };
}

/** "Run with N seeds": an ensemble of the editor's parameters, seeds S … S + N − 1 (S: the editor's seed). */
export function ensembleSpec(base: SweepBase, count: number, name: string): BatchSpec {
  return { ...nameOf(name), base: baseOf(base), seeds: { count, first: base.params.sim.rng_seed } };
}

/** Which part of the form a refusal of the services names (its field: `spec.vary[1].range.step`, `spec.seeds.count`). */
export function refusalTarget(field: string | undefined): { axis: number } | { seeds: true } | null {
  if (!field) return null;
  const axis = /^spec\.vary\[(\d+)\]/.exec(field);
  if (axis) return { axis: Number(axis[1]) };
  if (/^spec\.seeds/.test(field)) return { seeds: true };
  return null;
}

/** A stable key of a spec (the plan on show belongs to the spec being edited only while the keys match). */
export function specKey(spec: BatchSpec): string {
  return JSON.stringify(spec);
}
