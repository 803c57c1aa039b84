/** Axis ticks at round numbers (1, 2, 2.5, 5 × 10^k), for the SVG plots. */

export interface Ticks {
  /** Tick values, ascending, covering [lo, hi] of the domain. */
  values: number[];
  step: number;
  /** The domain widened to whole steps. */
  lo: number;
  hi: number;
}

const MANTISSAS = [1, 2, 2.5, 5, 10];

/** About `target` (at least 2) round ticks spanning [min, max]; a degenerate range is widened by ±1 step. */
export function niceTicks(min: number, max: number, target = 6): Ticks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { values: [0, 1], step: 1, lo: 0, hi: 1 };
  if (max < min) [min, max] = [max, min];
  if (max === min) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, target);
  const mag = 10 ** Math.floor(Math.log10(raw));
  // The round step whose number of intervals is closest to the target (the larger step on a tie).
  const intervals = (s: number): number => Math.ceil(max / s - 1e-9) - Math.floor(min / s + 1e-9);
  let step = mag;
  for (const m of MANTISSAS) {
    if (Math.abs(intervals(m * mag) - target) <= Math.abs(intervals(step) - target)) step = m * mag;
  }
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const values: number[] = [];
  const n = Math.round((hi - lo) / step);
  for (let i = 0; i <= n; i++) values.push(roundTo(lo + i * step, step));
  return { values, step, lo: values[0], hi: values[values.length - 1] };
}

/** Removes floating-point noise (0.30000000000000004 -> 0.3) at the step's precision. */
function roundTo(v: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(v.toFixed(Math.min(20, digits))) + 0;
}

/** A tick label with as many decimals as the step needs. */
export function formatTick(v: number, step: number): string {
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9) + (isQuarter(step) ? 1 : 0)));
  const s = v.toFixed(decimals);
  return s === '-0' || /^-0\.0*$/.test(s) ? s.slice(1) : s;
}

function isQuarter(step: number): boolean {
  const m = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
  return Math.abs(m - 2.5) < 1e-9;
}

/** A number for a table cell: 3 significant decimals below 10, fewer above; '–' for missing. */
export function formatNumber(v: number | null | undefined, decimals = 3): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const abs = Math.abs(v);
  const d = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? Math.min(decimals, 2) : decimals;
  return v.toFixed(d);
}
