import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { StudioClient } from '../../lib/client.ts';
import { RunDetailState } from '../../lib/run-detail.svelte.ts';
import { detailTransport } from '../../test-support/detail-replies.ts';
import SpectrumPanel from './SpectrumPanel.svelte';

describe('SpectrumPanel', () => {
  it('states Welch’s window and overlap, lists each peak, and asks again with other options', async () => {
    const t = detailTransport();
    const detail = new RunDetailState(new StudioClient(t));
    await detail.open(4);
    detail.showTab('spectra');
    render(SpectrumPanel, { detail, runLabel: '4: baseline', resolutionMs: 0.1, runEndMs: 1500 });
    await waitFor(() => expect(screen.getByTestId('spectrum-method').textContent).toMatch(/256 ms hann segments overlapping 50 %.*6 segments of 256 samples averaged \(128 overlapping\), resolution 3\.91 Hz/));
    expect(screen.getAllByTestId('peak-row').map((r) => r.querySelector('[data-testid="peak-hz"]')!.textContent)).toEqual(Array(8).fill('82.0 Hz'));
    expect(screen.getAllByTestId('series-panel')).toHaveLength(8);
    await fireEvent.change(screen.getByTestId('spectrum-segment'), { target: { value: '512' } });
    await fireEvent.change(screen.getByTestId('spectrum-overlap'), { target: { value: '0.75' } });
    await fireEvent.click(screen.getByTestId('spectrum-apply'));
    await waitFor(() => expect(t.calls.filter((c) => c.method === 'runs.spectrum')).toHaveLength(2));
    expect(t.calls.filter((c) => c.method === 'runs.spectrum')[1]!.payload).toEqual({ id: 4, t0Ms: 500, t1Ms: 1500, binMs: 1, segmentMs: 512, overlap: 0.75 });
  });
});
