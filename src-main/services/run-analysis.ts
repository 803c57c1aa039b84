/**
 * The analysis requests of the services: a stored run's values of every statistic
 * (runs.distributions) and the comparison of stored runs or groups of runs (runs.compare): the
 * interop module's judged comparison (interop/run-comparison.ts: ensembles by the seed-to-seed
 * spread measured on their runs, single runs with NEST's yardstick as context; verdict, caveats,
 * parameter differences), plus each run's parameters and the values the page's plots draw.
 */
import type { ParamSet } from '../../engine/params/types.ts';
import type { RunDistributions, StoredRunsComparison } from '../contract.ts';
import { MAX_GROUPED_COMPARED_RUNS } from '../common/limits.ts';
import { compareStoredGroups } from '../interop/run-comparison.ts';
import { analysisWindow, analyzeStoredRunSync } from '../runs/run-stats.ts';
import type { RunStore } from '../store/run-store.ts';
import { StudioError } from './errors.ts';

type StoreReads = Pick<RunStore, 'getRunSync' | 'getParamsSync' | 'getSpikesSync'>;

/** Every registered statistic (rates, CV ISI, correlations, mean rate ...) of every population over the run's analysis window. */
export function runDistributionsSync(store: StoreReads, id: number): RunDistributions & { params: ParamSet } {
  const record = store.getRunSync(id);
  if (record.status !== 'completed') {
    throw new StudioError('conflict', `run ${id} (${record.name}) is ${record.status}: distributions are computed for completed runs`);
  }
  const params = store.getParamsSync(id);
  if (!params.sim.rec_dev.includes('spike_recorder')) {
    throw new StudioError('conflict', `run ${id} (${record.name}) recorded no spikes (sim.rec_dev has no spike_recorder)`);
  }
  return { id, window: analysisWindow(params), populations: analyzeStoredRunSync(store, id, params).values, params };
}

/** runs.compare: `ids` (each run with the first) or `groups` (each group with the first); exactly one of them. */
export function compareRunsSync(store: RunStore, request: { ids?: readonly number[]; groups?: readonly (readonly number[])[] }): StoredRunsComparison {
  const { ids, groups } = request;
  if ((ids === undefined) === (groups === undefined)) {
    throw new StudioError('bad-request', 'runs.compare: give either ids (runs, each compared with the first) or groups (groups of runs, each compared with the first)');
  }
  const asGroups = groups ?? (ids ?? []).map((id) => [id]);
  const flat = asGroups.flat();
  const what = groups ? 'groups' : 'ids';
  if (new Set(flat).size !== flat.length) throw new StudioError('bad-request', `${what}: a run appears twice in ${JSON.stringify(groups ?? ids)}`);
  if (asGroups.length < 2) throw new StudioError('bad-request', `${what}: at least two ${groups ? 'groups' : 'runs'} are needed`);
  if (flat.length > MAX_GROUPED_COMPARED_RUNS) {
    throw new StudioError('bad-request', `groups: ${flat.length} runs in all, at most ${MAX_GROUPED_COMPARED_RUNS} can be compared at once`);
  }
  // One analysis per run serves both the judged comparison and the plots.
  const { comparison, runs } = compareStoredGroups(store, asGroups);
  return { ...comparison, details: runs.map((r) => ({ id: r.id, params: r.params, distributions: r.values })) };
}
