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
  // + 1: free-text notes of a run (issue 15), searched by the history with its name and tags;
  // at most MAX_NOTES_LENGTH characters (checked by the store: rows.ts checkNotes).
  `
  ALTER TABLE runs ADD COLUMN notes TEXT NOT NULL DEFAULT '';
  `,
  // batches and ensembles (issue 14): a batch is a sweep or an ensemble of seeds whose runs are
  // ordinary runs linked to it by point and seed index; an ensemble groups runs of the same
  // parameters (a batch's point, or grouped by hand). Only new tables: the runs are untouched.
  `
  CREATE TABLE batches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('sweep', 'seeds')),
    name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'interrupted')),
    reason TEXT,
    created_at_ms INTEGER NOT NULL,
    finished_at_ms INTEGER,
    plan_json TEXT NOT NULL,
    num_points INTEGER NOT NULL CHECK (num_points >= 1),
    num_seeds INTEGER NOT NULL CHECK (num_seeds >= 1),
    owner_host TEXT,
    owner_pid INTEGER,
    owner_instance TEXT
  );
  CREATE INDEX batches_by_created ON batches (created_at_ms, id);

  CREATE TABLE batch_runs (
    run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    batch_id INTEGER NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
    point INTEGER NOT NULL CHECK (point >= 0),
    seed_index INTEGER NOT NULL CHECK (seed_index >= 0)
  );
  CREATE INDEX batch_runs_by_slot ON batch_runs (batch_id, point, seed_index);

  CREATE TABLE ensembles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('seeds', 'sweep-point', 'grouped')),
    batch_id INTEGER REFERENCES batches (id) ON DELETE CASCADE,
    point INTEGER,
    created_at_ms INTEGER NOT NULL,
    CHECK ((batch_id IS NULL) = (point IS NULL))
  );
  CREATE INDEX ensembles_by_batch ON ensembles (batch_id, point);

  CREATE TABLE ensemble_runs (
    ensemble_id INTEGER NOT NULL REFERENCES ensembles (id) ON DELETE CASCADE,
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    PRIMARY KEY (ensemble_id, run_id)
  ) WITHOUT ROWID;
  CREATE INDEX ensemble_runs_by_run ON ensemble_runs (run_id);

  -- A grouped ensemble whose last run is deleted goes with it (a batch's stay with their batch).
  CREATE TRIGGER ensembles_drop_empty AFTER DELETE ON ensemble_runs
  WHEN NOT EXISTS (SELECT 1 FROM ensemble_runs WHERE ensemble_id = OLD.ensemble_id)
  BEGIN
    DELETE FROM ensembles WHERE id = OLD.ensemble_id AND batch_id IS NULL;
  END;
  `,
  // why a completed run has no statistics (the analysis failed, or no spikes were recorded)
  `
  ALTER TABLE runs ADD COLUMN stats_problem TEXT;
  `,
];

/** The migrations, for tests that build a database as an older version wrote it. */
export const MIGRATION_STEPS: readonly string[] = MIGRATIONS;

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

/**
 * Applies the pending migrations in one IMMEDIATE transaction (so concurrent openers serialise).
 * `toVersion` (tests only): stop there, to write a database as an older version did.
 */
export function migrateSync(db: Database.Database, file: string, toVersion: number = SCHEMA_VERSION): void {
  const fresh = readIdentity(db);
  checkIdentity(file, fresh);
  if (fresh.userVersion >= toVersion) return;
  if (fresh.objects === 0) {
    // Only possible before the first table: lets deleteRunSync's space go back to the OS in steps.
    db.pragma('auto_vacuum = INCREMENTAL');
  }
  db.transaction(() => {
    const now = readIdentity(db); // another process may have migrated meanwhile
    checkIdentity(file, now);
    for (let v = now.userVersion; v < toVersion; v++) db.exec(MIGRATIONS[v]);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${Math.max(now.userVersion, toVersion)}`);
  }).immediate();
}
