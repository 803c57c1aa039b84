/**
 * Draws resources/icon.png (512 x 512): a stylised raster plot of the microcircuit's eight
 * populations (excitatory rows light, inhibitory rows coral) on a rounded dark-blue tile.
 * Deterministic, no dependencies: `node scripts/make-icon.ts`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const SIZE = 512;

type RGBA = [number, number, number, number];

export function drawIcon(size = SIZE): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  const s = size / 512;
  const blend = (x: number, y: number, [r, g, b, a]: RGBA, coverage = 1): void => {
    if (x < 0 || y < 0 || x >= size || y >= size) return;
    const i = (y * size + x) * 4;
    const alpha = (a / 255) * coverage;
    const under = (px[i + 3] as number) / 255;
    const out = alpha + under * (1 - alpha);
    if (out === 0) return;
    for (let c = 0; c < 3; c++) {
      const src = [r, g, b][c] as number;
      px[i + c] = Math.round((src * alpha + (px[i + c] as number) * under * (1 - alpha)) / out);
    }
    px[i + 3] = Math.round(out * 255);
  };

  // Rounded tile with a vertical gradient; 4x4 supersampling on the edge for smooth corners.
  const margin = 24 * s;
  const radius = 96 * s;
  const inside = (x: number, y: number): boolean => {
    const lo = margin;
    const hi = size - margin;
    if (x < lo || x > hi || y < lo || y > hi) return false;
    const cx = Math.min(Math.max(x, lo + radius), hi - radius);
    const cy = Math.min(Math.max(y, lo + radius), hi - radius);
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
  };
  for (let y = 0; y < size; y++) {
    const t = y / size;
    const color: RGBA = [Math.round(28 + 18 * t), Math.round(58 + 20 * t), Math.round(110 + 30 * t), 255];
    for (let x = 0; x < size; x++) {
      let hits = 0;
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) if (inside(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4)) hits++;
      if (hits > 0) blend(x, y, color, hits / 16);
    }
  }

  // The raster: 8 population bands (L23E .. L6I), rows of spike ticks; inhibitory bands fire more.
  let seed = 55;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const left = 88 * s;
  const right = size - 88 * s;
  const top = 96 * s;
  const bandH = 40 * s;
  const rowsPerBand = 5;
  const light: RGBA = [232, 240, 255, 255];
  const coral: RGBA = [255, 128, 110, 255];
  for (let band = 0; band < 8; band++) {
    const inhibitory = band % 2 === 1;
    const color = inhibitory ? coral : light;
    const rate = inhibitory ? 0.16 : 0.08;
    for (let row = 0; row < rowsPerBand; row++) {
      const y0 = Math.round(top + band * bandH + row * (bandH / rowsPerBand) + 1 * s);
      const h = Math.max(2, Math.round((bandH / rowsPerBand) * 0.8));
      for (let x = left; x < right; x += 7 * s) {
        // A synchronous burst a little right of the middle (the thalamic pulse of the model).
        const burst = x > size * 0.56 && x < size * 0.66 && band >= 2 && band <= 5 ? 0.6 : 0;
        if (random() < rate + burst) {
          const xi = Math.round(x);
          for (let dy = 0; dy < h; dy++) for (let dx = 0; dx < Math.max(2, Math.round(4 * s)); dx++) blend(xi + dx, y0 + dy, color);
        }
      }
    }
  }
  return px;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function encodePng(rgba: Uint8Array, size: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = fileURLToPath(new URL('../resources/icon.png', import.meta.url));
  writeFileSync(out, encodePng(drawIcon(SIZE), SIZE));
  console.log(`wrote ${out}`);
}
