import { describe, expect, it } from 'vitest';
import { presetParams } from '../../../engine/params/presets.ts';
import { ensembleSpec, parseSeedCount, refusalTarget, specKey, sweepSpec } from './sweep-spec.ts';

const base = { params: { ...presetParams('default'), sim: { ...presetParams('default').sim, rng_seed: 7 } }, preset: 'default' as const };

describe('sweep spec', () => {
  it('makes the spec of a two-parameter sweep from the form: base, axes, seeds from the editor seed', () => {
    const r = sweepSpec(
      {
        name: '  g and input ',
        axes: [
          { field: 'net.g', row: 0, col: 0, text: '-6:-3:0.5' },
          { field: 'net.conn_probs', row: 4, col: 5, text: ' 0.3, 0.35 ,0.4' },
        ],
        seedsText: '3',
      },
      base,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.spec.name).toBe('g and input');
    expect(r.spec.vary).toEqual([
      { path: 'net.g', range: { from: -6, to: -3, step: 0.5 } },
      { path: 'net.conn_probs[4][5]', values: [0.3, 0.35, 0.4] },
    ]);
    expect(r.spec.seeds).toEqual({ count: 3, first: 7 });
    expect(r.spec.base).toEqual({ preset: 'default', params: base.params });
  });

  it('says at the axis why its text cannot be read, and at the seeds why they cannot', () => {
    const r = sweepSpec(
      {
        name: '',
        axes: [
          { field: 'net.g', row: 0, col: 0, text: '-6:-3' },
          { field: 'net.bg_rate', row: 0, col: 0, text: '6,8,10' },
        ],
        seedsText: '0',
      },
      base,
    );
    expect(r).toEqual({
      ok: false,
      axes: ['Axis 1: a range is FROM:TO:STEP, three numbers (got "-6:-3")', null],
      seeds: 'Seeds per point: got “0”, allowed: a whole number from 1 to 100',
    });
    const empty = sweepSpec({ name: '', axes: [{ field: 'net.g', row: 0, col: 0, text: '' }], seedsText: '2' }, base);
    expect(empty.ok ? null : empty.axes[0]).toMatch(/^Axis 1: no values: give a list/);
    const hex = sweepSpec({ name: '', axes: [{ field: 'net.g', row: 0, col: 0, text: '1,0x10' }], seedsText: '2' }, base);
    expect(hex.ok ? null : hex.axes[0]).toBe('Axis 1: the value "0x10" is not a decimal number');
  });

  it('reads seed counts as whole numbers from 1 to 100', () => {
    expect(parseSeedCount(' 5 ')).toEqual({ ok: true, count: 5 });
    for (const bad of ['', '1.5', '-2', '101', 'five']) expect(parseSeedCount(bad).ok).toBe(false);
  });

  it("'run with N seeds' is a spec without axes: N seeds from the editor seed", () => {
    expect(ensembleSpec(base, 5, 'baseline')).toEqual({ name: 'baseline', base: { preset: 'default', params: base.params }, seeds: { count: 5, first: 7 } });
    expect(ensembleSpec(base, 2, '  ').name).toBeUndefined();
  });

  it('finds the part of the form a refusal names', () => {
    expect(refusalTarget('spec.vary[1].range.step')).toEqual({ axis: 1 });
    expect(refusalTarget('spec.vary[0].path')).toEqual({ axis: 0 });
    expect(refusalTarget('spec.seeds.count')).toEqual({ seeds: true });
    expect(refusalTarget('spec.vary')).toBeNull();
    expect(refusalTarget(undefined)).toBeNull();
    expect(specKey({ seeds: { count: 2 } })).toBe(specKey({ seeds: { count: 2 } }));
  });
});
