import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { RunListItem } from '../../src-main/contract.ts';
import { CompareState } from '../lib/compare.svelte.ts';
import { StudioClient } from '../lib/client.ts';
import { HistoryState } from '../lib/history.svelte.ts';
import { listItem, record } from '../lib/test-fixtures.ts';
import { FakeTransport } from '../test-support/fake-transport.ts';
import HistoryView from './HistoryView.svelte';

async function setup(extra: ConstructorParameters<typeof FakeTransport>[0] = {}, more: RunListItem[] = []) {
  let runs = [...more, listItem(2, 'completed', { name: 'second', tags: ['keep'] }), listItem(1, 'failed', { name: 'first', reason: 'the engine process exited with signal SIGKILL' })];
  const transport = new FakeTransport({
    ...extra,
    'runs.list': () => ({ ok: true, value: runs }),
    'runs.delete': (p) => {
      const id = (p as { id: number }).id;
      runs = runs.filter((r) => r.id !== id);
      return { ok: true, value: { id } };
    },
    'runs.rename': (p) => ({ ok: true, value: record(2, 'completed', { name: (p as { name: string }).name, tags: ['keep'] }) }),
    'runs.tag': (p) => {
      const tag = (p as { tag: string }).tag;
      return tag === 'taken'
        ? { ok: false, error: { code: 'conflict', message: 'run 2 was deleted by another window' } }
        : { ok: true, value: record(2, 'completed', { name: 'second', tags: ['keep', tag] }) };
    },
  });
  const client = new StudioClient(transport);
  const history = new HistoryState(client);
  const compare = new CompareState(client);
  await history.refresh();
  const onOpen = vi.fn();
  const onRerun = vi.fn();
  render(HistoryView, { history, compare, onOpen, onRerun, onCompare: vi.fn() });
  return { transport, onOpen, onRerun, compare };
}

const row = (id: number): HTMLElement => document.querySelector(`[data-testid="history-row"][data-run-id="${id}"]`) as HTMLElement;
const inRow = (id: number, testId: string): HTMLElement => row(id).querySelector(`[data-testid="${testId}"]`) as HTMLElement;

describe('HistoryView', () => {
  it('lists every run with status, tags, key parameters, rates and the failure reason', async () => {
    await setup();
    expect(screen.getAllByTestId('history-row')).toHaveLength(2);
    expect(row(2).textContent).toMatch(/completed.*second.*keep.*N 0\.02 · K 0\.1.*seed 55 · 1 thread · 200 ms/s);
    expect(row(1).textContent).toMatch(/failed.*first.*SIGKILL/s);
    expect(screen.getByTestId('history-count').textContent).toBe('2 runs');
  });

  it('deletes only after the confirmation; Cancel keeps the run', async () => {
    const { transport } = await setup();
    await fireEvent.click(inRow(2, 'delete-run'));
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(dialog.hasAttribute('open')).toBe(true);
    expect(dialog.textContent).toMatch(/second/);
    await fireEvent.click(screen.getByTestId('confirm-cancel'));
    await waitFor(() => expect(dialog.hasAttribute('open')).toBe(false));
    expect(transport.calls.some((c) => c.method === 'runs.delete')).toBe(false);

    await fireEvent.click(inRow(2, 'delete-run'));
    await fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(row(2)).toBeNull());
    expect(transport.calls.find((c) => c.method === 'runs.delete')?.payload).toEqual({ id: 2 });
    expect(screen.getByTestId('history-notice').textContent).toBe('Deleted “second”.');
  });

  it('a run stuck as running is marked interrupted from its row, after a confirmation that says what it does', async () => {
    const { transport } = await setup({ 'runs.markInterrupted': () => ({ ok: true, value: record(3, 'interrupted', { name: 'cli run' }) }) }, [
      listItem(3, 'running', { name: 'cli run' }),
    ]);
    await fireEvent.click(inRow(3, 'mark-interrupted'));
    const dialog = await screen.findByTestId('interrupt-dialog');
    expect(dialog.textContent).toMatch(/cli run.*shows as running.*recorded as\s+interrupted, with the spikes stored so far/s);
    await fireEvent.click(within(dialog).getByTestId('confirm-ok'));
    await waitFor(() => expect(screen.queryByTestId('interrupt-dialog')).toBeNull());
    expect(transport.calls.find((c) => c.method === 'runs.markInterrupted')?.payload).toEqual({ id: 3, force: false });
    expect(screen.getByTestId('history-notice').textContent).toBe('Marked “cli run” interrupted.');
  });

  it('renames inline: Enter saves, Escape abandons', async () => {
    const { transport } = await setup();
    await fireEvent.click(inRow(2, 'rename-run'));
    const input = inRow(2, 'rename-input') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    await fireEvent.input(input, { target: { value: 'better name' } });
    await fireEvent.keyDown(input, { key: 'Escape' });
    expect(transport.calls.some((c) => c.method === 'runs.rename')).toBe(false);
    await fireEvent.click(inRow(2, 'rename-run'));
    const again = inRow(2, 'rename-input') as HTMLInputElement;
    await fireEvent.input(again, { target: { value: 'better name' } });
    await fireEvent.keyDown(again, { key: 'Enter' });
    await waitFor(() => expect(inRow(2, 'run-name-link').textContent).toBe('better name'));
    expect(transport.calls.filter((c) => c.method === 'runs.rename').map((c) => c.payload)).toEqual([{ id: 2, name: 'better name' }]);
  });

  it('open and re-run report the run; only completed runs can be picked for comparison', async () => {
    const { onOpen, onRerun, compare } = await setup();
    await fireEvent.click(inRow(2, 'open-run'));
    expect(onOpen).toHaveBeenCalledWith(2);
    await fireEvent.click(inRow(1, 'rerun-run'));
    expect(onRerun).toHaveBeenCalledWith(1, 'first');
    expect((inRow(1, 'pick-run') as HTMLInputElement).disabled).toBe(true);
    await fireEvent.click(inRow(2, 'pick-run'));
    expect(compare.picked).toEqual([2]);
  });

  it('a tag with a space is refused at its field, in words, as it is typed; nothing is sent', async () => {
    const { transport } = await setup();
    await fireEvent.click(inRow(2, 'add-tag'));
    const input = inRow(2, 'tag-input') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: 'low rate' } });
    const error = inRow(2, 'tag-error');
    expect(error.textContent).toBe('A tag is one word, without spaces: join the words with a dash, e.g. “low-rate”.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(error.id);
    await fireEvent.keyDown(input, { key: 'Enter' });
    await fireEvent.blur(input);
    expect(transport.calls.some((c) => c.method === 'runs.tag')).toBe(false);
    expect(inRow(2, 'tag-input')).toBe(input);
    expect(screen.queryByTestId('history-action-error')).toBeNull();
    // fixed as suggested, it is saved
    await fireEvent.input(input, { target: { value: 'low-rate' } });
    expect(inRow(2, 'tag-error')).toBeNull();
    await fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect([...row(2).querySelectorAll('[data-testid="tag"]')].map((t) => t.firstChild?.textContent)).toEqual(['keep', 'low-rate']));
    expect(transport.calls.filter((c) => c.method === 'runs.tag').map((c) => c.payload)).toEqual([{ id: 2, tag: 'low-rate' }]);
  });

  it("the services' refusal of a tag shows at its field, without the method's name, and the editor keeps the text", async () => {
    await setup();
    await fireEvent.click(inRow(2, 'add-tag'));
    const input = inRow(2, 'tag-input') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: 'taken' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(inRow(2, 'tag-error')?.textContent).toBe('Not saved: run 2 was deleted by another window'));
    expect((inRow(2, 'tag-input') as HTMLInputElement).value).toBe('taken');
    expect(screen.queryByTestId('history-action-error')).toBeNull();
  });
});
