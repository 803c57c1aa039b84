/**
 * Saving a plot as a figure to publish: the SVG the shared figure module writes (the same one the
 * CLI's `runs figure` writes), or that SVG rasterised in the page (SVG → image → canvas → PNG) at
 * a chosen resolution with the resolution written into the PNG (pHYs). The choices (format, width,
 * resolution) are checked against the figure module's limits, and a refusal names the field, the
 * value and what is allowed. The parsing and naming are pure; svgToPng needs a page.
 */
import { COLUMN_WIDTHS_CM, DEFAULT_DPI, FIGURE_LIMITS, pngSize, type Figure } from '../../../src-main/common/figures/index.ts';
import { downloadBytes } from '../files.ts';
import { setPngDpi } from './png-dpi.ts';

export type FigureFormat = 'svg' | 'png';

/** The widths offered: a journal's column and its page width. */
export const WIDTH_CHOICES = [
  { cm: COLUMN_WIDTHS_CM.single, label: `one column, ${COLUMN_WIDTHS_CM.single} cm` },
  { cm: COLUMN_WIDTHS_CM.double, label: `two columns, ${COLUMN_WIDTHS_CM.double} cm` },
] as const;

/** The resolutions offered: 2× a screen (the default), then print resolutions. */
export const DPI_CHOICES = [
  { dpi: DEFAULT_DPI, label: `2× screen (${DEFAULT_DPI} dpi)` },
  { dpi: 300, label: '300 dpi' },
  { dpi: 600, label: '600 dpi' },
] as const;

export interface FigureChoice {
  format: FigureFormat;
  /** Width as typed, cm (a number input may give a number). */
  widthCm: string | number;
  /** Resolution as typed, dpi (PNG only). */
  dpi: string | number;
}

export type ParsedChoice = { ok: true; format: FigureFormat; widthCm: number; dpi: number } | { ok: false; field: 'widthCm' | 'dpi'; error: string };

/** The typed choice, checked against the figure module's limits. */
export function parseFigureChoice(c: FigureChoice): ParsedChoice {
  const widthText = String(c.widthCm ?? '').trim();
  const w = Number(widthText.replace(',', '.'));
  const { widthCm: wl, dpi: dl } = FIGURE_LIMITS;
  if (widthText === '' || !Number.isFinite(w) || w < wl.min || w > wl.max) {
    return { ok: false, field: 'widthCm', error: `Width: got “${widthText}”, allowed: ${wl.min} to ${wl.max} cm` };
  }
  let dpi = DEFAULT_DPI;
  if (c.format === 'png') {
    const dpiText = String(c.dpi ?? '').trim();
    dpi = Number(dpiText);
    if (dpiText === '' || !Number.isInteger(dpi) || dpi < dl.min || dpi > dl.max) {
      return { ok: false, field: 'dpi', error: `Resolution: got “${dpiText}”, allowed: a whole number of dpi from ${dl.min} to ${dl.max}` };
    }
  }
  return { ok: true, format: c.format, widthCm: w, dpi };
}

/**
 * A file name's stem from a title: lower case, ASCII letters and digits, dashes between words, at most
 * `maxChars` long; `fallback` where nothing is left.
 */
export function fileStem(title: string, maxChars: number, fallback: string): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxChars)
    .replace(/-+$/, '');
  return stem || fallback;
}

/** A file name from the figure's title: 'Spike raster of run 3: baseline' → 'spike-raster-of-run-3-baseline.svg'. */
export function figureFileName(title: string, format: FigureFormat): string {
  return `${fileStem(title, 80, 'figure')}.${format}`;
}

/** The SVG with its root's width and height in pixels (an <img> then has that intrinsic size). */
export function sizedSvg(svg: string, widthPx: number, heightPx: number): string {
  return svg.replace(/^(<svg\b[^>]*?)\swidth="[^"]*"\sheight="[^"]*"/, `$1 width="${widthPx}" height="${heightPx}"`);
}

/** What a save wrote, for the confirmation. */
export interface SavedFigure {
  fileName: string;
  format: FigureFormat;
  bytes: number;
  widthCm: number;
  heightCm: number;
  dpi?: number;
  widthPx?: number;
  heightPx?: number;
}

/** The confirmation in words. */
export function savedText(s: SavedFigure): string {
  const size = `${s.widthCm} × ${s.heightCm} cm`;
  const kb = `${Math.max(1, Math.round(s.bytes / 1024)).toLocaleString('en-US')} KB`;
  return s.format === 'svg'
    ? `Saved ${s.fileName} (SVG, ${size}, ${kb}).`
    : `Saved ${s.fileName} (PNG, ${size} at ${s.dpi} dpi = ${s.widthPx} × ${s.heightPx} px, ${kb}).`;
}

/** Rasterises the figure's SVG in the page at `dpi`, the resolution written into the PNG. */
export async function svgToPng(fig: Figure, dpi: number): Promise<{ bytes: Uint8Array; widthPx: number; heightPx: number }> {
  const { widthPx, heightPx } = pngSize(fig, dpi);
  const img = new Image();
  // The page's policy allows images from data: URLs (not blob: ones).
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(sizedSvg(fig.svg, widthPx, heightPx))}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = widthPx;
  canvas.height = heightPx;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this page cannot draw on a canvas, so it cannot write a PNG; save the SVG instead');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, widthPx, heightPx);
  ctx.drawImage(img, 0, 0, widthPx, heightPx);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error(`the canvas could not encode a ${widthPx} × ${heightPx} px PNG; choose a lower resolution`);
  return { bytes: setPngDpi(new Uint8Array(await blob.arrayBuffer()), dpi), widthPx, heightPx };
}

/** Saves the figure as SVG or PNG through a download, named after `fileStem` (default: its title); resolves with what was written. */
export async function saveFigure(fig: Figure, format: FigureFormat, dpi = DEFAULT_DPI, fileStem?: string): Promise<SavedFigure> {
  const fileName = figureFileName(fileStem ?? fig.title, format);
  const base = { fileName, format, widthCm: fig.widthCm, heightCm: fig.heightCm };
  if (format === 'svg') {
    const bytes = new TextEncoder().encode(fig.svg);
    downloadBytes(bytes, fileName, 'image/svg+xml');
    return { ...base, bytes: bytes.byteLength };
  }
  const png = await svgToPng(fig, dpi);
  downloadBytes(png.bytes, fileName, 'image/png');
  return { ...base, bytes: png.bytes.byteLength, dpi, widthPx: png.widthPx, heightPx: png.heightPx };
}
