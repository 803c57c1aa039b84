import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { StudioClient } from '../../../lib/client.ts';
import { CompareSeries as SeriesState } from '../../../lib/compare-series.svelte.ts';
import { detailTransport } from '../../../test-support/detail-replies.ts';
import CompareSeries from './CompareSeries.svelte';

/** CompareSeries of runs 4 and 5 against the detail's canned replies; returns the transport (its calls). */
function renderTwoRuns(): ReturnType<typeof detailTransport> {
  const t = detailTransport();
  const series = new SeriesState(new StudioClient(t));
  const runs = [
    { id: 4, label: 'a (#4)', color: '#2f6fb3' },
    { id: 5, label: 'b (#5)', color: '#e07b1a' },
  ];
  render(CompareSeries, { series, runs, resolutionMs: 0.1 });
  return t;
}

describe('CompareSeries', () => {
  it('overlays the runs’ activity and spectra with a legend, lists each run’s peaks, and asks again for another bin width', async () => {
    const t = renderTwoRuns();
    await waitFor(() => expect(screen.getByTestId('compare-activity-panels')).toBeTruthy());
    await waitFor(() => expect(screen.getByTestId('compare-spectrum-panels')).toBeTruthy());
    expect(screen.getAllByTestId('series-legend').map((l) => l.textContent?.replace(/\s+/g, ' ').trim())).toEqual(['a (#4) b (#5)', 'a (#4) b (#5)']);
    expect(screen.getAllByTestId('peak-row')[0]!.querySelectorAll('[data-testid="peak-hz"]')).toHaveLength(2);
    await fireEvent.change(screen.getByTestId('compare-activity-bin'), { target: { value: '5' } });
    await waitFor(() => expect(t.calls.filter((c) => c.method === 'runs.activity')).toHaveLength(4));
    expect(t.calls.filter((c) => c.method === 'runs.activity').slice(2).map((c) => c.payload)).toEqual([
      { id: 4, binMs: 5 },
      { id: 5, binMs: 5 },
    ]);
  });

  it('shows the runs as one ensemble on request: one mean curve with its band, the rule said', async () => {
    renderTwoRuns();
    await waitFor(() => expect(screen.getByTestId('compare-spectrum-panels')).toBeTruthy());
    await fireEvent.click(screen.getByTestId('compare-ensemble'));
    await waitFor(() => expect(screen.getByTestId('compare-ensemble-note').textContent).toMatch(/The 2 runs as one ensemble: each population's mean per bin, shaded ± one standard deviation/));
    expect(screen.queryByTestId('series-legend')).toBeNull();
    expect(screen.getAllByTestId('peak-row')[0]!.querySelectorAll('[data-testid="peak-hz"]')).toHaveLength(1);
  });
});
