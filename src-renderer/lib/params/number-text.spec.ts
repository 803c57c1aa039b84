import { describe, expect, it } from 'vitest';
import { draftApplies, formatInputValue, parseNumberText } from './number-text.ts';

describe('number text', () => {
  it('reads decimals, signs and exponents', () => {
    expect(parseNumberText('0.1009')).toEqual({ ok: true, value: 0.1009 });
    expect(parseNumberText(' -65 ')).toEqual({ ok: true, value: -65 });
    expect(parseNumberText('1.')).toEqual({ ok: true, value: 1 });
    expect(parseNumberText('.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseNumberText('2e-3')).toEqual({ ok: true, value: 0.002 });
    expect(parseNumberText('\u22124')).toEqual({ ok: true, value: -4 });
  });

  it('refuses what is not a number, saying why', () => {
    expect(parseNumberText('1.2.3')).toEqual({ ok: false, message: 'not a number: "1.2.3"' });
    expect(parseNumberText('')).toEqual({ ok: false, message: 'enter a number' });
    expect(parseNumberText('0,5')).toMatchObject({ ok: false, message: expect.stringContaining('use a dot') });
    expect(parseNumberText('0x10').ok).toBe(false);
    expect(parseNumberText('Infinity').ok).toBe(false);
    expect(parseNumberText('1e999')).toEqual({ ok: false, message: 'is too large' });
  });

  it('shows values in full precision and other values (from a file) as they are', () => {
    expect(formatInputValue(0.30000000000000004)).toBe('0.30000000000000004');
    expect(formatInputValue('1000')).toBe('1000');
    expect(formatInputValue(null)).toBe('null');
    expect(formatInputValue(undefined)).toBe('');
  });

  it('keeps a draft while it does not parse or still means the value', () => {
    expect(draftApplies('1.', 1)).toBe(true);
    expect(draftApplies('abc', 1)).toBe(true);
    expect(draftApplies('1.', 2)).toBe(false);
  });
});
