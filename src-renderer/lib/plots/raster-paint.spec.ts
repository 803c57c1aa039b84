import { describe, expect, it } from 'vitest';
import { prepareRaster } from './raster-layout.ts';
import { countVisible, dotSizePx, fillSpikes, packColor, paintSpikes } from './raster-paint.ts';

function rgbaAt(data: Uint32Array, w: number, x: number, y: number): number[] {
  return Array.from(new Uint8Array(data.buffer, (y * w + x) * 4, 4));
}

describe('raster painting', () => {
  const pops = [
    { name: 'L23E', firstId: 1, lastId: 5 },
    { name: 'L23I', firstId: 6, lastId: 10 },
  ];
  // Neuron 1 (y 10, top) at 0 ms; neuron 10 (y 1, bottom) at 10 ms; neuron 6 at 5 ms.
  const spikes = { senders: Uint32Array.from([1, 6, 10]), steps: Uint32Array.from([0, 50, 100]), resolutionMs: 0.1 };
  const raster = prepareRaster(spikes, pops, 0, 10);
  const view = { xMin: 0, xMax: 10, yMin: 0.5, yMax: 10.5 };

  it('packs colours in ImageData byte order', () => {
    const buf = new Uint32Array([packColor('#595289')]);
    expect(Array.from(new Uint8Array(buf.buffer))).toEqual([0x59, 0x52, 0x89, 0xff]);
    expect(() => packColor('red')).toThrow(RangeError);
  });

  it('writes each spike at its time and NEST y, in its population colour', () => {
    const w = 11;
    const h = 10;
    const data = new Uint32Array(w * h);
    expect(paintSpikes({ data, width: w, height: h }, raster, view, 1)).toBe(3);
    // Neuron 1 at t = 0: left column, top row.
    expect(rgbaAt(data, w, 0, 0)).toEqual([0x59, 0x52, 0x89, 0xff]);
    // Neuron 6 (y 5) at t = 5: x 5.5 -> 5, y (10.5 - 5) -> row 5.
    expect(rgbaAt(data, w, 5, 5)).toEqual([0xaf, 0x14, 0x3c, 0xff]);
    // Neuron 10 at t = 10 (the window's end, included): last column, bottom row.
    expect(rgbaAt(data, w, 10, 9)).toEqual([0xaf, 0x14, 0x3c, 0xff]);
    expect(data.filter((v) => v !== 0).length).toBe(3);
  });

  it('paints squares of dotPx and clips them at the edges', () => {
    const w = 20;
    const h = 20;
    const data = new Uint32Array(w * h);
    paintSpikes({ data, width: w, height: h }, raster, view, 3);
    // 3x3 squares centred on the spike: neuron 1 (column 0, row 1) loses its left column, neuron 10
    // (column 19, row 19) its right column and bottom row; neuron 6 is whole.
    expect(data.filter((v) => v !== 0).length).toBe(6 + 9 + 4);
  });

  it('skips spikes outside a zoomed view', () => {
    const data = new Uint32Array(100);
    expect(paintSpikes({ data, width: 10, height: 10 }, raster, { ...view, xMin: 4, xMax: 6 }, 1)).toBe(1);
    expect(countVisible(raster, { ...view, xMin: 4, xMax: 6 })).toBe(1);
  });

  it('draws the same spikes with fillRect, one fillStyle per population', () => {
    const calls: string[] = [];
    const ctx = {
      fillStyle: '' as string | CanvasGradient | CanvasPattern,
      fillRect(x: number, y: number, w: number, h: number) {
        calls.push(`${String(this.fillStyle)} ${x},${y} ${w}x${h}`);
      },
    };
    expect(fillSpikes(ctx, { left: 100, top: 50, width: 11, height: 10 }, raster, view, 1)).toBe(3);
    expect(calls).toEqual(['#595289 100,50 1x1', '#af143c 105,55 1x1', '#af143c 110,59 1x1']);
  });

  it('chooses bigger dots for sparse rasters', () => {
    expect(dotSizePx(1_000_000, 1000, 400, 1)).toBe(1);
    expect(dotSizePx(50_000, 1000, 400, 1)).toBe(2);
    expect(dotSizePx(5_000, 1000, 400, 1)).toBe(3);
    expect(dotSizePx(1_000_000, 1000, 400, 2)).toBe(2);
    expect(dotSizePx(0, 0, 0, 1)).toBe(3);
  });
});
