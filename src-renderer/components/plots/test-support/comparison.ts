/** A two-population comparison of two runs, for the specs of CompareView and its parts. */
import type { Comparison, KsRow } from '../../../lib/plots/compare-types.ts';
import type { ShownRun } from '../../../lib/plots/compare-view.ts';

export const POPS = ['L23E', 'L23I'];

/** A population's distributions, shifted by `shift` (rates) so runs differ. */
export const pop = (name: string, shift: number) => ({
  name,
  rateMeanHz: 1 + shift,
  distributions: {
    rates: Array.from({ length: 50 }, (_, i) => (i % 7) + shift),
    cv_isi: Array.from({ length: 30 }, (_, i) => 0.8 + i / 100),
    corr_2ms: Array.from({ length: 40 }, (_, i) => (i - 20) / 1000),
  },
});

export const ksRow = (population: string, statistic: KsRow['statistic'], verdict: KsRow['verdict'], d: number, runIds?: [number, number]): KsRow => ({
  population,
  statistic,
  d,
  threshold: 0.12,
  verdict,
  text: `${population} ${statistic}: D=${d}`,
  ...(runIds ? { runIds } : {}),
});

export function twoRuns(ks: KsRow[], parameterDifferences: Comparison['parameterDifferences'] = [{ path: 'sim.rng_seed', values: [55, 56] }]): Comparison {
  return {
    runs: [
      { runId: 1, populations: POPS.map((n) => pop(n, 0)) },
      { runId: 2, populations: POPS.map((n) => pop(n, 2)) },
    ],
    parameterDifferences,
    ks,
  };
}

export const SHOWN: ShownRun[] = [
  { id: 1, name: 'seed 55', color: '#2f6fb3', index: 0 },
  { id: 2, name: 'seed 56', color: '#e07b1a', index: 1 },
];
