import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { groupedParams } from '../../../engine/params/grouped.ts';
import { presetParams } from '../../../engine/params/presets.ts';
import { StudioClient } from '../../lib/client.ts';
import { RunDetailState } from '../../lib/run-detail.svelte.ts';
import { detailTransport } from '../../test-support/detail-replies.ts';
import ParametersPanel from './ParametersPanel.svelte';

describe('ParametersPanel', () => {
  it('every parameter grouped as in the editor, the differences from the preset marked with its value', async () => {
    const p = presetParams('default');
    const changed = { ...p, net: { ...p.net, N_scaling: 0.02 }, sim: { ...p.sim, rec_dev: ['spike_recorder' as const, 'voltmeter' as const] } };
    const t = detailTransport({ extra: { 'runs.parameters': () => ({ ok: true, value: { id: 4, ...groupedParams(changed, 'default') } }) } });
    const detail = new RunDetailState(new StudioClient(t));
    await detail.open(4);
    detail.showTab('parameters');
    render(ParametersPanel, { detail });
    await waitFor(() => expect(screen.getByTestId('params-summary').textContent).toBe('2 values differ from the preset “default” (marked).'));
    const titles = Array.from(screen.getByTestId('params-groups').querySelectorAll('h4')).map((h) => h.textContent);
    expect(titles).toEqual(['Populations', 'Connectivity', 'Synapses', 'Neurons', 'External input', 'Stimuli', 'Simulation', 'Recording']);
    const rows = screen.getAllByTestId('param-row');
    expect(rows.length).toBeGreaterThan(40);
    const marked = rows.filter((r) => r.dataset.differs === 'true');
    expect(marked.map((r) => r.dataset.path)).toEqual(['net.N_scaling', 'sim.rec_dev']);
    expect(marked[1]!.textContent).toMatch(/spike_recorder, voltmeter.*changed; preset: spike_recorder/);
    // A matrix shows as rows.
    expect(screen.getByTestId('params-groups').querySelector('[data-path="net.conn_probs"] .matrix tr')).not.toBeNull();
    // A matrix left to be derived from its mean reads "not set", without a unit.
    expect(screen.getByTestId('params-groups').querySelector('[data-path="net.PSP_matrix_mean"] .value')!.textContent!.trim()).toBe('not set');
    await fireEvent.click(screen.getByTestId('params-only-diff'));
    expect(screen.getAllByTestId('param-row').map((r) => r.dataset.path)).toEqual(['net.N_scaling', 'sim.rec_dev']);
  });
});
