/**
 * The services' comparison (runs.compare: the interop module's judged comparison plus each run's
 * distributions and parameters) as the comparison view draws it (lib/plots/compare-types.ts). Pure.
 */
import type { StoredRunsComparison } from '../../src-main/contract.ts';
import { comparisonFromStored, diffParameters } from './plots/compare-data.ts';
import type { Comparison } from './plots/compare-types.ts';

export function toComparison(c: StoredRunsComparison): Comparison {
  return comparisonFromStored(
    {
      runs: c.runs.map((r) => ({ id: r.id, window: r.window, populations: c.populations, meanRatesHz: r.meanRatesHz })),
      // One run on each side of every pair (runs.compare compares runs, not sets).
      pairs: c.pairs.map((p) => ({ id: p.b[0]!, baseId: p.a[0]!, comparison: p.comparison })),
      yardstick: { applies: c.yardstick.applies, note: c.caveats.join(' ') },
    },
    c.details.map((d) => ({ runId: d.id, distributions: d.distributions })),
    diffParameters(c.details.map((d) => d.params)),
  );
}
