/**
 * The store calls of an engine run's lifecycle, shared by the run manager and the simulate CLI:
 * what each step records (engine name and version, seed, threads, machine, population table,
 * summary, statistics), so both paths store runs the same way.
 */
import { ENGINE_NAME, ENGINE_VERSION, type MachineInfo, type RunOutcome } from '../../engine/api.ts';
import { populationLayout } from '../../engine/host/populations.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import { machineInfo } from '../../engine/run.ts';
import type { CompletionStats, RunStore } from '../store/run-store.ts';
import type { RunRecord } from '../store/types.ts';
import { computeRunStatsSync } from './run-stats.ts';

/** A new engine run, 'queued'; records the parameters, seed, thread count, engine name and version. */
export function createEngineRunSync(store: RunStore, name: string, params: ParamSet, tags?: readonly string[]): RunRecord {
  return store.createRunSync({ name, params, engineName: ENGINE_NAME, engineVersion: ENGINE_VERSION, tags });
}

/** queued -> running, with the population table derived from the parameters, the threads and the machine. */
export function startEngineRunSync(store: RunStore, id: number, params: ParamSet, machine: MachineInfo = machineInfo()): RunRecord {
  return store.startRunSync(id, { populations: populationLayout(params), threads: params.sim.local_num_threads, machine });
}

export interface CompletedRun {
  record: RunRecord;
  /** Why no statistics were stored (they are a cache: the run completes without them); stored with the run too. */
  statsProblem: string | null;
}

/**
 * The statistics of a run's stored spikes, or why there are none. Never throws: no analysis
 * problem may turn a completed simulation into a failed run.
 */
export function completionStatsSync(store: RunStore, id: number, params: ParamSet): CompletionStats & { problem: string | null } {
  try {
    const stats = computeRunStatsSync(store, id, params);
    if (stats) return { stats, problem: null };
    return { problem: 'no spikes were recorded (sim.rec_dev has no spike_recorder)' };
  } catch (e) {
    return { problem: `the statistics could not be computed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * Statistics from the stored spikes, then running -> completed with the engine's summary and the
 * statistics (or why there are none) in one transaction. Throws (leaving the run running, to be
 * marked failed) when the store refuses the completion, e.g. when the stored spikes are not the
 * ones the engine reported. `prepared`: statistics computed before (a retried completion).
 */
export function completeEngineRunSync(store: RunStore, id: number, outcome: RunOutcome, prepared?: CompletionStats): CompletedRun {
  const statistics = prepared ?? completionStatsSync(store, id, outcome.params);
  const record = store.markCompletedSync(id, outcome.summary, statistics);
  return { record, statsProblem: record.statsProblem };
}
