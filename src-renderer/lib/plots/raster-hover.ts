/**
 * What is under the pointer in the raster: the neuron of the row (its NEST node id, snapped to the
 * neurons the stride shows), its population, the time, and the neuron's spike nearest to the
 * pointer when one lies within a few pixels. Pure: reads the layout and the prepared spikes.
 */
import type { PreparedRaster, RasterPopulation } from './raster-layout.ts';
import { normalizeStride, visibleRange } from './raster-layout.ts';

export interface RasterHit {
  /** NEST node id. */
  id: number;
  population: string;
  timeMs: number;
  /** The neuron's spike nearest to timeMs within the tolerance, ms; null when none. */
  spikeMs: number | null;
}

/**
 * The neuron at y (NEST's coordinate y = lastId - id + 1) among those the stride shows (every
 * stride-th of each population counted from its first id); null outside every population.
 */
export function neuronAtY(populations: readonly RasterPopulation[], y: number, stride = 1): { id: number; index: number } | null {
  if (populations.length === 0 || !Number.isFinite(y)) return null;
  const lastId = populations[populations.length - 1].lastId;
  const raw = lastId - Math.round(y) + 1;
  const index = populations.findIndex((p) => raw >= p.firstId && raw <= p.lastId);
  if (index < 0) return null;
  const p = populations[index];
  const s = normalizeStride(stride);
  const k = Math.round((raw - p.firstId) / s);
  const maxK = Math.floor((p.lastId - p.firstId) / s);
  return { id: p.firstId + Math.min(maxK, Math.max(0, k)) * s, index };
}

/** The spike of neuron `id` (population `index` of the prepared raster) nearest to tMs within tolMs, or null. */
export function spikeNear(prepared: PreparedRaster, index: number, lastId: number, id: number, tMs: number, tolMs: number): number | null {
  const p = prepared.populations[index];
  if (!p) return null;
  const y = lastId - id + 1;
  const [lo, hi] = visibleRange(p, tMs - tolMs, tMs + tolMs);
  let best: number | null = null;
  for (let i = lo; i < hi; i++) {
    if (p.ys[i] !== y) continue;
    const t = p.timesMs[i];
    if (Math.abs(t - tMs) <= tolMs && (best === null || Math.abs(t - tMs) < Math.abs(best - tMs))) best = t;
  }
  return best;
}

/** The pointer's hit: neuron, population and time, and a spike within tolMs. */
export function rasterHit(
  populations: readonly RasterPopulation[],
  prepared: PreparedRaster,
  at: { timeMs: number; y: number },
  tolMs: number,
): RasterHit | null {
  const n = neuronAtY(populations, at.y, prepared.stride);
  if (!n) return null;
  const lastId = populations[populations.length - 1].lastId;
  return { id: n.id, population: populations[n.index].name, timeMs: at.timeMs, spikeMs: spikeNear(prepared, n.index, lastId, n.id, at.timeMs, tolMs) };
}
