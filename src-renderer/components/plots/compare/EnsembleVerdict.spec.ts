import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { ensemblePair } from '../test-support/ensembles.ts';
import EnsembleVerdict from './EnsembleVerdict.svelte';

describe('EnsembleVerdict', () => {
  it('headline first; the table per population and statistic on demand, the differing rows first', async () => {
    const comparison = ensemblePair(5, 1.3, [{ path: 'net.g', a: -4, b: -4.5 }]);
    render(EnsembleVerdict, { comparison, nameA: 'shipped', nameB: 'g −4.5' });
    const root = screen.getByTestId('ensemble-verdict');
    expect(root.dataset.verdict).toBe('differ');
    expect(root.querySelector('h3')?.textContent).toMatch(/shipped \(5 runs\) vs B g −4\.5 \(5 runs\)/);
    const headline = screen.getByTestId('ensemble-headline');
    expect(headline.textContent).toBe(comparison.result.headline);
    expect(headline.textContent).toMatch(/L5E rates/);
    expect(headline.className).toMatch(/fail/);
    expect(screen.getByTestId('ensemble-count').textContent).toMatch(/^1 of 6 statistics differ; p ≤ .* counts as a difference/);
    expect(screen.getByTestId('ensemble-params').textContent).toMatch(/net\.g -4 → -4\.5/);
    const details = screen.getByTestId('ensemble-details') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    const rows = screen.getAllByTestId('ensemble-row');
    expect(rows).toHaveLength(6);
    expect(rows[0].dataset.verdict).toBe('differs');
    expect(rows[0].querySelector('th')?.textContent).toBe('L5E');
    expect(rows.slice(1).every((r) => r.dataset.verdict === 'agrees')).toBe(true);
    await fireEvent.click(screen.getByTestId('ensemble-only-differing'));
    expect(screen.getAllByTestId('ensemble-row')).toHaveLength(1);
    expect(screen.getByTestId('ensemble-method').textContent).toBe(comparison.result.method.text);
  });

  it('ensembles of the same configuration agree, in green, and the filter then shows none', async () => {
    render(EnsembleVerdict, { comparison: ensemblePair(5, 1), nameA: 'A', nameB: 'B' });
    expect(screen.getByTestId('ensemble-headline').textContent).toMatch(/^The ensembles agree/);
    expect(screen.getByTestId('ensemble-headline').className).toMatch(/pass/);
    expect(screen.queryByTestId('ensemble-params')).toBeNull();
    await fireEvent.click(screen.getByTestId('ensemble-only-differing'));
    expect(screen.queryAllByTestId('ensemble-row')).toHaveLength(0);
    expect(screen.getByText('No statistic differs.')).toBeTruthy();
  });
});
