import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as FilesModule from '../files.ts';
import { figureFileName, parseFigureChoice, saveFigure, savedText, sizedSvg } from './save-figure.ts';

const downloads = vi.hoisted(() => [] as { name: string; type: string; text: string }[]);
vi.mock('../files.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof FilesModule>()),
  downloadBytes: (bytes: Uint8Array, name: string, type: string) => downloads.push({ name, type, text: new TextDecoder().decode(bytes) }),
}));

beforeEach(() => {
  downloads.length = 0;
});

describe('saving figures', () => {
  it('checks the width and, for a PNG, the resolution against the figure limits, naming the field', () => {
    expect(parseFigureChoice({ format: 'svg', widthCm: '8.5', dpi: 'x' })).toEqual({ ok: true, format: 'svg', widthCm: 8.5, dpi: 192 });
    expect(parseFigureChoice({ format: 'png', widthCm: '17,8', dpi: '300' })).toEqual({ ok: true, format: 'png', widthCm: 17.8, dpi: 300 });
    expect(parseFigureChoice({ format: 'svg', widthCm: '2', dpi: '' })).toEqual({ ok: false, field: 'widthCm', error: 'Width: got “2”, allowed: 4 to 40 cm' });
    expect(parseFigureChoice({ format: 'png', widthCm: '8.5', dpi: '2000' })).toEqual({
      ok: false,
      field: 'dpi',
      error: 'Resolution: got “2000”, allowed: a whole number of dpi from 50 to 1200',
    });
    expect(parseFigureChoice({ format: 'png', widthCm: '8.5', dpi: '299.5' }).ok).toBe(false);
  });

  it('names the file after the figure', () => {
    expect(figureFileName('Spike raster of run 3: baseline', 'svg')).toBe('spike-raster-of-run-3-baseline.svg');
    expect(figureFileName('Firing rate per population, run 4: ÉtudeΔ', 'png')).toBe('firing-rate-per-population-run-4-etude.png');
    expect(figureFileName('***', 'png')).toBe('figure.png');
  });

  it('sizes the SVG in pixels for rasterising, keeping its viewBox', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="8.5cm" height="6cm" viewBox="0 0 240.94 170.08"><text width="3cm"/></svg>';
    expect(sizedSvg(svg, 643, 454)).toBe('<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="643" height="454" viewBox="0 0 240.94 170.08"><text width="3cm"/></svg>');
  });

  it('an SVG is the figure module text, downloaded as image/svg+xml, and the confirmation says what was written', async () => {
    const fig = { title: 'Power spectra', svg: '<svg width="8.5cm" height="6cm"></svg>\n', widthCm: 8.5, heightCm: 6 };
    const saved = await saveFigure(fig, 'svg');
    expect(downloads).toEqual([{ name: 'power-spectra.svg', type: 'image/svg+xml', text: fig.svg }]);
    expect(savedText(saved)).toBe('Saved power-spectra.svg (SVG, 8.5 × 6 cm, 1 KB).');
    expect(savedText({ fileName: 'a.png', format: 'png', bytes: 51_200, widthCm: 8.5, heightCm: 6, dpi: 300, widthPx: 1004, heightPx: 709 })).toBe(
      'Saved a.png (PNG, 8.5 × 6 cm at 300 dpi = 1004 × 709 px, 50 KB).',
    );
  });
});
