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
  parts: { synapses: number; rows: number; ringsAndState: number; recording: number; runtime: number };
  /** Expected wall-clock seconds for build and simulation on this class of machine (rough). */
  buildS: number;
  simS: number;
}

/** Bytes per stored synapse (16-bit target, 16-bit weight level, 8-bit delay). */
export const BYTES_PER_SYNAPSE = 5;
/** Throughput constants measured on the development machine (2-core EPYC), per thread. */
export const SYNAPSES_BUILT_PER_S = 2.2e7;
export const EVENTS_PER_S = 1.2e8;
export const NEURON_STEPS_PER_S = 1.5e8;

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
    ringsAndState: n * (128 * 4 + 8 + 8 + 4) + 2 * n * 4,
    recording: Math.min(expectedSpikes * 8, 64 * 2 ** 20) + Math.min(vSamples * 4, 64 * 2 ** 20),
    runtime: (90 + 45 * Math.max(0, threads - 1)) * 2 ** 20,
  };
  const peakBytes = Object.values(parts).reduce((a, b) => a + b, 0);
  const meanOutDegree = n > 0 ? d.totalSynapses / n : 0;
  const eventsPerS = n * 4 * meanOutDegree; // ~4 spikes/s per neuron
  const simS = (durS * eventsPerS) / (EVENTS_PER_S * threads) + (steps * n) / (NEURON_STEPS_PER_S * threads);
  const buildS = syn / (SYNAPSES_BUILT_PER_S * Math.max(1, Math.min(threads, cores)));
  return { neurons: n, synapses: syn, peakBytes, parts, buildS, simS };
}

