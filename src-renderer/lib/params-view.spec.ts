import { describe, expect, it } from 'vitest';
import type { RunParameters } from '../../src-main/contract.ts';
import { differencesText, shownGroups, shownValue, valueText } from './params-view.ts';

describe('parameters as the detail lists them', () => {
  it('values: numbers and words as they are, lists joined, matrices as rows, objects as pairs', () => {
    expect(shownValue(0.1)).toEqual({ kind: 'text', text: '0.1' });
    expect(shownValue(true)).toEqual({ kind: 'text', text: 'true' });
    expect(shownValue(['spike_recorder', 'voltmeter'])).toEqual({ kind: 'text', text: 'spike_recorder, voltmeter' });
    expect(shownValue([])).toEqual({ kind: 'text', text: '(none)' });
    expect(shownValue([[1, 2], [3, 4]])).toEqual({ kind: 'matrix', rows: [['1', '2'], ['3', '4']] });
    expect(shownValue({ original: -58, optimized: [1, 2] })).toEqual({ kind: 'text', text: 'original: -58; optimized: 1, 2' });
    expect(valueText([[1, 2], [3, 4]])).toBe('[1, 2] [3, 4]');
    expect(valueText(undefined)).toBe('—');
    expect(shownValue(null)).toEqual({ kind: 'text', text: 'not set' });
  });

  it('only the differences, groups left empty dropped; the count in words', () => {
    const f = (path: string, differs: boolean) => ({ path, label: path, unit: '', doc: '', kind: 'number' as const, value: 1, presetValue: differs ? 2 : 1, differs });
    const p: RunParameters = {
      id: 1,
      preset: 'default',
      differences: 1,
      groups: [
        { id: 'populations', title: 'Populations', fields: [f('a', true), f('b', false)] },
        { id: 'neurons', title: 'Neurons', fields: [f('c', false)] },
      ],
    };
    expect(shownGroups(p, false)).toBe(p.groups);
    expect(shownGroups(p, true).map((g) => [g.title, g.fields.map((x) => x.path)])).toEqual([['Populations', ['a']]]);
    expect(differencesText(p)).toBe('1 value differs from the preset “default” (marked).');
    expect(differencesText({ ...p, differences: 0, preset: 'full' })).toBe('Every value is that of the preset “full”.');
    expect(differencesText({ ...p, differences: 3 })).toBe('3 values differ from the preset “default” (marked).');
  });
});
