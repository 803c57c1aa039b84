import { render } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import LayerGrid from './LayerGrid.svelte';

const cells = (container: HTMLElement): string[] => Array.from(container.querySelectorAll('.layer-grid span')).map((s) => s.textContent ?? '');

describe('LayerGrid', () => {
  it('as the header: an empty corner, then the layer names', () => {
    const { container } = render(LayerGrid, { layers: ['L2/3', 'L4', 'L5', 'L6'] });
    expect(cells(container)).toEqual(['', 'L2/3', 'L4', 'L5', 'L6']);
  });

  it("a run's rates: E above I per layer, each titled with its population", () => {
    const rates = [
      { layer: 'L2/3', e: '0.80', i: '2.80' },
      { layer: 'L4', e: '4.20', i: '5.20' },
    ];
    const { container } = render(LayerGrid, { rates, label: 'Mean rates of first, spikes/s' });
    expect(cells(container)).toEqual(['E', '0.80', '4.20', 'I', '2.80', '5.20']);
    expect(container.querySelector('.layer-grid')?.getAttribute('aria-label')).toBe('Mean rates of first, spikes/s');
    expect(Array.from(container.querySelectorAll('[title]')).map((s) => s.getAttribute('title'))).toEqual([
      'L2/3E: 0.80 spikes/s',
      'L4E: 4.20 spikes/s',
      'L2/3I: 2.80 spikes/s',
      'L4I: 5.20 spikes/s',
    ]);
  });
});
