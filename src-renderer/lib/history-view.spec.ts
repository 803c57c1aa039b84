import { describe, expect, it } from 'vitest';
import { keyParamsLines, layerNames, layerRates } from './history-view.ts';

const pops = ['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I'].map((name, i) => ({ name, firstId: i * 10 + 1, lastId: i * 10 + 10 }));

describe('history rows', () => {
  it('shows mean rates as E / I per layer', () => {
    const rows = layerRates({ populations: pops, ratesHz: [0.41, 2.02, 3.9, 5.01, 6.5, 7.8, 0.86, 7.05] });
    expect(rows[0]).toEqual({ layer: 'L2/3', e: '0.41', i: '2.02' });
    expect(rows.map((r) => r.layer)).toEqual(['L2/3', 'L4', 'L5', 'L6']);
  });

  it('shows dashes until a run has rates', () => {
    expect(layerRates({ populations: pops, ratesHz: null })[3]).toEqual({ layer: 'L6', e: '–', i: '–' });
  });

  it('names the layers even before any run has populations', () => {
    expect(layerNames([])).toEqual(['L2/3', 'L4', 'L5', 'L6']);
    expect(layerNames([{ populations: pops }])).toEqual(['L2/3', 'L4', 'L5', 'L6']);
  });

  it('puts the key parameters in two short lines', () => {
    expect(keyParamsLines({ N_scaling: 0.02, K_scaling: 0.1, rng_seed: 55, local_num_threads: 1, t_presim: 50, t_sim: 200, sim_resolution: 0.1 })).toEqual([
      'N 0.02 · K 0.1',
      'seed 55 · 1 thread · 200 ms',
    ]);
  });
});
