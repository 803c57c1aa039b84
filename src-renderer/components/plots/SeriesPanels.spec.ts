import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { activitySets, seriesPanels, setLegend } from '../../lib/plots/series-sets.ts';
import SeriesPanels from './SeriesPanels.svelte';

function sets(n: number) {
  const names = ['L23E', 'L23I', 'L4E', 'L4I'];
  return activitySets(
    Array.from({ length: n }, (_, k) => ({
      label: `run ${k + 1}`,
      data: {
        id: k + 1,
        window: { t0Ms: 0, t1Ms: 3 },
        binMs: 1,
        rule: '',
        timesMs: Float64Array.from([0.5, 1.5, 2.5]),
        populations: names.map((name, i) => ({ name, nNeurons: 10, ratesHz: Float64Array.from([i, i + k, 2]) })),
      },
    })),
  );
}

describe('SeriesPanels', () => {
  it('one panel per population on the layer grid, titled as NEST does; one run: no legend', () => {
    const s = sets(1);
    render(SeriesPanels, { panels: seriesPanels(s), legend: setLegend(s), x: { label: 'time', unit: 'ms' }, y: { label: 'rate', unit: 'spikes/s' }, what: 'activity' });
    const panels = screen.getAllByTestId('series-panel');
    expect(panels.map((p) => p.dataset.population)).toEqual(['L23E', 'L23I', 'L4E', 'L4I']);
    expect(panels.map((p) => [p.style.gridRow, p.style.gridColumn])).toEqual([
      ['1', '1'],
      ['1', '2'],
      ['2', '1'],
      ['2', '2'],
    ]);
    expect(panels[0]!.getAttribute('aria-label')).toBe('L2/3E activity');
    expect(screen.queryByTestId('series-legend')).toBeNull();
    expect(screen.getByTestId('series-readout').textContent).toMatch(/Drag across a panel to zoom all of them/);
  });

  it('runs overlaid get a legend; Reset zoom gives the linked view back', async () => {
    const s = sets(2);
    const onView = vi.fn();
    render(SeriesPanels, { panels: seriesPanels(s), legend: setLegend(s), x: { label: 'time', unit: 'ms' }, y: { label: 'rate', unit: 'spikes/s' }, what: 'activity', view: [1, 2], onView });
    expect(screen.getByTestId('series-legend').textContent).toMatch(/run 1\s*run 2/);
    const reset = screen.getByTestId('series-reset') as HTMLButtonElement;
    expect(reset.disabled).toBe(false);
    await fireEvent.click(reset);
    expect(onView).toHaveBeenCalledWith(null);
  });

  it('a y title too long for short panels loses its unit, which is said above them instead', () => {
    const s = sets(1);
    const tall = render(SeriesPanels, { panels: seriesPanels(s), x: { label: 'time', unit: 'ms' }, y: { label: 'rate', unit: 'spikes/s' }, height: 150, what: 'activity' });
    expect(screen.queryByTestId('series-y-unit')).toBeNull();
    tall.unmount();
    render(SeriesPanels, { panels: seriesPanels(s), x: { label: 'time', unit: 'ms' }, y: { label: 'rate', unit: 'spikes/s' }, height: 95, what: 'activity' });
    expect(screen.getByTestId('series-y-unit').textContent).toBe('rate in spikes/s');
  });
});
