/**
 * PNG from a figure's SVG in Node (the CLI; the page rasterises through a canvas): resvg renders
 * it with the bundled DejaVu Sans (resources/fonts), never the system's fonts, so a PNG looks the
 * same on every machine; a pHYs chunk records the resolution, so a paper's layout places it at its
 * printed size. resvg-js ships prebuilt binaries inside its npm packages (nothing is compiled or
 * downloaded at install) and is loaded only when a PNG is asked for.
 */
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import type * as ResvgModule from '@resvg/resvg-js';
import { DEFAULT_DPI, pngSize } from '../common/figures/layout.ts';
import type { Figure } from '../common/figures/svg.ts';

/** The font the figures are rendered with. */
export const FIGURE_FONT_FILE = fileURLToPath(new URL('../../resources/fonts/DejaVuSans.ttf', import.meta.url));

/** Inserts a pHYs chunk (pixels per metre, both axes) after the IHDR chunk of a PNG. */
export function withResolution(png: Uint8Array, dpi: number): Uint8Array {
  const ihdrEnd = 8 + 8 + 13 + 4;
  if (png.length < ihdrEnd || png[12] !== 0x49 || png[13] !== 0x48 || png[14] !== 0x44 || png[15] !== 0x52) throw new Error('not a PNG with an IHDR chunk first');
  const ppm = Math.round(dpi / 0.0254);
  const chunk = Buffer.alloc(4 + 4 + 9 + 4);
  chunk.writeUInt32BE(9, 0);
  chunk.write('pHYs', 4, 'latin1');
  chunk.writeUInt32BE(ppm, 8);
  chunk.writeUInt32BE(ppm, 12);
  chunk.writeUInt8(1, 16); // unit: metre
  chunk.writeUInt32BE(zlib.crc32(chunk.subarray(4, 17)), 17);
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]);
}

/** The figure as a PNG at `dpi` (default 2× a screen), white background, its resolution recorded. */
export async function figurePng(figure: Figure, dpi = DEFAULT_DPI): Promise<Uint8Array> {
  const { widthPx } = pngSize(figure, dpi);
  let mod: typeof ResvgModule;
  try {
    mod = await import('@resvg/resvg-js');
  } catch (e) {
    throw new Error(`PNG output needs the @resvg/resvg-js package (npm install); SVG output does not (${(e as Error).message})`, { cause: e });
  }
  const r = new mod.Resvg(figure.svg, {
    fitTo: { mode: 'width', value: widthPx },
    background: '#ffffff',
    font: { fontFiles: [FIGURE_FONT_FILE], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return withResolution(r.render().asPng(), dpi);
}
