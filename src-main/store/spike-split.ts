/**
 * Splits an engine spike chunk into per-population arrays in canonical order (by step, then by
 * sender), validating it against the chunk contract of engine/api.ts. Pure.
 */
import type { PopulationInfo, SpikeChunk } from '../../engine/api.ts';
import { populationOf } from '../../engine/analysis/spikes.ts';
import { RunStoreError } from './errors.ts';

/** One population's part of an engine spike chunk, as the store encodes it (steps and local offsets). */
export interface PopulationChunk {
  /** Index of the population in the run's population table. */
  pop: number;
  steps: Uint32Array;
  /** Sender offsets from the population's first id. */
  offsets: Uint32Array;
}

function badChunk(what: string): RunStoreError {
  return new RunStoreError('bad-chunk', `spike chunk refused: ${what}`);
}

/** Sorts offsets ascending within each run of equal steps (insertion sort: runs are short). */
export function sortWithinSteps(steps: Uint32Array, offsets: Uint32Array): void {
  for (let i = 1; i < steps.length; i++) {
    const o = offsets[i];
    if (steps[i] !== steps[i - 1] || o >= offsets[i - 1]) continue;
    let j = i - 1;
    while (j >= 0 && steps[j] === steps[i] && offsets[j] > o) {
      offsets[j + 1] = offsets[j];
      j--;
    }
    offsets[j + 1] = o;
  }
}

/**
 * `pops` must be sorted by firstId and disjoint (the store checks this when a run starts).
 * `afterStep`: the last step already stored for the run; the chunk must start at or after it.
 */
export function splitChunkByPopulation(
  chunk: SpikeChunk,
  pops: readonly PopulationInfo[],
  afterStep: number,
): PopulationChunk[] {
  const { senders, steps, fromStep, toStep } = chunk;
  if (!(senders instanceof Uint32Array) || !(steps instanceof Uint32Array)) {
    throw badChunk('senders and steps must be Uint32Arrays');
  }
  if (senders.length !== steps.length) {
    throw badChunk(`${senders.length} senders but ${steps.length} steps`);
  }
  if (!Number.isInteger(fromStep) || !Number.isInteger(toStep) || fromStep < 0 || toStep < fromStep) {
    throw badChunk(`bad step range (${fromStep}, ${toStep}]`);
  }
  if (fromStep < afterStep) {
    throw badChunk(`it starts at step ${fromStep}, before the end of the previous chunk (step ${afterStep})`);
  }
  const popOf = new Int32Array(senders.length);
  const counts = new Uint32Array(pops.length);
  let prev = fromStep + 1;
  for (let i = 0; i < senders.length; i++) {
    const s = steps[i];
    if (s <= fromStep || s > toStep) throw badChunk(`spike ${i} at step ${s} is outside (${fromStep}, ${toStep}]`);
    if (s < prev) throw badChunk(`spikes are not time-ordered at index ${i}`);
    prev = s;
    const p = populationOf(pops, senders[i]);
    if (p < 0) throw badChunk(`sender ${senders[i]} (spike ${i}) is in no population`);
    popOf[i] = p;
    counts[p]++;
  }
  const result: PopulationChunk[] = [];
  const fill = new Uint32Array(pops.length);
  const byPop: PopulationChunk[] = pops.map((_, pop) => ({
    pop,
    steps: new Uint32Array(counts[pop]),
    offsets: new Uint32Array(counts[pop]),
  }));
  for (let i = 0; i < senders.length; i++) {
    const p = popOf[i];
    const target = byPop[p];
    const k = fill[p]++;
    target.steps[k] = steps[i];
    target.offsets[k] = senders[i] - pops[p].firstId;
  }
  for (const ps of byPop) {
    if (ps.steps.length === 0) continue;
    sortWithinSteps(ps.steps, ps.offsets);
    result.push(ps);
  }
  return result;
}

/**
 * Spikes in any order (e.g. read from NEST's per-thread files) as engine-like chunks for
 * appendSpikesSync: sorted by step (stably), each chunk covering `chunkSteps` steps, empty spans
 * skipped. Steps must be >= 1 (NEST stamps a spike at t = step * h, step >= 1).
 */
export function chunksFromUnsorted(senders: Uint32Array, steps: Uint32Array, chunkSteps = 1000): SpikeChunk[] {
  if (senders.length !== steps.length) throw badChunk(`${senders.length} senders but ${steps.length} steps`);
  if (!Number.isSafeInteger(chunkSteps) || chunkSteps < 1) throw new RangeError('chunkSteps must be a positive integer');
  const order = new Uint32Array(steps.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => steps[a] - steps[b] || a - b);
  const chunks: SpikeChunk[] = [];
  let i = 0;
  while (i < order.length) {
    const first = steps[order[i]];
    if (first < 1) throw badChunk(`spike ${order[i]} is at step ${first}; steps start at 1`);
    const fromStep = Math.floor((first - 1) / chunkSteps) * chunkSteps;
    const toStep = fromStep + chunkSteps;
    let j = i;
    while (j < order.length && steps[order[j]] <= toStep) j++;
    const idx = order.subarray(i, j);
    chunks.push({
      fromStep,
      toStep,
      senders: Uint32Array.from(idx, (k) => senders[k]),
      steps: Uint32Array.from(idx, (k) => steps[k]),
    });
    i = j;
  }
  return chunks;
}
