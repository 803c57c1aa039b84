/**
 * Memory and time estimates from the parameters alone, before anything is built. Pure: shared by
 * the engine's memory guard and the parameter editor.
 */
import { deriveParams } from './derive.ts';
import type { ParamSet } from './types.ts';

export interface RunEstimate {
  neurons: number;
  synapses: number;
  /** Peak resident memory expected for the engine process, bytes. */
  peakBytes: number;
  /** Breakdown, bytes. */
  parts: { synapses: number; rows: number; ringsAndState: number; recording: number; runtime: number; construction: number };
  /** Expected wall-clock seconds for build and simulation on this class of machine (rough). */
  buildS: number;
  simS: number;
}

/** Bytes per stored synapse (16-bit target, 16-bit weight level, 8-bit delay). */
export const BYTES_PER_SYNAPSE = 5;
/**
 * Throughput per thread, calibrated with `npm run bench` on the development machine (2-core EPYC):
 * construction 9e6 synapses/s; delivery 6e7 events/s while the synapses fit in cache, falling as
 * (6e7 / synapses)^1.2 beyond (measured 17 M/s at 1.5e8 synapses, 9.4 M/s at full scale); the
 * WebAssembly update with Poisson input 2.5e8 neuron-steps/s; about 5 us per step and shard of overhead.
 */
export const SYNAPSES_BUILT_PER_S = 9e6;
export const EVENTS_PER_S = 6e7;
export const EVENTS_CACHE_SYNAPSES = 6e7;
export const NEURON_STEPS_PER_S = 2.5e8;
export const STEP_SHARD_OVERHEAD_S = 5e-6;

/** Synapses of the largest shard (shards split each population evenly into blocks of <= 2048). */
function maxShardSynapses(d: ReturnType<typeof deriveParams>): number {
  let m = 0;
  d.numNeurons.forEach((n, i) => {
    if (n === 0) return;
    const perNeuron = d.numSynapses[i].reduce((a, b) => a + b, 0) / n + (d.numThSynapses ? d.numThSynapses[i] / n : 0);
    m = Math.max(m, Math.ceil(n / Math.ceil(n / 2048)) * perNeuron);
  });
  return m;
}

export function estimateRun(p: ParamSet, cores = 2): RunEstimate {
  const d = deriveParams(p);
  const threads = p.sim.local_num_threads;
  const n = d.totalNeurons;
  const thSyn = p.stim.thalamic_input && d.numThSynapses ? d.numThSynapses.reduce((a, b) => a + b, 0) : 0;
  const syn = d.totalSynapses + thSyn;
  const shards = d.numNeurons.reduce((a, k) => a + Math.ceil(k / 2048), 0);
  const sources = n + (p.stim.thalamic_input ? p.stim.num_th_neurons : 0);
  const steps = Math.round((p.sim.t_presim + p.sim.t_sim) / p.sim.sim_resolution);
  const durS = (p.sim.t_presim + p.sim.t_sim) / 1000;
  // Rates of a few spikes/s; 8 bytes per recorded spike (sender + stamp), kept until streamed.
  const expectedSpikes = n * 4 * durS;
  const vSamples = p.sim.rec_dev.includes('voltmeter') ? n * Math.floor((p.sim.t_presim + p.sim.t_sim) / p.sim.rec_V_int) : 0;
  const parts = {
    synapses: syn * BYTES_PER_SYNAPSE,
    rows: shards * (sources + 1) * 4,
    ringsAndState: n * (72 * 4 + 8 + 8 + 4 + 1) + 2 * n * 4,
    recording: Math.min(expectedSpikes * 8, 64 * 2 ** 20) + Math.min(vSamples * 4, 64 * 2 ** 20),
    runtime: (90 + 45 * Math.max(0, threads - 1)) * 2 ** 20,
    // Construction scratch: two (key, payload) word pairs per synapse of the largest shard, per thread.
    construction: Math.min(threads, shards) * 17.6 * maxShardSynapses(d),
  };
  const peakBytes = Object.values(parts).reduce((a, b) => a + b, 0);
  const meanOutDegree = n > 0 ? d.totalSynapses / n : 0;
  const eventsPerS = n * 3.5 * meanOutDegree; // ~3.5 spikes/s per neuron
  const eff = Math.max(1, Math.min(threads, cores));
  const eventRate = EVENTS_PER_S * Math.min(1, EVENTS_CACHE_SYNAPSES / Math.max(1, syn)) ** 1.2;
  const simS = (durS * eventsPerS) / (eventRate * eff) + (steps * n) / (NEURON_STEPS_PER_S * eff) + (steps * shards * STEP_SHARD_OVERHEAD_S) / eff;
  const buildS = 0.3 + syn / (SYNAPSES_BUILT_PER_S * eff);
  return { neurons: n, synapses: syn, peakBytes, parts, buildS, simS };
}

