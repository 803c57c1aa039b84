/**
 * Memory and time estimates from the parameters alone, before anything is built, and the memory
 * check every caller shares (the engine's guard, the validation, the page's estimate card). Pure:
 * shared with the page.
 *
 * The memory model adds up what the engine allocates, term by term, at the moment of its peak —
 * the end of the build, when every thread's arena holds its synapses and its construction scratch
 * has not been collected yet, and the delay queues and the recorded spikes are added on top:
 *
 * - per thread, a WebAssembly arena (engine/wasm/arena.ts, laid out by engine/sim/kernels-wasm.ts):
 *   the neurons' state, the synapse words, the run words and two pointers per source and shard
 *   (engine/network/rows.ts), the Poisson tables, and the delay queue's chunk pool
 *   (engine/wasm/queue.ts, sized by engine/sim/partition.ts initialQueueChunks);
 * - per thread, the construction scratch (engine/wasm/generate.ts): four words per synapse of the
 *   largest shard the thread builds, and the packed row pointers;
 * - the main thread's spike exchange and tally (engine/runner.ts) and the recorded spikes the
 *   headless runner keeps for its analysis (engine/cli/headless.ts);
 * - the runtime: Node and V8 themselves (code, heaps, the engine's modules), once for the process
 *   and once for each worker thread's isolate. These two are the only measured constants.
 *
 * `npm run bench` prints the estimate next to the measured peak for several scales and thread
 * counts (test/bench/memory-bench.ts); test/engine/estimate.test.ts checks the terms against the
 * allocations of a built network.
 */
import { deriveParams } from './derive.ts';
import { NUM_POPS, type ParamSet, SHARD_MAX_NEURONS } from './types.ts';
import type { ValidationIssue } from './validate.ts';

export interface MemoryParts {
  /** One 32-bit word per synapse. */
  synapses: number;
  /** One 32-bit run word per (source, shard, delay) present. */
  runs: number;
  /** A row pointer and a run pointer per source and shard. */
  pointers: number;
  /** Neuron state, queue inputs, Poisson tables, spike exchange and tally. */
  neurons: number;
  /** The delay queues' chunk pools. */
  queue: number;
  /** Construction scratch of every thread (dropped after the build, but not yet collected at the peak). */
  construction: number;
  /** Recorded spikes (and a chunk of voltages) held in memory. */
  recording: number;
  /** Node and V8: the process, and one isolate per worker thread. */
  runtime: number;
}

export interface RunEstimate {
  neurons: number;
  synapses: number;
  /** Peak resident memory expected for the engine process, bytes. */
  peakBytes: number;
  /** Breakdown, bytes. */
  parts: MemoryParts;
  /** Expected wall-clock seconds for build and simulation on this class of machine (rough). */
  buildS: number;
  simS: number;
}

/**
 * Share of the memory available to a run above which a run is refused (the engine's guard, the
 * validation, and the page's estimate card all use it): the estimate is within about 15 % of the
 * measured peak, so a run estimated at 90 % of what is available can still fit.
 */
export const MEMORY_REFUSE_FRACTION = 0.9;

/** Bytes of a synapse word, a run word, and the two pointers per source and shard (engine/network/rows.ts). */
export const SYNAPSE_WORD_BYTES = 4;
export const RUN_WORD_BYTES = 4;
export const POINTER_BYTES_PER_SOURCE = 8;
/**
 * Bytes per neuron in its thread's arena: V_m and i_syn (f64), r_ref (i32) — STATE_ARRAYS of
 * engine/models/iaf-psc-exp.ts — the Poisson count (u8) and the queue input (i32).
 */
export const NEURON_ARENA_BYTES = 8 + 8 + 4 + 1 + 4;
/** Per neuron in the main thread: the spike exchange (two u32 per neuron) and the tally's population byte (engine/runner.ts). */
export const NEURON_MAIN_BYTES = 8 + 1;
/** A shard's Poisson table and stream in the arena (engine/wasm/poisson.ts: cdf, 1024-entry guide, state), rounded up. */
export const SHARD_POISSON_BYTES = 8192;
/** A delay-queue chunk: 16-byte header and 2048 event words (engine/wasm/queue.ts WASM_CHUNK_BYTES). */
export const QUEUE_CHUNK_BYTES = 16 + 4 * 2048;
/**
 * Construction scratch per synapse of a thread's largest shard: keys and words, twice, for the
 * radix sort (engine/wasm/generate.ts); plus its fixed tables (about 70 KB).
 */
export const CONSTRUCTION_BYTES_PER_SYNAPSE = 16;
export const CONSTRUCTION_FIXED_BYTES = 70 * 1024;
/** A recorded spike as the headless runner keeps it: u32 sender and f64 time (engine/analysis/spikes.ts SpikeAccumulator). */
export const RECORDED_SPIKE_BYTES = 12;
/**
 * Node and V8, measured (npm run bench, the memory table): the process with the engine and the
 * CLI loaded, and each worker thread's isolate with the engine's modules.
 */
export const PROCESS_BASE_BYTES = 100 * 2 ** 20;
export const WORKER_BYTES = 24 * 2 ** 20;

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

/**
 * Probabilities of the delays in steps 1, 2, ... of a delay drawn from Normal(mean, std), redrawn
 * below h/2 and rounded to steps (pd14.md 4.5; engine/network/delays.ts computes it exactly for
 * construction). Here by the density at each step's centre, which is close enough to count the
 * distinct delays a row holds.
 */
function delayProbabilities(meanMs: number, stdMs: number, hMs: number): number[] {
  if (!(stdMs > 0)) return [1];
  const probs: number[] = [];
  let sum = 0;
  // The last delay: where the normal tail falls below 2^-44, 7.43 standard deviations above the mean.
  const last = Math.min(4096, Math.max(1, Math.ceil((meanMs + 7.43 * stdMs) / hMs - 0.5)));
  for (let k = 1; k <= last; k++) {
    const z = (k * hMs - meanMs) / stdMs;
    const w = Math.exp(-0.5 * z * z);
    probs.push(w);
    sum += w;
  }
  return sum > 0 ? probs.map((w) => w / sum) : [1];
}

/**
 * Expected runs (distinct delays) of one source's row onto one shard: its synapses there are
 * Poisson(lambda) (sources drawn uniformly), split over the delays, so delay k is present with
 * probability 1 - exp(-lambda p_k).
 */
function expectedRuns(lambda: number, probs: readonly number[]): number {
  let r = 0;
  for (const q of probs) r += -Math.expm1(-lambda * q);
  return r;
}

/** The network's shards as the engine cuts them: per population, count and synapses per shard. */
interface ShardClass {
  pop: number;
  count: number;
  size: number;
  synapses: number;
}

export function estimateRun(p: ParamSet, cores = 2): RunEstimate {
  const d = deriveParams(p);
  const h = p.sim.sim_resolution;
  const n = d.totalNeurons;
  const parrots = p.stim.thalamic_input ? p.stim.num_th_neurons : 0;
  const thSynOf = (i: number) => (parrots > 0 && d.numThSynapses ? d.numThSynapses[i] : 0);
  const sources = n + parrots;

  // Shards, their synapses and the runs of their rows.
  const classes: ShardClass[] = [];
  let runs = 0;
  let maxDelaySteps = 1;
  for (let i = 0; i < NUM_POPS; i++) {
    const ni = d.numNeurons[i];
    if (ni === 0) continue;
    const count = Math.ceil(ni / SHARD_MAX_NEURONS);
    let synapses = 0;
    const pair = (total: number, nSrc: number, meanMs: number, stdMs: number) => {
      if (total === 0 || nSrc === 0) return;
      const probs = delayProbabilities(meanMs, stdMs, h);
      maxDelaySteps = Math.max(maxDelaySteps, probs.length);
      synapses += total / count;
      runs += count * nSrc * expectedRuns(total / count / nSrc, probs);
    };
    for (let j = 0; j < NUM_POPS; j++) pair(d.numSynapses[i][j], d.numNeurons[j], d.delayMeanMs[i][j], d.delayStdMs[i][j]);
    pair(thSynOf(i), parrots, p.stim.delay_th_mean, p.stim.delay_th_mean * p.stim.delay_th_rel_std);
    classes.push({ pop: i, count, size: ni / count, synapses });
  }
  const shards = classes.reduce((a, c) => a + c.count, 0);
  const syn = classes.reduce((a, c) => a + c.count * c.synapses, 0);
  const threads = Math.max(1, Math.min(p.sim.local_num_threads, shards || 1));
  // Each thread's scratch is sized for its largest shard: at most the `threads` largest shards.
  const bySize = classes.slice().sort((a, b) => b.synapses - a.synapses);
  let largest = 0;
  for (let left = threads, c = 0; left > 0 && c < bySize.length; c++) {
    const take = Math.min(left, bySize[c].count);
    largest += take * bySize[c].synapses;
    left -= take;
  }
  const slots = maxDelaySteps + 1;
  // Each thread's pool: two chunks per slot and 16, plus twice the events in flight at 8 spikes/s
  // over a 1.5 ms mean delay (engine/sim/partition.ts initialQueueChunks).
  const queueChunks = threads * (2 * slots + 16) + Math.ceil((2 * syn * 8 * 1.5e-3) / 2048) + threads;

  const durS = (p.sim.t_presim + p.sim.t_sim) / 1000;
  let spikes = 0;
  for (let i = 0; i < NUM_POPS; i++) spikes += d.numNeurons[i] * p.net.full_mean_rates[i] * durS;
  const voltRowsPerChunk = p.sim.rec_dev.includes('voltmeter') ? Math.ceil((500 * h) / p.sim.rec_V_int) : 0;

  const parts: MemoryParts = {
    synapses: syn * SYNAPSE_WORD_BYTES,
    runs: runs * RUN_WORD_BYTES,
    pointers: shards * (sources + 1) * POINTER_BYTES_PER_SOURCE,
    neurons: n * (NEURON_ARENA_BYTES + NEURON_MAIN_BYTES) + shards * SHARD_POISSON_BYTES,
    queue: queueChunks * QUEUE_CHUNK_BYTES,
    construction: largest * CONSTRUCTION_BYTES_PER_SYNAPSE + threads * ((sources + 1) * POINTER_BYTES_PER_SOURCE + CONSTRUCTION_FIXED_BYTES),
    // Spikes kept for the analysis; voltages stream out a chunk at a time (the chunk, its copy).
    recording: spikes * RECORDED_SPIKE_BYTES + 2 * voltRowsPerChunk * n * 4,
    runtime: PROCESS_BASE_BYTES + (threads > 1 ? threads * WORKER_BYTES : 0),
  };
  const peakBytes = Object.values(parts).reduce((a, b) => a + b, 0);

  const steps = Math.round((p.sim.t_presim + p.sim.t_sim) / h);
  const meanOutDegree = n > 0 ? d.totalSynapses / n : 0;
  const eventsPerS = n * 3.5 * meanOutDegree; // ~3.5 spikes/s per neuron
  const eff = Math.max(1, Math.min(threads, cores));
  const simS = (durS * eventsPerS) / (EVENTS_PER_S * eff) + (steps * n) / (NEURON_STEPS_PER_S * eff) + (steps * shards * STEP_SHARD_OVERHEAD_S) / eff;
  const buildS = 0.3 + syn / (SYNAPSES_BUILT_PER_S * eff);
  return { neurons: n, synapses: Math.round(syn), peakBytes, parts, buildS, simS };
}

/** What a run may use, as the machine tells it (engine/memory.ts memoryFacts reads it; the page cannot). */
export interface MemoryAvailable {
  /** Bytes a new run may use now. */
  availableBytes: number;
  /** Where that figure comes from, in words (e.g. "the cgroup v2 limit memory.max of /sys/fs/cgroup/x (1.00 GiB, 0.10 GiB in use)"). */
  availableFrom?: string;
}

export type MemoryCheck = { ok: true; estimate: RunEstimate; limitBytes: number } | { ok: false; estimate: RunEstimate; limitBytes: number; issue: ValidationIssue };

const gib = (b: number) => (b / 2 ** 30).toFixed(2);

/**
 * Whether a run of `p` fits: its estimated peak must stay within MEMORY_REFUSE_FRACTION of the
 * memory available to it. Pure: the machine's facts are passed in (engine/memory.ts memoryFacts).
 * A refusal is an issue on net.N_scaling naming the need, the limit and where the limit comes from.
 */
export function checkMemory(p: ParamSet, machine: MemoryAvailable & { cores?: number }): MemoryCheck {
  const estimate = estimateRun(p, machine.cores ?? 2);
  const limitBytes = MEMORY_REFUSE_FRACTION * machine.availableBytes;
  if (estimate.peakBytes <= limitBytes) return { ok: true, estimate, limitBytes };
  const from = machine.availableFrom ? ` (${machine.availableFrom})` : '';
  return {
    ok: false,
    estimate,
    limitBytes,
    issue: {
      path: 'net.N_scaling',
      value: p.net.N_scaling,
      message:
        `not enough memory for this network: it needs about ${gib(estimate.peakBytes)} GiB ` +
        `(${estimate.neurons} neurons, ${estimate.synapses} synapses, ${p.sim.local_num_threads} thread(s)), ` +
        `and a run may use ${gib(limitBytes)} GiB: ${Math.round(MEMORY_REFUSE_FRACTION * 100)} % of the ${gib(machine.availableBytes)} GiB available${from}. ` +
        'Reduce net.N_scaling or net.K_scaling, use fewer threads (sim.local_num_threads), or free memory',
    },
  };
}
