import { describe, expect, it } from 'vitest';
import { neuronSlots, normalizeStride, prepareRaster, rasterLayout, strideLabel, visibleRange, yOfNeuron } from './raster-layout.ts';
import { pd14Populations } from './test-support/pd14-synthetic.ts';

const full = pd14Populations(1);

describe('rasterLayout (NEST plot_raster)', () => {
  it('uses the full-scale node ids 1..77169', () => {
    expect(full[0]).toEqual({ name: 'L23E', firstId: 1, lastId: 20683 });
    expect(full[7]).toEqual({ name: 'L6I', firstId: 74222, lastId: 77169 });
  });

  it('puts L2/3E at the top: y = lastId - id + 1', () => {
    const l = rasterLayout(full);
    expect(l.lastId).toBe(77169);
    expect(yOfNeuron(77169, l.lastId)).toBe(1);
    expect(yOfNeuron(1, l.lastId)).toBe(77169);
    expect(yOfNeuron(20683, l.lastId)).toBeGreaterThan(yOfNeuron(20684, l.lastId));
    expect(l.yMin).toBeLessThan(1);
    expect(l.yMax).toBeGreaterThan(77169);
  });

  it('labels each layer halfway between its first E id and its last I id', () => {
    const l = rasterLayout(full);
    expect(l.ticks.map((t) => t.label)).toEqual(['L2/3', 'L4', 'L5', 'L6']);
    // L2/3: ids 1..26517 -> y 77169..50653; middle (77169 + 50653) / 2.
    expect(l.ticks[0].y).toBe((77169 + (77169 - 26517 + 1)) / 2);
    // L6: ids 59827..77169 -> y 17343..1.
    expect(l.ticks[3].y).toBe((77169 - 59827 + 1 + 1) / 2);
    expect(l.ticks[0].y).toBeGreaterThan(l.ticks[1].y);
  });

  it('has no ticks without populations', () => {
    expect(rasterLayout([]).ticks).toEqual([]);
  });
});

describe('thinning by stride', () => {
  it('keeps every stride-th neuron of each population, counting from its first id', () => {
    const pops = [
      { name: 'L23E', firstId: 1, lastId: 10 },
      { name: 'L23I', firstId: 11, lastId: 15 },
    ];
    const slots = neuronSlots(pops, 3);
    const kept = [...slots.keys()].filter((id) => slots[id] >= 0);
    expect(kept).toEqual([1, 4, 7, 10, 11, 14]);
    expect(slots[11]).toBe(1);
    expect(slots[0]).toBe(-1);
  });

  it('normalises strides', () => {
    expect(normalizeStride(undefined)).toBe(1);
    expect(normalizeStride(0)).toBe(1);
    expect(normalizeStride(NaN)).toBe(1);
    expect(normalizeStride(4.7)).toBe(4);
    expect(strideLabel(1)).toBe('');
    expect(strideLabel(2)).toBe('every 2nd neuron');
    expect(strideLabel(10)).toBe('every 10th neuron');
    expect(strideLabel(11)).toBe('every 11th neuron');
  });
});

describe('prepareRaster', () => {
  const pops = [
    { name: 'L23E', firstId: 1, lastId: 4 },
    { name: 'L23I', firstId: 5, lastId: 6 },
  ];
  // Time-ordered, h = 0.1 ms: steps 10..50 -> 1..5 ms.
  const spikes = {
    senders: Uint32Array.from([1, 5, 2, 6, 3, 99, 4, 1]),
    steps: Uint32Array.from([10, 10, 20, 20, 30, 30, 40, 50]),
    resolutionMs: 0.1,
  };

  it('splits spikes by population into times and y, dropping unknown senders', () => {
    const r = prepareRaster(spikes, pops, 0, 10);
    expect(r.total).toBe(7);
    expect(Array.from(r.populations[0].timesMs)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(r.populations[0].ys)).toEqual([6, 5, 4, 3, 6]);
    expect(Array.from(r.populations[1].ys)).toEqual([2, 1]);
    expect(r.populations[0].color).toBe('#595289');
    expect(r.populations[1].color).toBe('#af143c');
    expect(r.populations.every((p) => p.sorted)).toBe(true);
  });

  it('includes both ends of the window, as NEST', () => {
    const r = prepareRaster(spikes, pops, 2, 4);
    expect(Array.from(r.populations[0].timesMs)).toEqual([2, 3, 4]);
    expect(Array.from(r.populations[1].timesMs)).toEqual([2]);
  });

  it('thins by neuron: stride 2 keeps ids 1, 3 and 5 (all their spikes)', () => {
    const r = prepareRaster(spikes, pops, 0, 10, 2);
    expect(r.stride).toBe(2);
    expect(Array.from(r.populations[0].ys)).toEqual([6, 4, 6]);
    expect(Array.from(r.populations[1].ys)).toEqual([2]);
    expect(r.populations.map((p) => p.neuronsShown)).toEqual([2, 1]);
  });

  it('finds the visible range by bisection, or scans all when unsorted', () => {
    const r = prepareRaster(spikes, pops, 0, 10);
    expect(visibleRange(r.populations[0], 2, 4)).toEqual([1, 4]);
    const unsorted = prepareRaster({ ...spikes, steps: Uint32Array.from([50, 10, 20, 20, 30, 30, 40, 10]) }, pops, 0, 10);
    expect(unsorted.populations[0].sorted).toBe(false);
    expect(visibleRange(unsorted.populations[0], 2, 4)).toEqual([0, 5]);
  });
});
