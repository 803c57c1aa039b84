/**
 * How every command names the run store, the same in `runs`, `simulate` and `serve`:
 * `--db FILE` (the database file) or `--data-dir DIR` (the app's data folder, holding runs.sqlite);
 * neither: the app's own (src-main/store/paths.ts). A folder given to --db, or a file given to
 * --data-dir, is refused with the other option's name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DB_FILE_NAME, storeLocation, type StoreLocation } from '../store/paths.ts';
import { option, parser, quote, UsageError } from './framework/index.ts';

function existing(raw: string): fs.Stats | null {
  try {
    return fs.statSync(raw);
  } catch {
    return null;
  }
}

const dbFileArg = parser('FILE', 'the path of the run database file', (raw) => {
  if (raw === '') throw new UsageError('must not be empty: the path of the database file is needed');
  if (existing(raw)?.isDirectory()) {
    throw new UsageError(`is a folder; --db takes the database file (such as ${path.join(raw, DB_FILE_NAME)}), --data-dir the folder`);
  }
  return raw;
});

const dataDirArg = parser('DIR', 'the path of a data folder', (raw) => {
  if (raw === '') throw new UsageError('must not be empty: the path of the data folder is needed');
  const st = existing(raw);
  if (st && !st.isDirectory()) throw new UsageError(`is a file; --data-dir takes the folder that holds ${DB_FILE_NAME}, --db the database file`);
  return raw;
});

export const STORE_OPTIONS = {
  db: option(dbFileArg, "the run database file (default: runs.sqlite in the app's data folder)"),
  'data-dir': option(dataDirArg, `the data folder whose ${DB_FILE_NAME} is the run database (default: the app's)`),
};

/** The store the options name; refuses both at once. */
export function storeFromOptions(o: { db: string | undefined; 'data-dir': string | undefined }): StoreLocation {
  if (o.db !== undefined && o['data-dir'] !== undefined) {
    throw new UsageError(`--db and --data-dir name the same thing: give one (got --db ${quote(o.db)} and --data-dir ${quote(o['data-dir'])})`);
  }
  return storeLocation({ dbFile: o.db, dataDir: o['data-dir'] });
}
