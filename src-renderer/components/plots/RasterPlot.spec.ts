import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { plotStats } from '../../lib/plots/plot-stats.ts';
import RasterPlot from './RasterPlot.svelte';

const populations = [
  { name: 'L23E', firstId: 1, lastId: 8 },
  { name: 'L23I', firstId: 9, lastId: 10 },
  { name: 'L4E', firstId: 11, lastId: 18 },
  { name: 'L4I', firstId: 19, lastId: 20 },
];
// Every neuron fires at 10, 20, ..., 100 ms (h = 0.1 ms): 200 spikes, time-ordered.
function spikes(): { senders: Uint32Array; steps: Uint32Array; resolutionMs: number } {
  const senders: number[] = [];
  const steps: number[] = [];
  for (let t = 10; t <= 100; t += 10) {
    for (let id = 1; id <= 20; id++) {
      senders.push(id);
      steps.push(t * 10);
    }
  }
  return { senders: Uint32Array.from(senders), steps: Uint32Array.from(steps), resolutionMs: 0.1 };
}

const flush = async (): Promise<void> => {
  await tick();
  await new Promise((r) => setTimeout(r, 0));
};

describe('RasterPlot', () => {
  it('prepares the spikes in the window and draws each of them once', async () => {
    render(RasterPlot, { spikes: spikes(), populations, t0Ms: 0, t1Ms: 100 });
    await flush();
    expect(screen.getByTestId('raster-count').textContent).toBe('200 spikes in 0–100 ms');
    const stats = plotStats()?.raster;
    expect(stats?.prepared).toBe(200);
    expect(stats?.painted).toBe(200);
    expect(stats?.drawMs).toBeGreaterThanOrEqual(0);
  });

  it('honours the stride: every 4th neuron of each population', async () => {
    render(RasterPlot, { spikes: spikes(), populations, t0Ms: 0, t1Ms: 100, stride: 4 });
    await flush();
    // L23E ids 1, 5; L23I 9; L4E 11, 15; L4I 19: 6 neurons x 10 spikes.
    expect(screen.getByTestId('raster-count').textContent).toBe('60 spikes in 0–100 ms, every 4th neuron');
    expect(plotStats()?.raster?.painted).toBe(60);
  });

  it('zooms, pans and resets with focusable buttons, reporting the window', async () => {
    const onWindowChange = vi.fn();
    render(RasterPlot, { spikes: spikes(), populations, t0Ms: 0, t1Ms: 100, onWindowChange });
    await flush();
    const zoomIn = screen.getByTestId('raster-zoom-in');
    expect(zoomIn.tagName).toBe('BUTTON');
    expect(screen.getByTestId('raster-reset')).toHaveProperty('disabled', true);
    expect(screen.getByTestId('raster-pan-left')).toHaveProperty('disabled', true);

    await fireEvent.click(zoomIn);
    expect(onWindowChange).toHaveBeenLastCalledWith(25, 75);
    expect(screen.getByTestId('raster-window').textContent).toBe('25.0–75.0 ms');
    await flush();
    // Spikes at 30, 40, 50, 60, 70 ms are in view.
    expect(plotStats()?.raster?.painted).toBe(100);

    await fireEvent.click(screen.getByTestId('raster-pan-right'));
    expect(onWindowChange).toHaveBeenLastCalledWith(37.5, 87.5);
    await fireEvent.click(screen.getByTestId('raster-pan-right'));
    await fireEvent.click(screen.getByTestId('raster-pan-right'));
    // Stops at the end of the window.
    expect(onWindowChange).toHaveBeenLastCalledWith(50, 100);
    expect(screen.getByTestId('raster-pan-right')).toHaveProperty('disabled', true);

    await fireEvent.click(screen.getByTestId('raster-zoom-out'));
    expect(onWindowChange).toHaveBeenLastCalledWith(0, 100);
    await fireEvent.click(zoomIn);
    await fireEvent.click(screen.getByTestId('raster-reset'));
    expect(onWindowChange).toHaveBeenLastCalledWith(0, 100);
    expect(screen.getByTestId('raster-window').textContent).toBe('0.0–100.0 ms');
  });

  it('keeps only the spikes of a narrower window and redraws when the data change', async () => {
    const { rerender } = render(RasterPlot, { spikes: spikes(), populations, t0Ms: 20, t1Ms: 40 });
    await flush();
    // 20, 30 and 40 ms: both ends included.
    expect(screen.getByTestId('raster-count').textContent).toBe('60 spikes in 20–40 ms');
    await rerender({ spikes: spikes(), populations, t0Ms: 0, t1Ms: 100, live: true });
    await flush();
    expect(screen.getByTestId('raster-count').textContent).toBe('200 spikes in 0–100 ms');
    expect(screen.getByTestId('raster-live').textContent).toBe('live');
  });

  it('follows a growing live window unless the user zoomed, then keeps the zoom', async () => {
    const { rerender } = render(RasterPlot, { spikes: spikes(), populations, t0Ms: 0, t1Ms: 50, live: true });
    await flush();
    await rerender({ spikes: spikes(), populations, t0Ms: 0, t1Ms: 100, live: true });
    expect(screen.getByTestId('raster-window').textContent).toBe('0.0–100.0 ms');
    await fireEvent.click(screen.getByTestId('raster-zoom-in'));
    await rerender({ spikes: spikes(), populations, t0Ms: 0, t1Ms: 200, live: true });
    expect(screen.getByTestId('raster-window').textContent).toBe('25.0–75.0 ms');
  });
});
