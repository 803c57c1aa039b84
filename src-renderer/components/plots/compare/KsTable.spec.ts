import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { POPS, SHOWN, ksRow, twoRuns } from '../test-support/comparison.ts';
import KsTable from './KsTable.svelte';

const STATS = ['rates', 'cv_isi', 'corr_2ms'] as const;

describe('KsTable', () => {
  it('a row per population: mean rate per run, then each statistic with its verdict against the threshold', () => {
    const ks = [ksRow('L23E', 'rates', 'fail', 0.41), ksRow('L23E', 'cv_isi', 'pass', 0.05), ksRow('L23I', 'rates', 'no-yardstick', 0.2)];
    render(KsTable, { comparison: twoRuns(ks), runs: SHOWN, populations: POPS, statistics: [...STATS], selected: 'L23E', onSelect: vi.fn() });
    const header = within(screen.getByTestId('compare-ks')).getAllByRole('columnheader').map((h) => h.textContent);
    expect(header).toEqual(['Population', 'seed 55mean rate, spikes/s', 'seed 56mean rate, spikes/s', 'KS Drates', 'KS DCV ISI', 'KS Dcorrelations']);
    const fail = screen.getByTestId('ks-L23E-rates');
    expect([fail.dataset.verdict, fail.textContent?.replace(/\s+/g, ' ').trim()]).toEqual(['fail', '0.410 > 0.120']);
    expect(screen.getByTestId('ks-L23E-cv_isi').textContent?.replace(/\s+/g, ' ').trim()).toBe('0.050 ≤ 0.120');
    expect(screen.getByTestId('ks-L23I-rates').textContent).toContain('no yardstick');
    const missing = screen.getByTestId('ks-L23I-corr_2ms');
    expect([missing.textContent?.trim(), missing.title, missing.classList.contains('none')]).toEqual(['–', 'not compared', true]);
    expect(within(screen.getAllByRole('row')[1]!).getAllByRole('cell').slice(0, 2).map((c) => c.textContent)).toEqual(['1.000', '3.000']);
  });

  it('a population name selects it (pressed while shown)', async () => {
    const onSelect = vi.fn();
    render(KsTable, { comparison: twoRuns([]), runs: SHOWN, populations: POPS, statistics: [...STATS], selected: 'L23E', onSelect });
    expect(screen.getByRole('button', { name: 'L2/3E' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'L2/3I' }).getAttribute('aria-pressed')).toBe('false');
    await fireEvent.click(screen.getByRole('button', { name: 'L2/3I' }));
    expect(onSelect).toHaveBeenCalledWith('L23I');
  });

  it('with 3+ runs, one line per run compared with the base, marked with its colour and name', () => {
    const ks = [ksRow('L23E', 'rates', 'pass', 0.05, [1, 2]), ksRow('L23E', 'rates', 'fail', 0.3, [1, 3])];
    const runs = [...SHOWN, { id: 3, name: 'K 0.5', color: '#2a9d5c', index: 1 }];
    render(KsTable, { comparison: twoRuns(ks), runs, populations: POPS, statistics: ['rates'], selected: 'L23E', onSelect: vi.fn() });
    const cell = screen.getByTestId('ks-L23E-rates');
    expect(cell.dataset.verdict).toBe('fail');
    expect(Array.from(cell.querySelectorAll('svg')).map((s) => [s.getAttribute('aria-label'), s.querySelector('rect')?.getAttribute('fill')])).toEqual([
      ['seed 56', '#e07b1a'],
      ['K 0.5', '#2a9d5c'],
    ]);
  });
});
