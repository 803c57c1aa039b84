import { describe, expect, it } from 'vitest';
import type { StoredRunsComparison } from '../../src-main/contract.ts';
import { presetParams } from '../../engine/params/presets.ts';
import { toComparison } from './comparison.ts';

const dist = (name: string, k: number) => ({
  name,
  distributions: { rates: new Float64Array([k, k + 1]), cv_isi: new Float64Array([0.9]), corr_2ms: new Float64Array([0.01]) },
  scalars: { rate_mean: k + 0.5 },
});
const row = { population: 'L23E', statistic: 'rates' as const, d: 0.2, threshold: 0.07, nOurs: 2, nReference: 2, verdict: 'fail' as const, text: 'L23E rates differ' };

describe('toComparison', () => {
  it('maps the judged comparison, the distributions and the parameter differences', () => {
    const p2 = presetParams('default');
    p2.sim.rng_seed = 7;
    const stored = {
      runs: [
        { id: 4, name: 'a', window: { t0Ms: 50, t1Ms: 250 }, meanRatesHz: [1.5] },
        { id: 9, name: 'b', window: { t0Ms: 50, t1Ms: 250 }, meanRatesHz: [2.5] },
      ],
      populations: ['L23E'],
      pairs: [{ a: [4], b: [9], comparison: { rows: [row], pass: false, problems: [] }, verdict: 'differ', summary: 's', paramDiffs: [] }],
      yardstick: { source: 'NEST', applies: false },
      caveats: ['measured at N_scaling 0.1', 'one seed per side'],
      verdict: 'Runs 4 and 9 differ',
      nestMeanRateRangesHz: [null],
      details: [
        { id: 4, params: presetParams('default'), distributions: [dist('L23E', 1)] },
        { id: 9, params: p2, distributions: [dist('L23E', 2)] },
      ],
    } as unknown as StoredRunsComparison;
    const c = toComparison(stored);
    expect(c.runs.map((r) => r.runId)).toEqual([4, 9]);
    expect(c.runs[1]!.populations[0]!.rateMeanHz).toBe(2.5);
    expect(Array.from(c.runs[1]!.populations[0]!.distributions.rates as Float64Array)).toEqual([2, 3]);
    expect(c.ks[0]).toMatchObject({ population: 'L23E', verdict: 'fail', runIds: [4, 9] });
    expect(c.parameterDifferences).toEqual([{ path: 'sim.rng_seed', values: [55, 7] }]);
    expect(c.note).toBe('measured at N_scaling 0.1 one seed per side');
  });
});
