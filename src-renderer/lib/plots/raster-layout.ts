/**
 * The raster plot's geometry and data preparation, as NEST's `plot_raster` lays it out
 * (pd14.md 4.6): y = lastId - id + 1, so L2/3E is at the top and L6I at the bottom; the layer
 * labels sit halfway between the first E id and the last I id of each layer; E and I alternate
 * #595289 / #af143c.
 *
 * Preparation runs once per data change (spikes, populations, window, stride) and leaves, per
 * population, two typed arrays (time in ms, y) that the draw loop reads without any lookup.
 */
import { groupByLayer, layerLabel, populationColor } from './populations.ts';

export interface RasterPopulation {
  name: string;
  /** First and last NEST node id, inclusive. */
  firstId: number;
  lastId: number;
}

/** Spikes as the engine streams them: sender node ids and stamps in steps (time = step·h). */
export interface RasterSpikes {
  senders: Uint32Array;
  steps: Uint32Array;
  resolutionMs: number;
}

export interface LayerTick {
  /** Position on the y axis (NEST's y coordinate). */
  y: number;
  label: string;
}

export interface RasterLayout {
  /** The last neuron id (NEST's `last_node_id`); 0 without populations. */
  lastId: number;
  /** y-axis range, with a small margin around [1, y of the first neuron]. */
  yMin: number;
  yMax: number;
  /** One tick per layer, at the middle of the layer, top layer first. */
  ticks: LayerTick[];
}

/** NEST's y coordinate of a neuron: abs(id - lastId) + 1. */
export function yOfNeuron(id: number, lastId: number): number {
  return Math.abs(id - lastId) + 1;
}

/** Margin above and below the neurons, as a fraction of their span (matplotlib pads 5%; we pad less). */
const Y_MARGIN = 0.02;

export function rasterLayout(populations: readonly RasterPopulation[]): RasterLayout {
  if (populations.length === 0) return { lastId: 0, yMin: 0, yMax: 1, ticks: [] };
  const lastId = populations[populations.length - 1].lastId;
  let top = 1;
  for (const p of populations) top = Math.max(top, yOfNeuron(p.firstId, lastId), yOfNeuron(p.lastId, lastId));
  const pad = Math.max(0.5, (top - 1) * Y_MARGIN);
  const ticks = groupByLayer(populations).map(({ layer, members }) => ({
    // (y of the layer's first id + y of its last id) / 2, as plot_raster's label_pos.
    y: (yOfNeuron(members[0].firstId, lastId) + yOfNeuron(members[members.length - 1].lastId, lastId)) / 2,
    label: layerLabel(layer),
  }));
  return { lastId, yMin: 1 - pad, yMax: top + pad, ticks };
}

/** A whole number >= 1 (1 for anything else). */
export function normalizeStride(stride: number | undefined): number {
  return stride !== undefined && Number.isFinite(stride) && stride >= 1 ? Math.floor(stride) : 1;
}

/**
 * For every node id 0..lastId, the index of the population it belongs to when the neuron is shown,
 * else -1. With stride s, every s-th neuron of each population is shown, counting from its first id.
 */
export function neuronSlots(populations: readonly RasterPopulation[], stride: number): Int16Array {
  const s = normalizeStride(stride);
  let maxId = 0;
  for (const p of populations) maxId = Math.max(maxId, p.lastId);
  const slots = new Int16Array(maxId + 1).fill(-1);
  populations.forEach((p, k) => {
    for (let id = Math.max(0, p.firstId); id <= p.lastId; id += s) slots[id] = k;
  });
  return slots;
}

export interface PreparedPopulation {
  name: string;
  color: string;
  /** Spike times, ms, in input order (time-ordered when the input is). */
  timesMs: Float64Array;
  /** y of each spike (NEST's coordinate). */
  ys: Float32Array;
  /** True when timesMs is ascending, so the visible range can be found by bisection. */
  sorted: boolean;
  /** Neurons of the population that the stride keeps. */
  neuronsShown: number;
}

export interface PreparedRaster {
  populations: PreparedPopulation[];
  /** Spikes kept in all populations. */
  total: number;
  stride: number;
}

/**
 * Keeps the spikes in [t0Ms, t1Ms] (both ends included, as NEST's raster) of the neurons the stride
 * keeps, split by population into time and y arrays. Spikes of unknown senders are dropped.
 * Two linear passes (count, fill); no allocation per spike.
 */
export function prepareRaster(
  spikes: RasterSpikes,
  populations: readonly RasterPopulation[],
  t0Ms: number,
  t1Ms: number,
  stride = 1,
): PreparedRaster {
  const s = normalizeStride(stride);
  const slots = neuronSlots(populations, s);
  const nPop = populations.length;
  const { senders, steps, resolutionMs: h } = spikes;
  const n = Math.min(senders.length, steps.length);
  // Compare on the step grid: step·h in [t0, t1] <=> step in [ceil(t0/h), floor(t1/h)] (with a tolerance for rounding).
  const stepLo = Math.ceil(t0Ms / h - 1e-9);
  const stepHi = Math.floor(t1Ms / h + 1e-9);
  const nSlots = slots.length;
  /** The population slot of spike i; -1 when it lies outside the window or the stride drops its neuron. */
  const slotOf = (i: number): number => {
    const st = steps[i];
    if (st < stepLo || st > stepHi) return -1;
    const id = senders[i];
    return id < nSlots ? slots[id] : -1;
  };
  const counts = new Uint32Array(nPop);
  for (let i = 0; i < n; i++) {
    const k = slotOf(i);
    if (k >= 0) counts[k]++;
  }
  const lastId = nPop > 0 ? populations[nPop - 1].lastId : 0;
  const times = Array.from(counts, (c) => new Float64Array(c));
  const ys = Array.from(counts, (c) => new Float32Array(c));
  const fill = new Uint32Array(nPop);
  const lastT = new Float64Array(nPop).fill(-Infinity);
  const sorted = new Array<boolean>(nPop).fill(true);
  for (let i = 0; i < n; i++) {
    const k = slotOf(i);
    if (k < 0) continue;
    const id = senders[i];
    const t = steps[i] * h;
    if (t < lastT[k]) sorted[k] = false;
    lastT[k] = t;
    const j = fill[k]++;
    times[k][j] = t;
    ys[k][j] = lastId - id + 1;
  }
  let total = 0;
  const prepared = populations.map((p, k) => {
    total += counts[k];
    const size = p.lastId - p.firstId + 1;
    return {
      name: p.name,
      color: populationColor(p.name),
      timesMs: times[k],
      ys: ys[k],
      sorted: sorted[k],
      neuronsShown: size > 0 ? Math.ceil(size / s) : 0,
    };
  });
  return { populations: prepared, total, stride: s };
}

/** Index range [lo, hi) of the spikes with xMin <= t <= xMax (all of them when not sorted). */
export function visibleRange(p: PreparedPopulation, xMin: number, xMax: number): [number, number] {
  const t = p.timesMs;
  if (!p.sorted) return [0, t.length];
  return [firstIndex(t, xMin, true), firstIndex(t, xMax, false)];
}

/** The first index of the ascending `a` whose value is above x (`orEqual`: at or above x); a.length if none. */
function firstIndex(a: Float64Array, x: number, orEqual: boolean): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x || (!orEqual && a[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** "every 2nd neuron", "every 10th neuron"; '' for stride 1. */
export function strideLabel(stride: number): string {
  const s = normalizeStride(stride);
  if (s === 1) return '';
  const tens = s % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[s % 10] ?? 'th';
  return `every ${s}${suffix} neuron`;
}
