import { describe, expect, it } from 'vitest';
import { crc32, dpiToPixelsPerMetre, pngChunks, pngDpi, setPngDpi } from './png-dpi.ts';

/** A chunk: length, type, data, CRC over type and data. */
function chunk(type: string, data: number[]): number[] {
  const body = [...type].map((c) => c.charCodeAt(0)).concat(data);
  const crc = crc32(Uint8Array.from(body));
  const be = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  return [...be(data.length), ...body, ...be(crc)];
}

/** A 1 × 1 PNG as a canvas writes it (no pHYs); with `phys`, one at 72 dpi after IHDR. */
function png(phys = false): Uint8Array {
  const ihdr = chunk('IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
  const idat = chunk('IDAT', [0x78, 0x9c, 0x62, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01]);
  const old = phys ? chunk('pHYs', [0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1]) : [];
  return Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...ihdr, ...old, ...idat, ...chunk('IEND', [])]);
}

describe('PNG resolution (pHYs)', () => {
  it('CRC-32 as PNG computes it', () => {
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('writes pHYs right after IHDR, in pixels per metre, with a valid CRC', () => {
    const out = setPngDpi(png(), 300);
    const chunks = pngChunks(out);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
    const phys = chunks[1]!;
    const v = new DataView(phys.data.buffer, phys.data.byteOffset, 9);
    expect(v.getUint32(0)).toBe(11811);
    expect(v.getUint32(4)).toBe(11811);
    expect(phys.data[8]).toBe(1);
    const stored = new DataView(out.buffer).getUint32(phys.offset + phys.size - 4);
    expect(stored).toBe(crc32(out.subarray(phys.offset + 4, phys.offset + 8 + 9)));
    expect(pngDpi(out)).toEqual({ x: 300, y: 300 });
    expect(dpiToPixelsPerMetre(192)).toBe(7559);
  });

  it('replaces a pHYs there was; the image data is untouched', () => {
    const before = png(true);
    expect(pngDpi(before)).toEqual({ x: 72, y: 72 });
    const out = setPngDpi(before, 600);
    expect(pngChunks(out).filter((c) => c.type === 'pHYs')).toHaveLength(1);
    expect(pngDpi(out)).toEqual({ x: 600, y: 600 });
    const idat = (b: Uint8Array) => Array.from(pngChunks(b).find((c) => c.type === 'IDAT')!.data);
    expect(idat(out)).toEqual(idat(before));
    expect(pngDpi(png())).toBeNull();
  });

  it('refuses what is not a PNG, and a resolution that is not positive', () => {
    expect(() => setPngDpi(new Uint8Array([1, 2, 3]), 300)).toThrow('png: the bytes are not a PNG file');
    expect(() => setPngDpi(png(), 0)).toThrow('dpi: got 0, allowed: a positive number');
    const cut = png().subarray(0, 30);
    expect(() => pngChunks(cut)).toThrow(/runs past the end/);
  });
});
