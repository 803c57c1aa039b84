/**
 * Threads own contiguous ranges of shards (postsynaptic ownership, Kunkel et al. 2014), balanced
 * by the expected work of each shard. The split changes speed only: the spikes do not depend on it.
 */
import { MAX_QUEUE_INPUTS } from '../base/event-word.ts';
import { NUM_POPS, type ParamSet } from '../params/types.ts';
import type { ValidationIssue } from '../params/validate.ts';
import type { Shard } from './shards.ts';

/**
 * Typical rates (spikes/s) of the eight populations, from NEST's full-scale microcircuit: the
 * weights of the thread split only (thalamic input is off or brief, so it weighs nothing).
 */
const TYPICAL_RATE_HZ = [0.9, 3.0, 4.4, 5.9, 7.7, 8.7, 1.1, 7.8];

/** Cost of a neuron update relative to a synaptic event (both measured per thread: npm run bench, worker phases). */
const UPDATE_PER_EVENT = 0.56;

/** Contiguous shard ranges [first, last) for `threads` threads, balancing `work`. */
function assignShards(work: number[], threads: number): [number, number][] {
  const total = work.reduce((a, b) => a + b, 0);
  const out: [number, number][] = [];
  let first = 0;
  let acc = 0;
  for (let t = 0; t < threads; t++) {
    let last = first;
    if (t === threads - 1) last = work.length;
    else {
      const goal = (total * (t + 1)) / threads;
      const remainingThreads = threads - t - 1;
      while (last < work.length - remainingThreads) {
        if (last > first && Math.abs(acc + work[last] - goal) > Math.abs(acc - goal)) break;
        acc += work[last];
        last++;
      }
    }
    for (let s = first; s < last && t === threads - 1; s++) acc += work[s];
    out.push([first, last]);
    first = last;
  }
  return out;
}

/**
 * The number of threads (sim.local_num_threads or the override, at most one per shard) and their
 * shard ranges: about equal work per model second — synaptic events (synapses x typical rate of
 * their source population) plus neuron updates. A thread may own at most MAX_QUEUE_INPUTS neurons
 * (its delay queue addresses them in 17 bits); more is an issue naming the field (null when none).
 */
export function threadShards(
  params: ParamSet,
  shards: readonly Shard[],
  shardSynapses: number[][],
  threadsOverride?: number,
): { threads: number; threadShards: [number, number][]; issue: ValidationIssue | null } {
  const { sim } = params;
  const threads = Math.max(1, Math.min(threadsOverride ?? sim.local_num_threads, shards.length || 1));
  const updatesPerS = 1000 / sim.sim_resolution;
  const work = shards.map((s, idx) => {
    let events = 0;
    for (let j = 0; j < NUM_POPS; j++) events += shardSynapses[idx][j] * TYPICAL_RATE_HZ[j];
    return events + UPDATE_PER_EVENT * updatesPerS * s.size;
  });
  const ranges = assignShards(work, threads);
  const numNeurons = shards.reduce((n, s) => n + s.size, 0);
  const mostOnAThread = Math.max(...ranges.map(([a, b]) => shards.slice(a, b).reduce((n, s) => n + s.size, 0)));
  let issue: ValidationIssue | null = null;
  if (mostOnAThread > MAX_QUEUE_INPUTS) {
    const need = Math.ceil(numNeurons / (MAX_QUEUE_INPUTS * 0.9));
    issue = {
      path: 'sim.local_num_threads',
      value: sim.local_num_threads,
      message: `${numNeurons} neurons on ${threads} thread(s) put ${mostOnAThread} on one thread; a thread can own at most ${MAX_QUEUE_INPUTS}: use at least ${need} threads (or a smaller net.N_scaling)`,
    };
  }
  return { threads, threadShards: ranges, issue };
}
