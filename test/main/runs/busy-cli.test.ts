/**
 * Issue 13 item 7 as it was found: `npm run simulate` storing a run while another process holds
 * the database's write lock for 8 s, longer than the 5-s busy timeout. The run must complete with
 * every spike, its waiting told on stderr.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { RunStore } from '../../../src-main/store/run-store.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'src-main', 'cli', 'simulate.ts');
const HOLD_MS = 8000;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcs-busy-cli-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

it(`npm run simulate outlasts a write lock held ${HOLD_MS / 1000} s by another connection`, { timeout: 180_000 }, async () => {
  const db = path.join(dir, 'runs.sqlite');
  RunStore.openSync(db).closeSync();
  const child = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', CLI, '--set', 'net.N_scaling=0.05', '--set', 'sim.t_sim=10000', '--db', db],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  let stdout = '';
  child.stderr.setEncoding('utf8');
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (t: string) => (stdout += t));
  const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  child.stderr.on('data', (t: string) => (stderr += t));
  const locker = new Database(db);
  // The write lock, taken once the run is storing spikes (it is simulating).
  const stored = locker.prepare('SELECT coalesce(max(spikes_stored), 0) AS n FROM runs');
  while ((stored.get() as { n: number }).n === 0) {
    expect(child.exitCode, stderr).toBeNull();
    await new Promise((r) => setTimeout(r, 20));
  }
  locker.exec('BEGIN IMMEDIATE');
  await new Promise((r) => setTimeout(r, HOLD_MS));
  locker.exec('COMMIT');
  locker.close();
  const code = await exited;
  expect(code, stderr).toBe(0);
  expect(stderr).toMatch(/the database is locked by another program/);
  expect(stdout).toMatch(/stored as run 1 in /);
  const store = RunStore.openSync(db, { create: false });
  try {
    const run = store.getRunSync(1);
    expect(run).toMatchObject({ status: 'completed', hasStats: true });
    expect(run.spikesStored).toBe(run.numSpikes);
    expect(run.spikesStored).toBeGreaterThan(0);
  } finally {
    store.closeSync();
  }
});
