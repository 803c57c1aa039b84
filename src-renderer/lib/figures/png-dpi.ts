/**
 * The resolution of a PNG: a canvas writes none, so a PNG saved from the page would open at 72 or
 * 96 dpi in a layout program. setPngDpi writes a pHYs chunk (pixels per metre, unit metre) right
 * after IHDR, replacing any there was, so a 300-dpi figure is placed at its printed size. Pure bytes.
 */

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let table: Uint32Array | null = null;

/** CRC-32 (ISO 3309, as PNG uses it) of bytes. */
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface PngChunk {
  type: string;
  /** Offset of the chunk (its length field) in the file. */
  offset: number;
  /** Bytes of the whole chunk: length, type, data, CRC. */
  size: number;
  data: Uint8Array;
}

/** The chunks of a PNG; throws when the bytes are not one. */
export function pngChunks(png: Uint8Array): PngChunk[] {
  if (png.length < 8 || SIGNATURE.some((b, i) => png[i] !== b)) throw new RangeError('png: the bytes are not a PNG file (no PNG signature)');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: PngChunk[] = [];
  let at = 8;
  while (at + 12 <= png.length) {
    const length = view.getUint32(at);
    if (at + 12 + length > png.length) throw new RangeError(`png: chunk at byte ${at} runs past the end of the file`);
    const type = String.fromCharCode(png[at + 4], png[at + 5], png[at + 6], png[at + 7]);
    out.push({ type, offset: at, size: 12 + length, data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
    if (type === 'IEND') break;
  }
  if (out[0]?.type !== 'IHDR') throw new RangeError('png: the first chunk is not IHDR');
  return out;
}

/** Pixels per metre of a resolution in dots per inch (as PNG's pHYs stores it). */
export function dpiToPixelsPerMetre(dpi: number): number {
  return Math.round(dpi / 0.0254);
}

/** The PNG with a pHYs chunk saying `dpi` (any earlier pHYs removed). */
export function setPngDpi(png: Uint8Array, dpi: number): Uint8Array {
  if (!(Number.isFinite(dpi) && dpi > 0)) throw new RangeError(`dpi: got ${dpi}, allowed: a positive number`);
  const chunks = pngChunks(png);
  const ppm = dpiToPixelsPerMetre(dpi);
  const phys = new Uint8Array(21);
  const v = new DataView(phys.buffer);
  v.setUint32(0, 9);
  phys.set([0x70, 0x48, 0x59, 0x73], 4); // 'pHYs'
  v.setUint32(8, ppm);
  v.setUint32(12, ppm);
  phys[16] = 1; // unit: metre
  v.setUint32(17, crc32(phys.subarray(4, 17)));
  const kept = chunks.filter((c) => c.type !== 'pHYs');
  const size = 8 + phys.length + kept.reduce((a, c) => a + c.size, 0);
  const out = new Uint8Array(size);
  out.set(png.subarray(0, 8), 0);
  let at = 8;
  kept.forEach((c, i) => {
    out.set(png.subarray(c.offset, c.offset + c.size), at);
    at += c.size;
    if (i === 0) {
      out.set(phys, at);
      at += phys.length;
    }
  });
  return out;
}

/** The resolution a PNG's pHYs chunk states, dpi (rounded to 0.1), or null without one (or not in metres). */
export function pngDpi(png: Uint8Array): { x: number; y: number } | null {
  const c = pngChunks(png).find((q) => q.type === 'pHYs');
  if (!c || c.data.length !== 9 || c.data[8] !== 1) return null;
  const v = new DataView(c.data.buffer, c.data.byteOffset, 9);
  const round = (ppm: number): number => Math.round(ppm * 0.0254 * 10) / 10;
  return { x: round(v.getUint32(0)), y: round(v.getUint32(4)) };
}
