import { describe, expect, it } from 'vitest';
import { neuronAtY, rasterHit, spikeNear } from './raster-hover.ts';
import { prepareRaster } from './raster-layout.ts';

const pops = [
  { name: 'L23E', firstId: 1, lastId: 8 },
  { name: 'L23I', firstId: 9, lastId: 10 },
];
// y = lastId - id + 1 = 11 - id: neuron 1 at y 10 (top), neuron 10 at y 1.

describe('what the raster has under the pointer', () => {
  it('the neuron of the row, its population; rows between shown neurons snap to the nearest shown one', () => {
    expect(neuronAtY(pops, 10, 1)).toEqual({ id: 1, index: 0 });
    expect(neuronAtY(pops, 1.2, 1)).toEqual({ id: 10, index: 1 });
    expect(neuronAtY(pops, 2.6, 1)).toEqual({ id: 8, index: 0 });
    // Every 3rd neuron of L2/3E: 1, 4, 7.
    expect(neuronAtY(pops, 11 - 5, 3)).toEqual({ id: 4, index: 0 });
    expect(neuronAtY(pops, 11 - 8, 3)).toEqual({ id: 7, index: 0 });
    expect(neuronAtY(pops, 0.2, 1)).toBeNull();
    expect(neuronAtY(pops, 12, 1)).toBeNull();
    expect(neuronAtY([], 3)).toBeNull();
  });

  it("the neuron's spike nearest the pointer within the tolerance", () => {
    const spikes = { senders: Uint32Array.from([4, 4, 5, 4]), steps: Uint32Array.from([100, 120, 121, 300]), resolutionMs: 0.1 };
    const prepared = prepareRaster(spikes, pops, 0, 40);
    expect(spikeNear(prepared, 0, 10, 4, 11.5, 1)).toBe(12);
    expect(spikeNear(prepared, 0, 10, 4, 20, 1)).toBeNull();
    expect(spikeNear(prepared, 0, 10, 6, 12, 1)).toBeNull();
    expect(rasterHit(pops, prepared, { timeMs: 29.7, y: 7 }, 0.5)).toEqual({ id: 4, population: 'L23E', timeMs: 29.7, spikeMs: 30 });
    expect(rasterHit(pops, prepared, { timeMs: 5, y: 1 }, 0.5)).toEqual({ id: 10, population: 'L23I', timeMs: 5, spikeMs: null });
  });
});
