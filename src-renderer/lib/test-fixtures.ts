/** Records and events for the renderer specs (plain data shaped like the services' replies). */
import type { RunEvent, RunListItem } from '../../src-main/contract.ts';
import type { RunRecord, RunStatus } from '../../src-main/store/types.ts';

const POPS = ['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I'].map((name, i) => ({ name, firstId: i * 100 + 1, lastId: i * 100 + 100 }));

export function record(id: number, status: RunStatus, extra: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    uid: `uid-${id}`,
    name: `run ${id}`,
    status,
    origin: 'engine',
    createdAtMs: 1_700_000_000_000 + id * 1000,
    startedAtMs: status === 'queued' ? null : 1_700_000_000_500,
    finishedAtMs: status === 'queued' || status === 'running' ? null : 1_700_000_002_000,
    seed: 55,
    resolutionMs: 0.1,
    engineName: 'microcircuit-engine',
    engineVersion: '0.1.0',
    threads: 1,
    machine: null,
    timingsS: status === 'completed' ? { build: 0.5, presim: 0.1, sim: 0.4 } : null,
    reason: null,
    tags: [],
    populations: status === 'queued' ? [] : POPS,
    numNeurons: status === 'completed' ? 800 : null,
    numSynapses: status === 'completed' ? 50_000 : null,
    numSpikes: status === 'completed' ? 1234 : null,
    spikesStored: status === 'completed' ? 1234 : 0,
    spikesToStep: 0,
    hasStats: status === 'completed',
    statsProblem: null,
    hasVoltage: false,
    importedFrom: null,
    notes: '',
    ...extra,
  };
}

export function listItem(id: number, status: RunStatus, extra: Partial<RunListItem> = {}): RunListItem {
  return {
    ...record(id, status),
    keyParams: { N_scaling: 0.02, K_scaling: 0.1, rng_seed: 55, local_num_threads: 1, t_presim: 50, t_sim: 200, sim_resolution: 0.1 },
    ratesHz: status === 'completed' ? [0.8, 2.8, 4.2, 5.2, 7.3, 8.6, 0.8, 7.5] : null,
    ...extra,
  };
}

export function stateEvent(r: RunRecord, extra: Partial<Extract<RunEvent, { type: 'run.state' }>> = {}): RunEvent {
  return { type: 'run.state', runId: r.id, state: r.status, record: r, ...extra };
}

export function progressEvent(runId: number, phase: 'building' | 'presim' | 'sim' | 'done', tModelMs: number, wallS: number): RunEvent {
  return {
    type: 'run.progress',
    runId,
    progress: { phase, phaseFraction: 0.5, tModelMs, tTotalMs: 250, wallS, spikesSoFar: 100, realTimeFactor: phase === 'building' ? NaN : 12, recentRatesHz: phase === 'building' ? [] : [1, 2, 3, 4, 5, 6, 7, 8] },
  };
}
