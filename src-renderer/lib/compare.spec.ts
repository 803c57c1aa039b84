import { describe, expect, it } from 'vitest';
import { MAX_COMPARED_RUNS } from '../../src-main/common/limits.ts';
import { FakeTransport } from '../test-support/fake-transport.ts';
import { StudioClient } from './client.ts';
import { CompareState } from './compare.svelte.ts';

describe('CompareState', () => {
  it('picks in order, up to as many runs as runs.compare takes; unpicking frees a place', () => {
    const c = new CompareState(new StudioClient(new FakeTransport({})));
    for (let id = 1; id <= MAX_COMPARED_RUNS + 2; id++) c.toggle(id);
    expect(c.picked).toEqual(Array.from({ length: MAX_COMPARED_RUNS }, (_, i) => i + 1));
    expect(c.full).toBe(true);
    c.toggle(1);
    expect(c.full).toBe(false);
    c.toggle(MAX_COMPARED_RUNS + 1);
    expect(c.picked.at(-1)).toBe(MAX_COMPARED_RUNS + 1);
    expect(c.picked[0]).toBe(2);
  });

  it('compares only two or more runs, and keeps the reason when the services refuse', async () => {
    const t = new FakeTransport({ 'runs.compare': () => ({ ok: false, error: { code: 'conflict', message: 'run 2 is failed' } }) });
    const c = new CompareState(new StudioClient(t));
    c.toggle(1);
    expect(c.canCompare).toBe(false);
    await c.compare();
    expect(t.calls).toHaveLength(0);
    c.toggle(2);
    await c.compare();
    expect(t.calls.map((x) => x.payload)).toEqual([{ ids: [1, 2] }]);
    expect(c.error).toBe('runs.compare: run 2 is failed');
    expect(c.result).toBeNull();
  });
});
