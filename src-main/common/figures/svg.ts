/**
 * The figures' SVG: a document sized in centimetres whose user unit is the point (1/72 inch), so
 * that fonts given in pt are the sizes printed in a paper, and a few writers of elements. Text is
 * escaped; numbers are written with at most two decimals (1/100 pt is far below print resolution).
 * Pure strings: runs in Node (the CLI) and in the page alike.
 */

/** Points per centimetre. */
export const PT_PER_CM = 72 / 2.54;
/** The fonts asked for, first the one the CLI bundles for PNGs (resources/fonts). */
export const FONT_FAMILY = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif";

/** A coordinate or length, at most 2 decimals, no trailing zeros. */
export function num(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** Text for an element's content or an attribute. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

type Attrs = Record<string, string | number | undefined>;

function attrs(a: Attrs): string {
  let out = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined) continue;
    out += ` ${k}="${typeof v === 'number' ? num(v) : esc(v)}"`;
  }
  return out;
}

/** An element: self-closing without children. */
export function el(tag: string, a: Attrs, children?: string | readonly string[]): string {
  if (children === undefined) return `<${tag}${attrs(a)}/>`;
  return `<${tag}${attrs(a)}>${typeof children === 'string' ? children : children.join('')}</${tag}>`;
}

/** A text element (content escaped). */
export function text(x: number, y: number, content: string, a: Attrs = {}): string {
  return el('text', { x, y, ...a }, esc(content));
}

export function line(x1: number, y1: number, x2: number, y2: number, a: Attrs = {}): string {
  return el('line', { x1, y1, x2, y2, ...a });
}

/** A polyline's points as an SVG path ("M x y L x y ..."), NaN points breaking the line. */
export function polylinePath(xs: ArrayLike<number>, ys: ArrayLike<number>): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const y = ys[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${num(x)} ${num(y)}`;
    pen = true;
  }
  return d;
}

/**
 * Width of a text in DejaVu Sans, estimated from its characters (no font metrics outside a page):
 * narrow letters 0.32 em, wide ones 0.86 em, the rest 0.6 em; used to place legends and wrap lines.
 */
export function textWidth(content: string, fontPt: number): number {
  let em = 0;
  for (const c of content) em += /[ilj.,:;'|!()[\]{} ]/.test(c) ? 0.32 : /[mwMW@%]/.test(c) ? 0.86 : /[A-Z]/.test(c) ? 0.68 : 0.6;
  return em * fontPt;
}

/** Splits a text into lines of at most `widthPt` (at word breaks). */
export function wrapText(content: string, widthPt: number, fontPt: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const word of content.split(/\s+/)) {
    const next = cur === '' ? word : `${cur} ${word}`;
    if (cur !== '' && textWidth(next, fontPt) > widthPt) {
      out.push(cur);
      cur = word;
    } else cur = next;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** A finished figure: its SVG text and its printed size. */
export interface Figure {
  /** What the figure shows, for file names and the SVG's <title>. */
  title: string;
  svg: string;
  widthCm: number;
  heightCm: number;
}

/** The SVG document: sized in cm, user unit 1 pt, a white background, the caption as <desc>. */
export function svgDocument(o: { title: string; description?: string; widthCm: number; heightCm: number; fontPt: number; body: readonly string[] }): Figure {
  const w = o.widthCm * PT_PER_CM;
  const h = o.heightCm * PT_PER_CM;
  const head =
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${num(o.widthCm)}cm" height="${num(o.heightCm)}cm" viewBox="0 0 ${num(w)} ${num(h)}"` +
    ` font-family="${esc(FONT_FAMILY)}" font-size="${num(o.fontPt)}">`;
  const parts = [head, el('title', {}, esc(o.title))];
  if (o.description) parts.push(el('desc', {}, esc(o.description)));
  parts.push(el('rect', { x: 0, y: 0, width: w, height: h, fill: '#ffffff' }), ...o.body, '</svg>\n');
  return { title: o.title, svg: parts.join(''), widthCm: o.widthCm, heightCm: o.heightCm };
}
