/**
 * Reading a file named on the command line with a bound: only regular files (never /dev/zero, a
 * FIFO or a folder, refused before anything is read), at most `maxBytes`, counted while reading
 * (a file that grows is cut off, not followed).
 */
import fs from 'node:fs';
import { isSystemError, systemReason, UsageError } from './errors.ts';
import { parser, type ValueParser } from './values.ts';

const READ_PIECE_BYTES = 1 << 20;

/** A size in words: 16 MiB, 1.5 MiB, 12 KiB, 8 B. */
function size(bytes: number): string {
  if (bytes >= 2 ** 20) return `${Number((bytes / 2 ** 20).toFixed(1))} MiB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${bytes} B`;
}

function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  return 'not a plain file';
}

/**
 * The bytes of `file`; throws UsageError with the reason when it is not a regular file, cannot be
 * read, or holds more than `maxBytes` (`what` names such a file in the message: "a parameter file").
 */
export function readBoundedFile(file: string, maxBytes: number, what: string): Buffer {
  let fd: number;
  try {
    // Non-blocking, so that opening a FIFO without a writer returns at once (and is then refused).
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if (isSystemError(e)) throw new UsageError(`cannot read the file: ${systemReason(e)}`);
    throw e;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new UsageError(`not a regular file (${kindOf(st)}); ${what} is a regular file`);
    if (st.size > maxBytes) throw new UsageError(`the file has ${size(st.size)}; ${what} has at most ${size(maxBytes)}`);
    // Read in pieces, counting: the size stat gives may be 0 (files of /proc) or grow meanwhile.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const piece = Buffer.allocUnsafe(Math.min(READ_PIECE_BYTES, maxBytes + 1 - total));
      const got = fs.readSync(fd, piece, 0, piece.length, null);
      if (got === 0) break;
      chunks.push(piece.subarray(0, got));
      total += got;
      if (total > maxBytes) throw new UsageError(`the file has more than ${size(maxBytes)}; ${what} has at most ${size(maxBytes)}`);
    }
    return Buffer.concat(chunks, total);
  } catch (e) {
    if (isSystemError(e)) throw new UsageError(`cannot read the file: ${systemReason(e)}`);
    throw e;
  } finally {
    fs.closeSync(fd);
  }
}

/** Parses bounded bytes as JSON: UTF-8, a byte order mark allowed (editors on Windows write one). */
export function readJsonFile(file: string, maxBytes: number, what: string): unknown {
  const bytes = readBoundedFile(file, maxBytes, what);
  let textContent: string;
  try {
    textContent = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new UsageError(`not UTF-8 text; ${what} is JSON in UTF-8`);
  }
  try {
    return JSON.parse(textContent);
  } catch (e) {
    throw new UsageError(`not valid JSON (${(e as Error).message})`);
  }
}

/** A JSON file named on the command line, read at most `maxBytes`: its path and parsed contents. */
export function jsonFile(o: { maxBytes: number; what: string; metavar?: string }): ValueParser<{ path: string; value: unknown }> {
  return parser(o.metavar ?? 'FILE', `the path of ${o.what} (JSON, at most ${size(o.maxBytes)})`, (raw) => {
    if (raw === '') throw new UsageError('must not be empty: a path is needed');
    return { path: raw, value: readJsonFile(raw, o.maxBytes, o.what) };
  });
}

/** A folder to write into: created if missing; refused at once when the path names a file. */
export function outputFolder(metavar = 'DIR'): ValueParser<string> {
  return parser(metavar, 'the path of a folder (created if missing)', (raw) => {
    if (raw === '') throw new UsageError('must not be empty: a path is needed');
    let st: fs.Stats | null = null;
    try {
      st = fs.statSync(raw);
    } catch {
      // Missing: created when written.
    }
    if (st && !st.isDirectory()) throw new UsageError('is a file; a folder is needed');
    return raw;
  });
}
