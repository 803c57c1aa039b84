import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { defaultParams } from '../../engine/params/presets.ts';
import ParamsPanel from './ParamsPanel.svelte';

const presets = [
  { name: 'default' as const, description: 'The NEST example as shipped' },
  { name: 'full' as const, description: 'Full scale' },
];

describe('ParamsPanel', () => {
  it('shows the key values grouped as sim / net / stim', () => {
    render(ParamsPanel, { presets, preset: 'default', params: defaultParams(), loading: false, onSelectPreset: () => {} });
    expect(screen.getByTestId('group-sim')).toBeTruthy();
    expect(screen.getByTestId('group-net')).toBeTruthy();
    expect(screen.getByTestId('group-stim')).toBeTruthy();
    expect(screen.getByTestId('param-sim-t_sim').textContent).toBe('1,000');
    expect(screen.getByTestId('param-net-N_scaling').textContent).toBe('0.1');
    expect(screen.getByTestId('param-stim-th_rate').textContent).toBe('120');
    expect(screen.getByTestId('preset-description').textContent).toBe('The NEST example as shipped');
  });

  it('calls onSelectPreset with the chosen preset', async () => {
    const onSelectPreset = vi.fn();
    render(ParamsPanel, { presets, preset: 'default', params: defaultParams(), loading: false, onSelectPreset });
    const select = screen.getByTestId('preset-select') as HTMLSelectElement;
    select.value = 'full';
    await fireEvent.change(select);
    expect(onSelectPreset).toHaveBeenCalledWith('full');
  });

  it('says it is loading before the parameters arrive', () => {
    render(ParamsPanel, { presets: [], preset: 'default', params: null, loading: true, onSelectPreset: () => {} });
    expect(screen.getByText('Loading parameters…')).toBeTruthy();
  });
});
