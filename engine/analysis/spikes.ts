/**
 * Spike data as the analysis functions take it, and the few transformations they share.
 *
 * One population's spikes are two parallel typed arrays, in any order (NEST's VP files are not
 * sorted across files): `senders` (NEST node ids) and `timesMs` (spike times, ms). Engine output in
 * integration steps converts with `timesFromSteps`.
 *
 * Time bins are left-open and right-closed, (t0 + k·w, t0 + (k+1)·w], like the analysis window
 * (t0, t1] itself: NEST stamps a spike emitted during step s with time (s+1)·h, so a bin of whole
 * steps owns exactly the spikes stamped at its right edge, not at its left. (The reference JSON's
 * prose says "[t0+2k, t0+2k+2)" for the correlation bins, but its numbers are only reproduced with
 * (t0+2k, t0+2k+2]; see test/engine/analysis/reference-stats.test.ts.)
 */

import { grown } from '../base/typed-arrays.ts';

/** The spikes of one population (one NEST spike recorder). */
export interface PopulationSpikes {
  /** Population label, e.g. 'L23E'. */
  name: string;
  /** First and last NEST node id of the population, inclusive. */
  firstId: number;
  lastId: number;
  /** Sender node id of each spike, firstId..lastId. */
  senders: Uint32Array;
  /** Spike time of each spike, ms (same length as `senders`). */
  timesMs: Float64Array;
}

/** An analysis window (t0Ms, t1Ms]: spikes with t0Ms < t <= t1Ms count. */
export interface TimeWindow {
  t0Ms: number;
  t1Ms: number;
}

/** Number of neurons of a population. */
export function populationSize(pop: { firstId: number; lastId: number }): number {
  return pop.lastId - pop.firstId + 1;
}

/** Index of the population holding node id `id`, or -1 (populations sorted by firstId, not overlapping). */
export function populationOf(pops: readonly { firstId: number; lastId: number }[], id: number): number {
  let lo = 0;
  let hi = pops.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (id < pops[mid].firstId) hi = mid - 1;
    else if (id > pops[mid].lastId) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * Tolerance, in bin widths, below which a time that lies just above a bin edge is taken to be on the
 * edge: spike times on the grid (multiples of h) suffer rounding of about 1e-13 ms, while distinct
 * grid times are at least h >= 1e-3 ms apart.
 */
export const EDGE_TOLERANCE_BINS = 1e-7;

/**
 * Index k of the left-open bin (t0 + k·w, t0 + (k+1)·w] that holds time t (may be negative or past
 * the last bin: callers range-check).
 */
export function binIndex(tMs: number, t0Ms: number, binMs: number): number {
  const x = (tMs - t0Ms) / binMs;
  const f = Math.floor(x);
  return x - f <= EDGE_TOLERANCE_BINS ? f - 1 : f;
}

/**
 * Number of bins (t0 + k·w, t0 + (k+1)·w] of width w = binMs that lie wholly inside the window:
 * floor((t1 - t0) / w). THE RULE FOR THE LAST PARTIAL BIN: bins start at the window start and a
 * last partial bin (t0 + n·w, t1] is dropped, as numpy analysis with `np.arange(t0, t1 + w/2, w)`
 * edges does; its spikes still count for the per-neuron rates and CV ISI (which use the whole
 * window) but for no binned statistic (correlations, population counts, binned rates). A window
 * within 1e-9 bins of a whole number counts as whole (0.3 / 0.1 is 2.9999999999999996 in doubles).
 * Throws on an empty window or a bin width that is not positive.
 */
export function binCount(window: TimeWindow, binMs: number): number {
  const span = window.t1Ms - window.t0Ms;
  if (!(span > 0)) throw new RangeError(`empty analysis window (${window.t0Ms}, ${window.t1Ms}] ms`);
  if (!(binMs > 0) || !Number.isFinite(binMs)) throw new RangeError(`bin width must be positive, got ${binMs} ms`);
  const x = span / binMs;
  const n = Math.round(x);
  return Math.abs(x - n) <= 1e-9 * Math.max(1, x) ? n : Math.floor(x);
}

/** True when t lies in the window (t0, t1]. */
export function inWindow(tMs: number, window: TimeWindow): boolean {
  return binIndex(tMs, window.t0Ms, window.t1Ms - window.t0Ms) === 0;
}

/**
 * The window as two offsets from t0 for a fast membership test `lo < t - t0 <= hi`, equivalent to
 * `inWindow` (same edge tolerance) without a division per spike.
 */
function windowOffsets(window: TimeWindow): { lo: number; hi: number } {
  const span = window.t1Ms - window.t0Ms;
  return { lo: EDGE_TOLERANCE_BINS * span, hi: span * (1 + EDGE_TOLERANCE_BINS) };
}

/**
 * Spike times in ms from integration steps: t = step·h. When 1/h is an integer (h = 0.1, 0.05 ...)
 * the time is computed as step / (1/h), the correctly rounded value, identical to parsing NEST's
 * printed "%.3f" time; otherwise as step·h.
 */
export function timesFromSteps(steps: ArrayLike<number>, resolutionMs: number): Float64Array {
  const out = new Float64Array(steps.length);
  const perMs = 1 / resolutionMs;
  const perMsInt = Math.round(perMs);
  if (Math.abs(perMs - perMsInt) < 1e-9 * perMs) {
    for (let i = 0; i < steps.length; i++) out[i] = steps[i] / perMsInt;
  } else {
    for (let i = 0; i < steps.length; i++) out[i] = steps[i] * resolutionMs;
  }
  return out;
}

/**
 * The in-window spikes of a population grouped by neuron (CSR layout): neuron i (node id
 * firstId + i) owns timesMs[offsets[i] .. offsets[i+1]), ascending. Linear in the number of spikes,
 * plus sorting within neurons when the input was not time-ordered.
 */
export interface SpikesByNeuron {
  firstId: number;
  nNeurons: number;
  offsets: Uint32Array;
  timesMs: Float64Array;
}

/** Groups the population's spikes in (t0, t1] by neuron; throws on a sender outside the population. */
export function groupByNeuron(pop: PopulationSpikes, window: TimeWindow): SpikesByNeuron {
  const n = populationSize(pop);
  const { senders, timesMs } = pop;
  if (senders.length !== timesMs.length) {
    throw new RangeError(`${pop.name}: ${senders.length} senders but ${timesMs.length} times`);
  }
  const { lo, hi } = windowOffsets(window);
  const t0 = window.t0Ms;
  const first = pop.firstId;
  const offsets = new Uint32Array(n + 1);
  for (let i = 0; i < senders.length; i++) {
    const local = senders[i] - first;
    if (local < 0 || local >= n) {
      throw new RangeError(`${pop.name}: sender ${senders[i]} is outside the population's node ids ${pop.firstId}..${pop.lastId}`);
    }
    const d = timesMs[i] - t0;
    if (d > lo && d <= hi) offsets[local + 1]++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
  const fill = offsets.slice(0, n);
  const out = new Float64Array(offsets[n]);
  for (let i = 0; i < senders.length; i++) {
    const t = timesMs[i];
    const d = t - t0;
    if (d > lo && d <= hi) out[fill[senders[i] - first]++] = t;
  }
  for (let i = 0; i < n; i++) {
    const a = offsets[i];
    const b = offsets[i + 1];
    for (let j = a + 1; j < b; j++) {
      if (out[j] < out[j - 1]) {
        out.subarray(a, b).sort();
        break;
      }
    }
  }
  return { firstId: pop.firstId, nNeurons: n, offsets, timesMs: out };
}

/** Spike count of each neuron in the window, ordered by node id. */
export function spikeCounts(byNeuron: SpikesByNeuron): Uint32Array {
  const c = new Uint32Array(byNeuron.nNeurons);
  for (let i = 0; i < c.length; i++) c[i] = byNeuron.offsets[i + 1] - byNeuron.offsets[i];
  return c;
}

/**
 * Splits network-wide spikes into populations by sender (populations given by contiguous node-id
 * ranges, in any order). Spikes of senders outside every population are dropped. Two linear passes.
 */
export function splitByPopulation(
  senders: Uint32Array,
  timesMs: Float64Array,
  populations: readonly { name: string; firstId: number; lastId: number }[],
): PopulationSpikes[] {
  // A lookup table over the node-id span of the populations: one array read per spike.
  let minId = Infinity;
  let maxId = -Infinity;
  for (const p of populations) {
    if (p.lastId < p.firstId) throw new RangeError(`${p.name}: empty node id range ${p.firstId}..${p.lastId}`);
    minId = Math.min(minId, p.firstId);
    maxId = Math.max(maxId, p.lastId);
  }
  const table = new Int16Array(populations.length > 0 ? maxId - minId + 1 : 0).fill(-1);
  populations.forEach((p, i) => table.fill(i, p.firstId - minId, p.lastId - minId + 1));
  const which = new Int16Array(senders.length);
  const counts = new Uint32Array(populations.length);
  for (let s = 0; s < senders.length; s++) {
    const local = senders[s] - minId;
    const p = local >= 0 && local < table.length ? table[local] : -1;
    which[s] = p;
    if (p >= 0) counts[p]++;
  }
  const out = populations.map((p, i) => ({
    name: p.name,
    firstId: p.firstId,
    lastId: p.lastId,
    senders: new Uint32Array(counts[i]),
    timesMs: new Float64Array(counts[i]),
  }));
  const fill = new Uint32Array(populations.length);
  for (let s = 0; s < senders.length; s++) {
    const p = which[s];
    if (p < 0) continue;
    const k = fill[p]++;
    out[p].senders[k] = senders[s];
    out[p].timesMs[k] = timesMs[s];
  }
  return out;
}

/**
 * A growable pair of spike arrays, for collecting spikes chunk by chunk (engine callbacks, file
 * readers) without per-spike objects. Capacity doubles; `finish()` returns trimmed copies.
 */
export class SpikeAccumulator {
  private senders: Uint32Array;
  private times: Float64Array;
  private n = 0;

  constructor(initialCapacity = 1 << 14) {
    this.senders = new Uint32Array(Math.max(16, initialCapacity));
    this.times = new Float64Array(Math.max(16, initialCapacity));
  }

  get length(): number {
    return this.n;
  }

  private grow(min: number): void {
    let cap = this.senders.length;
    while (cap < min) cap *= 2;
    this.senders = grown(this.senders, cap, this.n);
    this.times = grown(this.times, cap, this.n);
  }

  push(sender: number, tMs: number): void {
    if (this.n === this.senders.length) this.grow(this.n + 1);
    this.senders[this.n] = sender;
    this.times[this.n] = tMs;
    this.n++;
  }

  pushMany(senders: ArrayLike<number>, timesMs: ArrayLike<number>): void {
    if (senders.length !== timesMs.length) throw new RangeError('senders and times differ in length');
    if (this.n + senders.length > this.senders.length) this.grow(this.n + senders.length);
    for (let i = 0; i < senders.length; i++) {
      this.senders[this.n + i] = senders[i];
      this.times[this.n + i] = timesMs[i];
    }
    this.n += senders.length;
  }

  /**
   * Appends engine spikes stamped in integration steps (a SpikeChunk's senders and steps), with
   * times from timesFromSteps: the convention of spikes read back from the run store, so a run
   * analysed as it streams and the same run analysed from the store give the same numbers.
   */
  pushSteps(senders: ArrayLike<number>, steps: ArrayLike<number>, resolutionMs: number): void {
    this.pushMany(senders, timesFromSteps(steps, resolutionMs));
  }

  finish(): { senders: Uint32Array; timesMs: Float64Array } {
    return { senders: this.senders.slice(0, this.n), timesMs: this.times.slice(0, this.n) };
  }
}

/**
 * Indices that order the spikes by time (stable: equal times keep their input order). The helper
 * of the NEST example sorts each recorder's concatenated VP files by time before plotting.
 */
export function timeOrder(timesMs: Float64Array): Uint32Array {
  const idx = new Uint32Array(timesMs.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  let sorted = true;
  for (let i = 1; i < timesMs.length; i++) {
    if (timesMs[i] < timesMs[i - 1]) {
      sorted = false;
      break;
    }
  }
  if (!sorted) idx.sort((a, b) => timesMs[a] - timesMs[b] || a - b);
  return idx;
}
