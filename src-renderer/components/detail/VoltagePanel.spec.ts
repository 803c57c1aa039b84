import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { StudioClient } from '../../lib/client.ts';
import { RunDetailState } from '../../lib/run-detail.svelte.ts';
import { record } from '../../lib/test-fixtures.ts';
import { detailTransport } from '../../test-support/detail-replies.ts';
import VoltagePanel from './VoltagePanel.svelte';

async function setup(recorded: boolean) {
  const t = detailTransport({ hasVoltage: recorded });
  const detail = new RunDetailState(new StudioClient(t));
  await detail.open(4);
  detail.showTab('voltage');
  const onRecordVoltage = vi.fn();
  render(VoltagePanel, { detail, runLabel: '4: baseline', populations: record(4, 'completed').populations, recorded, intervalMs: 1, runEndMs: 1500, onRecordVoltage });
  return { t, detail, onRecordVoltage };
}

describe('VoltagePanel', () => {
  it('traces under the raster, and the distribution of V, each population in its panel', async () => {
    await setup(true);
    await waitFor(() => expect(screen.getByTestId('voltage-caption').textContent).toMatch(/V of 2 neurons in \[500, 1500\] ms/));
    expect(screen.getByTestId('voltage-raster')).toBeTruthy();
    expect(screen.getByTestId('voltage-panels').querySelectorAll('[data-testid="series-panel"]')).toHaveLength(2);
    await waitFor(() => expect(screen.getByTestId('voltage-dist-panels').querySelectorAll('[data-testid="series-panel"]')).toHaveLength(8));
    expect(screen.getByTestId('voltage-dist-caption').textContent).toMatch(/Fraction of samples per 0\.5-mV bin/);
  });

  it('neurons typed by NEST id are checked, then asked for; the window moves the distribution too', async () => {
    const { t } = await setup(true);
    await screen.findByTestId('voltage-caption');
    await fireEvent.input(screen.getByTestId('voltage-neurons'), { target: { value: '5, 9999' } });
    await fireEvent.click(screen.getByTestId('voltage-apply'));
    expect(screen.getByRole('alert').textContent).toMatch(/^Neurons: got “9999”/);
    await fireEvent.input(screen.getByTestId('voltage-neurons'), { target: { value: '5 250' } });
    await fireEvent.input(screen.getByTestId('voltage-to'), { target: { value: '900' } });
    await fireEvent.click(screen.getByTestId('voltage-apply'));
    await waitFor(() => expect(t.calls.filter((c) => c.method === 'runs.voltages')).toHaveLength(2));
    expect(t.calls.filter((c) => c.method === 'runs.voltages')[1]!.payload).toEqual({ id: 4, t0Ms: 500, t1Ms: 900, neurons: [5, 250] });
    expect(t.calls.filter((c) => c.method === 'runs.voltageDistribution').at(-1)!.payload).toEqual({ id: 4, t0Ms: 500, t1Ms: 900 });
  });

  it('without the voltmeter: how to record it, and the parameters with it on', async () => {
    const { t, onRecordVoltage } = await setup(false);
    expect(screen.getByTestId('voltage-not-recorded').textContent).toMatch(/Recording → Devices/);
    await fireEvent.click(screen.getByTestId('record-voltage'));
    expect(onRecordVoltage).toHaveBeenCalledOnce();
    expect(t.calls.some((c) => c.method === 'runs.voltages')).toBe(false);
  });
});
