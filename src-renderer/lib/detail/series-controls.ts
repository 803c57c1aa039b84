/**
 * The controls of the activity, spectrum and membrane potential views: a time window and a bin
 * width as typed, checked before anything is asked (the services check again), with a refusal
 * that names the field, the value and what is allowed. The choices offered for the bin width, the
 * Welch segment and the overlap. Pure.
 */
import { ACTIVITY_BIN_MS, MAX_SERIES_BINS } from '../../../engine/analysis/series.ts';

/** Bin widths offered (any other from 0.1 to 50 ms may be typed). */
export const BIN_CHOICES_MS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50] as const;
/** Welch segment lengths offered, ms. */
export const SEGMENT_CHOICES_MS = [64, 128, 256, 512, 1024] as const;
/** Overlaps offered, fraction of a segment. */
export const OVERLAP_CHOICES = [0, 0.25, 0.5, 0.75] as const;

export interface WindowDrafts {
  from: string | number;
  to: string | number;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const num = (v: string | number): number => (typeof v === 'number' ? v : v.trim() === '' ? NaN : Number(v.trim().replace(',', '.')));

/** A window [from, to] within the run (0 ≤ from < to ≤ its end). */
export function checkWindow(d: WindowDrafts, runEndMs: number): Checked<{ t0Ms: number; t1Ms: number }> {
  const t0 = num(d.from);
  const t1 = num(d.to);
  if (!Number.isFinite(t0) || t0 < 0 || t0 >= runEndMs) return { ok: false, error: `From: got “${d.from}”, allowed: a time from 0 to ${runEndMs} ms (the run's end)` };
  if (!Number.isFinite(t1) || t1 <= t0 || t1 > runEndMs) return { ok: false, error: `To: got “${d.to}”, allowed: a time after ${t0} ms, at most ${runEndMs} ms (the run's end)` };
  return { ok: true, value: { t0Ms: t0, t1Ms: t1 } };
}

/** A bin width in [0.1, 50] ms, a whole number of integration steps, that gives the window 1 to MAX_SERIES_BINS bins. */
export function checkBin(v: string | number, resolutionMs: number, window: { t0Ms: number; t1Ms: number }): Checked<number> {
  const b = num(v);
  const { min, max } = ACTIVITY_BIN_MS;
  if (!Number.isFinite(b) || b < min || b > max) return { ok: false, error: `Bin width: got “${v}”, allowed: ${min} to ${max} ms` };
  const steps = b / resolutionMs;
  if (Math.abs(steps - Math.round(steps)) > 1e-6) return { ok: false, error: `Bin width: got ${b} ms, allowed: a whole multiple of the resolution ${resolutionMs} ms` };
  const span = window.t1Ms - window.t0Ms;
  const bins = Math.floor(span / b + 1e-9);
  if (bins < 1) return { ok: false, error: `Bin width: got ${b} ms, allowed: at most the window's length (${span} ms)` };
  if (bins > MAX_SERIES_BINS) return { ok: false, error: `Bin width: got ${b} ms, allowed: at least ${span / MAX_SERIES_BINS} ms for a ${span}-ms window` };
  return { ok: true, value: b };
}

/** A Welch segment: a whole number (≥ 2) of bins, no longer than the window. */
export function checkSegment(segmentMs: number, binMs: number, window: { t0Ms: number; t1Ms: number }): Checked<number> {
  const samples = segmentMs / binMs;
  if (!(segmentMs > 0) || Math.abs(samples - Math.round(samples)) > 1e-6 || Math.round(samples) < 2) {
    return { ok: false, error: `Segment: got ${segmentMs} ms, allowed: a whole number (at least 2) of ${binMs}-ms bins` };
  }
  if (segmentMs > window.t1Ms - window.t0Ms) {
    return { ok: false, error: `Segment: got ${segmentMs} ms, allowed: at most the window's length (${window.t1Ms - window.t0Ms} ms)` };
  }
  return { ok: true, value: segmentMs };
}

/** "0.1 ms", "50 ms". */
export function binLabel(ms: number): string {
  return `${ms} ms`;
}
