import { describe, expect, it } from 'vitest';
import { checkBin, checkSegment, checkWindow } from './series-controls.ts';

describe('the controls of the series views', () => {
  it('a window within the run', () => {
    expect(checkWindow({ from: '500', to: 1500 }, 1500)).toEqual({ ok: true, value: { t0Ms: 500, t1Ms: 1500 } });
    expect(checkWindow({ from: '', to: 1500 }, 1500)).toEqual({ ok: false, error: "From: got “”, allowed: a time from 0 to 1500 ms (the run's end)" });
    expect(checkWindow({ from: 600, to: 600 }, 1500)).toEqual({ ok: false, error: "To: got “600”, allowed: a time after 600 ms, at most 1500 ms (the run's end)" });
    expect(checkWindow({ from: 600, to: 1600 }, 1500).ok).toBe(false);
  });

  it('a bin width of 0.1–50 ms on the step grid, giving the window at least one bin', () => {
    const w = { t0Ms: 500, t1Ms: 1500 };
    expect(checkBin('0.5', 0.1, w)).toEqual({ ok: true, value: 0.5 });
    expect(checkBin(0.05, 0.1, w)).toEqual({ ok: false, error: 'Bin width: got “0.05”, allowed: 0.1 to 50 ms' });
    expect(checkBin(0.25, 0.1, w)).toEqual({ ok: false, error: 'Bin width: got 0.25 ms, allowed: a whole multiple of the resolution 0.1 ms' });
    expect(checkBin(50, 0.1, { t0Ms: 0, t1Ms: 20 })).toEqual({ ok: false, error: "Bin width: got 50 ms, allowed: at most the window's length (20 ms)" });
  });

  it('a Welch segment of whole bins, no longer than the window', () => {
    const w = { t0Ms: 500, t1Ms: 1500 };
    expect(checkSegment(256, 1, w)).toEqual({ ok: true, value: 256 });
    expect(checkSegment(256, 5, w)).toEqual({ ok: false, error: 'Segment: got 256 ms, allowed: a whole number (at least 2) of 5-ms bins' });
    expect(checkSegment(1024, 1, w)).toEqual({ ok: false, error: "Segment: got 1024 ms, allowed: at most the window's length (1000 ms)" });
  });
});
