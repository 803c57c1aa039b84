/**
 * The problems the editor shows: the engine validator's (collectIssues), the text a field could not
 * read as a number, and those the services reported. Each is placed at its field, or in the list of
 * other problems (unknown keys from a file) when no field holds it. Pure.
 */
import type { ValidationIssue } from '../../../engine/params/validate.ts';
import { FIELD_ORDER, fieldOfPath, GROUP_ORDER, type FieldSpec, type GroupId } from './field-specs.ts';
import { parseNumberText } from './number-text.ts';

export type Issue = ValidationIssue;

/** Issues of the text typed into fields that did not parse (path -> text). */
export function draftIssues(drafts: Readonly<Record<string, string>>): Issue[] {
  const out: Issue[] = [];
  for (const [path, text] of Object.entries(drafts)) {
    const parsed = parseNumberText(text);
    if (!parsed.ok) out.push({ path, value: text, message: parsed.message });
  }
  return out;
}

/**
 * All issues, once each. A field whose text does not parse shows that, not what the validator
 * says of the last valid value behind it.
 */
export function combineIssues(validator: Issue[], drafts: Issue[], server: Issue[] = []): Issue[] {
  const drafted = new Set(drafts.map((i) => i.path));
  const seen = new Set<string>();
  const out: Issue[] = [];
  for (const i of [...drafts, ...validator.filter((v) => !drafted.has(v.path)), ...server]) {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(i);
  }
  return out;
}

export function indexIssues(issues: Issue[]): Map<string, Issue[]> {
  const m = new Map<string, Issue[]>();
  for (const i of issues) {
    const list = m.get(i.path);
    if (list) list.push(i);
    else m.set(i.path, [i]);
  }
  return m;
}

export function isUnknownKey(i: Issue): boolean {
  return i.message.startsWith('unknown key');
}

/** The key the validator suggests for an unknown one (`did you mean "net.N_scaling"?`). */
export function suggestionOf(i: Issue): string | undefined {
  return /did you mean "([^"]+)"\?/.exec(i.message)?.[1];
}

export interface Placement {
  /** 'other': no field shows it (unknown keys, sections that are not objects). */
  group: GroupId | 'other';
  field?: FieldSpec;
}

export function placeIssue(i: Issue): Placement {
  if (isUnknownKey(i)) return { group: 'other' };
  const field = fieldOfPath(i.path);
  return field ? { group: field.group, field } : { group: 'other' };
}

/** Issues sorted as the editor lays them out: other problems first, then field by field, cells row by row. */
export function sortIssues(issues: Issue[]): Issue[] {
  const key = (i: Issue): number[] => {
    const { group, field } = placeIssue(i);
    if (group === 'other' || !field) return [-1];
    const indices = [...i.path.slice(field.path.length).matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    return [GROUP_ORDER.get(group) ?? 99, FIELD_ORDER.get(field.path) ?? 999, ...indices];
  };
  const compare = (a: number[], b: number[]): number => {
    for (let k = 0; k < Math.max(a.length, b.length); k++) {
      const d = (a[k] ?? -1) - (b[k] ?? -1);
      if (d !== 0) return d;
    }
    return 0;
  };
  return issues.map((i, n) => ({ i, n, k: key(i) })).sort((a, b) => compare(a.k, b.k) || a.n - b.n).map((x) => x.i);
}

/**
 * Issues that leave a parameter set unfit to edit: a section, list or matrix of the wrong shape
 * (a file with `"conn_probs": 0.1`). A file with these is refused whole; wrong leaf values and
 * unknown keys are loaded and shown at their fields.
 */
export function structuralIssues(issues: Issue[]): Issue[] {
  return issues.filter((i) => {
    if (isUnknownKey(i)) return false;
    const field = fieldOfPath(i.path);
    if (!field) return true;
    switch (field.kind) {
      case 'vector':
      case 'names':
      case 'set':
        return i.path === field.path;
      case 'matrix':
        // the matrix itself or a row of it
        return i.path === field.path || /^\[\d+\]$/.test(i.path.slice(field.path.length));
      case 'number':
      case 'integer':
      case 'bool':
      case 'choice':
      case 'fixed':
        return false;
      default: {
        const never: never = field.kind;
        throw new Error(`unhandled field kind ${String(never)}`);
      }
    }
  });
}
