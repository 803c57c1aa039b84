import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { RunListItem } from '../../../src-main/contract.ts';
import { InlineEdits } from '../../lib/inline-edits.svelte.ts';
import { listItem } from '../../lib/test-fixtures.ts';
import HistoryRow from './HistoryRow.svelte';

function setup(run: RunListItem, extra: Partial<{ picked: boolean; canPick: boolean; exporting: number | null }> = {}) {
  const saved: string[] = [];
  const edits = new InlineEdits((_id, field, text) => {
    saved.push(`${field}:${text}`);
    return Promise.resolve(null);
  });
  const callbacks = { onTogglePick: vi.fn(), onOpen: vi.fn(), onRerun: vi.fn(), onUntag: vi.fn(), onExport: vi.fn(), onDelete: vi.fn(), onMarkInterrupted: vi.fn() };
  const table = document.body.appendChild(document.createElement('table'));
  const target = table.appendChild(document.createElement('tbody'));
  render(HistoryRow, { target, props: { run, picked: false, canPick: true, edits, exporting: null, ...callbacks, ...extra } });
  return { row: within(screen.getByTestId('history-row')), edits, saved, ...callbacks };
}

describe('HistoryRow', () => {
  it('shows status, origin, name, tags, key parameters and the rates of each layer', () => {
    const { row } = setup(listItem(4, 'completed', { name: 'imported one', origin: 'file-import', tags: ['keep'] }));
    const text = screen.getByTestId('history-row').textContent ?? '';
    expect(text).toMatch(/completed.*imported.*imported one.*keep.*N 0\.02 · K 0\.1.*seed 55 · 1 thread · 200 ms/s);
    expect(row.getByLabelText('Mean rates of imported one, spikes/s').textContent).toMatch(/^E0\.804\.207\.300\.80\s*I2\.805\.208\.607\.50$/);
  });

  it('a run that is not completed cannot be picked; a full comparison takes no more; a picked run can be unpicked', async () => {
    expect((setup(listItem(1, 'failed')).row.getByTestId('pick-run') as HTMLInputElement).disabled).toBe(true);
    document.body.innerHTML = '';
    expect((setup(listItem(2, 'completed'), { canPick: false }).row.getByTestId('pick-run') as HTMLInputElement).disabled).toBe(true);
    document.body.innerHTML = '';
    const picked = setup(listItem(3, 'completed'), { picked: true, canPick: false });
    const box = picked.row.getByTestId('pick-run') as HTMLInputElement;
    expect(box.disabled).toBe(false);
    await fireEvent.click(box);
    expect(picked.onTogglePick).toHaveBeenCalledTimes(1);
  });

  it('renames and tags in place through the table’s one editor', async () => {
    const { row, saved, edits } = setup(listItem(5, 'completed', { name: 'baseline' }));
    await fireEvent.click(row.getByTestId('rename-run'));
    const input = row.getByTestId('rename-input') as HTMLInputElement;
    expect(input.value).toBe('baseline');
    await fireEvent.input(input, { target: { value: 'baseline 2' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    await fireEvent.click(row.getByTestId('add-tag'));
    expect(edits.isOpen(5, 'tag')).toBe(true);
    await fireEvent.input(row.getByTestId('tag-input'), { target: { value: 'paper' } });
    await fireEvent.keyDown(row.getByTestId('tag-input'), { key: 'Enter' });
    expect(saved).toEqual(['name:baseline 2', 'tag:paper']);
    expect(row.queryByTestId('tag-input')).toBeNull();
  });

  it('reports open, re-run, untag, export and delete; a running run cannot be deleted or exported', async () => {
    const done = setup(listItem(6, 'completed', { tags: ['keep'] }));
    await fireEvent.click(done.row.getByTestId('run-name-link'));
    await fireEvent.click(done.row.getByTestId('open-run'));
    await fireEvent.click(done.row.getByTestId('rerun-run'));
    await fireEvent.click(done.row.getByLabelText('Remove tag keep from run 6'));
    await fireEvent.click(done.row.getByTestId('export-rates-csv'));
    await fireEvent.click(done.row.getByTestId('delete-run'));
    expect([done.onOpen.mock.calls.length, done.onRerun.mock.calls.length, done.onDelete.mock.calls.length]).toEqual([2, 1, 1]);
    expect(done.onUntag).toHaveBeenCalledWith('keep');
    expect(done.onExport).toHaveBeenCalledWith('rates-csv');
    document.body.innerHTML = '';
    const running = setup(listItem(7, 'running'));
    const del = running.row.getByTestId('delete-run') as HTMLButtonElement;
    expect(del.disabled).toBe(true);
    expect(del.title).toBe('Cancel the run before deleting it');
    expect((running.row.getByTestId('export-menu-disabled') as HTMLButtonElement).disabled).toBe(true);
    // A run that shows as running can always be marked interrupted (it may be stuck in another process) ...
    await fireEvent.click(running.row.getByTestId('mark-interrupted'));
    expect(running.onMarkInterrupted).toHaveBeenCalledTimes(1);
    // ... a finished one has nothing to mark.
    expect(done.row.queryByTestId('mark-interrupted')).toBeNull();
  });
});
