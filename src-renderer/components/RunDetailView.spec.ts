import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { presetParams } from '../../engine/params/presets.ts';
import { StudioClient } from '../lib/client.ts';
import { RunDetailState } from '../lib/run-detail.svelte.ts';
import { record } from '../lib/test-fixtures.ts';
import { FakeTransport } from '../test-support/fake-transport.ts';
import RunDetailView from './RunDetailView.svelte';

function transport(status: 'completed' | 'cancelled' = 'completed'): FakeTransport {
  const params = presetParams('default');
  return new FakeTransport({
    'runs.get': () => ({
      ok: true,
      value: { record: record(4, status, { name: 'baseline', reason: status === 'cancelled' ? 'cancelled by the user' : null }), params, window: { t0Ms: 500, t1Ms: 1500 }, summary: null, stats: null, spikeTotals: [] },
    }),
    'runs.spikes': () => ({ ok: true, value: { senders: new Uint32Array([1, 2]), steps: new Uint32Array([5001, 5002]), resolutionMs: 0.1, groups: [{ pop: 0, start: 0, end: 2 }] } }),
    'runs.counts': () => ({ ok: true, value: { durationS: 1, populations: [{ pop: 0, name: 'L23E', firstId: 1, counts: new Uint32Array([1, 2, 0]) }] } }),
    'runs.distributions': () => ({ ok: false, error: { code: 'internal', message: 'analysis failed' } }),
  });
}

describe('RunDetailView', () => {
  it('shows the summary, the raster caption, the rates and says which part failed', async () => {
    const t = transport();
    const detail = new RunDetailState(new StudioClient(t));
    render(RunDetailView, { detail, onRerun: vi.fn(), onShowHistory: vi.fn() });
    await detail.open(4);
    await waitFor(() => expect(screen.getByTestId('detail-name').textContent).toBe('baseline'));
    expect(screen.getByTestId('fact-seed').textContent).toBe('55');
    expect(screen.getByTestId('fact-engine').textContent).toBe('microcircuit-engine 0.1.0');
    expect(screen.getByTestId('raster-caption').textContent).toMatch(/2 spikes of all neurons in 500 ms – 1,500 ms/);
    expect(screen.getByTestId('detail-boxplot')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('The distributions could not be computed: runs.distributions: analysis failed');
  });

  it('checks the raster window before asking, then asks with the new window and stride', async () => {
    const t = transport();
    const detail = new RunDetailState(new StudioClient(t));
    render(RunDetailView, { detail, onRerun: vi.fn(), onShowHistory: vi.fn() });
    await detail.open(4);
    const from = await screen.findByTestId('raster-from');
    await fireEvent.input(from, { target: { value: '900' } });
    await fireEvent.input(screen.getByTestId('raster-to'), { target: { value: '800' } });
    await fireEvent.click(screen.getByTestId('raster-apply'));
    await waitFor(() => expect(screen.getAllByRole('alert').some((a) => /0 ≤ from < to/.test(a.textContent ?? ''))).toBe(true));
    const asked = t.calls.filter((c) => c.method === 'runs.spikes').length;
    await fireEvent.input(screen.getByTestId('raster-to'), { target: { value: '1000' } });
    await fireEvent.input(screen.getByTestId('raster-stride'), { target: { value: '3' } });
    await fireEvent.click(screen.getByTestId('raster-apply'));
    await waitFor(() => expect(t.calls.filter((c) => c.method === 'runs.spikes').length).toBe(asked + 1));
    expect(t.calls.at(-1)!.payload).toEqual({ id: 4, t0Ms: 900, t1Ms: 1000, stride: 3 });
  });

  it('a cancelled run shows its raster and why it has no statistics', async () => {
    const t = transport('cancelled');
    const detail = new RunDetailState(new StudioClient(t));
    render(RunDetailView, { detail, onRerun: vi.fn(), onShowHistory: vi.fn() });
    await detail.open(4);
    await waitFor(() => expect(screen.getByTestId('run-detail').textContent).toMatch(/this one is cancelled: cancelled by the user/));
    expect(t.calls.some((c) => c.method === 'runs.counts')).toBe(false);
  });

  it('with no run open it points to the history', async () => {
    const onShowHistory = vi.fn();
    render(RunDetailView, { detail: new RunDetailState(new StudioClient(new FakeTransport({}))), onRerun: vi.fn(), onShowHistory });
    await fireEvent.click(screen.getByText('History'));
    expect(onShowHistory).toHaveBeenCalled();
  });
});
