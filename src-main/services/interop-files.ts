/**
 * runs.exportAs / runs.importNest over the contract: the interop exports (CSV, NEST output,
 * PyNEST script) and the NEST folder import work on files, the page has bytes, so these go
 * through a private temporary folder that is removed afterwards, whatever happens.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXPORT_FORMATS, MAX_NEST_FILES, PLAIN_FILE_NAME, type ExportFormat, type NamedFile, type RunArchive } from '../contract.ts';
import { zipArchive } from '../interop/zip.ts';
import { exportNestFolderSync, exportPynestSync, exportRatesCsvSync, exportSpikesCsvSync, ExportError } from '../interop/export.ts';
import { importNestFolderSync, NestImportError } from '../interop/nest-import.ts';
import { RUN_FILE_EXTENSION } from '../store/run-file.ts';
import type { RunStore } from '../store/run-store.ts';
import type { RunRecord } from '../store/types.ts';
import { StudioError } from './errors.ts';
import { runFileName } from './run-files.ts';

/** At most this many bytes in all the files of one NEST import. */
const MAX_NEST_IMPORT_BYTES = 512 * 1024 * 1024;

function withTempDir<T>(tmpRoot: string, prefix: string, fn: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpRoot, prefix));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ownBytes(buf: Buffer): Uint8Array {
  // An own, exactly sized buffer (a Node Buffer may be a view into a shared pool).
  return new Uint8Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

/** Every file of a folder (sorted by name), as bytes. */
function readFolder(dir: string): NamedFile[] {
  return readdirSync(dir)
    .sort()
    .map((name) => ({ name, bytes: ownBytes(readFileSync(path.join(dir, name))) }));
}

/** The run's file-name stem: its name made safe for a file name (as the run file's). */
function runStem(store: Pick<RunStore, 'getRunSync'>, id: number): string {
  return runFileName(store.getRunSync(id).name, id).slice(0, -RUN_FILE_EXTENSION.length);
}

/**
 * The run in one of the interop formats, as files: spikes or per-neuron rates as one CSV, the
 * folder NEST writes (population_nodeids.dat, spike_recorder-*.dat, rate*.dat, params.json when
 * the parameters are known), or the PyNEST script with its params.json.
 */
export function exportAsFilesSync(store: RunStore, id: number, format: ExportFormat, tmpRoot = os.tmpdir()): NamedFile[] {
  const stem = runStem(store, id); // not-found first
  try {
    return withTempDir(tmpRoot, 'mcs-export-', (dir) => {
      const out = path.join(dir, 'out');
      mkdirSync(out);
      switch (format) {
        case 'spikes-csv':
          exportSpikesCsvSync(store, id, path.join(out, `${stem}-spikes.csv`));
          break;
        case 'rates-csv':
          exportRatesCsvSync(store, id, path.join(out, `${stem}-rates.csv`));
          break;
        case 'nest':
          exportNestFolderSync(store, id, out);
          break;
        case 'pynest':
          exportPynestSync(store, id, out);
          break;
      }
      return readFolder(out);
    });
  } catch (e) {
    // A run still running or without recorded spikes: nothing to export yet.
    if (e instanceof ExportError) throw new StudioError('conflict', e.message);
    throw e;
  }
}

/** The folder each format's files go into when an archive holds several formats. */
export const EXPORT_FOLDERS: Record<ExportFormat, string> = { 'spikes-csv': 'csv', 'rates-csv': 'csv', nest: 'nest', pynest: 'pynest' };

/**
 * The exports of one or more formats as one zip archive (the page downloads one file, not one per
 * export file): one format's files at the archive's top, several formats in a folder each (the two
 * CSVs share csv/). Formats given twice count once; default: every format.
 */
export function exportArchiveSync(store: RunStore, id: number, formats: readonly ExportFormat[] = EXPORT_FORMATS, tmpRoot = os.tmpdir()): RunArchive {
  const unique = EXPORT_FORMATS.filter((f) => formats.includes(f));
  const stem = runStem(store, id);
  const entries = unique.flatMap((format) =>
    exportAsFilesSync(store, id, format, tmpRoot).map((f) => ({ name: unique.length === 1 ? f.name : `${EXPORT_FOLDERS[format]}/${f.name}`, bytes: f.bytes })),
  );
  const fileName = `${stem}-${unique.length === 1 ? unique[0] : 'export'}.zip`;
  return { fileName, bytes: zipArchive(entries), files: entries.map((e) => ({ name: e.name, bytes: e.bytes.byteLength })) };
}

/** Refuses an upload that is not a set of plain, distinct file names within the limits. */
export function checkNestUpload(files: readonly NamedFile[]): void {
  if (files.length === 0) throw new StudioError('bad-request', 'no files to import: choose the files of a NEST output folder');
  if (files.length > MAX_NEST_FILES) throw new StudioError('bad-request', `${files.length} files: at most ${MAX_NEST_FILES} can be imported at once`);
  const seen = new Set<string>();
  let total = 0;
  for (const f of files) {
    if (!PLAIN_FILE_NAME.test(f.name)) throw new StudioError('bad-request', `"${f.name}" is not a plain file name`);
    if (seen.has(f.name)) throw new StudioError('bad-request', `"${f.name}" is there twice: choose the files of one folder`);
    seen.add(f.name);
    total += f.bytes.byteLength;
  }
  if (total > MAX_NEST_IMPORT_BYTES) throw new StudioError('bad-request', `the files hold ${total} bytes: at most ${MAX_NEST_IMPORT_BYTES} can be imported at once`);
}

function uploadedName(folder: string, file: string): string {
  const rel = path.relative(folder, path.resolve(folder, file));
  return rel === '' ? 'the uploaded files' : rel.startsWith('..') || path.isAbsolute(rel) ? path.basename(file) : rel;
}

/**
 * Imports uploaded NEST output files as a completed run: written into a private folder, imported
 * as the CLI imports a folder. A bad folder is refused (bad-request naming the file and line) and
 * nothing is stored.
 */
export function importNestFilesSync(store: RunStore, files: readonly NamedFile[], name: string | undefined, tmpRoot = os.tmpdir()): RunRecord {
  checkNestUpload(files);
  return withTempDir(tmpRoot, 'mcs-nest-import-', (dir) => {
    const folder = path.join(dir, 'nest-output');
    mkdirSync(folder);
    for (const f of files) writeFileSync(path.join(folder, f.name), f.bytes);
    try {
      return importNestFolderSync(store, folder, { name: name ?? `NEST import (${files.length} files)` }).run;
    } catch (e) {
      // Named as the user knows it: the uploaded file's name, not its place in the private folder.
      if (e instanceof NestImportError) throw new StudioError('bad-request', `${uploadedName(folder, e.file)}${e.line > 0 ? ` line ${e.line}` : ''}: ${e.detail}`);
      throw e;
    }
  });
}
