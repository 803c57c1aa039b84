/**
 * A run's parameters as the detail lists them (runs.parameters: every field, grouped as in the
 * editor, with its preset's value): values as text — numbers as given, vectors as a list, 8 × 8
 * matrices as rows — and the filter to the fields that differ from the preset. Pure.
 */
import type { RunParameters } from '../../src-main/contract.ts';

/** A null field (a matrix left to be derived from its mean, an unset option): its unit is not shown beside it. */
export const NOT_SET = 'not set';

export type ShownValue = { kind: 'text'; text: string } | { kind: 'matrix'; rows: string[][] };

function scalar(v: unknown): string {
  if (v === undefined) return '—';
  if (v === null) return NOT_SET;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return v === '' ? '""' : v;
  return JSON.stringify(v);
}

/** A value to show: a matrix (array of arrays) as rows, a list joined by commas, an object as key: value pairs. */
export function shownValue(v: unknown): ShownValue {
  if (Array.isArray(v) && v.length > 0 && v.every((r) => Array.isArray(r))) return { kind: 'matrix', rows: (v as unknown[][]).map((r) => r.map(scalar)) };
  if (Array.isArray(v)) return { kind: 'text', text: v.length === 0 ? '(none)' : v.map(scalar).join(', ') };
  if (typeof v === 'object' && v !== null) {
    return { kind: 'text', text: Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${Array.isArray(x) ? x.map(scalar).join(', ') : scalar(x)}`).join('; ') };
  }
  return { kind: 'text', text: scalar(v) };
}

/** The value as one line (the preset's value beside a changed field). */
export function valueText(v: unknown): string {
  const s = shownValue(v);
  return s.kind === 'text' ? s.text : s.rows.map((r) => `[${r.join(', ')}]`).join(' ');
}

/** The groups, or only the fields that differ from the preset (groups left empty dropped). */
export function shownGroups(p: RunParameters, onlyDifferences: boolean): RunParameters['groups'] {
  if (!onlyDifferences) return p.groups;
  return p.groups.map((g) => ({ ...g, fields: g.fields.filter((f) => f.differs) })).filter((g) => g.fields.length > 0);
}

/** "3 values differ from the preset “default”", "Every value is the preset “full”'s". */
export function differencesText(p: RunParameters): string {
  if (p.differences === 0) return `Every value is that of the preset “${p.preset}”.`;
  return `${p.differences} value${p.differences === 1 ? ' differs' : 's differ'} from the preset “${p.preset}” (marked).`;
}
