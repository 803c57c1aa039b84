/**
 * The one path from a stored run to engine/analysis: its spikes over the analysis window
 * (t_presim, t_presim + t_sim], read back from the store (so the statistics describe exactly what
 * is stored), analysed with analyzeRun. The cached statistics (RunStore.setStatsSync), the
 * runs.distributions request and the comparison of stored runs all read runs through it.
 */
import {
  analyzeRun,
  timesFromSteps,
  type NetworkStats,
  type PopulationSpikes,
  type PopulationStats,
  type RunAnalysis,
  type TimeWindow,
} from '../../engine/analysis/index.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import type { RunStore } from '../store/run-store.ts';

export const RUN_STATS_VERSION = 1;

/** What is cached per run: the reference JSON's blocks (engine/analysis/population-stats.ts). */
export interface RunStats {
  version: typeof RUN_STATS_VERSION;
  window: TimeWindow;
  /** By population name, in population order. */
  populations: Record<string, PopulationStats>;
  network: NetworkStats;
}

export function analysisWindow(params: ParamSet): TimeWindow {
  return { t0Ms: params.sim.t_presim, t1Ms: params.sim.t_presim + params.sim.t_sim };
}

type SpikeReads = Pick<RunStore, 'getRunSync' | 'getSpikesSync'>;

/** A stored run's spikes in the window, per population in network order, times in ms (timesFromSteps). */
export function storedRunSpikesSync(store: SpikeReads, id: number, window: TimeWindow): PopulationSpikes[] {
  const run = store.getRunSync(id);
  const w = store.getSpikesSync(id, { t0Ms: window.t0Ms, t1Ms: window.t1Ms });
  const pops: PopulationSpikes[] = run.populations.map((p) => ({ ...p, senders: new Uint32Array(0), timesMs: new Float64Array(0) }));
  for (const g of w.groups) {
    pops[g.pop].senders = w.senders.slice(g.start, g.end);
    pops[g.pop].timesMs = timesFromSteps(w.steps.subarray(g.start, g.end), w.resolutionMs);
  }
  return pops;
}

/** Every statistic of a stored run over its analysis window (the caller checks that it recorded spikes). */
export function analyzeStoredRunSync(store: SpikeReads, id: number, params: ParamSet): RunAnalysis {
  const window = analysisWindow(params);
  return analyzeRun(storedRunSpikesSync(store, id, window), window);
}

/**
 * Statistics of a run's stored spikes; null when the spike recorder was off (no spikes were
 * recorded, so there is nothing to describe).
 */
export function computeRunStatsSync(store: SpikeReads, id: number, params: ParamSet): RunStats | null {
  if (!params.sim.rec_dev.includes('spike_recorder')) return null;
  const a = analyzeStoredRunSync(store, id, params);
  return { version: RUN_STATS_VERSION, window: a.window, populations: a.populations, network: a.network };
}
