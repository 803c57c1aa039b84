/**
 * What a number field shows and what it accepts. Text that is not a number ('1.2.3', '') never
 * reaches the parameter set: the field keeps the text and says why, and the last valid value stays.
 */

export type ParsedNumber = { ok: true; value: number } | { ok: false; message: string };

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseNumberText(raw: string): ParsedNumber {
  // A typographic minus (pasted from a paper) is a minus.
  const text = raw.trim().replace(/^\u2212/, '-');
  if (text === '') return { ok: false, message: 'enter a number' };
  if (DECIMAL.test(text)) {
    const value = Number(text);
    if (Number.isFinite(value)) return { ok: true, value };
    return { ok: false, message: 'is too large' };
  }
  if (/^[+-]?\d*,\d+$/.test(text)) return { ok: false, message: 'not a number: use a dot for decimals (0.5)' };
  return { ok: false, message: `not a number: "${raw.length > 24 ? raw.slice(0, 21) + '...' : raw}"` };
}

/** The text of a value in an input: numbers in full precision, anything else (from a file) as JSON. */
export function formatInputValue(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * Whether the field should keep showing the user's text rather than the value: while it does not
 * parse (its own error shows), or while it still means the current value ('1.' while typing 1.5).
 * A value changed from elsewhere (reset, file) replaces a valid draft.
 */
export function draftApplies(draft: string, current: unknown): boolean {
  const parsed = parseNumberText(draft);
  return !parsed.ok || Object.is(parsed.value, current);
}
