/**
 * NEST's box plot (pd14.md 4.7) as a figure: one horizontal box per population, L2/3E at the top,
 * E #595289 / I #af143c (or one box per run in the run's colour, with a legend), black median,
 * grey dashed mean, whiskers at the furthest value within 1.5 IQR (matplotlib's rule), outliers as
 * red crosses; and a key that says so under the plot. The numbers come in computed
 * (engine/analysis boxplotStats), so the figure shows exactly what the analysis and the page show.
 */
import type { BoxplotStats } from '../../../engine/analysis/descriptive.ts';
import { axisMap, axisTitle, linearAxis, panelAxes, rightOverhang, type Axis, type Box } from './axes.ts';
import { resolveSize, type FigureOptions } from './layout.ts';
import { legendRows } from './panels.ts';
import { populationColor, populationLabel } from './populations.ts';
import { el, esc, line, num, svgDocument, text, textWidth, wrapText, type Figure } from './svg.ts';

export interface BoxRow {
  /** Population ('L23E'). */
  name: string;
  stats: BoxplotStats;
}

export interface BoxFigureData {
  /** What the values are: 'Firing rate'. */
  title: string;
  /** Unit of the values ('' when dimensionless). */
  unit: string;
  /** Which values count, said under the plot ('every neuron, silent ones as 0'). */
  rule?: string;
  /** One run: one box per population, in NEST's E/I colours. */
  rows?: BoxRow[];
  /** Several runs: one box per run and population in the run's colour (rows are then ignored). */
  groups?: { label: string; color: string; rows: BoxRow[] }[];
  /** Print the key of box, median, mean, whiskers and crosses (default true). */
  key?: boolean;
}

/** What the marks of a box mean, in words (the key under the plot; the page shows it too). */
export const BOX_KEY =
  'Box: quartiles (25–75 %); black line: median; grey dashed line: mean; whiskers: the furthest values within 1.5 × the box length; red +: values beyond the whiskers; n: values counted.';

interface Item {
  color: string;
  series?: string;
  stats: BoxplotStats;
}

export function boxPlotFigure(data: BoxFigureData, options: FigureOptions = {}): Figure {
  const grouped = (data.groups?.length ?? 0) > 0;
  const names: string[] = [];
  if (grouped) for (const g of data.groups!) for (const r of g.rows) if (!names.includes(r.name)) names.push(r.name);
  const bands: { name: string; items: Item[] }[] = grouped
    ? names.map((name) => ({
        name,
        items: data.groups!.map((g) => ({ color: g.color, series: g.label, stats: g.rows.find((r) => r.name === name)?.stats ?? emptyStats() })),
      }))
    : (data.rows ?? []).map((r) => ({ name: r.name, items: [{ color: populationColor(r.name), stats: r.stats }] }));
  const perBand = Math.max(1, ...bands.map((b) => b.items.length));
  const showKey = data.key ?? true;
  const size = resolveSize(options, (_w, f) => Math.max(1, bands.length) * (perBand > 1 ? 0.35 + 0.28 * perBand : 0.62) * (f / 8) + (f / 8) * (1.4 + (grouped ? 0.5 : 0) + (showKey ? 1.0 : 0) + (data.rule ? 0.35 : 0)));
  const f = size.fontPt;
  const tick = f - 1;
  const labelW = Math.max(textWidth('L2/3E', f), ...bands.map((b) => textWidth(populationLabel(b.name), f)));
  const left = labelW + 8;
  const right = Math.max(8, rightOverhang(linearAxis(0, 1, 5), f));
  const legend = grouped ? legendRows(data.groups!.map((g) => ({ label: g.label, color: g.color, kind: 'box' as const })), left, 3, size.widthPt - left - right, f) : { body: [], height: 0 };
  const keyLines = showKey ? wrapText(BOX_KEY, size.widthPt - 8, tick) : [];
  const ruleLines = data.rule ? wrapText(`Counted: ${data.rule}.`, size.widthPt - 8, tick) : [];
  const footer = (keyLines.length + ruleLines.length) * tick * 1.2 + (keyLines.length + ruleLines.length > 0 ? 3 : 0);
  const top = 3 + legend.height + (legend.height > 0 ? 4 : 2);
  const bottom = tick + 5 + f * 1.5 + footer;
  const box: Box = { x: left, y: top, w: size.widthPt - left - right, h: size.heightPt - top - bottom };
  if (!(box.w > 10 && box.h > 10)) throw new RangeError(`heightCm: got ${size.heightCm} cm, allowed: a taller figure`);

  let lo = Infinity;
  let hi = -Infinity;
  for (const b of bands) {
    for (const { stats: s } of b.items) {
      if (s.n === 0) continue;
      lo = Math.min(lo, s.whiskerLow, s.mean, s.outliers.length > 0 ? s.outliers[0] : Infinity);
      hi = Math.max(hi, s.whiskerHigh, s.mean, s.outliers.length > 0 ? s.outliers[s.outliers.length - 1] : -Infinity);
    }
  }
  if (!(lo <= hi)) [lo, hi] = [0, 1];
  const xAxis: Axis = linearAxis(Math.min(0, lo), hi, Math.max(3, Math.round(box.w / 50)));
  const bandH = box.h / Math.max(1, bands.length);
  const yAxis: Axis = { scale: 'linear', lo: 0, hi: 1, ticks: [] };
  const fx = axisMap(xAxis, box.x, box.x + box.w);
  const body: string[] = [...legend.body, ...panelAxes(box, xAxis, yAxis, { fontPt: f, xLabels: true, yLabels: false })];
  bands.forEach((b, i) => {
    const bandTop = box.y + i * bandH;
    const cy0 = bandTop + bandH / 2;
    body.push(line(box.x - 2.5, cy0, box.x, cy0, { stroke: '#000000', 'stroke-width': 0.5 }));
    body.push(text(box.x - 4, cy0 + f * 0.35, populationLabel(b.name), { 'text-anchor': 'end' }));
    const n = b.items.length;
    const used = n === 1 ? bandH * 0.5 : bandH * 0.76;
    const each = used / n;
    b.items.forEach((it, k) => {
      const cy = n === 1 ? cy0 : bandTop + (bandH - used) / 2 + each * (k + 0.5);
      const bh = n === 1 ? used : each * 0.82;
      const s = it.stats;
      const parts: string[] = [];
      if (s.n === 0) {
        parts.push(text(box.x + 4, cy + tick * 0.35, 'no data', { 'font-size': tick, 'font-style': 'italic', fill: '#666666' }));
      } else {
        const stroke = { stroke: '#000000', 'stroke-width': 0.6 };
        parts.push(
          line(fx(s.whiskerLow), cy, fx(s.q1), cy, stroke),
          line(fx(s.q3), cy, fx(s.whiskerHigh), cy, stroke),
          line(fx(s.whiskerLow), cy - bh / 4, fx(s.whiskerLow), cy + bh / 4, stroke),
          line(fx(s.whiskerHigh), cy - bh / 4, fx(s.whiskerHigh), cy + bh / 4, stroke),
          el('rect', { x: fx(s.q1), y: cy - bh / 2, width: Math.max(0.4, fx(s.q3) - fx(s.q1)), height: bh, fill: it.color, ...stroke }),
          line(fx(s.median), cy - bh / 2, fx(s.median), cy + bh / 2, { stroke: '#000000', 'stroke-width': 1.1 }),
          line(fx(s.mean), cy - bh / 2, fx(s.mean), cy + bh / 2, { stroke: '#d3d3d3', 'stroke-width': 1, 'stroke-dasharray': '1.6 1' }),
        );
        if (s.outliers.length > 0) {
          // One cross per distinct quarter point: thousands of tied outliers draw the same.
          let d = '';
          let last = NaN;
          const r = Math.min(2, bh / 3);
          for (let j = 0; j < s.outliers.length; j++) {
            const px = Math.round(fx(s.outliers[j]) * 4) / 4;
            if (px === last) continue;
            last = px;
            d += `M${num(px - r)} ${num(cy)}h${num(2 * r)}M${num(px)} ${num(cy - r)}v${num(2 * r)}`;
          }
          parts.push(el('path', { d, stroke: '#ff0000', 'stroke-width': 0.5, fill: 'none' }));
        }
      }
      const what = `${it.series ? `${it.series}, ` : ''}${populationLabel(b.name)}: ` + (s.n === 0 ? 'no data' : `median ${s.median}, mean ${s.mean}, quartiles ${s.q1}–${s.q3}, whiskers ${s.whiskerLow}–${s.whiskerHigh}, n = ${s.n}`);
      body.push(el('g', { 'data-population': b.name, 'data-series': it.series }, [el('title', {}, esc(what)), ...parts]));
    });
  });
  body.push(text(box.x + box.w / 2, box.y + box.h + tick + 4 + f * 1.2, axisTitle(data.title, data.unit), { 'text-anchor': 'middle' }));
  let y = box.y + box.h + tick + 5 + f * 1.5 + 3 + tick;
  for (const l of [...keyLines, ...ruleLines]) {
    body.push(text(4, y, l, { 'font-size': tick, fill: '#333333' }));
    y += tick * 1.2;
  }
  return svgDocument({
    title: options.title ?? `${data.title} per population`,
    description: [BOX_KEY, data.rule ? `Counted: ${data.rule}.` : ''].filter(Boolean).join(' '),
    widthCm: size.widthCm,
    heightCm: size.heightCm,
    fontPt: f,
    body,
  });
}

function emptyStats(): BoxplotStats {
  return { n: 0, mean: NaN, median: NaN, q1: NaN, q3: NaN, iqr: NaN, whiskerLow: NaN, whiskerHigh: NaN, outliers: new Float64Array(0), notchLow: NaN, notchHigh: NaN };
}
