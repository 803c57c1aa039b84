/**
 * A small ZIP writer (PKWARE APPNOTE 6.3: local headers, deflate or stored entries, central
 * directory, end record; no ZIP64, so at most 65,535 entries and 4 GiB in all, checked) for the
 * exports that produce several files: the page downloads one archive instead of one file each.
 * Node's zlib does the deflating and the CRC-32, so no dependency is needed for what a library
 * would add only ZIP64, encryption and streaming to. Entries keep their order; names use '/' for
 * folders and are UTF-8 (general purpose bit 11).
 */
import zlib from 'node:zlib';

export interface ZipEntry {
  /** Path inside the archive: 'nest/spike_recorder-77170-0.dat'. */
  name: string;
  bytes: Uint8Array;
}

const MAX_ENTRIES = 0xffff;
const MAX_BYTES = 0xffffffff;
/** 1980-01-01 00:00 in DOS time and date (the archive's entries carry no time of their own). */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

function checkName(name: string): void {
  if (name.length === 0 || name.length > 1000 || name.startsWith('/') || name.includes('\\') || name.split('/').some((p) => p === '' || p === '.' || p === '..')) {
    throw new RangeError(`zip entry name ${JSON.stringify(name)}: a relative path of plain names separated by '/'`);
  }
}

/**
 * The fields a local file header and its central directory entry share, from "version needed" to
 * the name's length (APPNOTE 4.3.7 and 4.3.12), written from `at`.
 */
function writeSharedFields(b: Buffer, at: number, f: { method: number; crc: number; compressedBytes: number; bytes: number; nameBytes: number }): void {
  b.writeUInt16LE(20, at); // version needed: 2.0 (deflate)
  b.writeUInt16LE(0x0800, at + 2); // UTF-8 names
  b.writeUInt16LE(f.method, at + 4);
  b.writeUInt16LE(DOS_TIME, at + 6);
  b.writeUInt16LE(DOS_DATE, at + 8);
  b.writeUInt32LE(f.crc, at + 10);
  b.writeUInt32LE(f.compressedBytes, at + 14);
  b.writeUInt32LE(f.bytes, at + 18);
  b.writeUInt16LE(f.nameBytes, at + 22);
}

/** The archive of the entries, deflated where that makes them smaller. */
export function zipArchive(entries: readonly ZipEntry[]): Uint8Array {
  if (entries.length > MAX_ENTRIES) throw new RangeError(`${entries.length} files: a zip archive holds at most ${MAX_ENTRIES}`);
  const seen = new Set<string>();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    checkName(e.name);
    if (seen.has(e.name)) throw new RangeError(`zip entry ${JSON.stringify(e.name)} appears twice`);
    seen.add(e.name);
    const name = Buffer.from(e.name, 'utf8');
    const crc = zlib.crc32(e.bytes);
    const deflated = zlib.deflateRawSync(e.bytes, { level: 6 });
    const stored = deflated.length >= e.bytes.length;
    const data = stored ? Buffer.from(e.bytes.buffer, e.bytes.byteOffset, e.bytes.byteLength) : deflated;
    const method = stored ? 0 : 8;
    const local = Buffer.alloc(30 + name.length);
    local.writeUInt32LE(0x04034b50, 0);
    const shared = { method, crc, compressedBytes: data.length, bytes: e.bytes.length, nameBytes: name.length };
    writeSharedFields(local, 4, shared);
    local.writeUInt16LE(0, 28);
    name.copy(local, 30);
    const central = Buffer.alloc(46 + name.length);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4); // made by: Unix, 2.0
    writeSharedFields(central, 6, shared);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: a regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    name.copy(central, 46);
    locals.push(local, data);
    centrals.push(central);
    offset += local.length + data.length;
    if (offset > MAX_BYTES) throw new RangeError('the files hold more than 4 GiB: too much for one zip archive');
  }
  const centralSize = centrals.reduce((a, c) => a + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  const all = Buffer.concat([...locals, ...centrals, end]);
  return new Uint8Array(all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength));
}
