/**
 * A stored run's distributions (runs.distributions) and the comparison of stored runs
 * (runs.compare): the interop module's judged comparison (compareStoredRuns: KS distances against
 * the NEST seed-to-seed yardstick, verdict, caveats, parameter differences), plus each run's
 * distributions and parameters, which the page's comparison plots draw.
 */
import { analyzeRun, timesFromSteps, type PopulationSpikes } from '../../engine/analysis/index.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import type { RunDistributions, StoredRunsComparison } from '../contract.ts';
import { compareStoredRunsWithData } from '../interop/compare.ts';
import { analysisWindow } from '../runs/run-stats.ts';
import type { RunStore } from '../store/run-store.ts';
import { StudioError } from './errors.ts';

type StoreReads = Pick<RunStore, 'getRunSync' | 'getParamsSync' | 'getSpikesSync'>;

/** Per-neuron rates, CV ISI and correlations of every population over the run's analysis window. */
export function runDistributionsSync(store: StoreReads, id: number): RunDistributions & { params: ParamSet } {
  const record = store.getRunSync(id);
  if (record.status !== 'completed') {
    throw new StudioError('conflict', `run ${id} (${record.name}) is ${record.status}: distributions are computed for completed runs`);
  }
  const params = store.getParamsSync(id);
  if (!params.sim.rec_dev.includes('spike_recorder')) {
    throw new StudioError('conflict', `run ${id} (${record.name}) recorded no spikes (sim.rec_dev has no spike_recorder)`);
  }
  const window = analysisWindow(params);
  const w = store.getSpikesSync(id, window);
  const pops: PopulationSpikes[] = record.populations.map((p) => ({ ...p, senders: new Uint32Array(0), timesMs: new Float64Array(0) }));
  for (const g of w.groups) {
    pops[g.pop].senders = w.senders.slice(g.start, g.end);
    pops[g.pop].timesMs = timesFromSteps(w.steps.subarray(g.start, g.end), w.resolutionMs);
  }
  return { id, window, populations: analyzeRun(pops, window).distributions, params };
}

export function compareRunsSync(store: RunStore, ids: readonly number[]): StoredRunsComparison {
  if (new Set(ids).size !== ids.length) throw new StudioError('bad-request', `ids: a run appears twice in ${JSON.stringify(ids)}`);
  const [a, b, ...more] = ids;
  if (a === undefined || b === undefined) throw new StudioError('bad-request', 'ids: at least two runs are needed');
  // One analysis per run serves both the judged comparison and the plots.
  const { comparison, runs } = compareStoredRunsWithData(store, [a, b, ...more]);
  return { ...comparison, details: runs };
}
