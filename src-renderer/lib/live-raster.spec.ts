import { describe, expect, it } from 'vitest';
import type { SpikePreview } from '../../src-main/runs/preview.ts';
import { LiveRasterBuffer } from './live-raster.ts';

const preview = (fromStep: number, toStep: number, stride: number, pairs: [number, number][]): SpikePreview => ({
  fromStep,
  toStep,
  stride,
  senders: Uint32Array.from(pairs.map((p) => p[0])),
  steps: Uint32Array.from(pairs.map((p) => p[1])),
  totalSpikes: pairs.length * stride,
});

describe('LiveRasterBuffer', () => {
  it('keeps the last window of model time and drops older chunks', () => {
    const b = new LiveRasterBuffer(100, 0.1); // 1000 steps
    b.push(preview(0, 500, 1, [[1, 10], [2, 400]]));
    b.push(preview(500, 1200, 1, [[3, 600], [4, 1150]]));
    let s = b.snapshot();
    expect(s.t1Ms).toBeCloseTo(120);
    expect(s.t0Ms).toBeCloseTo(20);
    // step 10 (1 ms) is before the window; step 400 (40 ms) is inside.
    expect(Array.from(s.senders)).toEqual([2, 3, 4]);
    b.push(preview(1200, 2600, 1, [[5, 2500]]));
    s = b.snapshot();
    expect(Array.from(s.senders)).toEqual([5]);
  });

  it('fills from time zero until a whole window has run', () => {
    const b = new LiveRasterBuffer(500, 0.1);
    b.push(preview(0, 100, 1, [[7, 50]]));
    const s = b.snapshot();
    expect([s.t0Ms, s.t1Ms]).toEqual([0, 500]);
  });

  it('thins finer chunks to the coarsest stride in the window (strides nest)', () => {
    const b = new LiveRasterBuffer(1000, 0.1);
    b.push(preview(0, 100, 1, [[1, 5], [2, 6], [3, 7], [5, 8]]));
    b.push(preview(100, 200, 4, [[1, 150], [9, 160]]));
    const s = b.snapshot();
    expect(s.stride).toBe(4);
    expect(Array.from(s.senders)).toEqual([1, 5, 1, 9]);
  });

  it('an empty buffer gives an empty window', () => {
    const s = new LiveRasterBuffer(200, 0.1).snapshot();
    expect(s.senders.length).toBe(0);
    expect([s.t0Ms, s.t1Ms]).toEqual([0, 200]);
  });
});
