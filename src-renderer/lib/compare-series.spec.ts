import { describe, expect, it, vi } from 'vitest';
import { FakeTransport } from '../test-support/fake-transport.ts';
import { StudioClient } from './client.ts';
import { CompareSeries } from './compare-series.svelte.ts';

describe('the compared runs’ activity and spectra', () => {
  it('asks once per run, labels and colours the replies as the comparison does, and again only for other runs or bins', async () => {
    const reply = (p: unknown) => ({ ok: true as const, value: { id: (p as { id: number }).id } });
    const t = new FakeTransport({ 'runs.activity': reply, 'runs.spectrum': reply });
    const s = new CompareSeries(new StudioClient(t));
    const runs = [
      { id: 3, label: 'a (#3)', color: '#111111' },
      { id: 4, label: 'b (#4)', color: '#222222' },
    ];
    s.show(runs);
    await vi.waitFor(() => expect(s.spectra.value).not.toBeNull());
    expect(s.activity.value!.map((r) => [r.label, r.color, r.data.id])).toEqual([
      ['a (#3)', '#111111', 3],
      ['b (#4)', '#222222', 4],
    ]);
    expect(t.calls.map((c) => [c.method, c.payload])).toEqual([
      ['runs.activity', { id: 3, binMs: 1 }],
      ['runs.activity', { id: 4, binMs: 1 }],
      ['runs.spectrum', { id: 3, binMs: 1 }],
      ['runs.spectrum', { id: 4, binMs: 1 }],
    ]);
    s.show(runs.map((r) => ({ ...r })));
    expect(t.calls).toHaveLength(4);
    s.show([runs[1]!]);
    await vi.waitFor(() => expect(s.activity.value).toHaveLength(1));
    expect(t.calls).toHaveLength(6);
  });
});
