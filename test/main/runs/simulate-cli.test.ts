/** `npm run simulate` (src-main/cli/simulate.ts) as a user runs it: a real process, the run read back with RunStore. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunStats } from '../../../src-main/runs/run-stats.ts';
import { RunStore } from '../../../src-main/store/run-store.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'src-main', 'cli', 'simulate.ts');
const TINY = ['--set', 'net.N_scaling=0.02', '--set', 'sim.t_presim=50', '--set', 'sim.t_sim=100'];

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcs-simulate-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function simulate(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env });
}

function openStore(db: string): RunStore {
  return RunStore.openSync(db, { create: false });
}

describe('npm run simulate with the run database', { timeout: 120_000 }, () => {
  it('stores the run: completed, every spike, summary, statistics, engine, seed, threads, machine', () => {
    const db = path.join(dir, 'runs.sqlite');
    const r = simulate([...TINY, '--seed', '9', '--db', db, '--name', 'from the CLI', '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/stored as run 1 in .*runs\.sqlite/);
    const store = openStore(db);
    try {
      const [run] = store.listRunsSync();
      expect(run).toMatchObject({ id: 1, name: 'from the CLI', status: 'completed', seed: 9, threads: 1, engineName: 'microcircuit-engine', numNeurons: 1544, hasStats: true });
      expect(run.machine?.nodeVersion).toBe(process.versions.node);
      const summary = store.getSummarySync(1)!;
      expect(run.numSpikes).toBe(summary.num_spikes);
      expect(store.getSpikesSync(1, { t0Ms: 0, t1Ms: 150 }).senders.length).toBe(summary.num_spikes);
      expect(r.stdout).toContain(`spikes ${summary.num_spikes}`);
      const stats = store.getStatsSync(1) as RunStats;
      expect(Object.keys(stats.populations)).toHaveLength(8);
      expect(stats.window).toEqual({ t0Ms: 50, t1Ms: 150 });
      expect(store.getParamsSync(1).sim.rng_seed).toBe(9);
    } finally {
      store.closeSync();
    }
  });

  it('defaults to the app database (src-main/store/paths.ts) and names the run after its parameters', () => {
    const home = path.join(dir, 'home');
    const r = simulate([...TINY, '--quiet'], { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), APPDATA: path.join(home, 'AppData') });
    expect(r.status, r.stderr).toBe(0);
    const db = process.platform === 'linux' ? path.join(home, '.config', 'Microcircuit Studio', 'runs.sqlite') : null;
    if (db) {
      const store = openStore(db);
      try {
        expect(store.listRunsSync()[0]).toMatchObject({ status: 'completed', name: 'simulate: N_scaling 0.02, K_scaling 0.1, t_sim 100 ms, seed 55' });
      } finally {
        store.closeSync();
      }
    }
  });

  it('stores nothing with --no-db, and nothing for refused parameters', () => {
    const db = path.join(dir, 'runs.sqlite');
    const r = simulate([...TINY, '--no-db', '--db', db, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('stored as run');
    expect(fs.existsSync(db)).toBe(false);
    const bad = simulate(['--set', 'net.N_scaling=-1', '--db', db]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('net.N_scaling = -1');
    expect(fs.existsSync(db)).toBe(false);
  });

  it('refuses a bad --name with status 2 before anything runs, creating no database', () => {
    const db = path.join(dir, 'runs.sqlite');
    const r = simulate([...TINY, '--db', db, '--name', '   ', '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/simulate: --name = " {3}": a run name must not be empty/);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('marks the run cancelled on Ctrl-C (SIGINT), keeping the spikes stored so far', async () => {
    const db = path.join(dir, 'runs.sqlite');
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, '--set', 'net.N_scaling=0.05', '--set', 'sim.t_sim=20000', '--db', db], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (t: string) => {
        stderr += t;
        if (/simulation [1-9]\d* \//.test(stderr)) resolve();
      }),
    );
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code, stderr).toBe(130);
    const store = openStore(db);
    try {
      const [run] = store.listRunsSync();
      expect(run).toMatchObject({ status: 'cancelled', reason: 'interrupted (Ctrl-C)' });
      expect(run.spikesStored).toBeGreaterThan(0);
    } finally {
      store.closeSync();
    }
  });
});
