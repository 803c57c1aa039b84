/**
 * The run detail's raster controls: the window and stride as typed, checked before the spikes are
 * asked for. A mistake is answered in words naming what is allowed. Pure.
 */
import { formatMs } from './format.ts';
import type { TimeWindowMs } from './run-detail.svelte.ts';

export interface RasterDrafts {
  /** Window start, ms, as typed. */
  from: string;
  /** Window end, ms, as typed. */
  to: string;
  /** Every n-th neuron, as typed. */
  stride: string;
}

export type RasterRequest = { ok: true; window: TimeWindowMs; stride: number } | { ok: false; error: string };

export function draftsOf(window: TimeWindowMs, stride: number): RasterDrafts {
  return { from: String(window.t0Ms), to: String(window.t1Ms), stride: String(stride) };
}

/** The window and stride to ask for, or why not: 0 ≤ from < to ≤ the run's end, a whole stride ≥ 1. */
export function parseRasterDrafts(d: RasterDrafts, runEndMs: number): RasterRequest {
  const t0 = Number(d.from);
  const t1 = Number(d.to);
  const stride = Number(d.stride);
  if (!Number.isFinite(t0) || !Number.isFinite(t1) || t0 < 0 || t1 <= t0) {
    return { ok: false, error: `The window must satisfy 0 ≤ from < to (ms); got ${d.from || '∅'} to ${d.to || '∅'}.` };
  }
  if (t1 > runEndMs) return { ok: false, error: `The run ends at ${formatMs(runEndMs)}.` };
  if (!Number.isInteger(stride) || stride < 1) {
    return { ok: false, error: `The stride is a whole number ≥ 1 (every n-th neuron); got ${d.stride || '∅'}.` };
  }
  return { ok: true, window: { t0Ms: t0, t1Ms: t1 }, stride };
}
