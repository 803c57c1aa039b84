import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import PopulationStats from './PopulationStats.svelte';

describe('PopulationStats', () => {
  it('one row per population, its label first, the numbers as given', () => {
    const rows = [
      { name: 'L23E', label: 'L2/3E', neurons: '2,068', rate: '0.90 ± 1.10', silent: '12.0 %', cv: '0.812', corr: '0.003' },
      { name: 'L23I', label: 'L2/3I', neurons: '583', rate: '2.97 ± 2.40', silent: '1.5 %', cv: '0.874', corr: '0.004' },
    ];
    render(PopulationStats, { rows });
    const table = screen.getByTestId('population-stats');
    const body = Array.from(table.querySelectorAll('tbody tr')).map((tr) => Array.from(tr.children).map((c) => c.textContent));
    expect(body).toEqual([
      ['L2/3E', '2,068', '0.90 ± 1.10', '12.0 %', '0.812', '0.003'],
      ['L2/3I', '583', '2.97 ± 2.40', '1.5 %', '0.874', '0.004'],
    ]);
    expect(screen.getByRole('region', { name: 'Populations' })).toBeTruthy();
  });

  it('says so when the run has no stored statistics', () => {
    render(PopulationStats, { rows: [] });
    expect(screen.queryByTestId('population-stats')).toBeNull();
    expect(screen.getByText('No statistics were stored for this run.')).toBeTruthy();
  });
});
