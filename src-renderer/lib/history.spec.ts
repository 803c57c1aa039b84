import { describe, expect, it } from 'vitest';
import { FakeTransport } from '../test-support/fake-transport.ts';
import { StudioClient } from './client.ts';
import { HistoryState } from './history.svelte.ts';
import { listItem, record } from './test-fixtures.ts';

describe('HistoryState', () => {
  it('asks the services with the filters set, and lists the tags of every run', async () => {
    const all = [listItem(2, 'completed', { tags: ['b', 'a'] }), listItem(1, 'failed')];
    const t = new FakeTransport({ 'runs.list': (p) => ({ ok: true, value: Object.keys(p as object).length === 0 ? all : [all[0]] }) });
    const h = new HistoryState(new StudioClient(t));
    await h.refresh();
    expect(h.runs).toHaveLength(2);
    expect(h.tags).toEqual(['a', 'b']);
    h.setFilter({ status: 'completed', text: '  seed ' });
    await h.refresh();
    expect(t.calls.some((c) => c.method === 'runs.list' && JSON.stringify(c.payload) === JSON.stringify({ status: 'completed', text: 'seed' }))).toBe(true);
    expect(h.runs.map((r) => r.id)).toEqual([2]);
    expect(h.total).toBe(2);
  });

  it('an edit replaces the row, keeping its rates; a refused edit returns the reason for its field (not as the action error)', async () => {
    const t = new FakeTransport({
      'runs.list': () => ({ ok: true, value: [listItem(2, 'completed')] }),
      'runs.rename': () => ({ ok: true, value: record(2, 'completed', { name: 'renamed' }) }),
      'runs.tag': () => ({ ok: false, error: { code: 'bad-request', message: 'a tag must not contain spaces' } }),
    });
    const h = new HistoryState(new StudioClient(t));
    await h.refresh();
    expect(await h.saveField(2, 'name', 'renamed')).toBeNull();
    expect(h.runs[0]).toMatchObject({ name: 'renamed', ratesHz: [0.8, 2.8, 4.2, 5.2, 7.3, 8.6, 0.8, 7.5] });
    expect(await h.saveField(2, 'tag', 'two words')).toBe('Not saved: a tag must not contain spaces');
    expect(h.actionError).toBeNull();
  });

  it('a list that cannot be read says why', async () => {
    const h = new HistoryState(new StudioClient(new FakeTransport({ 'runs.list': () => ({ ok: false, error: { code: 'internal', message: 'database is newer' } }) })));
    await h.refresh();
    expect(h.error).toBe('runs.list: database is newer');
  });
});
