/**
 * The raster's hot loop: paints prepared spikes into the plot area, one colour per population,
 * either by writing pixels of an ImageData (one 32-bit store per pixel; what the plot uses) or, where
 * no pixel buffer is at hand, with one fillRect per spike under a single fillStyle per population.
 * Coordinates are device pixels relative to the plot area's top-left corner.
 */
import { visibleRange, type PreparedRaster } from './raster-layout.ts';

/** The data range shown by the plot area. */
export interface PlotView {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** An RGBA pixel buffer viewed as 32-bit words (ImageData.data.buffer), width·height long. */
export interface PixelBuffer {
  data: Uint32Array;
  width: number;
  height: number;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([0x0a0b0c0d]).buffer)[0] === 0x0d;

/** "#rrggbb" (or "#rgb") as an opaque pixel word in ImageData byte order (R, G, B, A in memory). */
export function packColor(hex: string): number {
  let h = hex.replace(/^#/, '');
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  const v = Number.parseInt(h.slice(0, 6), 16);
  if (!/^[0-9a-f]{6}/i.test(h) || Number.isNaN(v)) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  const r = (v >> 16) & 0xff;
  const g = (v >> 8) & 0xff;
  const b = v & 0xff;
  return (LITTLE_ENDIAN ? ((0xff << 24) | (b << 16) | (g << 8) | r) : ((r << 24) | (g << 16) | (b << 8) | 0xff)) >>> 0;
}

/**
 * Side of a spike's square, device pixels: 1 CSS pixel when spikes are dense (more than one per
 * three pixels of the plot area: 2x2 dots would cover it), 2 when sparser, 3 below one spike per 30
 * pixels, so a thinned raster stays legible.
 */
export function dotSizePx(visibleSpikes: number, widthCss: number, heightCss: number, dpr: number): number {
  const area = Math.max(1, widthCss * heightCss);
  const density = visibleSpikes / area;
  const css = density > 0.3 ? 1 : density > 0.03 ? 2 : 3;
  return Math.max(1, Math.round(css * dpr));
}

/** Spikes whose time lies in the view (bisection for time-ordered populations). */
export function countVisible(raster: PreparedRaster, view: PlotView): number {
  let n = 0;
  for (const p of raster.populations) {
    const [lo, hi] = visibleRange(p, view.xMin, view.xMax);
    n += hi - lo;
  }
  return n;
}

// A spike at exactly xMax maps to px = w: it is drawn in the last column (the window includes both ends).

/**
 * Writes every visible spike as a dotPx × dotPx square of its population's colour, populations in
 * order (later ones on top, as NEST's successive plt.plot calls). Returns the spikes painted.
 */
export function paintSpikes(buf: PixelBuffer, raster: PreparedRaster, view: PlotView, dotPx: number): number {
  const { data, width: w, height: h } = buf;
  const sx = w / (view.xMax - view.xMin);
  const sy = h / (view.yMax - view.yMin);
  const xMin = view.xMin;
  const yMax = view.yMax;
  const d = Math.max(1, dotPx | 0);
  const off = d >> 1;
  let painted = 0;
  for (const p of raster.populations) {
    const color = packColor(p.color);
    const t = p.timesMs;
    const ys = p.ys;
    const [lo, hi] = visibleRange(p, view.xMin, view.xMax);
    if (d === 1) {
      for (let i = lo; i < hi; i++) {
        const px = (t[i] - xMin) * sx;
        const py = (yMax - ys[i]) * sy;
        if (px < 0 || px > w || py < 0 || py >= h) continue;
        data[(py | 0) * w + (px < w ? px | 0 : w - 1)] = color;
        painted++;
      }
    } else {
      for (let i = lo; i < hi; i++) {
        const px = (t[i] - xMin) * sx;
        const py = (yMax - ys[i]) * sy;
        if (px < 0 || px > w || py < 0 || py >= h) continue;
        const xa = (px < w ? px | 0 : w - 1) - off;
        const ya = (py | 0) - off;
        const x0 = xa > 0 ? xa : 0;
        const y0 = ya > 0 ? ya : 0;
        const x1 = xa + d < w ? xa + d : w;
        const y1 = ya + d < h ? ya + d : h;
        for (let y = y0; y < y1; y++) {
          const row = y * w;
          for (let x = x0; x < x1; x++) data[row + x] = color;
        }
        painted++;
      }
    }
  }
  return painted;
}

/** The part of CanvasRenderingContext2D that fillSpikes uses. */
export interface RectFiller {
  fillStyle: string | CanvasGradient | CanvasPattern;
  fillRect(x: number, y: number, w: number, h: number): void;
}

/**
 * The same picture with fillRect: one fillStyle per population, one rect per spike, at (left, top)
 * + the spike's position. Used where the context gives no pixel buffer.
 */
export function fillSpikes(
  ctx: RectFiller,
  area: { left: number; top: number; width: number; height: number },
  raster: PreparedRaster,
  view: PlotView,
  dotPx: number,
): number {
  const { left, top, width: w, height: h } = area;
  const sx = w / (view.xMax - view.xMin);
  const sy = h / (view.yMax - view.yMin);
  const d = Math.max(1, dotPx | 0);
  const off = d >> 1;
  let painted = 0;
  for (const p of raster.populations) {
    ctx.fillStyle = p.color;
    const t = p.timesMs;
    const ys = p.ys;
    const [lo, hi] = visibleRange(p, view.xMin, view.xMax);
    for (let i = lo; i < hi; i++) {
      const px = (t[i] - view.xMin) * sx;
      const py = (view.yMax - ys[i]) * sy;
      if (px < 0 || px > w || py < 0 || py >= h) continue;
      ctx.fillRect(left + (px < w ? px | 0 : w - 1) - off, top + (py | 0) - off, d, d);
      painted++;
    }
  }
  return painted;
}
