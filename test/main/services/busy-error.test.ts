/** A request that meets a database locked by another program is answered as such ('conflict', nothing changed), not as an internal error. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { expectedError } from '../../../src-main/services/errors.ts';

it('SQLITE_BUSY becomes a conflict that says the database is locked and nothing changed', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcs-busy-error-'));
  try {
    const file = path.join(dir, 'x.sqlite');
    const holder = new Database(file);
    holder.pragma('journal_mode = WAL');
    holder.exec('CREATE TABLE t (x)');
    holder.exec('BEGIN IMMEDIATE');
    const other = new Database(file, { timeout: 0 });
    let thrown: unknown;
    try {
      other.exec('INSERT INTO t VALUES (1)');
    } catch (e) {
      thrown = e;
    }
    other.close();
    holder.exec('ROLLBACK');
    holder.close();
    const e = expectedError(thrown);
    expect(e?.code).toBe('conflict');
    expect(e?.message).toMatch(/^the run database is locked by another program .*nothing was changed/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
