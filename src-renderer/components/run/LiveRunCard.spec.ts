import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { RunRecord } from '../../../src-main/store/types.ts';
import { StudioClient } from '../../lib/client.ts';
import { LiveRun } from '../../lib/live-run.svelte.ts';
import { progressEvent, record, stateEvent } from '../../lib/test-fixtures.ts';
import { FakeTransport } from '../../test-support/fake-transport.ts';
import LiveRunCard from './LiveRunCard.svelte';

function setup(r: RunRecord, finalRatesHz: number[] | null = null) {
  const live = new LiveRun(new StudioClient(new FakeTransport({})), (fn) => fn());
  live.adopt(r);
  const props = { live, record: r, finalRatesHz, onCancel: vi.fn(), onOpen: vi.fn() };
  const view = render(LiveRunCard, props);
  return { live, props, view };
}

describe('LiveRunCard', () => {
  it('a running run: its name, cancel, progress and the live rates of the last moments', async () => {
    const r = record(3, 'running', { name: 'live one' });
    const { live, props } = setup(r);
    expect(screen.getByTestId('live-name').textContent).toBe('live one');
    live.handle(progressEvent(3, 'sim', 100, 2));
    live.handle(progressEvent(3, 'sim', 150, 3));
    await fireEvent.click(screen.getByTestId('cancel-run'));
    expect(props.onCancel).toHaveBeenCalled();
    expect(screen.queryByTestId('dismiss-run')).toBeNull();
    expect(await screen.findByText(/Population rates, last 500 ms/)).toBeTruthy();
    expect(screen.getByTestId('live-raster').textContent).toMatch(/Spikes appear here as the engine produces them/);
  });

  it('a completed run: how long it took, the mean rates over the analysis window, and its results to open', async () => {
    const r = record(4, 'completed');
    const { props } = setup(r, [1, 2, 3, 4, 5, 6, 7, 8]);
    expect(screen.getByTestId('run-completed').textContent).toMatch(/Completed: 1,234 spikes of 800 neurons in 1\.0 s\s*\(build 0\.5 s, presimulation 0\.1 s, simulation 0\.4 s\)\./);
    expect(screen.getByText(/Mean rates over the analysis window/)).toBeTruthy();
    expect(screen.getByTestId('live-rate-L6I').textContent).toBe('8.00');
    await fireEvent.click(screen.getByTestId('open-live-run'));
    expect(props.onOpen).toHaveBeenCalledWith(4);
  });

  it('a cancelled run is a warning with its reason; a failed one an alert with the validator’s problems', () => {
    const cancelled = record(5, 'running');
    const first = setup(cancelled);
    first.live.handle(stateEvent(record(5, 'cancelled'), { reason: 'cancelled by the user' }));
    first.view.unmount();
    render(LiveRunCard, { ...first.props, record: first.live.record! });
    const box = screen.getByTestId('run-failure');
    expect(box.textContent).toMatch(/The run was cancelled:\s*cancelled by the user/);
    expect(box.classList.contains('warn')).toBe(true);
    document.body.innerHTML = '';

    const failed = setup(record(6, 'running'));
    const issues = [{ path: 'net.N_scaling', value: 9, message: 'too large for this machine' }];
    failed.live.handle(stateEvent(record(6, 'failed'), { reason: 'the engine refused the parameters', issues }));
    failed.view.unmount();
    render(LiveRunCard, { ...failed.props, record: failed.live.record! });
    const alert = screen.getByTestId('run-failure');
    expect(alert.classList.contains('warn')).toBe(false);
    expect(alert.textContent).toMatch(/The run failed:\s*the engine refused the parameters.*net\.N_scaling/s);
  });
});
