import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import HistoryFilters from './HistoryFilters.svelte';

describe('HistoryFilters', () => {
  it('offers every status and the tags in use, showing the filter as set', () => {
    render(HistoryFilters, { filter: { status: 'failed', tag: 'keep', text: 'seed' }, tags: ['keep', 'paper'], onChange: vi.fn() });
    const status = screen.getByTestId('filter-status') as HTMLSelectElement;
    expect(Array.from(status.options).map((o) => o.value)).toEqual(['', 'queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted']);
    expect(status.value).toBe('failed');
    expect(Array.from((screen.getByTestId('filter-tag') as HTMLSelectElement).options).map((o) => o.value)).toEqual(['', 'keep', 'paper']);
    expect((screen.getByTestId('filter-text') as HTMLInputElement).value).toBe('seed');
  });

  it('each change reports only the field that changed', async () => {
    const onChange = vi.fn();
    render(HistoryFilters, { filter: { status: '', tag: '', text: '' }, tags: ['keep'], onChange });
    await fireEvent.change(screen.getByTestId('filter-status'), { target: { value: 'completed' } });
    await fireEvent.change(screen.getByTestId('filter-tag'), { target: { value: 'keep' } });
    await fireEvent.input(screen.getByTestId('filter-text'), { target: { value: 'base' } });
    expect(onChange.mock.calls).toEqual([[{ status: 'completed' }], [{ tag: 'keep' }], [{ text: 'base' }]]);
  });
});
