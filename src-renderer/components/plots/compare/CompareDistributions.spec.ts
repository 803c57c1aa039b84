import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { POPS, SHOWN, twoRuns } from '../test-support/comparison.ts';
import CompareDistributions from './CompareDistributions.svelte';

describe('CompareDistributions', () => {
  it('one plot per statistic with a series per run; CDF first, then histograms on request', async () => {
    render(CompareDistributions, { comparison: twoRuns([]), runs: SHOWN, populations: POPS, statistics: ['rates', 'cv_isi', 'corr_2ms'], population: 'L23I', onSelect: vi.fn() });
    expect(screen.getByText('Distributions of L2/3I')).toBeTruthy();
    expect(screen.getAllByTestId('dist-path')).toHaveLength(6);
    expect(screen.getByRole('button', { name: 'CDF' }).getAttribute('aria-pressed')).toBe('true');
    await fireEvent.click(screen.getByRole('button', { name: 'Histogram' }));
    expect(screen.getByRole('button', { name: 'Histogram' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getAllByText('fraction per bin')).toHaveLength(3);
  });

  it('the population picker reports the choice', async () => {
    const onSelect = vi.fn();
    render(CompareDistributions, { comparison: twoRuns([]), runs: SHOWN, populations: POPS, statistics: ['rates'], population: 'L23E', onSelect });
    const select = screen.getByTestId('compare-population') as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.textContent)).toEqual(['L2/3E', 'L2/3I']);
    select.value = 'L23I';
    await fireEvent.change(select);
    expect(onSelect).toHaveBeenCalledWith('L23I');
  });
});
