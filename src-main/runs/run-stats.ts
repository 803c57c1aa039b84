/**
 * A run's per-population statistics, computed with engine/analysis over the analysis window
 * (t_presim, t_presim + t_sim] from the spikes read back from the store (so they describe exactly
 * what is stored), in the shape cached by RunStore.setStatsSync.
 */
import { analyzeRun, timesFromSteps, type NetworkStats, type PopulationSpikes, type PopulationStats, type TimeWindow } from '../../engine/analysis/index.ts';
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

/**
 * Statistics of a run's stored spikes; null when the spike recorder was off (no spikes were
 * recorded, so there is nothing to describe). Throws when the window does not suit the analysis
 * (e.g. t_sim not a multiple of its 10-ms bins).
 */
export function computeRunStatsSync(store: Pick<RunStore, 'getRunSync' | 'getSpikesSync'>, id: number, params: ParamSet): RunStats | null {
  if (!params.sim.rec_dev.includes('spike_recorder')) return null;
  const window = analysisWindow(params);
  const run = store.getRunSync(id);
  const w = store.getSpikesSync(id, { t0Ms: window.t0Ms, t1Ms: window.t1Ms });
  const pops: PopulationSpikes[] = run.populations.map((p) => ({ ...p, senders: new Uint32Array(0), timesMs: new Float64Array(0) }));
  for (const g of w.groups) {
    pops[g.pop].senders = w.senders.slice(g.start, g.end);
    pops[g.pop].timesMs = timesFromSteps(w.steps.subarray(g.start, g.end), w.resolutionMs);
  }
  const a = analyzeRun(pops, window);
  return { version: RUN_STATS_VERSION, window, populations: a.populations, network: a.network };
}
