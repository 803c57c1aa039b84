import { render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { StudioClient } from '../../lib/client.ts';
import { RunDetailState } from '../../lib/run-detail.svelte.ts';
import { detailTransport } from '../../test-support/detail-replies.ts';
import DistributionsPanel from './DistributionsPanel.svelte';

describe('DistributionsPanel', () => {
  it('box plots of CV ISI and correlations with their rules and key; pairs at r = 1 explained', async () => {
    const detail = new RunDetailState(new StudioClient(detailTransport()));
    await detail.open(4);
    detail.showTab('distributions');
    render(DistributionsPanel, { detail, runLabel: '4: baseline' });
    await waitFor(() => expect(screen.getByTestId('detail-distributions')).toBeTruthy());
    expect(screen.getAllByTestId('box-key')).toHaveLength(2);
    expect(screen.getByTestId('detail-distributions').textContent).toMatch(/only neurons with ≥ \d+ spikes/);
    expect(screen.getByTestId('corr-note').textContent).toMatch(/^Pairs at r = 1 \(L5I 2 of 4\)/);
    expect(screen.getByTestId('cv-figure-toggle')).toBeTruthy();
    expect(screen.getByTestId('corr-figure-toggle')).toBeTruthy();
  });
});
