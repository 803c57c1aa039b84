// Issue 15's store additions: a run's notes (and the migration that adds them, on a database
// written before it), the history's text search over names, tags and notes, notes in run files,
// and the voltmeter's traces of chosen neurons with their size bound.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultParams } from '../../../engine/params/presets.ts';
import { MAX_NOTES_LENGTH } from '../../../src-main/common/limits.ts';
import { RunStoreError } from '../../../src-main/store/errors.ts';
import { RunStore } from '../../../src-main/store/run-store.ts';
import { MIGRATION_STEPS, SCHEMA_VERSION } from '../../../src-main/store/schema.ts';
import { removeDir, tempDir, writeRun } from './helpers.ts';
import { pd14Populations, syntheticChunks } from './synthetic.ts';

let dir: string;
const stores: RunStore[] = [];
const small = pd14Populations(0.1);

function open(file = path.join(dir, 'runs.sqlite')): RunStore {
  const s = RunStore.openSync(file);
  stores.push(s);
  return s;
}

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof RunStoreError) return `${e.code}: ${e.message}`;
    throw e;
  }
  throw new Error('not refused');
}

beforeEach(() => {
  dir = tempDir('mcs-notes-');
});
afterEach(() => {
  for (const s of stores.splice(0)) s.closeSync();
  removeDir(dir);
});

describe('notes', () => {
  it('are empty at first, replaced, kept with line breaks, cleared, and bounded', () => {
    const s = open();
    const run = writeRun(s, small, syntheticChunks({ populations: small, durationMs: 10 }));
    expect(run.notes).toBe('');
    const r = s.setNotesSync(run.id, 'Thalamic pulse at 700 ms.\r\nCompare with run 3.\t(seed 55)  \n\n');
    expect(r.notes).toBe('Thalamic pulse at 700 ms.\nCompare with run 3.\t(seed 55)');
    expect(s.getRunSync(run.id).notes).toBe(r.notes);
    expect(s.setNotesSync(run.id, '').notes).toBe('');
    expect(s.setNotesSync(run.id, 'x'.repeat(MAX_NOTES_LENGTH)).notes).toHaveLength(MAX_NOTES_LENGTH);
    expect(refusal(() => s.setNotesSync(run.id, 'x'.repeat(MAX_NOTES_LENGTH + 1)))).toBe(
      `bad-argument: notes have at most ${MAX_NOTES_LENGTH} characters (got ${MAX_NOTES_LENGTH + 1})`,
    );
    expect(refusal(() => s.setNotesSync(run.id, 'bell\u0007'))).toBe('bad-argument: notes must not contain control characters other than line breaks and tabs (got U+0007)');
    expect(refusal(() => s.setNotesSync(999, 'x'))).toMatch(/^run-not-found: no run with id 999/);
  });

  it('are searched with names and tags by the history text filter, in any case', () => {
    const s = open();
    const a = writeRun(s, small, [], { name: 'Baseline', tags: ['paper-fig2'] });
    const b = writeRun(s, small, [], { name: 'thalamic' });
    const c = writeRun(s, small, [], { name: 'other' });
    s.setNotesSync(c.id, 'Shows the GAMMA peak clearly');
    const ids = (text: string) => s.listRunsSync({ text }).map((r) => r.id);
    expect(ids('baseline')).toEqual([a.id]);
    expect(ids('FIG2')).toEqual([a.id]);
    expect(ids('gamma')).toEqual([c.id]);
    expect(ids('a')).toEqual([c.id, b.id, a.id]);
    expect(ids('  ')).toEqual([c.id, b.id, a.id]);
    expect(ids('nothing like it')).toEqual([]);
    expect(s.listRunsSync({ text: 'th', status: 'completed', nameContains: 'thal' }).map((r) => r.id)).toEqual([b.id]);
  });

  it('travel in run files; a run file without them imports with none', () => {
    const s = open();
    const run = writeRun(s, small, syntheticChunks({ populations: small, durationMs: 10 }), { name: 'noted' });
    s.setNotesSync(run.id, 'kept across machines');
    const file = path.join(dir, 'noted.mcrun');
    s.exportRunSync(run.id, file);
    const other = open(path.join(dir, 'other.sqlite'));
    expect(other.importRunSync(file).notes).toBe('kept across machines');
  });
});

describe('the notes migration', () => {
  it('opens a database written before it: every run keeps its data and gets empty notes', () => {
    const file = path.join(dir, 'old.sqlite');
    // A database as today's store writes it, then taken back to the schema before notes existed.
    const s = RunStore.openSync(file);
    const run = writeRun(s, small, syntheticChunks({ populations: small, durationMs: 20 }), { name: 'from before', tags: ['old'] });
    const spikes = s.getSpikesSync(run.id, { t0Ms: 0, t1Ms: 20 }).senders.length;
    s.closeSync();
    // The schema version before the notes migration, found by its content (migrations after it,
    // which only add tables, triggers and columns, are undone too: their objects did not exist then).
    const notesStep = MIGRATION_STEPS.findIndex((m) => m.includes('ADD COLUMN notes'));
    expect(notesStep).toBeGreaterThan(0);
    const later = MIGRATION_STEPS.slice(notesStep + 1).join('\n');
    const db = new Database(file);
    for (const [, name] of later.matchAll(/CREATE TRIGGER (\w+)/g)) db.exec(`DROP TRIGGER ${name}`);
    for (const [, name] of [...later.matchAll(/CREATE TABLE (\w+)/g)].reverse()) db.exec(`DROP TABLE ${name}`);
    for (const [, table, column] of later.matchAll(/ALTER TABLE (\w+) ADD COLUMN (\w+)/g)) db.exec(`ALTER TABLE ${table} DROP COLUMN ${column}`);
    db.exec('ALTER TABLE runs DROP COLUMN notes');
    db.pragma(`user_version = ${notesStep}`);
    db.close();

    const reopened = open(file);
    const db2 = reopened.db;
    expect(db2.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const r = reopened.getRunSync(run.id);
    expect(r).toMatchObject({ name: 'from before', tags: ['old'], status: 'completed', notes: '' });
    expect(reopened.getSpikesSync(run.id, { t0Ms: 0, t1Ms: 20 }).senders.length).toBe(spikes);
    expect(reopened.setNotesSync(run.id, 'added after the migration').notes).toBe('added after the migration');
    expect(reopened.integrityCheckSync()).toEqual(['ok']);
  });
});

describe('voltage traces of chosen neurons', () => {
  function voltageRun(s: RunStore) {
    const params = defaultParams();
    params.sim.rec_dev = ['spike_recorder', 'voltmeter'];
    const run = writeRun(s, small, [], { end: 'running', params });
    const senders = Uint32Array.of(1, 2, 3, 2100);
    // V of neuron column j at step k: -70 + j + k / 1000.
    for (const first of [10, 60]) {
      const steps = Uint32Array.from({ length: 5 }, (_, i) => first + 10 * i);
      const vMv = Float32Array.from({ length: 5 * 4 }, (_, i) => -70 + (i % 4) + steps[Math.floor(i / 4)] / 1000);
      s.appendVoltageSync(run.id, { steps, senders, vMv });
    }
    return run;
  }

  it('reads the columns asked for, in the order asked, over a window', () => {
    const s = open();
    const run = voltageRun(s);
    expect(Array.from(s.getVoltageSendersSync(run.id)!)).toEqual([1, 2, 3, 2100]);
    const t = s.getVoltageTracesSync(run.id, { t0Ms: 3, t1Ms: 7, nodeIds: [2100, 2], maxValues: 100 });
    expect(Array.from(t.steps)).toEqual([30, 40, 50, 60, 70]);
    expect(Array.from(t.senders)).toEqual([2100, 2]);
    const want = [30, 40, 50, 60, 70].flatMap((k) => [Math.fround(-70 + 3 + k / 1000), Math.fround(-70 + 1 + k / 1000)]);
    expect(Array.from(t.vMv)).toEqual(want);
  });

  it('refuses before reading: unknown neurons, and more values than the bound (naming it)', () => {
    const s = open();
    const run = voltageRun(s);
    expect(refusal(() => s.getVoltageTracesSync(run.id, { t0Ms: 0, t1Ms: 10, nodeIds: [4], maxValues: 100 }))).toBe(
      `bad-argument: neuron 4 was not recorded by the voltmeter of run ${run.id}`,
    );
    expect(refusal(() => s.getVoltageTracesSync(run.id, { t0Ms: 0, t1Ms: 10, nodeIds: [1, 2, 3], maxValues: 29 }))).toBe(
      'bad-argument: the window (0, 10] ms holds 10 samples of 3 neurons = 30 values; at most 29: choose fewer neurons or a shorter window',
    );
    const plain = writeRun(s, small, []);
    expect(s.getVoltageSendersSync(plain.id)).toBeNull();
    expect(refusal(() => s.getVoltageTracesSync(plain.id, { t0Ms: 0, t1Ms: 10, nodeIds: [1], maxValues: 100 }))).toMatch(/recorded no membrane potentials/);
  });

  it('scans every sample of a window chunk by chunk', () => {
    const s = open();
    const run = voltageRun(s);
    const seen: number[] = [];
    let values = 0;
    s.scanVoltageSync(run.id, { t0Ms: 2, t1Ms: 6 }, (steps, vMv) => {
      seen.push(...steps);
      values += vMv.length;
    });
    expect(seen).toEqual([20, 30, 40, 50, 60]);
    expect(values).toBe(5 * 4);
  });
});
