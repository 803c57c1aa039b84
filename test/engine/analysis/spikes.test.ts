import { describe, expect, it } from 'vitest';
import {
  binCount,
  binIndex,
  groupByNeuron,
  inWindow,
  SpikeAccumulator,
  spikeCounts,
  splitByPopulation,
  timeOrder,
  timesFromSteps,
  type PopulationSpikes,
} from '../../../engine/analysis/spikes.ts';

function pop(senders: number[], times: number[], firstId = 1, lastId = 4): PopulationSpikes {
  return { name: 'P', firstId, lastId, senders: Uint32Array.from(senders), timesMs: Float64Array.from(times) };
}

describe('left-open bins (t0 + k w, t0 + (k+1) w]', () => {
  it('a time on an edge belongs to the bin that ends there', () => {
    expect(binIndex(502, 500, 2)).toBe(0);
    expect(binIndex(502.1, 500, 2)).toBe(1);
    expect(binIndex(500.1, 500, 2)).toBe(0);
    expect(binIndex(500, 500, 2)).toBe(-1);
    expect(binIndex(1500, 500, 1)).toBe(999);
  });

  it('rounding noise around an edge does not move a spike', () => {
    // 5020 * 0.1 and 0.1 * 3 style products land a hair off the grid.
    expect(binIndex(5020 * 0.1, 500, 2)).toBe(0);
    expect(binIndex(0.1 * 3, 0, 0.3)).toBe(0);
    expect(binIndex(0.30000000000000004, 0.1, 0.1)).toBe(1);
  });

  it('window membership is (t0, t1]', () => {
    const w = { t0Ms: 500, t1Ms: 1500 };
    expect(inWindow(500, w)).toBe(false);
    expect(inWindow(500.1, w)).toBe(true);
    expect(inWindow(1500, w)).toBe(true);
    expect(inWindow(1500.1, w)).toBe(false);
  });

  it('binCount counts the whole bins from the window start; a last partial bin is dropped', () => {
    expect(binCount({ t0Ms: 500, t1Ms: 1500 }, 2)).toBe(500);
    expect(binCount({ t0Ms: 500, t1Ms: 1501 }, 2)).toBe(500);
    expect(binCount({ t0Ms: 0, t1Ms: 5 }, 2)).toBe(2);
    expect(binCount({ t0Ms: 0, t1Ms: 1 }, 2)).toBe(0);
    // Rounding noise does not cost a whole bin: 0.3 / 0.1 is 2.9999999999999996 in doubles.
    expect(binCount({ t0Ms: 0, t1Ms: 0.3 }, 0.1)).toBe(3);
    expect(binCount({ t0Ms: 0.1, t1Ms: 5020 * 0.1 }, 0.1)).toBe(5019);
    expect(() => binCount({ t0Ms: 5, t1Ms: 5 }, 1)).toThrow(/empty/);
    expect(() => binCount({ t0Ms: 0, t1Ms: 5 }, 0)).toThrow(/bin width must be positive, got 0 ms/);
  });
});

describe('timesFromSteps', () => {
  it('gives the same doubles as parsing NEST text', () => {
    const steps = [5001, 5035, 15000, 12347, 9999];
    const t = timesFromSteps(steps, 0.1);
    expect(Array.from(t)).toEqual([500.1, 503.5, 1500, 1234.7, 999.9]);
  });

  it('falls back to step * h for resolutions that are not 1/integer', () => {
    expect(Array.from(timesFromSteps([3], 0.3))).toEqual([3 * 0.3]);
  });
});

describe('groupByNeuron', () => {
  it('keeps in-window spikes, sorted per neuron, in node-id order', () => {
    const p = pop([3, 1, 3, 3, 1, 4], [12, 5, 2, 30, 7, 0]);
    const g = groupByNeuron(p, { t0Ms: 0, t1Ms: 20 });
    expect(Array.from(g.offsets)).toEqual([0, 2, 2, 4, 4]);
    expect(Array.from(g.timesMs)).toEqual([5, 7, 2, 12]);
    expect(Array.from(spikeCounts(g))).toEqual([2, 0, 2, 0]);
  });

  it('rejects a sender outside the population', () => {
    expect(() => groupByNeuron(pop([9], [1]), { t0Ms: 0, t1Ms: 2 })).toThrow(/sender 9 is outside/);
  });
});

describe('splitByPopulation and SpikeAccumulator', () => {
  it('routes spikes by node-id range and drops strangers', () => {
    const parts = splitByPopulation(
      Uint32Array.from([1, 5, 2, 9, 6]),
      Float64Array.from([1, 2, 3, 4, 5]),
      [
        { name: 'A', firstId: 1, lastId: 3 },
        { name: 'B', firstId: 4, lastId: 6 },
      ],
    );
    expect(Array.from(parts[0].senders)).toEqual([1, 2]);
    expect(Array.from(parts[0].timesMs)).toEqual([1, 3]);
    expect(Array.from(parts[1].senders)).toEqual([5, 6]);
    expect(parts[1].name).toBe('B');
  });

  it('grows without losing spikes', () => {
    const acc = new SpikeAccumulator(16);
    for (let i = 0; i < 100; i++) acc.push(i, i / 10);
    acc.pushMany([7, 8], [1, 2]);
    const { senders, timesMs } = acc.finish();
    expect(senders.length).toBe(102);
    expect(senders[99]).toBe(99);
    expect(timesMs[101]).toBe(2);
  });

  it('takes engine chunks in steps with the times of the store (timesFromSteps, not step · h)', () => {
    const acc = new SpikeAccumulator();
    acc.pushSteps([3, 4], [9999, 10003], 0.1);
    expect(Array.from(acc.finish().timesMs)).toEqual([999.9, 1000.3]);
    expect(9999 * 0.1).not.toBe(999.9); // the product is a hair off NEST's printed time
  });

  it('timeOrder is a stable argsort', () => {
    expect(Array.from(timeOrder(Float64Array.from([3, 1, 2, 1])))).toEqual([1, 3, 2, 0]);
    expect(Array.from(timeOrder(Float64Array.from([1, 2])))).toEqual([0, 1]);
  });
});
