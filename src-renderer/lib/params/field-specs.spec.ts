import { describe, expect, it } from 'vitest';
import { PARAM_SCHEMA } from '../../../engine/params/validate.ts';
import { FIELDS, fieldOfPath, GROUPS, type FieldKind } from './field-specs.ts';

interface Leaf {
  path: string;
  kind: string;
  integer: boolean;
}

/** Every leaf of the validator's schema (objects recursed), with its rule kind. */
function schemaLeaves(): Leaf[] {
  const out: Leaf[] = [];
  const walk = (rule: { kind: string; fields?: Record<string, unknown>; integer?: boolean }, path: string) => {
    if (rule.kind === 'obj') {
      for (const [k, r] of Object.entries(rule.fields ?? {})) walk(r as never, path ? `${path}.${k}` : k);
    } else out.push({ path, kind: rule.kind, integer: rule.integer === true });
  };
  walk(PARAM_SCHEMA as never, '');
  return out;
}

const allowed: Record<string, FieldKind[]> = {
  num: ['number', 'integer'],
  bool: ['bool', 'choice'],
  enum: ['choice', 'fixed'],
  array: ['vector'],
  matrix: ['matrix'],
  strarray: ['names'],
  set: ['set'],
};

describe('field specs', () => {
  it('cover every parameter of the validator schema, with a matching kind', () => {
    const leaves = schemaLeaves();
    expect(leaves.length).toBeGreaterThan(50);
    for (const leaf of leaves) {
      const spec = FIELDS.find((f) => f.path === leaf.path);
      expect(spec, leaf.path).toBeDefined();
      expect(allowed[leaf.kind], `${leaf.path}: ${leaf.kind}`).toContain(spec!.kind);
      if (leaf.kind === 'num' && leaf.integer) expect(spec!.kind, leaf.path).toBe('integer');
    }
    expect(FIELDS.length).toBe(leaves.length);
  });

  it('give every number a unit, every field a label and a description, and every field a known group', () => {
    const groups = new Set(GROUPS.map((g) => g.id));
    for (const f of FIELDS) {
      expect(groups.has(f.group), f.path).toBe(true);
      expect(f.label.length, f.path).toBeGreaterThan(0);
      expect(f.doc.length, f.path).toBeGreaterThan(10);
      if (['number', 'integer', 'vector', 'matrix'].includes(f.kind)) expect(f.unit, f.path).not.toBe('');
    }
  });

  it('find the field of an item path, and nothing for an unknown key', () => {
    expect(fieldOfPath('net.conn_probs[2][3]')?.path).toBe('net.conn_probs');
    expect(fieldOfPath('net.neuron_params.V0_mean.optimized[4]')?.path).toBe('net.neuron_params.V0_mean.optimized');
    expect(fieldOfPath('sim.rec_dev[1]')?.path).toBe('sim.rec_dev');
    expect(fieldOfPath('net.N_scalling')).toBeUndefined();
  });
});
