import { render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import SeriesPlot from './SeriesPlot.svelte';

describe('SeriesPlot', () => {
  it('mounts a uPlot chart named for screen readers, and takes new values of the same curves', async () => {
    const x = Float64Array.from([1, 2, 3]);
    const curve = { set: 0, label: 'a', color: '#595289', x, y: Float64Array.from([1, 2, 3]) };
    const { rerender } = render(SeriesPlot, { curves: [curve], label: 'L2/3E: rate against time', xLog: true, yLog: true });
    const host = screen.getByRole('img', { name: 'L2/3E: rate against time' });
    await tick();
    expect(host.querySelector('.uplot')).not.toBeNull();
    await rerender({ curves: [{ ...curve, y: Float64Array.from([3, 2, 1]) }], label: 'L2/3E: rate against time', xLog: true, yLog: true, view: [1, 2] });
    expect(host.querySelectorAll('.uplot')).toHaveLength(1);
  });
});
