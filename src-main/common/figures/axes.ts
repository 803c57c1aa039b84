/**
 * Axes of the figures: linear ones with round ticks (ticks.ts), logarithmic ones with a tick per
 * decade (and at 2 and 5 when they span less than two decades), the map from data to points, and
 * the drawing of a panel's frame, ticks and tick labels.
 */
import { el, line, num, text, textWidth } from './svg.ts';
import { formatTick, niceTicks } from './ticks.ts';

export interface Axis {
  scale: 'linear' | 'log';
  lo: number;
  hi: number;
  ticks: { value: number; label: string }[];
}

/** A linear axis over [min, max] with about `target` round ticks; `exact` keeps the ends (no widening to ticks). */
export function linearAxis(min: number, max: number, target = 5, exact = false): Axis {
  const t = niceTicks(min, max, target);
  const lo = exact && Number.isFinite(min) && max > min ? min : t.lo;
  const hi = exact && Number.isFinite(max) && max > min ? max : t.hi;
  // A typographic minus (U+2212), as printed figures have it.
  const ticks = t.values
    .filter((v) => v >= lo - 1e-9 * Math.abs(hi - lo) && v <= hi + 1e-9 * Math.abs(hi - lo))
    .map((v) => ({ value: v, label: formatTick(v, t.step).replace(/^-/, '−') }));
  return { scale: 'linear', lo, hi, ticks };
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** 10^k as text: 0.01, 0.1, 1, 10, 100, 1000 written out; beyond, 10⁻³ or 10⁴. */
export function powerOfTenLabel(k: number): string {
  if (k >= -2 && k <= 3) return String(Number((10 ** k).toFixed(Math.max(0, -k))));
  return `10${String(k).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;
}

/** A logarithmic axis over [min, max] (both > 0), from the decade below min to the one above max. */
export function logAxis(min: number, max: number): Axis {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) return logAxis(1, 10);
  if (max < min) [min, max] = [max, min];
  const k0 = Math.floor(Math.log10(min) + 1e-9);
  const k1 = Math.max(k0 + 1, Math.ceil(Math.log10(max) - 1e-9));
  const ticks: Axis['ticks'] = [];
  const sub = k1 - k0 <= 2;
  for (let k = k0; k <= k1; k++) {
    ticks.push({ value: 10 ** k, label: powerOfTenLabel(k) });
    if (sub && k < k1) {
      for (const m of [2, 5]) ticks.push({ value: m * 10 ** k, label: String(Number((m * 10 ** k).toPrecision(3))) });
    }
  }
  return { scale: 'log', lo: 10 ** k0, hi: 10 ** k1, ticks };
}

/** The map from data to points along [p0, p1] (p1 < p0 for a y axis pointing up); log axes map log10. */
export function axisMap(a: Axis, p0: number, p1: number): (v: number) => number {
  if (a.scale === 'log') {
    const l0 = Math.log10(a.lo);
    const k = (p1 - p0) / (Math.log10(a.hi) - l0);
    return (v) => (v > 0 ? p0 + (Math.log10(v) - l0) * k : NaN);
  }
  const k = a.hi !== a.lo ? (p1 - p0) / (a.hi - a.lo) : 0;
  return (v) => p0 + (v - a.lo) * k;
}

/** A panel's plot area, in pt from the top-left corner of the figure. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PanelStyle {
  fontPt: number;
  /** Draw the tick labels of the x axis (only the bottom row of a grid does). */
  xLabels: boolean;
  yLabels: boolean;
}

/** The frame of a panel with the ticks of both axes (outside, 2.5 pt) and their labels. */
export function panelAxes(box: Box, x: Axis, y: Axis, s: PanelStyle): string[] {
  const out: string[] = [el('rect', { x: box.x, y: box.y, width: box.w, height: box.h, fill: 'none', stroke: '#000000', 'stroke-width': 0.6 })];
  const fx = axisMap(x, box.x, box.x + box.w);
  const fy = axisMap(y, box.y + box.h, box.y);
  const tick = s.fontPt - 1;
  const bottom = box.y + box.h;
  // Labels that would touch the one before are left out (their ticks stay).
  let lastRight = -Infinity;
  for (const t of x.ticks) {
    const px = fx(t.value);
    out.push(line(px, bottom, px, bottom + 2.5, { stroke: '#000000', 'stroke-width': 0.5 }));
    const w = textWidth(t.label, tick);
    if (s.xLabels && px - w / 2 > lastRight + tick * 0.5) {
      out.push(text(px, bottom + 3 + tick, t.label, { 'text-anchor': 'middle', 'font-size': tick }));
      lastRight = px + w / 2;
    }
  }
  let lastY = Infinity;
  const ys = y.ticks.map((t) => ({ t, py: fy(t.value) })).sort((a, b) => b.py - a.py);
  for (const { t, py } of ys) {
    out.push(line(box.x - 2.5, py, box.x, py, { stroke: '#000000', 'stroke-width': 0.5 }));
    if (s.yLabels && py < lastY - tick * 1.15) {
      out.push(text(box.x - 3.5, py + tick * 0.35, t.label, { 'text-anchor': 'end', 'font-size': tick }));
      lastY = py;
    }
  }
  return out;
}

/** Room to leave right of a plot for half its last x tick label, pt. */
export function rightOverhang(x: Axis, fontPt: number): number {
  const last = x.ticks[x.ticks.length - 1];
  return last ? textWidth(last.label, fontPt - 1) / 2 + 2 : 4;
}

/** A label rotated to run up the left side, centred on [y0, y1]. */
export function verticalLabel(x: number, y0: number, y1: number, content: string, fontPt: number): string {
  const cy = (y0 + y1) / 2;
  return text(x, cy, content, { 'text-anchor': 'middle', transform: `rotate(-90 ${num(x)} ${num(cy)})`, 'font-size': fontPt });
}

/** "Rate (spikes/s)", or the bare label without a unit. */
export function axisTitle(label: string, unit: string): string {
  return unit ? `${label} (${unit})` : label;
}
