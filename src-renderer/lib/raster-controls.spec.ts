import { describe, expect, it } from 'vitest';
import { draftsOf, parseRasterDrafts } from './raster-controls.ts';

describe('raster controls', () => {
  it('start from the window and stride on show', () => {
    expect(draftsOf({ t0Ms: 500, t1Ms: 1500 }, 4)).toEqual({ from: '500', to: '1500', stride: '4' });
  });

  it('a valid window and stride are asked for as numbers', () => {
    expect(parseRasterDrafts({ from: '100', to: '150.5', stride: '4' }, 1500)).toEqual({ ok: true, window: { t0Ms: 100, t1Ms: 150.5 }, stride: 4 });
    expect(parseRasterDrafts({ from: '0', to: '1500', stride: '1' }, 1500).ok).toBe(true);
  });

  it('each mistake is named with what is allowed', () => {
    expect(parseRasterDrafts({ from: '900', to: '800', stride: '1' }, 1500)).toEqual({ ok: false, error: 'The window must satisfy 0 ≤ from < to (ms); got 900 to 800.' });
    expect(parseRasterDrafts({ from: '-1', to: '', stride: '1' }, 1500)).toEqual({ ok: false, error: 'The window must satisfy 0 ≤ from < to (ms); got -1 to ∅.' });
    expect(parseRasterDrafts({ from: '0', to: '1600', stride: '1' }, 1500)).toEqual({ ok: false, error: 'The run ends at 1,500 ms.' });
    expect(parseRasterDrafts({ from: '0', to: '100', stride: '2.5' }, 1500)).toEqual({ ok: false, error: 'The stride is a whole number ≥ 1 (every n-th neuron); got 2.5.' });
    expect(parseRasterDrafts({ from: '0', to: '100', stride: '' }, 1500)).toMatchObject({ ok: false, error: expect.stringContaining('got ∅') });
  });
});
