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
  it('shows the summary, the raster caption, the rates; the distributions load with their tab and say why they failed', async () => {
    const t = transport();
    const detail = new RunDetailState(new StudioClient(t));
    render(RunDetailView, { detail, onRerun: vi.fn(), onShowHistory: vi.fn() });
    await detail.open(4);
    await waitFor(() => expect(screen.getByTestId('detail-name').textContent).toBe('baseline'));
    expect(screen.getByTestId('fact-seed').textContent).toBe('55');
    expect(screen.getByTestId('fact-engine').textContent).toBe('microcircuit-engine 0.1.0');
    expect(screen.getByTestId('raster-caption').textContent).toMatch(/2 spikes of all neurons in 500 ms – 1,500 ms/);
    expect(screen.getByTestId('detail-boxplot')).toBeTruthy();
    expect(screen.getByTestId('box-key').textContent).toMatch(/Box: quartiles .*median.*mean.*whiskers.*red \+/);
    expect(t.calls.some((c) => c.method === 'runs.distributions')).toBe(false);
    await fireEvent.click(screen.getByTestId('tab-distributions'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('The distributions could not be computed: runs.distributions: analysis failed'));
    expect(screen.getByTestId('tab-distributions').getAttribute('aria-selected')).toBe('true');
  });

  it('the tabs are one tab stop: arrow keys move between them and open each part', async () => {
    const t = transport();
    t.answer('runs.parameters', () => ({
      ok: true,
      value: {
        id: 4,
        preset: 'default',
        differences: 1,
        groups: [
          {
            id: 'populations',
            title: 'Populations',
            fields: [
              { path: 'net.N_scaling', label: 'N scaling', unit: '', doc: 'scale', kind: 'number', value: 0.02, presetValue: 0.1, differs: true },
              { path: 'net.K_scaling', label: 'K scaling', unit: '', doc: 'scale', kind: 'number', value: 0.1, presetValue: 0.1, differs: false },
            ],
          },
        ],
      },
    }));
    const detail = new RunDetailState(new StudioClient(t));
    render(RunDetailView, { detail, onRerun: vi.fn(), onShowHistory: vi.fn() });
    await detail.open(4);
    const first = await screen.findByTestId('tab-overview');
    expect(first.tabIndex).toBe(0);
    expect(screen.getByTestId('tab-parameters').tabIndex).toBe(-1);
    await fireEvent.keyDown(first, { key: 'End' });
    expect(detail.tab).toBe('parameters');
    await waitFor(() => expect(screen.getByTestId('params-summary').textContent).toBe('1 value differs from the preset “default” (marked).'));
    const rows = screen.getAllByTestId('param-row');
    expect(rows.map((r) => r.dataset.differs)).toEqual(['true', 'false']);
    expect(rows[0]!.textContent).toMatch(/N scaling\s*net\.N_scaling\s*0\.02.*changed; preset: 0\.1/);
    await fireEvent.click(screen.getByTestId('params-only-diff'));
    expect(screen.getAllByTestId('param-row')).toHaveLength(1);
    await fireEvent.keyDown(screen.getByTestId('tab-parameters'), { key: 'Home' });
    expect(detail.tab).toBe('overview');
  });

  it('a run without the voltmeter says how to record it and offers its parameters with the voltmeter on', async () => {
    const onRecordVoltage = vi.fn();
    const detail = new RunDetailState(new StudioClient(transport()));
    render(RunDetailView, { detail, onRerun: vi.fn(), onShowHistory: vi.fn(), onRecordVoltage });
    await detail.open(4);
    await fireEvent.click(await screen.findByTestId('tab-voltage'));
    expect(screen.getByTestId('voltage-not-recorded').textContent).toMatch(/sim\.rec_dev includes "voltmeter"/);
    await fireEvent.click(screen.getByTestId('record-voltage'));
    expect(onRecordVoltage).toHaveBeenCalledWith(4, 'baseline');
  });

  it('notes: Save stores them (the History is told), Revert drops an edit', async () => {
    const t = transport();
    t.answer('runs.setNotes', (p) => ({ ok: true, value: record(4, 'completed', { name: 'baseline', notes: (p as { notes: string }).notes }) }));
    const onRecordChange = vi.fn();
    const detail = new RunDetailState(new StudioClient(t));
    render(RunDetailView, { detail, onRerun: vi.fn(), onShowHistory: vi.fn(), onRecordChange });
    await detail.open(4);
    const input = (await screen.findByTestId('notes-input')) as HTMLTextAreaElement;
    expect((screen.getByTestId('notes-save') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(input, { target: { value: 'thalamic pulse at 700 ms' } });
    await fireEvent.click(screen.getByTestId('notes-save'));
    await waitFor(() => expect(screen.getByTestId('notes-saved').textContent).toBe('Saved.'));
    expect(t.calls.find((c) => c.method === 'runs.setNotes')?.payload).toEqual({ id: 4, notes: 'thalamic pulse at 700 ms' });
    expect(onRecordChange).toHaveBeenCalledOnce();
    await fireEvent.input(input, { target: { value: 'changed my mind' } });
    await fireEvent.click(screen.getByTestId('notes-revert'));
    expect(input.value).toBe('thalamic pulse at 700 ms');
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
