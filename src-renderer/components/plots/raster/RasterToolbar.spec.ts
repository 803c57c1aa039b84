import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import RasterToolbar from './RasterToolbar.svelte';

const disabled = (testId: string): boolean => (screen.getByTestId(testId) as HTMLButtonElement).disabled;

function setup(view: { t0Ms: number; t1Ms: number }, extra: Partial<{ minSpan: number; live: boolean }> = {}) {
  const props = { view, bounds: { t0Ms: 0, t1Ms: 100 }, minSpan: 1, live: false, onZoom: vi.fn(), onPan: vi.fn(), onReset: vi.fn(), ...extra };
  render(RasterToolbar, props);
  return props;
}

describe('RasterToolbar', () => {
  it('the whole window: only zoom in (nothing to pan to or reset)', () => {
    setup({ t0Ms: 0, t1Ms: 100 });
    expect(['raster-zoom-in', 'raster-zoom-out', 'raster-pan-left', 'raster-pan-right', 'raster-reset'].map(disabled)).toEqual([false, true, true, true, true]);
    expect(screen.getByTestId('raster-window').textContent).toBe('0.0–100.0 ms');
    expect(screen.queryByTestId('raster-live')).toBeNull();
  });

  it('a zoomed window in the middle: every button works and reports its step', async () => {
    const p = setup({ t0Ms: 25, t1Ms: 75 }, { live: true });
    for (const id of ['raster-zoom-in', 'raster-zoom-out', 'raster-pan-left', 'raster-pan-right', 'raster-reset']) await fireEvent.click(screen.getByTestId(id));
    expect(p.onZoom.mock.calls).toEqual([[0.5], [2]]);
    expect(p.onPan.mock.calls).toEqual([[-0.25], [0.25]]);
    expect(p.onReset).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('raster-live').textContent).toBe('live');
  });

  it('at the narrowest window zoom in stops; short windows show two decimals', () => {
    setup({ t0Ms: 40, t1Ms: 41 }, { minSpan: 1 });
    expect(disabled('raster-zoom-in')).toBe(true);
    expect(screen.getByTestId('raster-window').textContent).toBe('40.00–41.00 ms');
  });
});
