/**
 * runs.export / runs.import over the contract: the store reads and writes run files on disk
 * (exportRunSync / importRunSync), the page has bytes, so these go through a private temporary
 * folder that is removed afterwards, whatever happens.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunFileBytes } from '../contract.ts';
import { RUN_FILE_EXTENSION } from '../store/run-file.ts';
import type { RunStore } from '../store/run-store.ts';
import type { RunRecord } from '../store/types.ts';

/** A file name for the run: its name with anything unsafe in a file name replaced, plus the extension. */
export function runFileName(name: string, id: number): string {
  const base = name
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}._ -]+/gu, '-')
    .replace(/\s+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 100);
  return `${base || `run-${id}`}${RUN_FILE_EXTENSION}`;
}

/** The name the import records: the uploaded file's own name, without any folder. */
function importedFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean === '' || clean === '.' || clean === '..' ? `upload${RUN_FILE_EXTENSION}` : clean;
}

function withTempDir<T>(tmpRoot: string, fn: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpRoot, 'mcs-run-file-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function exportRunBytesSync(store: Pick<RunStore, 'getRunSync' | 'exportRunSync'>, id: number, tmpRoot = os.tmpdir()): RunFileBytes {
  const record = store.getRunSync(id);
  const fileName = runFileName(record.name, id);
  return withTempDir(tmpRoot, (dir) => {
    const file = path.join(dir, fileName);
    store.exportRunSync(id, file);
    const buf = readFileSync(file);
    // An own, exactly sized buffer (a Node Buffer may be a view into a shared pool).
    return { fileName, bytes: new Uint8Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)) };
  });
}

export function importRunBytesSync(store: Pick<RunStore, 'importRunSync'>, bytes: Uint8Array, fileName: string, tmpRoot = os.tmpdir()): RunRecord {
  return withTempDir(tmpRoot, (dir) => {
    const name = importedFileName(fileName);
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    try {
      return store.importRunSync(file);
    } catch (e) {
      // Named as the user knows it: the uploaded file's name, never its place in the private folder.
      if (e instanceof Error) e.message = e.message.split(file).join(name).split(dir).join('the upload');
      throw e;
    }
  });
}
