import { describe, expect, it } from 'vitest';
import * as s from '../../src-main/common/schema.ts';

describe('schema', () => {
  const payload = s.object({
    preset: s.oneOf(['default', 'full']),
    name: s.optional(s.string({ minLength: 1, maxLength: 10 })),
    tags: s.optional(s.array(s.string({ maxLength: 5 }), { maxItems: 3 })),
    seed: s.optional(s.number({ min: 1, max: 2 ** 31 - 1, integer: true })),
  });

  it('accepts a valid payload and drops absent optionals', () => {
    expect(payload.parse({ preset: 'full', seed: 7 })).toEqual({ ok: true, value: { preset: 'full', seed: 7 } });
  });

  it('names the field, the value and what is allowed', () => {
    const r = payload.parse({ preset: 'huge' });
    expect(r).toEqual({ ok: false, issue: { field: 'preset', got: '"huge"', allowed: "one of 'default', 'full'" } });
    if (!r.ok) expect(s.formatIssue(r.issue)).toBe(`preset: got "huge", allowed: one of 'default', 'full'`);
  });

  it('refuses a missing required field', () => {
    const r = payload.parse({});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issue).toMatchObject({ field: 'preset', got: 'nothing' });
  });

  it('refuses unknown fields (a typo is an error, not ignored)', () => {
    const r = payload.parse({ preset: 'default', preest: 'full' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issue).toMatchObject({ field: 'preest', allowed: 'only the fields preset, name, tags, seed' });
  });

  it('points into arrays', () => {
    const r = payload.parse({ preset: 'default', tags: ['ok', 'too long'] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issue.field).toBe('tags[1]');
  });

  it('refuses non-integers, out-of-range numbers, NaN and non-objects', () => {
    for (const seed of [1.5, 0, 2 ** 31, Number.NaN, '3']) {
      expect(payload.parse({ preset: 'default', seed }).ok, String(seed)).toBe(false);
    }
    for (const bad of [null, [], 'x', 3, new Date()]) expect(payload.parse(bad).ok).toBe(false);
  });

  it('empty() accepts {} and nothing, and refuses fields', () => {
    expect(s.empty().parse(undefined)).toEqual({ ok: true, value: {} });
    expect(s.empty().parse({})).toEqual({ ok: true, value: {} });
    expect(s.empty().parse({ x: 1 }).ok).toBe(false);
  });

  it('typedArray checks kind and length', () => {
    const t = s.typedArray('Uint32Array', { maxLength: 4 });
    expect(t.parse(new Uint32Array(4)).ok).toBe(true);
    expect(t.parse(new Uint32Array(5)).ok).toBe(false);
    expect(t.parse(new Float32Array(1)).ok).toBe(false);
    expect(t.parse([1, 2]).ok).toBe(false);
  });

  it('shows long values cut short', () => {
    expect(s.showValue('x'.repeat(200)).length).toBeLessThanOrEqual(60);
  });

  it('shows a huge or deep value in bounded time and length (a refusal never serialises it whole)', () => {
    const files = Array.from({ length: 501 }, (_, i) => ({ name: `f${i}.dat`, bytes: new Uint8Array(1 << 16) }));
    const r = s.array(s.object({ name: s.string(), bytes: s.typedArray('Uint8Array') }), { maxItems: 500 }).parse(files, 'files');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issue.got.length).toBeLessThanOrEqual(60);
      expect(r.issue.got).toMatch(/^\[\{"name":"f0\.dat","bytes":a Uint8Array\}/);
    }
    const sparse: unknown[] = [];
    sparse[100_000_000] = 1;
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 'v'.repeat(100)]));
    // Serialised whole, these take gigabytes or overflow the stack.
    for (const v of [sparse, deep, wide, 'x'.repeat(50_000_000)]) expect(s.showValue(v).length).toBeLessThanOrEqual(60);
  });
});
