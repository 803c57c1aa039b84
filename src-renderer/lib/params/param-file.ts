/**
 * Parameter files: JSON with the sections sim, net, stim and the NEST example's key names, whole or
 * partial. A file is merged onto the selected preset (a partial file changes only what it names).
 * Pure: reading the File and downloading the Blob happen in the component.
 */
import { deepMerge } from '../../../engine/params/merge.ts';
import type { ParamSet } from '../../../engine/params/types.ts';
import { collectIssues } from '../../../engine/params/validate.ts';
import { structuralIssues, type Issue } from './issues.ts';

export type LoadResult =
  /** Loaded; `issues` (unknown keys, invalid values) are shown at their fields. */
  | { ok: true; params: ParamSet; issues: Issue[] }
  /** Refused: not JSON, not an object, or a section, list or matrix of the wrong shape. */
  | { ok: false; reason: string; issues: Issue[] };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function loadParamFileText(text: string, preset: ParamSet): LoadResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON (${error instanceof Error ? error.message : String(error)})`, issues: [] };
  }
  if (!isPlainObject(json)) {
    return { ok: false, reason: 'a parameter file must be a JSON object with sections sim, net, stim', issues: [] };
  }
  const merged = deepMerge(preset, json) as ParamSet;
  const issues = collectIssues(merged);
  const structural = structuralIssues(issues);
  if (structural.length > 0) {
    return { ok: false, reason: 'some sections, lists or matrices have the wrong shape', issues: structural };
  }
  return { ok: true, params: merged, issues };
}

/** The file's text: the whole parameter set, so that it reproduces the run whatever the preset. */
export function paramFileText(p: ParamSet): string {
  return JSON.stringify(p, null, 2) + '\n';
}

export function paramFileName(preset: string, when = new Date()): string {
  const stamp = when.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return `pd14-params-${preset}-${stamp}.json`;
}
