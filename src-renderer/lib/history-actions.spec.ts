import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as FilesModule from './files.ts';
import { FakeTransport } from '../test-support/fake-transport.ts';
import { StudioClient } from './client.ts';
import { CompareState } from './compare.svelte.ts';
import { HistoryActions } from './history-actions.svelte.ts';
import { HistoryState } from './history.svelte.ts';
import type { PickedFile } from './interop-files.ts';
import { listItem, record } from './test-fixtures.ts';

const downloads = vi.hoisted(() => [] as string[]);
vi.mock('./files.ts', async (importOriginal) => (await import('../test-support/recorded-downloads.ts')).recordingDownloads(await importOriginal<typeof FilesModule>(), downloads));

beforeEach(() => {
  downloads.length = 0;
});

const file = (name: string, text: string, webkitRelativePath = ''): PickedFile => ({
  name,
  webkitRelativePath,
  arrayBuffer: () => Promise.resolve(new TextEncoder().encode(text).buffer as ArrayBuffer),
});

async function setup(answers: ConstructorParameters<typeof FakeTransport>[0] = {}) {
  let runs = [listItem(2, 'completed', { name: 'second' }), listItem(1, 'completed', { name: 'first' })];
  const transport = new FakeTransport({
    'runs.list': () => ({ ok: true, value: runs }),
    'runs.delete': (p) => {
      runs = runs.filter((r) => r.id !== (p as { id: number }).id);
      return { ok: true, value: { id: (p as { id: number }).id } };
    },
    ...answers,
  });
  const client = new StudioClient(transport);
  const history = new HistoryState(client);
  const compare = new CompareState(client);
  await history.refresh();
  return { transport, history, compare, actions: new HistoryActions(history, compare) };
}

describe('HistoryActions', () => {
  it('deletes only the run the confirmation asked about, and unpicks it from the comparison', async () => {
    const { actions, compare, history, transport } = await setup();
    compare.toggle(1);
    compare.toggle(2);
    await actions.confirmDelete();
    expect(transport.calls.some((c) => c.method === 'runs.delete')).toBe(false);
    actions.askDelete(history.runs[0]!);
    await actions.confirmDelete();
    expect(transport.calls.find((c) => c.method === 'runs.delete')?.payload).toEqual({ id: 2 });
    expect(actions.toDelete).toBeNull();
    expect(actions.notice).toBe('Deleted “second”.');
    expect(compare.picked).toEqual([1]);
  });

  it('a refused delete keeps the confirmation open with the reason', async () => {
    const { actions, history } = await setup({ 'runs.delete': () => ({ ok: false, error: { code: 'conflict', message: 'run 2 is running' } }) });
    actions.askDelete(history.runs[0]!);
    await actions.confirmDelete();
    expect(actions.toDelete?.id).toBe(2);
    expect(actions.deleteError).toBe('runs.delete: run 2 is running');
    expect(actions.deleting).toBe(false);
  });

  it('marks a stuck run interrupted: refused first while another process holds it, then forced when the user confirms again', async () => {
    const stuck = listItem(3, 'running', { name: 'cli run' });
    const calls: { id: number; force: boolean }[] = [];
    const { actions, transport } = await setup({
      'runs.markInterrupted': (p) => {
        const q = p as { id: number; force: boolean };
        calls.push(q);
        return q.force
          ? { ok: true, value: record(3, 'interrupted', { name: 'cli run', reason: 'marked interrupted by the user while process 42 still held it' }) }
          : { ok: false, error: { code: 'conflict', message: 'cannot mark run 3 interrupted: process 42 on host is still writing it' } };
      },
    });
    actions.askInterrupt(stuck);
    await actions.confirmInterrupt();
    expect(calls).toEqual([{ id: 3, force: false }]);
    expect(actions.toInterrupt?.id).toBe(3);
    expect(actions.interruptError).toMatch(/still writing it/);
    expect(actions.interruptForce).toBe(true);
    await actions.confirmInterrupt();
    expect(calls).toEqual([{ id: 3, force: false }, { id: 3, force: true }]);
    expect(actions.toInterrupt).toBeNull();
    expect(actions.notice).toBe('Marked “cli run” interrupted.');
    expect(transport.calls.filter((c) => c.method === 'runs.markInterrupted')).toHaveLength(2);
    // a new question starts without force
    actions.askInterrupt(stuck);
    expect([actions.interruptForce, actions.interruptError]).toEqual([false, null]);
  });

  it('exports for other tools: one download per file, the run busy meanwhile, a notice naming the files', async () => {
    let release = (): void => {};
    const { actions } = await setup({
      'runs.exportAs': () => new Promise((resolve) => (release = () => resolve({ ok: true, value: { files: [{ name: 'a.csv', bytes: new Uint8Array(1) }, { name: 'b.csv', bytes: new Uint8Array(1) }] } }))),
    });
    const done = actions.export({ id: 2, name: 'second' }, 'spikes-csv');
    await vi.waitFor(() => expect(actions.exporting).toBe(2));
    release();
    await done;
    expect(actions.exporting).toBeNull();
    expect(downloads).toEqual(['a.csv', 'b.csv']);
    expect(actions.notice).toBe('Exported “second” as Spikes CSV: a.csv, b.csv.');
  });

  it('imports a NEST folder named after the folder, telling how many files were left out', async () => {
    const { actions, transport } = await setup({ 'runs.importNest': () => ({ ok: true, value: record(9, 'completed', { name: 'NEST import: s55' }) }) });
    await actions.importNest([file('population_nodeids.dat', '1 2', 's55/population_nodeids.dat'), file('x.dat', '', 's55/old/x.dat')]);
    expect(transport.calls.find((c) => c.method === 'runs.importNest')?.payload).toMatchObject({ name: 'NEST import: s55' });
    expect(actions.notice).toBe('Imported “NEST import: s55” from 1 NEST file(s) (1 file(s) in subfolders left out).');
    expect(actions.importing).toBe(false);
  });

  it("a refused import or an unreadable file says why in the history's action error", async () => {
    const { actions, history } = await setup({ 'runs.importNest': () => ({ ok: false, error: { code: 'bad-request', message: 'rate0.dat line 2: not a number' } }) });
    await actions.importNest([file('rate0.dat', 'x')]);
    expect(history.actionError).toBe('The NEST output could not be imported: runs.importNest: rate0.dat line 2: not a number');
    const broken = Object.assign(new Blob(['x']), { name: 'broken.mcrun', arrayBuffer: () => Promise.reject(new Error('permission denied')) });
    await actions.importRunFile(broken);
    expect(history.actionError).toBe('broken.mcrun could not be read: permission denied');
    expect(actions.notice).toBeNull();
  });
});
