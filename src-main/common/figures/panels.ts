/**
 * A figure of small panels, one per population, each holding curves (one per run, or per neuron):
 * the shape of the activity, spectrum, voltage and distribution figures. Panels are laid out by
 * layer (rows L2/3 … L6, columns E and I, as the microcircuit is drawn) or stacked in one column,
 * share the x axis (labels on the bottom row) and each has its own y range unless told to share it.
 * A legend names the curves' series when there are several; a curve may carry a marked point
 * (a spectrum's peak). Curves longer than four points per pt of panel width are reduced to their
 * minimum and maximum per quarter point, which draws the same picture.
 */
import { axisMap, axisTitle, linearAxis, logAxis, panelAxes, rightOverhang, verticalLabel, type Axis, type Box } from './axes.ts';
import { resolveSize, type FigureOptions } from './layout.ts';
import { isExcitatory, layerOf, populationLabel } from './populations.ts';
import { el, esc, line, num, PT_PER_CM, svgDocument, text, textWidth, wrapText, type Figure } from './svg.ts';

/** How far above a marked point a log axis reaches at least: room for the marker and its label (about half a decade). */
export const MARK_HEADROOM = 3;

export interface Curve {
  /** The series it belongs to (a run's label); curves of one series share a colour and a legend entry. */
  series: string;
  color: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Line width, pt (default 0.8). */
  widthPt?: number;
  dashed?: boolean;
  /** Draw as steps (a histogram: y holds between x[i] and x[i+1]). */
  steps?: boolean;
  /** A marked point, with an optional label: a spectrum's peak. */
  mark?: { x: number; y: number; label?: string };
  /** A shaded band around the curve (an ensemble's ± SD): lower and upper y at each x. */
  band?: { lo: ArrayLike<number>; hi: ArrayLike<number> };
}

export interface Panel {
  /** The population ('L23E'); its label ('L2/3E') is the panel's title. */
  population: string;
  curves: Curve[];
  /** A line under the title (e.g. how many neurons a panel shows). */
  note?: string;
}

export interface AxisSpec {
  label: string;
  unit: string;
  scale: 'linear' | 'log';
  /** Fixed range; default: the data's. */
  domain?: [number, number];
}

export interface PanelsFigureData {
  title: string;
  /** The rule or method, kept in the SVG's <desc> and printed under the panels when `caption`. */
  description?: string;
  caption?: boolean;
  x: AxisSpec;
  y: AxisSpec;
  panels: Panel[];
  /** 'layers': rows by layer, E left and I right (default); 'stack': one column. */
  layout?: 'layers' | 'stack';
  /** Every panel on the same y range. */
  sharedY?: boolean;
  /** Show a legend of the series (default: when there are several). */
  legend?: boolean;
}

interface Extent {
  lo: number;
  hi: number;
}

function extentOf(values: ArrayLike<number>, positiveOnly: boolean, into: Extent): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || (positiveOnly && v <= 0)) continue;
    if (v < into.lo) into.lo = v;
    if (v > into.hi) into.hi = v;
  }
}

function makeAxis(spec: AxisSpec, e: Extent, target: number, exact: boolean): Axis {
  const [lo, hi] = spec.domain ?? (e.lo <= e.hi ? [e.lo, e.hi] : spec.scale === 'log' ? [1, 10] : [0, 1]);
  if (spec.scale === 'log') {
    // A log axis of a density: at most 6 decades below its top, so a few near-zero values do not flatten it.
    return logAxis(Math.max(lo, hi * 1e-6), hi);
  }
  return linearAxis(lo, hi, target, exact || spec.domain !== undefined);
}

/** The points of a curve as a path in panel coordinates, reduced to min/max per quarter point when dense. */
function curvePath(c: Curve, fx: (v: number) => number, fy: (v: number) => number, box: Box): string {
  const n = Math.min(c.x.length, c.y.length);
  const xs: number[] = [];
  const ys: number[] = [];
  const push = (x: number, y: number): void => {
    xs.push(x);
    ys.push(y);
  };
  if (c.steps) {
    for (let i = 0; i + 1 < n; i++) {
      const y = fy(c.y[i]);
      push(fx(c.x[i]), y);
      push(fx(c.x[i + 1]), y);
    }
  } else if (n > box.w * 4) {
    // Min and max of y in each quarter-point column, in the order they occur.
    let col = NaN;
    let lo = Infinity;
    let hi = -Infinity;
    let loFirst = true;
    let px0 = NaN;
    const flush = (): void => {
      if (!Number.isFinite(lo)) return;
      if (loFirst) {
        push(px0, lo);
        if (hi !== lo) push(px0, hi);
      } else {
        push(px0, hi);
        if (hi !== lo) push(px0, lo);
      }
    };
    for (let i = 0; i < n; i++) {
      const px = fx(c.x[i]);
      const py = fy(c.y[i]);
      if (!Number.isFinite(px) || !Number.isFinite(py)) {
        flush();
        lo = Infinity;
        hi = -Infinity;
        col = NaN;
        push(NaN, NaN);
        continue;
      }
      const k = Math.floor(px * 4);
      if (k !== col) {
        flush();
        col = k;
        px0 = px;
        lo = py;
        hi = py;
        loFirst = true;
      } else {
        if (py < lo) {
          lo = py;
          loFirst = false;
        }
        if (py > hi) hi = py;
      }
    }
    flush();
  } else {
    for (let i = 0; i < n; i++) push(fx(c.x[i]), fy(c.y[i]));
  }
  let d = '';
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${num(xs[i])} ${num(ys[i])}`;
    pen = true;
  }
  return d;
}

/** Panels in rows by layer (E left, I right), or one column. */
function grid(panels: readonly Panel[], layout: 'layers' | 'stack'): { row: number; col: number }[] {
  if (layout === 'stack') return panels.map((_, i) => ({ row: i, col: 0 }));
  const layers: string[] = [];
  for (const p of panels) if (!layers.includes(layerOf(p.population))) layers.push(layerOf(p.population));
  return panels.map((p) => ({ row: layers.indexOf(layerOf(p.population)), col: isExcitatory(p.population) ? 0 : 1 }));
}

/** The legend entries: each series once, in order of appearance. */
function seriesOf(panels: readonly Panel[]): { label: string; color: string; dashed: boolean }[] {
  const out: { label: string; color: string; dashed: boolean }[] = [];
  for (const p of panels) for (const c of p.curves) if (!out.some((s) => s.label === c.series)) out.push({ label: c.series, color: c.color, dashed: c.dashed === true });
  return out;
}

/** Lays out a legend row by row within `widthPt`; returns its elements and its height. */
export function legendRows(items: readonly { label: string; color: string; dashed?: boolean; kind?: 'line' | 'box' }[], x0: number, y0: number, widthPt: number, fontPt: number): { body: string[]; height: number } {
  const body: string[] = [];
  const rowH = fontPt * 1.35;
  let x = x0;
  let y = y0 + fontPt;
  for (const it of items) {
    const w = 14 + textWidth(it.label, fontPt) + 10;
    if (x > x0 && x + w > x0 + widthPt) {
      x = x0;
      y += rowH;
    }
    if (it.kind === 'box') body.push(el('rect', { x, y: y - fontPt * 0.7, width: 9, height: fontPt * 0.7, fill: it.color, stroke: '#000000', 'stroke-width': 0.4 }));
    else body.push(line(x, y - fontPt * 0.33, x + 10, y - fontPt * 0.33, { stroke: it.color, 'stroke-width': 1.4, 'stroke-dasharray': it.dashed ? '2.5 1.5' : undefined }));
    body.push(text(x + 13, y, it.label));
    x += w;
  }
  return { body, height: items.length === 0 ? 0 : y - y0 + fontPt * 0.45 };
}

/** The panels figure; sizes checked (a RangeError names a bad option). */
export function panelsFigure(data: PanelsFigureData, options: FigureOptions = {}): Figure {
  const layout = data.layout ?? 'layers';
  const cells = grid(data.panels, layout);
  const rows = Math.max(1, ...cells.map((c) => c.row + 1));
  const cols = Math.max(1, ...cells.map((c) => c.col + 1));
  const series = seriesOf(data.panels);
  const showLegend = data.legend ?? series.length > 1;
  const caption = data.caption && data.description ? data.description : '';
  /** Lines of the caption at a width, and their height in pt. */
  const captionLines = (widthPt: number, fontPt: number): string[] => (caption ? wrapText(caption, widthPt - 8, fontPt - 1) : []);
  const size = resolveSize(options, (w, f) => {
    const panelCm = Math.min(3.4, Math.max(1.6, w * (cols === 1 && rows > 4 ? 0.13 : 0.23)));
    const captionCm = (captionLines(w * PT_PER_CM, f).length * (f - 1) * 1.2 + 4) / PT_PER_CM;
    return rows * (panelCm + (f / 8) * 0.45) + (f / 8) * (1.2 + (showLegend ? 0.5 : 0)) + (caption ? captionCm : 0);
  });
  const f = size.fontPt;
  const tick = f - 1;

  // Axes: x shared by all panels; y per panel or shared.
  const ex: Extent = { lo: Infinity, hi: -Infinity };
  const eyAll: Extent = { lo: Infinity, hi: -Infinity };
  const eys = data.panels.map((p) => {
    const e: Extent = { lo: Infinity, hi: -Infinity };
    for (const c of p.curves) {
      extentOf(c.x, data.x.scale === 'log', ex);
      extentOf(c.y, data.y.scale === 'log', e);
      if (c.band) {
        extentOf(c.band.lo, data.y.scale === 'log', e);
        extentOf(c.band.hi, data.y.scale === 'log', e);
      }
      // A marked point's marker and label need room above it: on a log axis, a factor MARK_HEADROOM.
      if (c.mark) extentOf([data.y.scale === 'log' ? c.mark.y * MARK_HEADROOM : c.mark.y], data.y.scale === 'log', e);
    }
    extentOf([e.lo, e.hi], false, eyAll);
    return e;
  });
  const xAxis = makeAxis(data.x, ex, Math.max(3, Math.round(size.widthPt / cols / 55)), true);
  const yAxes = data.panels.map((_, i) => {
    const e = data.sharedY ? eyAll : eys[i];
    const base = data.y.scale === 'linear' && data.y.domain === undefined && e.lo > 0 && e.lo < e.hi * 0.5 ? { lo: 0, hi: e.hi } : e;
    return makeAxis(data.y, base, 3, false);
  });

  // Margins: y tick labels and the y title on the left; x tick labels and title at the bottom.
  const yLabelW = Math.max(...yAxes.flatMap((a) => a.ticks.map((t) => textWidth(t.label, tick))), textWidth('0', tick));
  const left = f * 1.5 + yLabelW + 5;
  const colGap = cols > 1 ? yLabelW + 9 : 0;
  const right = Math.max(6, rightOverhang(xAxis, f));
  const top = 4;
  const legend = showLegend ? legendRows(series, left, top, size.widthPt - left - right, f) : { body: [], height: 0 };
  const lines = captionLines(size.widthPt, f);
  const captionH = lines.length > 0 ? lines.length * tick * 1.2 + 4 : 0;
  const bottom = tick + 5 + f * 1.5 + captionH;
  // Each panel's title sits above it.
  const titleH = f * 1.25;
  const rowGap = titleH + f * 0.3;
  const plotTop = top + legend.height + (legend.height > 0 ? 2 : 0) + titleH;
  const panelW = (size.widthPt - left - right - colGap * (cols - 1)) / cols;
  const panelH = (size.heightPt - plotTop - bottom - rowGap * (rows - 1)) / rows;
  if (!(panelW > 10) || !(panelH > 10)) throw new RangeError(`heightCm: got ${size.heightCm} cm, allowed: enough for ${rows} rows of panels at ${size.widthCm} cm wide`);

  const body: string[] = [...legend.body];
  let clip = 0;
  data.panels.forEach((p, i) => {
    const { row, col } = cells[i];
    const box: Box = { x: left + col * (panelW + colGap), y: plotTop + row * (panelH + rowGap), w: panelW, h: panelH };
    const yAxis = yAxes[i];
    const lastRow = !cells.some((c) => c.col === col && c.row > row);
    body.push(...panelAxes(box, xAxis, yAxis, { fontPt: f, xLabels: lastRow, yLabels: true }));
    const fx = axisMap(xAxis, box.x, box.x + box.w);
    const fy = axisMap(yAxis, box.y + box.h, box.y);
    const id = `clip${clip++}`;
    const inner: string[] = [];
    for (const c of p.curves) {
      if (c.band) {
        const up = curvePath({ ...c, y: c.band.hi, band: undefined, steps: false }, fx, fy, { ...box, w: Infinity });
        const xs = Array.from({ length: Math.min(c.x.length, c.band.lo.length) }, (_, k) => c.x[c.x.length - 1 - k]);
        const los = Array.from({ length: xs.length }, (_, k) => c.band!.lo[c.band!.lo.length - 1 - k]);
        const down = curvePath({ ...c, x: xs, y: los, band: undefined, steps: false }, fx, fy, { ...box, w: Infinity }).replace(/^M/, 'L');
        if (up && down) inner.push(el('path', { d: `${up}${down}Z`, fill: c.color, 'fill-opacity': 0.2, stroke: 'none' }));
      }
      const d = curvePath(c, fx, fy, box);
      if (d) inner.push(el('path', { d, fill: 'none', stroke: c.color, 'stroke-width': c.widthPt ?? 0.8, 'stroke-linejoin': 'round', 'stroke-dasharray': c.dashed ? '2.5 1.5' : undefined }));
      if (c.mark && Number.isFinite(c.mark.x) && Number.isFinite(c.mark.y)) {
        const mx = fx(c.mark.x);
        const my = fy(c.mark.y);
        if (Number.isFinite(mx) && Number.isFinite(my)) {
          inner.push(el('path', { d: `M${num(mx)} ${num(my - 1.5)}l-2.2 -3.8h4.4z`, fill: c.color, stroke: 'none' }));
          if (c.mark.label) {
            // Right of the marker where the label fits inside the plot, else left of it.
            const anchor = mx + 3 + textWidth(c.mark.label, tick) > box.x + box.w ? 'end' : 'start';
            inner.push(text(mx + (anchor === 'end' ? -3 : 3), Math.max(box.y + tick, my - 5), c.mark.label, { 'font-size': tick, fill: c.color, 'text-anchor': anchor }));
          }
        }
      }
    }
    body.push(
      el('clipPath', { id }, el('rect', { x: box.x, y: box.y, width: box.w, height: box.h })),
      el('g', { 'clip-path': `url(#${id})` }, inner),
      text(box.x, box.y - f * 0.35, populationLabel(p.population), { 'font-weight': 'bold', 'font-size': f }),
    );
    if (p.note) body.push(text(box.x + box.w, box.y - f * 0.35, p.note, { 'text-anchor': 'end', 'font-size': tick, fill: '#444444' }));
  });

  const gridBottom = plotTop + rows * panelH + (rows - 1) * rowGap;
  body.push(text((left + size.widthPt - right) / 2, gridBottom + tick + 4 + f * 1.2, axisTitle(data.x.label, data.x.unit), { 'text-anchor': 'middle' }));
  body.push(verticalLabel(f * 1.0, plotTop, gridBottom, axisTitle(data.y.label, data.y.unit), f));
  if (lines.length > 0) {
    body.push(el('text', { x: 4, y: size.heightPt - captionH + tick + 1, 'font-size': tick, fill: '#333333' }, lines.map((l, i) => el('tspan', { x: 4, dy: i === 0 ? 0 : tick * 1.2 }, esc(l)))));
  }
  return svgDocument({ title: options.title ?? data.title, description: data.description, widthCm: size.widthCm, heightCm: size.heightCm, fontPt: f, body });
}
