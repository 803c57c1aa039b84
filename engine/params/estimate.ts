/**
 * Memory and time estimates from the parameters alone, before anything is built. Pure: shared by
 * the engine's memory guard and the parameter editor.
 */
import { deriveParams } from './derive.ts';
import { type ParamSet, SHARD_MAX_NEURONS } from './types.ts';

export interface RunEstimate {
  neurons: number;
  synapses: number;
  /** Peak resident memory expected for the engine process, bytes. */
  peakBytes: number;
  /** Breakdown, bytes. */
  parts: { synapses: number; rows: number; stateAndQueue: number; recording: number; runtime: number; construction: number };
  /** Expected wall-clock seconds for build and simulation on this class of machine (rough). */
  buildS: number;
  simS: number;
}

/**
 * Bytes per stored synapse, rounded up: a 4-byte synapse word and its share of the run words
 * (engine/network/rows.ts); the row pointers are counted apart (`rows`).
 */
export const BYTES_PER_SYNAPSE = 5;
/**
 * Throughput per thread, calibrated with `npm run bench` on the development machine (2-core EPYC):
 * construction 1.2e7 synapses/s (generation, sort and packing in WebAssembly); delivery (append to the delay queue + drain) 1e8 events/s, about
 * the same at every scale since the queue keeps the random accesses in cache; the WebAssembly
 * update with Poisson input 2.5e8 neuron-steps/s; about 2 us per step and shard (rows looked up,
 * kernel calls). Full scale on 2 threads: 12.8 s build and 10.5 s for 1.5 s of model time estimated,
 * 10.4 s and about 10.5 s measured; N = K = 0.1 on 1 thread: 0.9 s estimated, 0.55 s measured.
 */
export const SYNAPSES_BUILT_PER_S = 1.2e7;
export const EVENTS_PER_S = 1e8;
export const NEURON_STEPS_PER_S = 2.5e8;
export const STEP_SHARD_OVERHEAD_S = 2e-6;

/** Synapses of the largest shard (shards split each population evenly into blocks of <= SHARD_MAX_NEURONS). */
function maxShardSynapses(d: ReturnType<typeof deriveParams>): number {
  let m = 0;
  d.numNeurons.forEach((n, i) => {
    if (n === 0) return;
    const perNeuron = d.numSynapses[i].reduce((a, b) => a + b, 0) / n + (d.numThSynapses ? d.numThSynapses[i] / n : 0);
    m = Math.max(m, Math.ceil(n / Math.ceil(n / SHARD_MAX_NEURONS)) * perNeuron);
  });
  return m;
}

export function estimateRun(p: ParamSet, cores = 2): RunEstimate {
  const d = deriveParams(p);
  const threads = p.sim.local_num_threads;
  const n = d.totalNeurons;
  const thSyn = p.stim.thalamic_input && d.numThSynapses ? d.numThSynapses.reduce((a, b) => a + b, 0) : 0;
  const syn = d.totalSynapses + thSyn;
  const shards = d.numNeurons.reduce((a, k) => a + Math.ceil(k / SHARD_MAX_NEURONS), 0);
  const sources = n + (p.stim.thalamic_input ? p.stim.num_th_neurons : 0);
  const steps = Math.round((p.sim.t_presim + p.sim.t_sim) / p.sim.sim_resolution);
  const durS = (p.sim.t_presim + p.sim.t_sim) / 1000;
  // Rates of a few spikes/s; 8 bytes per recorded spike (sender + stamp), kept until streamed.
  const expectedSpikes = n * 4 * durS;
  const vSamples = p.sim.rec_dev.includes('voltmeter') ? n * Math.floor((p.sim.t_presim + p.sim.t_sim) / p.sim.rec_V_int) : 0;
  const parts = {
    synapses: syn * BYTES_PER_SYNAPSE,
    rows: shards * (sources + 1) * 4,
    // Neuron state and input (V, I f64; refr, input i32; Poisson count u8), spike exchange buffers,
    // and the delay queue's pool: twice the events in flight (synapses x 8 spikes/s x 1.5 ms mean
    // delay) at 4 bytes each.
    stateAndQueue: n * (8 + 8 + 4 + 4 + 1) + 2 * n * 4 + syn * 8 * 1.5e-3 * 2 * 4,
    recording: Math.min(expectedSpikes * 8, 64 * 2 ** 20) + Math.min(vSamples * 4, 64 * 2 ** 20),
    runtime: (90 + 45 * Math.max(0, threads - 1)) * 2 ** 20,
    // Construction scratch: two (key, payload) word pairs per synapse of the largest shard, per thread.
    construction: Math.min(threads, shards) * 17.6 * maxShardSynapses(d),
  };
  const peakBytes = Object.values(parts).reduce((a, b) => a + b, 0);
  const meanOutDegree = n > 0 ? d.totalSynapses / n : 0;
  const eventsPerS = n * 3.5 * meanOutDegree; // ~3.5 spikes/s per neuron
  const eff = Math.max(1, Math.min(threads, cores));
  const simS = (durS * eventsPerS) / (EVENTS_PER_S * eff) + (steps * n) / (NEURON_STEPS_PER_S * eff) + (steps * shards * STEP_SHARD_OVERHEAD_S) / eff;
  const buildS = 0.3 + syn / (SYNAPSES_BUILT_PER_S * eff);
  return { neurons: n, synapses: syn, peakBytes, parts, buildS, simS };
}

