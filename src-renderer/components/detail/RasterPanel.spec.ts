import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { presetParams } from '../../../engine/params/presets.ts';
import { StudioClient } from '../../lib/client.ts';
import { RunDetailState } from '../../lib/run-detail.svelte.ts';
import { record } from '../../lib/test-fixtures.ts';
import { FakeTransport } from '../../test-support/fake-transport.ts';
import RasterPanel from './RasterPanel.svelte';

async function setup(spikes: 'some' | 'failing' = 'some') {
  const transport = new FakeTransport({
    'runs.get': () => ({ ok: true, value: { record: record(4, 'completed'), params: presetParams('default'), window: { t0Ms: 500, t1Ms: 1500 }, summary: null, stats: null, spikeTotals: [] } }),
    'runs.spikes': () =>
      spikes === 'some'
        ? { ok: true, value: { senders: new Uint32Array([1, 2, 3]), steps: new Uint32Array([5001, 5002, 5003]), resolutionMs: 0.1, groups: [{ pop: 0, start: 0, end: 3 }] } }
        : { ok: false, error: { code: 'internal', message: 'disk I/O error' } },
  });
  const detail = new RunDetailState(new StudioClient(transport));
  await detail.open(4);
  render(RasterPanel, { detail, populations: detail.detail.value!.record.populations, runEndMs: 1500, runLabel: '4: baseline' });
  return { transport, detail };
}

describe('RasterPanel', () => {
  it('the controls start at the window and stride on show; the caption says what is drawn', async () => {
    await setup();
    expect((screen.getByTestId('raster-from') as HTMLInputElement).value).toBe('500');
    expect((screen.getByTestId('raster-to') as HTMLInputElement).value).toBe('1500');
    expect((screen.getByTestId('raster-stride') as HTMLInputElement).value).toBe('1');
    expect(screen.getByTestId('raster-caption').textContent).toMatch(/^\s*3 spikes of all neurons in 500 ms – 1,500 ms\s*$/);
  });

  it('a window past the run end is refused in words and not asked for; a good one is', async () => {
    const { transport, detail } = await setup();
    const asked = (): number => transport.calls.filter((c) => c.method === 'runs.spikes').length;
    const before = asked();
    await fireEvent.input(screen.getByTestId('raster-to'), { target: { value: '2000' } });
    await fireEvent.click(screen.getByTestId('raster-apply'));
    expect(screen.getByRole('alert').textContent).toBe('The run ends at 1,500 ms.');
    expect(asked()).toBe(before);
    await fireEvent.input(screen.getByTestId('raster-to'), { target: { value: '600' } });
    await fireEvent.input(screen.getByTestId('raster-stride'), { target: { value: '2' } });
    await fireEvent.click(screen.getByTestId('raster-apply'));
    await waitFor(() => expect(asked()).toBe(before + 1));
    expect(transport.calls.at(-1)!.payload).toEqual({ id: 4, t0Ms: 500, t1Ms: 600, stride: 2 });
    expect(detail.window).toEqual({ t0Ms: 500, t1Ms: 600 });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('spikes that cannot be read say why', async () => {
    await setup('failing');
    expect(screen.getByRole('alert').textContent).toBe('The spikes could not be read: runs.spikes: disk I/O error');
  });
});
