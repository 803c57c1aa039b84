/**
 * The migration that adds runs.stats_problem (why a completed run has no statistics): a database
 * of the schema before it, holding a completed run, opens, migrates and reads as before; the
 * completion stores the statistics or the problem in the same transaction as the status.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultParams } from '../../../engine/params/presets.ts';
import { RunStore } from '../../../src-main/store/run-store.ts';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from '../../../src-main/store/schema.ts';
import { removeDir, summaryFor, tempDir } from './helpers.ts';
import { pd14Populations } from './synthetic.ts';

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => removeDir(dir));

const mine = MIGRATIONS.findIndex((m) => m.includes('stats_problem'));

describe('runs.stats_problem', () => {
  it('migrates a database of the schema before it, keeping its runs', () => {
    expect(mine).toBeGreaterThan(0);
    const file = path.join(dir, 'old.sqlite');
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    for (const m of MIGRATIONS.slice(0, mine)) raw.exec(m);
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.pragma(`user_version = ${mine}`);
    raw
      .prepare(
        `INSERT INTO runs (uid, name, status, origin, created_at_ms, last_write_at_ms, params_json, seed, resolution_ms,
           engine_name, engine_version, stats_json, finished_at_ms)
         VALUES ('u-1', 'old run', 'completed', 'engine', 1, 2, ?, 55, 0.1, 'microcircuit-engine', '0.1.0', NULL, 2)`,
      )
      .run(JSON.stringify(defaultParams()));
    raw.close();

    const store = RunStore.openSync(file, { create: false });
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(store.getRunSync(1)).toMatchObject({ name: 'old run', status: 'completed', hasStats: false, statsProblem: null });
      expect(store.integrityCheckSync()).toEqual(['ok']);
    } finally {
      store.closeSync();
    }
  });

  it('is stored with the completion: the statistics, or why there are none', () => {
    const store = RunStore.openSync(path.join(dir, 'runs.sqlite'));
    try {
      const pops = pd14Populations(0.02);
      const make = () => {
        const r = store.createRunSync({ name: 'r', params: defaultParams(), engineName: 'microcircuit-engine', engineVersion: '0.1.0' });
        store.startRunSync(r.id, { populations: pops });
        return r.id;
      };
      const a = make();
      expect(store.markCompletedSync(a, summaryFor(pops, 0), { stats: { rates: [1, 2] } })).toMatchObject({ hasStats: true, statsProblem: null });
      const b = make();
      expect(store.markCompletedSync(b, summaryFor(pops, 0), { problem: 'the statistics could not be computed: boom' })).toMatchObject({
        status: 'completed',
        hasStats: false,
        statsProblem: 'the statistics could not be computed: boom',
      });
      // Statistics that cannot be stored (a cycle) cost the statistics, not the completion.
      const c = make();
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      const done = store.markCompletedSync(c, summaryFor(pops, 0), { stats: cyclic });
      expect(done).toMatchObject({ status: 'completed', hasStats: false });
      expect(done.statsProblem).toMatch(/^the statistics could not be stored: /);
    } finally {
      store.closeSync();
    }
  });
});
