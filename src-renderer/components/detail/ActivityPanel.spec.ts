import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { StudioClient } from '../../lib/client.ts';
import { RunDetailState } from '../../lib/run-detail.svelte.ts';
import { detailTransport } from '../../test-support/detail-replies.ts';
import ActivityPanel from './ActivityPanel.svelte';

async function setup() {
  const t = detailTransport();
  const detail = new RunDetailState(new StudioClient(t));
  await detail.open(4);
  detail.showTab('activity');
  render(ActivityPanel, { detail, runLabel: '4: baseline', resolutionMs: 0.1, runEndMs: 1500 });
  return { t, detail };
}

describe('ActivityPanel', () => {
  it('shows each population over the analysis window with the rule, and a figure to save', async () => {
    await setup();
    await waitFor(() => expect(screen.getByTestId('activity-caption').textContent).toMatch(/^The population.s spikes per time bin.*1 ms bins from the window start.*window \(500, 1500\] ms, 10 bins/));
    expect(screen.getAllByTestId('series-panel')).toHaveLength(8);
    expect(screen.getByTestId('activity-figure-toggle')).toBeTruthy();
    expect((screen.getByTestId('activity-bin') as HTMLInputElement).value).toBe('1');
  });

  it('a bin width off the step grid is refused in words; a good one asks again', async () => {
    const { t } = await setup();
    await screen.findByTestId('activity-caption');
    const asked = () => t.calls.filter((c) => c.method === 'runs.activity');
    await fireEvent.input(screen.getByTestId('activity-bin'), { target: { value: '0.25' } });
    await fireEvent.click(screen.getByTestId('activity-apply'));
    expect(screen.getByRole('alert').textContent).toBe('Bin width: got 0.25 ms, allowed: a whole multiple of the resolution 0.1 ms');
    expect(asked()).toHaveLength(1);
    await fireEvent.input(screen.getByTestId('activity-from'), { target: { value: '600' } });
    await fireEvent.input(screen.getByTestId('activity-bin'), { target: { value: '0.5' } });
    await fireEvent.click(screen.getByTestId('activity-apply'));
    await waitFor(() => expect(asked()).toHaveLength(2));
    expect(asked()[1]!.payload).toEqual({ id: 4, t0Ms: 600, t1Ms: 1500, binMs: 0.5 });
  });
});
