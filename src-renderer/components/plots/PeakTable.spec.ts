import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import PeakTable from './PeakTable.svelte';

describe('PeakTable', () => {
  it('a row per population, the peak and power of each run, a run header when several', () => {
    const cells = (hz: number) => [
      { label: 'a', color: '#111111', hz, power: 0.5 },
      { label: 'b', color: '#222222', hz: NaN, power: NaN },
    ];
    render(PeakTable, { rows: [{ population: 'L23E', title: 'L2/3E', cells: cells(82.3) }], caption: 'Peaks' });
    const row = screen.getByTestId('peak-row');
    expect(Array.from(row.children).map((c) => c.textContent)).toEqual(['L2/3E', '82.3 Hz', '0.5', '–', '–']);
    expect(screen.getByTestId('peak-table').querySelector('thead')!.textContent).toMatch(/a\s*b\s*Population/);
  });
});
