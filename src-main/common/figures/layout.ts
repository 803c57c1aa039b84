/**
 * Sizes of the figures: widths of a paper's column (8.5 cm) and of the page (17.8 cm), fonts of
 * 7–9 pt, the bounds every size is checked against (a refusal names the option, the value and what
 * is allowed) and the pixel size of a PNG at a resolution (2× a screen's 96 dpi by default).
 */
import { PT_PER_CM, type Figure } from './svg.ts';

/** Widths that fit a journal's single column and its full page width, cm. */
export const COLUMN_WIDTHS_CM = { single: 8.5, double: 17.8 } as const;
/** Base font size, pt (tick labels are 1 pt smaller). */
export const DEFAULT_FONT_PT = 8;
/** PNG resolution by default: twice a screen's 96 dpi. */
export const DEFAULT_DPI = 192;

export const FIGURE_LIMITS = {
  widthCm: { min: 4, max: 40 },
  heightCm: { min: 3, max: 50 },
  fontPt: { min: 5, max: 14 },
  dpi: { min: 50, max: 1200 },
} as const;

export interface FigureOptions {
  /** Width, cm (default 8.5, one column; 17.8 for the page width). */
  widthCm?: number;
  /** Height, cm (default: what the figure's content needs at that width). */
  heightCm?: number;
  /** Base font size, pt (default 8). */
  fontPt?: number;
  /** Title of the figure (its <title>; default the figure's own). */
  title?: string;
}

export interface ResolvedSize {
  widthCm: number;
  heightCm: number;
  fontPt: number;
  /** The same in pt, the SVG's user unit. */
  widthPt: number;
  heightPt: number;
}

function within(name: keyof typeof FIGURE_LIMITS, v: number, unit: string): number {
  const { min, max } = FIGURE_LIMITS[name];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new RangeError(`${name}: got ${String(v)}${unit}, allowed: ${min} to ${max}${unit}`);
  return v;
}

/** The options checked and completed; `defaultHeightCm(widthCm, fontPt)` gives the height when none is asked for. */
export function resolveSize(o: FigureOptions, defaultHeightCm: (widthCm: number, fontPt: number) => number): ResolvedSize {
  const widthCm = within('widthCm', o.widthCm ?? COLUMN_WIDTHS_CM.single, ' cm');
  const fontPt = within('fontPt', o.fontPt ?? DEFAULT_FONT_PT, ' pt');
  const h = o.heightCm ?? Math.min(FIGURE_LIMITS.heightCm.max, Math.max(FIGURE_LIMITS.heightCm.min, defaultHeightCm(widthCm, fontPt)));
  const heightCm = within('heightCm', Math.round(h * 100) / 100, ' cm');
  return { widthCm, heightCm, fontPt, widthPt: widthCm * PT_PER_CM, heightPt: heightCm * PT_PER_CM };
}

/** The pixel size of the figure rendered at `dpi` (rounded; at least 1 px). */
export function pngSize(figure: Pick<Figure, 'widthCm' | 'heightCm'>, dpi = DEFAULT_DPI): { widthPx: number; heightPx: number } {
  within('dpi', dpi, ' dpi');
  return { widthPx: Math.max(1, Math.round((figure.widthCm / 2.54) * dpi)), heightPx: Math.max(1, Math.round((figure.heightCm / 2.54) * dpi)) };
}
