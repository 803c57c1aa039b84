// A parameter set listed as the editor groups it, marked where it differs from its nearest preset.
import { describe, expect, it } from 'vitest';
import { FIELDS, GROUPS } from '../../../engine/params/field-specs.ts';
import { groupedParams, sameValue, valueAt } from '../../../engine/params/grouped.ts';
import { defaultParams, fullParams } from '../../../engine/params/presets.ts';

describe('groupedParams', () => {
  it('lists every field once, in the editor order, nothing different for a preset itself', () => {
    const g = groupedParams(defaultParams());
    expect(g.preset).toBe('default');
    expect(g.groups.map((x) => x.id)).toEqual(GROUPS.map((x) => x.id));
    expect(g.groups.flatMap((x) => x.fields.map((f) => f.path))).toEqual(FIELDS.map((f) => f.path));
    expect(g.differences).toBe(0);
    expect(groupedParams(fullParams()).preset).toBe('full');
  });

  it('marks changed values (matrices element by element), compares with the nearest preset, and lists unknown keys last', () => {
    const p = fullParams() as ReturnType<typeof fullParams> & { extra?: unknown };
    p.net.conn_probs[2][3] = 0.5;
    p.sim.rng_seed = 7;
    p.extra = { note: 'from a file' };
    const g = groupedParams(p);
    expect(g.preset).toBe('full');
    const changed = g.groups.flatMap((x) => x.fields).filter((f) => f.differs);
    expect(changed.map((f) => f.path)).toEqual(['net.conn_probs', 'sim.rng_seed', 'extra.note']);
    expect(changed[1]).toMatchObject({ label: 'Seed', unit: 'integer', value: 7, presetValue: fullParams().sim.rng_seed });
    expect(g.groups[g.groups.length - 1]).toMatchObject({ id: 'other', title: 'Other keys', fields: [{ path: 'extra.note', kind: 'unknown', value: 'from a file', presetValue: undefined }] });
    expect(g.differences).toBe(3);
    expect(groupedParams(p, 'default').differences).toBeGreaterThan(3);
  });

  it('reads values by path and compares JSON values deeply', () => {
    expect(valueAt(defaultParams(), 'net.neuron_params.V0_mean.original')).toBe(-58);
    expect(valueAt(defaultParams(), 'net.nothing.here')).toBeUndefined();
    expect(sameValue([[1, 2], [3]], [[1, 2], [3]])).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameValue(null, null)).toBe(true);
    expect(sameValue(NaN, NaN)).toBe(false);
  });
});
