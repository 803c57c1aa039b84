import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { SHOWN } from '../test-support/comparison.ts';
import ParamDiffTable from './ParamDiffTable.svelte';

describe('ParamDiffTable', () => {
  it('one row per parameter, its value in each run as short text', () => {
    render(ParamDiffTable, {
      differences: [
        { path: 'net.K_scaling', values: [0.1, 0.5] },
        { path: 'stim.th_start', values: [undefined, [700, 800]] },
      ],
      runs: SHOWN,
    });
    const table = screen.getByTestId('compare-params');
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Parameter', 'seed 55', 'seed 56']);
    const rows = within(table).getAllByRole('row').slice(1).map((r) => Array.from(r.children).map((c) => c.textContent));
    expect(rows).toEqual([
      ['net.K_scaling', '0.1', '0.5'],
      ['stim.th_start', '—', '[700,800]'],
    ]);
  });

  it('says when there is no difference', () => {
    render(ParamDiffTable, { differences: [], runs: SHOWN });
    expect(screen.queryByTestId('compare-params')).toBeNull();
    expect(screen.getByTestId('compare-same-params').textContent).toBe('The runs have the same parameters.');
  });
});
