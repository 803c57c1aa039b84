/**
 * The database schema and its migrations. PRAGMA user_version is the schema version; each
 * migration moves the database one version up, and all pending ones run in one transaction.
 * A database written by a newer app (user_version > SCHEMA_VERSION) is refused untouched.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { RunStoreError } from './errors.ts';

/** PRAGMA application_id of our databases: 'MCSR'. */
export const APPLICATION_ID = 0x4d435352;

/** Migration i takes the database from version i to i + 1. Never edit a released one: append. */
export const MIGRATIONS: readonly string[] = [
  // 0 -> 1: the first schema
  `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    status TEXT NOT NULL
      CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted')),
    origin TEXT NOT NULL CHECK (origin IN ('engine', 'nest-import', 'file-import')),
    created_at_ms INTEGER NOT NULL,
    started_at_ms INTEGER,
    finished_at_ms INTEGER,
    last_write_at_ms INTEGER NOT NULL,
    params_json TEXT NOT NULL,
    seed INTEGER NOT NULL,
    resolution_ms REAL NOT NULL CHECK (resolution_ms > 0),
    engine_name TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    threads INTEGER,
    machine_json TEXT,
    build_s REAL,
    presim_s REAL,
    sim_s REAL,
    reason TEXT,
    num_neurons INTEGER,
    num_synapses INTEGER,
    num_spikes INTEGER,
    spikes_stored INTEGER NOT NULL DEFAULT 0,
    spikes_to_step INTEGER NOT NULL DEFAULT 0,
    summary_json TEXT,
    stats_json TEXT,
    voltage_senders BLOB,
    imported_json TEXT,
    owner_host TEXT,
    owner_pid INTEGER,
    owner_instance TEXT
  );
  CREATE INDEX runs_by_created ON runs (created_at_ms, id);
  CREATE INDEX runs_by_status ON runs (status);

  CREATE TABLE run_populations (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    pop INTEGER NOT NULL,
    name TEXT NOT NULL,
    first_id INTEGER NOT NULL,
    last_id INTEGER NOT NULL,
    PRIMARY KEY (run_id, pop),
    CHECK (first_id >= 1 AND last_id >= first_id)
  ) WITHOUT ROWID;

  CREATE TABLE run_tags (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (run_id, tag)
  ) WITHOUT ROWID;
  CREATE INDEX run_tags_by_tag ON run_tags (tag);

  CREATE TABLE spike_chunks (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL,
    pop INTEGER NOT NULL,
    t0_step INTEGER NOT NULL,
    t1_step INTEGER NOT NULL,
    count INTEGER NOT NULL CHECK (count > 0),
    data BLOB NOT NULL,
    FOREIGN KEY (run_id, pop) REFERENCES run_populations (run_id, pop) ON DELETE CASCADE,
    CHECK (t1_step >= t0_step)
  );
  CREATE INDEX spike_chunks_by_window ON spike_chunks (run_id, pop, t1_step);

  CREATE TABLE voltage_chunks (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    t0_step INTEGER NOT NULL,
    t1_step INTEGER NOT NULL,
    num_samples INTEGER NOT NULL CHECK (num_samples > 0),
    steps BLOB NOT NULL,
    v_mv BLOB NOT NULL,
    CHECK (t1_step >= t0_step)
  );
  CREATE INDEX voltage_chunks_by_window ON voltage_chunks (run_id, t1_step);
  `,
  // why a completed run has no statistics (the analysis failed, or no spikes were recorded)
  `
  ALTER TABLE runs ADD COLUMN stats_problem TEXT;
  `,
];

/** The schema version this app writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

interface Identity {
  applicationId: number;
  userVersion: number;
  objects: number;
}

function readIdentity(db: Database.Database): Identity {
  return {
    applicationId: db.pragma('application_id', { simple: true }) as number,
    userVersion: db.pragma('user_version', { simple: true }) as number,
    objects: (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n,
  };
}

/** Throws unless a database with this identity may be opened (and migrated) by this app. */
function checkIdentity(file: string, id: Identity): void {
  if (id.userVersion > SCHEMA_VERSION && (id.applicationId === APPLICATION_ID || id.applicationId === 0)) {
    throw new RunStoreError(
      'newer-schema',
      `${file}: this database was written by a newer version of Microcircuit Studio ` +
        `(schema ${id.userVersion} > ${SCHEMA_VERSION}); update the app to open it. The file was not changed.`,
    );
  }
  if (id.applicationId !== APPLICATION_ID && (id.applicationId !== 0 || id.objects > 0)) {
    throw new RunStoreError(
      'not-a-run-database',
      `${file} is an SQLite database of another application, not a Microcircuit Studio run database; it was not changed`,
    );
  }
}

/**
 * Looks at an existing file without writing to it (a read-only connection cannot checkpoint or
 * migrate) and throws if we must not open it.
 */
export function probeExistingSync(file: string): void {
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    checkIdentity(file, readIdentity(db));
  } catch (e) {
    if (e instanceof RunStoreError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new RunStoreError(
        'not-a-run-database',
        `${file} is not a Microcircuit Studio run database (SQLite: ${(e as Error).message}); it was not changed`,
      );
    }
    throw e;
  } finally {
    db?.close();
  }
}

/** Applies the pending migrations in one IMMEDIATE transaction (so concurrent openers serialise). */
export function migrateSync(db: Database.Database, file: string): void {
  const fresh = readIdentity(db);
  checkIdentity(file, fresh);
  if (fresh.userVersion === SCHEMA_VERSION) return;
  if (fresh.objects === 0) {
    // Only possible before the first table: lets deleteRunSync's space go back to the OS in steps.
    db.pragma('auto_vacuum = INCREMENTAL');
  }
  db.transaction(() => {
    const now = readIdentity(db); // another process may have migrated meanwhile
    checkIdentity(file, now);
    for (let v = now.userVersion; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
