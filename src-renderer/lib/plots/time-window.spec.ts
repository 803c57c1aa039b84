import { describe, expect, it } from 'vitest';
import { clampWindow, isFullWindow, minSpanMs, panWindow, zoomWindow } from './time-window.ts';

const bounds = { t0Ms: 100, t1Ms: 1100 };

describe('time window', () => {
  it('zooms around the middle and stops at the minimum span', () => {
    expect(zoomWindow(bounds, bounds, 0.5, 1)).toEqual({ t0Ms: 350, t1Ms: 850 });
    const tiny = zoomWindow({ t0Ms: 500, t1Ms: 501 }, bounds, 0.1, 1);
    expect(tiny.t1Ms - tiny.t0Ms).toBeCloseTo(1);
  });

  it('zooms out no further than the bounds', () => {
    expect(zoomWindow({ t0Ms: 900, t1Ms: 1100 }, bounds, 4, 1)).toEqual({ t0Ms: 300, t1Ms: 1100 });
    expect(zoomWindow({ t0Ms: 300, t1Ms: 1100 }, bounds, 4, 1)).toEqual(bounds);
  });

  it('zooms around a point', () => {
    expect(zoomWindow(bounds, bounds, 0.5, 1, 200)).toEqual({ t0Ms: 150, t1Ms: 650 });
  });

  it('pans by a delta and stops at either end', () => {
    const w = { t0Ms: 400, t1Ms: 600 };
    expect(panWindow(w, bounds, 50)).toEqual({ t0Ms: 450, t1Ms: 650 });
    expect(panWindow(w, bounds, -1000)).toEqual({ t0Ms: 100, t1Ms: 300 });
    expect(panWindow(w, bounds, 1000)).toEqual({ t0Ms: 900, t1Ms: 1100 });
  });

  it('clamps a window into the bounds', () => {
    expect(clampWindow({ t0Ms: 0, t1Ms: 200 }, bounds, 1)).toEqual({ t0Ms: 100, t1Ms: 300 });
    expect(clampWindow({ t0Ms: 0, t1Ms: 5000 }, bounds, 1)).toEqual(bounds);
    expect(clampWindow({ t0Ms: 500, t1Ms: 500 }, bounds, 2)).toEqual({ t0Ms: 499, t1Ms: 501 });
  });

  it('knows when a window shows everything', () => {
    expect(isFullWindow({ t0Ms: 100, t1Ms: 1100 }, bounds)).toBe(true);
    expect(isFullWindow({ t0Ms: 100, t1Ms: 1000 }, bounds)).toBe(false);
  });

  it('never allows less than 1 ms or 10 steps', () => {
    expect(minSpanMs(bounds, 0.1)).toBe(1);
    expect(minSpanMs(bounds, 0.5)).toBe(5);
    expect(minSpanMs({ t0Ms: 0, t1Ms: 0.5 }, 0.1)).toBe(0.5);
  });
});
