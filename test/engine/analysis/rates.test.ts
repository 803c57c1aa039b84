import { describe, expect, it } from 'vitest';
import { mean } from '../../../engine/analysis/descriptive.ts';
import { cvIsi, fractionSilent, neuronRatesHz } from '../../../engine/analysis/rates.ts';
import { groupByNeuron } from '../../../engine/analysis/spikes.ts';
import { trains } from './synthetic.ts';
import { seededRandom } from '../../../src-renderer/lib/plots/test-support/pd14-synthetic.ts';

const W = { t0Ms: 0, t1Ms: 1000 };

describe('per-neuron rates', () => {
  it('count / window seconds, silent neurons 0, node-id order', () => {
    const g = groupByNeuron(trains([[10, 20, 30], [], [999.9, 1000], [0, 1000.1]]), W);
    expect(Array.from(neuronRatesHz(g, W))).toEqual([3, 0, 2, 0]);
    expect(fractionSilent(g)).toBe(0.5);
  });

  it('uses the NEST helpers formula count·1000/(t1-t0), bit for bit, for any window', () => {
    const w = { t0Ms: 500, t1Ms: 800 };
    const g = groupByNeuron(trains([[510, 520, 530, 540, 550, 560, 570]]), w);
    // 7·1000/300 = 23.333333333333332, while 7/0.3 = 23.333333333333336: rate files must use the former.
    expect(neuronRatesHz(g, w)[0]).toBe((7 * 1000) / 300);
    expect(neuronRatesHz(g, w)[0]).not.toBe(7 / 0.3);
  });

  it('scales with the window length', () => {
    const w = { t0Ms: 500, t1Ms: 750 };
    const g = groupByNeuron(trains([[600, 700]]), w);
    expect(neuronRatesHz(g, w)[0]).toBe(8);
  });
});

describe('CV of inter-spike intervals', () => {
  it('a regular train has CV 0', () => {
    const g = groupByNeuron(trains([[100, 200, 300, 400, 500]]), W);
    const r = cvIsi(g);
    expect(Array.from(r.cv)).toEqual([0]);
    expect(Array.from(r.nodeIds)).toEqual([1]);
  });

  it('ISIs 10 and 30: mean 20, std 10, CV 0.5; unsorted input is sorted first', () => {
    const g = groupByNeuron(trains([[50, 10, 20]]), W);
    expect(cvIsi(g).cv[0]).toBe(0.5);
  });

  it('only neurons with >= 3 spikes count', () => {
    const g = groupByNeuron(trains([[1, 2], [1, 2, 4], [], [5, 6, 7, 8]], 11), W);
    const r = cvIsi(g);
    expect(Array.from(r.nodeIds)).toEqual([12, 14]);
    expect(r.cv[0]).toBeCloseTo(1 / 3, 15); // ISIs 1, 2
    expect(r.cv[1]).toBe(0);
  });

  it('a Poisson train has CV near 1 (exponential ISIs)', () => {
    const rnd = seededRandom(42);
    const list: number[][] = [];
    for (let n = 0; n < 200; n++) {
      const ts: number[] = [];
      let t = 0;
      for (;;) {
        t += -Math.log(1 - rnd()) * 20; // 50 spikes/s
        if (t > 1000) break;
        ts.push(t);
      }
      list.push(ts);
    }
    const g = groupByNeuron(trains(list), W);
    const cvs = cvIsi(g).cv;
    expect(cvs.length).toBe(200);
    // ~49 ISIs per neuron: CV has a small downward bias and SD ~0.1 per neuron; the mean of 200 is near 0.98.
    expect(mean(cvs)).toBeGreaterThan(0.93);
    expect(mean(cvs)).toBeLessThan(1.03);
  });
});
