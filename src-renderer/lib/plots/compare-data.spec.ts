import { describe, expect, it } from 'vitest';
import { comparisonFromStored, diffParameters } from './compare-data.ts';

describe('diffParameters', () => {
  it('lists the leaves that differ, with one value per set', () => {
    const a = { net: { N_scaling: 0.1, K_scaling: 1, conn_probs: [[0.1, 0.2]] }, sim: { rng_seed: 55, t_sim: 1000 } };
    const b = { net: { N_scaling: 0.1, K_scaling: 0.5, conn_probs: [[0.1, 0.3]] }, sim: { rng_seed: 56, t_sim: 1000 } };
    expect(diffParameters([a, b])).toEqual([
      { path: 'net.K_scaling', values: [1, 0.5] },
      { path: 'net.conn_probs', values: [[[0.1, 0.2]], [[0.1, 0.3]]] },
      { path: 'sim.rng_seed', values: [55, 56] },
    ]);
  });

  it('reports keys present in only some sets, and nothing for identical sets', () => {
    expect(diffParameters([{ x: 1 }, { x: 1, y: 2 }])).toEqual([{ path: 'y', values: [undefined, 2] }]);
    expect(diffParameters([{ x: [1] }, { x: [1] }])).toEqual([]);
    expect(diffParameters([{ x: 1 }])).toEqual([]);
  });
});

describe('comparisonFromStored', () => {
  it('joins the services’ reply with the distributions and tags KS rows with their pair', () => {
    const row = { population: 'L23E', statistic: 'rates' as const, d: 0.2, threshold: 0.1, nOurs: 3, nReference: 3, verdict: 'fail' as const, text: 'L23E rates differ' };
    const c = comparisonFromStored(
      {
        runs: [
          { id: 1, populations: ['L23E'], meanRatesHz: [0.9] },
          { id: 2, populations: ['L23E'], meanRatesHz: [1.1] },
        ],
        pairs: [{ id: 2, baseId: 1, comparison: { rows: [row] } }],
        yardstick: { applies: true, note: 'Judged by 7 NEST runs' },
      },
      [{ runId: 1, distributions: [{ name: 'L23E', distributions: { rates: Float64Array.from([1, 2]), cv_isi: [1], corr_2ms: [] } }] }],
      [{ path: 'sim.rng_seed', values: [1, 2] }],
    );
    expect(c.runs[0].populations[0]).toMatchObject({ name: 'L23E', rateMeanHz: 0.9, distributions: { cv_isi: [1] } });
    expect(Array.from(c.runs[0].populations[0].distributions.rates)).toEqual([1, 2]);
    // A run without values has every distribution of the registry, empty.
    expect(Object.keys(c.runs[1].populations[0].distributions)).toEqual(['rates', 'cv_isi', 'corr_2ms']);
    expect(c.runs[1].populations[0].distributions.rates.length).toBe(0);
    expect(c.ks).toEqual([{ ...row, runIds: [1, 2] }]);
    expect(c.note).toBe('Judged by 7 NEST runs');
    expect(c.parameterDifferences).toHaveLength(1);
  });
});
