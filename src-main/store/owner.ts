/**
 * Who writes a queued or running run, and whether that writer still exists.
 *
 * A store that writes runs holds a lease: an exclusive SQLite lock on a small file of its own,
 * `<database>-leases/<instance>.lease`, taken before the first run names it and held until the
 * store closes. The operating system drops the lock when the process ends, however it ends
 * (SIGKILL, a native crash, an OOM kill): a killed writer that is not yet reaped (a zombie) holds
 * nothing, and a new process that gets the old process id holds nothing either, where
 * `kill(pid, 0)` would call both alive. A run's row names its writer (owner_instance); any process
 * on the machine asks whether that lease is still held by reading the file without waiting (the
 * lock makes the read fail busy). The Electron main process, the localhost server and each CLI
 * run have a store, and so a lease, of their own.
 *
 * The rule: a run's owner is live when it is a store of this process that is open, or another
 * process holds its lease. A lease file that is missing (a row written before leases, a copied
 * database) or unlocked means the owner is gone. A lease file that exists but cannot be opened (another
 * user's file) is taken as live: what cannot be checked is not interrupted.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

export interface Owner {
  host: string;
  pid: number;
  instance: string;
}

/** The open stores of this process, by instance. */
const liveInstances = new Set<string>();

const INSTANCE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The folder of a database's lease files (beside it, as SQLite's -wal and -shm files). */
export function leaseDir(dbFile: string): string {
  let real = dbFile;
  try {
    real = fs.realpathSync(dbFile); // one folder whatever path (link) names the database
  } catch {
    // not there yet: the path as given
  }
  return `${real}-leases`;
}

function leaseFile(dir: string, instance: string): string {
  return path.join(dir, `${instance}.lease`);
}

export function newOwner(): Owner {
  const owner = { host: os.hostname(), pid: process.pid, instance: randomUUID() };
  liveInstances.add(owner.instance);
  return owner;
}

/** The owner's store has closed: its runs are no longer live. */
export function releaseOwner(owner: Owner): void {
  liveInstances.delete(owner.instance);
}

/** The lock that says an owner is alive; held from acquireSync until releaseSync or the end of the process. */
export class Lease {
  readonly file: string;
  readonly #db: Database.Database;

  private constructor(file: string, db: Database.Database) {
    this.file = file;
    this.#db = db;
  }

  static acquireSync(dbFile: string, owner: Owner): Lease {
    const dir = leaseDir(dbFile);
    fs.mkdirSync(dir, { recursive: true });
    const file = leaseFile(dir, owner.instance);
    const db = new Database(file);
    try {
      // EXCLUSIVE locking mode: the lock taken by the first write is kept until the connection closes.
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = MEMORY');
      db.exec('CREATE TABLE IF NOT EXISTS lease (host TEXT, pid INTEGER, acquired_at_ms INTEGER)');
      db.prepare('INSERT INTO lease VALUES (?, ?, ?)').run(owner.host, owner.pid, Date.now());
    } catch (e) {
      db.close();
      throw e;
    }
    return new Lease(file, db);
  }

  releaseSync(): void {
    if (!this.#db.open) return;
    this.#db.close();
    fs.rmSync(this.file, { force: true });
  }
}

function isBusy(e: unknown): boolean {
  return String((e as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY');
}

/** Whether another process holds the lease of `instance`; an unlocked leftover file is removed. */
function leaseHeldSync(dir: string, instance: string): boolean {
  if (!INSTANCE.test(instance)) return false; // not a lease name (and never a path)
  const file = leaseFile(dir, instance);
  if (!fs.existsSync(file)) return false;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 0 });
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (e) {
    if (isBusy(e)) return true;
    if ((e as { code?: string }).code === 'SQLITE_CANTOPEN') return true; // cannot check: taken as live
    // not a database (a torn leftover): nobody holds it
  } finally {
    db?.close();
  }
  fs.rmSync(file, { force: true });
  return false;
}

/** Whether the writer a run's row names is still there (see the rule above). */
export function ownerIsLive(dbFile: string, pid: number | null, instance: string | null): boolean {
  if (pid === null || instance === null) return false;
  if (liveInstances.has(instance)) return true;
  if (pid === process.pid) return false; // a closed store of this process
  return leaseHeldSync(leaseDir(dbFile), instance);
}
