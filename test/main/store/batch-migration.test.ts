/**
 * The batches migration on a database written by the version before it: runs written with the
 * store's own code are placed in a database built by the migrations up to (not including) the
 * batches one, exactly as that version left its files; opening it migrates, and every run reads
 * back identically. The version is found by the migration's contents, not by its number, so
 * migrations other branches append before or after it do not break this test.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { composeParams } from '../../../engine/params/merge.ts';
import type { ParamSet } from '../../../engine/params/types.ts';
import { planBatch } from '../../../src-main/batches/plan.ts';
import { BatchStore } from '../../../src-main/store/batch-store.ts';
import { RunStore } from '../../../src-main/store/run-store.ts';
import { migrateSync, MIGRATION_STEPS, SCHEMA_VERSION } from '../../../src-main/store/schema.ts';
import { removeDir, tempDir, writeRun } from './helpers.ts';
import { pd14Populations, syntheticChunks } from './synthetic.ts';

const dir = tempDir('mcs-batch-migration-');
afterAll(() => removeDir(dir));

/** The schema version just before the batches migration. */
const BEFORE_BATCHES = MIGRATION_STEPS.findIndex((m) => m.includes('CREATE TABLE batches'));

function tables(db: Database.Database, schema = 'main'): string[] {
  return (db.prepare(`SELECT name FROM ${schema}.sqlite_schema WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
}

/** Everything a run reads back as: record, parameters (as stored), summary, statistics, spikes, voltages. */
function snapshot(store: RunStore, id: number): unknown {
  const record = store.getRunSync(id);
  return {
    record,
    params: store.getParamsJsonSync(id),
    summary: store.getSummarySync(id),
    stats: store.getStatsSync(id),
    spikes: record.populations.length ? store.getSpikesSync(id, { t0Ms: 0, t1Ms: 1e6 }) : null,
    totals: record.populations.length ? store.getPopulationSpikeTotalsSync(id) : [],
    voltage: store.getVoltageSync(id),
  };
}

describe('the batches migration', () => {
  it('is found among the migrations, after at least the first schema', () => {
    expect(BEFORE_BATCHES).toBeGreaterThanOrEqual(1);
    expect(BEFORE_BATCHES).toBeLessThan(SCHEMA_VERSION);
  });

  it("migrates a database of the version before it: every run reads back identically, and batches work on it", () => {
    // 1. Runs written with the store's code (completed with statistics, tagged, still running, failed).
    const source = path.join(dir, 'written.sqlite');
    const writer = RunStore.openSync(source);
    const pops = pd14Populations(0.02);
    const params = composeParams({ sets: ['net.N_scaling=0.02', 'sim.t_presim=50', 'sim.t_sim=100'] }) as ParamSet;
    const a = writeRun(writer, pops, syntheticChunks({ populations: pops, durationMs: 150, chunkMs: 50, seed: 1 }), { name: 'completed', params, tags: ['baseline', 'seed-55'] });
    writer.setStatsSync(a.id, { version: 1, note: 'cached', values: new Float64Array([1.5, Number.NaN]) });
    const b = writeRun(writer, pops, syntheticChunks({ populations: pops, durationMs: 100, chunkMs: 50, seed: 2 }), { name: 'left running', params, end: 'running' });
    const c = writeRun(writer, pops, syntheticChunks({ populations: pops, durationMs: 50, chunkMs: 25, seed: 3 }), { name: 'failed', params, end: 'running' });
    writer.markFailedSync(c.id, 'the engine stopped');
    writer.closeSync(); // 'left running' becomes interrupted, as a quit leaves it

    // 2. The same rows in a database built by the migrations before the batches one.
    const old = path.join(dir, 'old.sqlite');
    const raw = new Database(old);
    raw.pragma('foreign_keys = OFF');
    migrateSync(raw, old, BEFORE_BATCHES);
    expect(raw.pragma('user_version', { simple: true })).toBe(BEFORE_BATCHES);
    expect(tables(raw)).not.toContain('batches');
    raw.prepare('ATTACH DATABASE ? AS src').run(source);
    raw.transaction(() => {
      for (const t of tables(raw)) {
        const cols = (raw.prepare(`PRAGMA main.table_info(${t})`).all() as { name: string }[]).map((r) => r.name).join(', ');
        raw.exec(`INSERT INTO main.${t} (${cols}) SELECT ${cols} FROM src.${t}`);
      }
    })();
    raw.exec('DETACH DATABASE src');
    expect((raw.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n).toBe(3);
    raw.close();

    // 3. Opened by this version: migrated, sound, and every run as it was.
    const original = RunStore.openSync(source);
    const migrated = RunStore.openSync(old);
    try {
      expect(migrated.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(tables(migrated.db)).toEqual(expect.arrayContaining(['batches', 'batch_runs', 'ensembles', 'ensemble_runs', 'runs', 'spike_chunks']));
      expect(migrated.integrityCheckSync()).toEqual(['ok']);
      expect(migrated.db.pragma('foreign_key_check')).toEqual([]);
      const ids = original.listRunsSync({ order: 'oldest' }).map((r) => r.id);
      expect(ids).toEqual([a.id, b.id, c.id]);
      expect(migrated.listRunsSync({ order: 'oldest' })).toEqual(original.listRunsSync({ order: 'oldest' }));
      for (const id of ids) expect(snapshot(migrated, id), `run ${id}`).toEqual(snapshot(original, id));
      expect(migrated.getRunSync(b.id).status).toBe('interrupted');

      // The new tables work on the migrated runs: an ensemble of two of them, a batch with a new run.
      const batches = new BatchStore(migrated);
      const ensemble = batches.groupSync('old runs', [a.id, c.id]);
      expect(ensemble.runIds).toEqual([a.id, c.id]);
      const { plan } = planBatch({ base: { set: ['net.N_scaling=0.02'] }, seeds: { count: 2 } });
      const batch = batches.createBatchSync(plan);
      const run = migrated.createRunSync({ name: 'new', params: plan.base, engineName: 'e', engineVersion: '1' });
      batches.linkRunSync(batch.id, 0, 0, run.id);
      expect(batches.getBatchSync(batch.id).counts).toMatchObject({ queued: 1, missing: 1 });
      expect(run.id).toBeGreaterThan(c.id); // AUTOINCREMENT carried over
      batches.close();
    } finally {
      original.closeSync();
      migrated.closeSync();
    }
    // Opening again changes nothing more.
    const again = RunStore.openSync(old);
    expect(again.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    again.closeSync();
    expect(fs.existsSync(old)).toBe(true);
  });
});
