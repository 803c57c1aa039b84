/** A minimal ZIP reader for the tests: the central directory's entries, inflated, their CRC checked. */
import zlib from 'node:zlib';

export interface ReadEntry {
  name: string;
  method: number;
  bytes: Uint8Array;
}

export function readZip(zip: Uint8Array): ReadEntry[] {
  const b = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('no end of central directory');
  const count = b.readUInt16LE(end + 10);
  let p = b.readUInt32LE(end + 16);
  const out: ReadEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (b.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central header ${i}`);
    const method = b.readUInt16LE(p + 10);
    const crc = b.readUInt32LE(p + 16);
    const csize = b.readUInt32LE(p + 20);
    const size = b.readUInt32LE(p + 24);
    const nlen = b.readUInt16LE(p + 28);
    const elen = b.readUInt16LE(p + 30);
    const clen = b.readUInt16LE(p + 32);
    const local = b.readUInt32LE(p + 42);
    const name = b.toString('utf8', p + 46, p + 46 + nlen);
    if (b.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header of ${name}`);
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const raw = b.subarray(start, start + csize);
    const bytes = method === 8 ? zlib.inflateRawSync(raw) : raw;
    if (bytes.length !== size) throw new Error(`${name}: ${bytes.length} bytes, header says ${size}`);
    if (zlib.crc32(bytes) !== crc) throw new Error(`${name}: CRC mismatch`);
    out.push({ name, method, bytes: new Uint8Array(bytes) });
    p += 46 + nlen + elen + clen;
  }
  return out;
}
