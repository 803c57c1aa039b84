/**
 * The raster plot as NEST's example draws it (pd14.md 4.6: y = lastId - id + 1, L2/3E at the top,
 * layer labels halfway between a layer's first E and last I neuron, E #595289 / I #af143c, later
 * populations on top), written as density rather than one mark per spike: the plot area is a grid
 * of cells (0.5 pt by default, finer than a print's dots), a cell takes the colour of the last
 * population with a spike in it, and each row's runs of equally coloured cells become one segment
 * of one path per population. A million spikes are a few hundred kilobytes of SVG and read as the
 * dots do.
 */
import { axisTitle, linearAxis, panelAxes, rightOverhang, verticalLabel, type Axis, type Box } from './axes.ts';
import { resolveSize, type FigureOptions } from './layout.ts';
import { legendRows } from './panels.ts';
import { EXC_COLOR, groupByLayer, INH_COLOR, layerLabel, populationColor } from './populations.ts';
import { el, num, svgDocument, text, textWidth, type Figure } from './svg.ts';

export interface RasterFigureData {
  title?: string;
  populations: readonly { name: string; firstId: number; lastId: number }[];
  /** The time axis, ms: spikes in [t0Ms, t1Ms] are drawn. */
  window: { t0Ms: number; t1Ms: number };
  /** The spikes, as runs.spikes and the live raster give them: node ids and stamps in steps (time = step · resolutionMs). */
  spikes: { senders: ArrayLike<number>; steps: ArrayLike<number>; resolutionMs: number };
  /** Every stride-th neuron of each population is shown (said in the caption). */
  stride?: number;
  /** Side of a density cell, pt (0.1–5; default 0.5). */
  cellPt?: number;
}

/** NEST's y coordinate of a neuron: lastId - id + 1. */
function yOf(id: number, lastId: number): number {
  return Math.abs(id - lastId) + 1;
}

export function rasterFigure(data: RasterFigureData, options: FigureOptions = {}): Figure {
  const { populations, window } = data;
  if (!(window.t1Ms > window.t0Ms)) throw new RangeError(`window: got (${window.t0Ms}, ${window.t1Ms}] ms, allowed: t1Ms > t0Ms`);
  const cellPt = data.cellPt ?? 0.5;
  if (!(cellPt >= 0.1 && cellPt <= 5)) throw new RangeError(`cellPt: got ${cellPt}, allowed: 0.1 to 5`);
  if (populations.length > 65_000) throw new RangeError(`populations: got ${populations.length}, allowed: at most 65000`);
  const size = resolveSize(options, (w) => w * 0.78);
  const f = size.fontPt;
  const tick = f - 1;
  const lastId = populations.length > 0 ? populations[populations.length - 1].lastId : 1;
  let topY = 1;
  for (const p of populations) topY = Math.max(topY, yOf(p.firstId, lastId), yOf(p.lastId, lastId));
  const pad = Math.max(0.5, (topY - 1) * 0.02);
  const yMin = 1 - pad;
  const yMax = topY + pad;
  const layers = groupByLayer(populations).map(({ layer, members }) => ({
    y: (yOf(members[0].firstId, lastId) + yOf(members[members.length - 1].lastId, lastId)) / 2,
    label: layerLabel(layer),
  }));

  const labelW = Math.max(textWidth('L2/3', tick), ...layers.map((l) => textWidth(l.label, tick)));
  const left = f * 1.5 + labelW + 5;
  const right = Math.max(6, rightOverhang(linearAxis(window.t0Ms, window.t1Ms, 5, true), f));
  const legend = legendRows(
    [
      { label: 'excitatory', color: EXC_COLOR, kind: 'box' },
      { label: 'inhibitory', color: INH_COLOR, kind: 'box' },
    ],
    left,
    3,
    size.widthPt - left - right,
    f,
  );
  const top = 3 + legend.height + 4;
  const bottom = tick + 5 + f * 1.5;
  const box: Box = { x: left, y: top, w: size.widthPt - left - right, h: size.heightPt - top - bottom };
  if (!(box.w > 10 && box.h > 10)) throw new RangeError(`heightCm: got ${size.heightCm} cm, allowed: a taller figure`);
  const xAxis: Axis = linearAxis(window.t0Ms, window.t1Ms, Math.max(3, Math.round(box.w / 55)), true);
  const yAxis: Axis = { scale: 'linear', lo: yMin, hi: yMax, ticks: layers.map((l) => ({ value: l.y, label: l.label })) };

  // Density grid: cell value = index + 1 of the last population (in table order) with a spike in it.
  const cols = Math.max(1, Math.ceil(box.w / cellPt));
  const rows = Math.max(1, Math.ceil(box.h / cellPt));
  const cw = box.w / cols;
  const ch = box.h / rows;
  const grid = new Uint16Array(cols * rows);
  let minId = Infinity;
  let maxId = -Infinity;
  for (const p of populations) {
    minId = Math.min(minId, p.firstId);
    maxId = Math.max(maxId, p.lastId);
  }
  const popOf = new Int16Array(populations.length > 0 ? maxId - minId + 1 : 0).fill(-1);
  populations.forEach((p, i) => popOf.fill(i, p.firstId - minId, p.lastId - minId + 1));
  const { senders, steps, resolutionMs: h } = data.spikes;
  const t0 = window.t0Ms;
  const span = window.t1Ms - window.t0Ms;
  const colPerMs = cols / span;
  const rowPerY = rows / (yMax - yMin);
  let drawn = 0;
  for (let i = 0; i < senders.length; i++) {
    const local = senders[i] - minId;
    const p = local >= 0 && local < popOf.length ? popOf[local] : -1;
    if (p < 0) continue;
    const dt = steps[i] * h - t0;
    if (dt < -1e-9 || dt > span + 1e-9) continue;
    const c = Math.min(cols - 1, Math.max(0, Math.floor(dt * colPerMs)));
    const r = Math.min(rows - 1, Math.max(0, Math.floor((yMax - (lastId - senders[i] + 1)) * rowPerY)));
    const k = r * cols + c;
    if (grid[k] < p + 1) grid[k] = p + 1;
    drawn++;
  }
  const paths: string[][] = populations.map(() => []);
  for (let r = 0; r < rows; r++) {
    const yc = num(box.y + (r + 0.5) * ch);
    const base = r * cols;
    let c = 0;
    while (c < cols) {
      const v = grid[base + c];
      if (v === 0) {
        c++;
        continue;
      }
      let e = c + 1;
      while (e < cols && grid[base + e] === v) e++;
      paths[v - 1].push(`M${num(box.x + c * cw)} ${yc}h${num((e - c) * cw)}`);
      c = e;
    }
  }
  const clip = el('clipPath', { id: 'raster-area' }, el('rect', { x: box.x, y: box.y, width: box.w, height: box.h }));
  const marks = populations.map((p, i) =>
    paths[i].length === 0 ? '' : el('path', { d: paths[i].join(''), stroke: populationColor(p.name), 'stroke-width': ch, fill: 'none', 'shape-rendering': 'crispEdges', 'data-population': p.name }),
  );
  const stride = data.stride && data.stride > 1 ? `every ${data.stride}th neuron, ` : '';
  const description = `Spike raster, ${stride}${drawn} spikes in [${window.t0Ms}, ${window.t1Ms}] ms; drawn as density: a ${num(cw)} × ${num(ch)} pt cell is coloured by the last population with a spike in it.`;
  const body = [
    ...legend.body,
    clip,
    el('g', { 'clip-path': 'url(#raster-area)' }, marks),
    ...panelAxes(box, xAxis, yAxis, { fontPt: f, xLabels: true, yLabels: true }),
    text(box.x + box.w / 2, box.y + box.h + tick + 4 + f * 1.2, axisTitle('Time', 'ms'), { 'text-anchor': 'middle' }),
    verticalLabel(f * 1.0, box.y, box.y + box.h, 'Layer', f),
  ];
  return svgDocument({ title: options.title ?? data.title ?? 'Spike raster', description, widthCm: size.widthCm, heightCm: size.heightCm, fontPt: f, body });
}
