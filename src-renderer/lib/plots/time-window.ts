/**
 * The raster's visible time window: zoom, pan and reset, always inside the bounds the caller gave
 * (the plot's t0Ms..t1Ms) and never narrower than a minimum span. Pure functions on plain numbers.
 */

export interface ViewWindow {
  t0Ms: number;
  t1Ms: number;
}

/** The narrowest window: 1 ms or 10 steps, whichever is wider, but never wider than the bounds. */
export function minSpanMs(bounds: ViewWindow, resolutionMs: number): number {
  const span = bounds.t1Ms - bounds.t0Ms;
  return Math.min(span, Math.max(1, 10 * (resolutionMs > 0 ? resolutionMs : 0.1)));
}

/** Moves and shrinks/widens a window until it lies in the bounds and spans at least minSpan. */
export function clampWindow(w: ViewWindow, bounds: ViewWindow, minSpan: number): ViewWindow {
  const full = bounds.t1Ms - bounds.t0Ms;
  let span = Math.min(full, Math.max(minSpan, w.t1Ms - w.t0Ms));
  if (!(span > 0)) span = full;
  const mid = (w.t0Ms + w.t1Ms) / 2;
  let t0 = mid - span / 2;
  t0 = Math.min(Math.max(t0, bounds.t0Ms), bounds.t1Ms - span);
  return { t0Ms: t0, t1Ms: t0 + span };
}

/** Scales the window's span by `factor` (< 1 zooms in) around `centerMs` (its middle by default). */
export function zoomWindow(w: ViewWindow, bounds: ViewWindow, factor: number, minSpan: number, centerMs?: number): ViewWindow {
  const c = centerMs ?? (w.t0Ms + w.t1Ms) / 2;
  const t0 = c - (c - w.t0Ms) * factor;
  const t1 = c + (w.t1Ms - c) * factor;
  const span = Math.max(minSpan, t1 - t0);
  // Keep the centre where it was when the span was limited.
  const frac = w.t1Ms > w.t0Ms ? (c - w.t0Ms) / (w.t1Ms - w.t0Ms) : 0.5;
  const a = c - span * frac;
  return clampWindow({ t0Ms: a, t1Ms: a + span }, bounds, minSpan);
}

/** Shifts the window by deltaMs (positive: later), stopping at the bounds. */
export function panWindow(w: ViewWindow, bounds: ViewWindow, deltaMs: number): ViewWindow {
  const span = w.t1Ms - w.t0Ms;
  const t0 = Math.min(Math.max(w.t0Ms + deltaMs, bounds.t0Ms), bounds.t1Ms - span);
  return { t0Ms: t0, t1Ms: t0 + span };
}

/** True when the window shows all of the bounds. */
export function isFullWindow(w: ViewWindow, bounds: ViewWindow): boolean {
  const tol = 1e-9 * Math.max(1, Math.abs(bounds.t1Ms));
  return Math.abs(w.t0Ms - bounds.t0Ms) <= tol && Math.abs(w.t1Ms - bounds.t1Ms) <= tol;
}
