import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { POPS, ksRow, pop, twoRuns } from './test-support/comparison.ts';
import CompareView from './CompareView.svelte';

const runs = [
  { id: 1, name: 'seed 55' },
  { id: 2, name: 'seed 56', color: '#e07b1a' },
];

const allPass = POPS.flatMap((n) => (['rates', 'cv_isi', 'corr_2ms'] as const).map((s) => ksRow(n, s, 'pass', 0.05)));

describe('CompareView', () => {
  it('says all populations agree when every KS distance passes', () => {
    render(CompareView, { comparison: twoRuns(allPass), runs });
    expect(screen.getByTestId('compare-verdict').textContent).toBe("All populations agree within NEST's seed-to-seed variation");
    expect(screen.getByTestId('compare-verdict').className).toContain('pass');
  });

  it('names what differs and colours the KS cells by verdict', () => {
    const rows = allPass.map((r) => (r.population === 'L23E' && r.statistic === 'rates' ? ksRow('L23E', 'rates', 'fail', 0.41) : r));
    rows[rows.length - 1] = ksRow('L23I', 'corr_2ms', 'no-data', NaN);
    render(CompareView, { comparison: twoRuns(rows), runs });
    expect(screen.getByTestId('compare-verdict').textContent).toMatch(/^L23E rates differ: D=0.410 > 0.120/);
    expect(screen.getByTestId('compare-verdict').textContent).toContain('No data: L23I correlations.');
    const cell = screen.getByTestId('ks-L23E-rates');
    expect(cell.dataset.verdict).toBe('fail');
    expect(cell.textContent?.replace(/\s+/g, ' ').trim()).toBe('0.410 > 0.120');
    expect(cell.getAttribute('title')).toBe('L23E rates: D=0.41');
    expect(screen.getByTestId('ks-L23E-cv_isi').dataset.verdict).toBe('pass');
    expect(screen.getByTestId('ks-L23I-corr_2ms').textContent).toContain('no data');
  });

  it('lists the parameter differences per run', () => {
    render(CompareView, { comparison: twoRuns(allPass), runs });
    const table = screen.getByTestId('compare-params');
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Parameter', 'seed 55', 'seed 56']);
    const row = within(table).getAllByRole('row')[1];
    expect([row.querySelector('th')?.textContent, ...within(row).getAllByRole('cell').map((c) => c.textContent)]).toEqual(['sim.rng_seed', '55', '56']);
  });

  it('says when the parameters are the same', () => {
    render(CompareView, { comparison: twoRuns(allPass, []), runs });
    expect(screen.getByTestId('compare-same-params').textContent).toBe('The runs have the same parameters.');
  });

  it('shows the mean rates, grouped rate boxes and the distributions of the chosen population', async () => {
    render(CompareView, { comparison: twoRuns(allPass), runs });
    const table = screen.getByTestId('compare-ks');
    expect(within(table).getAllByRole('row')[1].textContent).toContain('1.000');
    expect(within(table).getAllByRole('row')[1].textContent).toContain('3.000');
    // Grouped boxes: 2 populations x 2 runs.
    expect(screen.getAllByTestId('box')).toHaveLength(4);
    expect(screen.getByText('Distributions of L2/3E')).toBeTruthy();
    // Three plots (rates, CV ISI, correlations), two series each.
    expect(screen.getAllByTestId('dist-path')).toHaveLength(6);
    const select = screen.getByTestId('compare-population') as HTMLSelectElement;
    select.value = 'L23I';
    await fireEvent.change(select);
    expect(screen.getByText('Distributions of L2/3I')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'L2/3E' }));
    expect(screen.getByText('Distributions of L2/3E')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Histogram' }));
    expect(screen.getByText('Distributions of L2/3E')).toBeTruthy();
    expect(screen.getAllByText('fraction per bin')).toHaveLength(3);
  });

  it('labels, units and rules of the statistics come from the registry', () => {
    render(CompareView, { comparison: twoRuns(allPass), runs });
    const heads = within(screen.getByTestId('compare-ks')).getAllByRole('columnheader').map((h) => h.textContent);
    expect(heads).toContain('seed 55mean rate, spikes/s');
    expect(heads.slice(-3)).toEqual(['KS Drates', 'KS DCV ISI', 'KS Dcorrelations']);
    expect(screen.getAllByText('Spike-count correlation').length).toBeGreaterThan(0);
    expect(screen.getByTestId('compare-rules').textContent).toContain('CV ISI: only neurons with ≥ 3 spikes in the window');
    expect(screen.getByTestId('compare-rules').textContent).toContain('a last partial bin dropped');
  });

  it('names the run that differs when 3 runs are compared with the first', () => {
    const c = twoRuns([
      { ...ksRow('L23E', 'rates', 'pass', 0.05), runIds: [1, 2] },
      { ...ksRow('L23E', 'rates', 'fail', 0.3), runIds: [1, 3] },
    ]);
    c.runs.push({ runId: 3, populations: POPS.map((n) => pop(n, 4)) });
    render(CompareView, { comparison: c, runs: [...runs, { id: 3, name: 'K 0.5' }] });
    expect(screen.getByTestId('compare-verdict').textContent).toMatch(/^L23E rates of K 0.5 differ/);
    expect(screen.getByTestId('ks-L23E-rates').dataset.verdict).toBe('fail');
    expect(screen.getByTestId('ks-L23E-rates').querySelectorAll('.ks-line')).toHaveLength(2);
  });
});
