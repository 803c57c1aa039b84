/**
 * `npm run sweep`, `npm run simulate -- --seeds N` and the batch subcommands of `npm run runs` as a
 * user meets them: real processes, real engine hosts (tiny networks), exit statuses and messages;
 * a sweep killed (SIGKILL) half way and resumed with only its missing runs; Ctrl-C.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchStore } from '../../../src-main/store/batch-store.ts';
import { RunStore } from '../../../src-main/store/run-store.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const SWEEP = join(ROOT, 'src-main', 'cli', 'sweep.ts');
const SIMULATE = join(ROOT, 'src-main', 'cli', 'simulate.ts');
const RUNS = join(ROOT, 'src-main', 'cli', 'runs.ts');
const dir = mkdtempSync(join(tmpdir(), 'mc-sweep-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TINY = ['--set', 'net.N_scaling=0.02', '--set', 'sim.t_presim=50', '--set', 'sim.t_sim=100'];

function cli(script: string, args: string[]) {
  return spawnSync(process.execPath, [script, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
}

function withStore<T>(db: string, body: (store: RunStore, batches: BatchStore) => T): T {
  const store = RunStore.openSync(db);
  const batches = new BatchStore(store);
  try {
    return body(store, batches);
  } finally {
    batches.close();
    store.closeSync();
  }
}

describe('npm run sweep', { timeout: 180_000 }, () => {
  it('refuses bad sweeps with the field, the parameter and the value (exit 2), storing nothing', () => {
    const db = join(dir, 'refused.sqlite');
    const spec = join(dir, 'bad-spec.json');
    writeFileSync(spec, JSON.stringify({ vary: [{ path: 'net.g', range: { from: -6, to: -3, step: 'x' } }] }));
    const cases: [string[], string][] = [
      [['--vary', 'net.gg=1,2'], 'sweep: vary[0].path: net.gg is not a parameter (did you mean net.g?)'],
      [['--vary', 'net.g'], 'sweep: --vary = "net.g": must be PATH=FROM:TO:STEP or PATH=V1,V2,…'],
      [['--vary', 'net.g=-6:-3:0'], 'sweep: vary[0].range.step: must not be 0'],
      [[...TINY, '--vary', 'net.N_scaling=0.02,0'], 'point 1 (net.N_scaling = 0): net.N_scaling = 0: must be a scaling factor in (0, 10]'],
      [['--vary', 'net.K_ext[0]=1600,1600.5'], 'point 1 (net.K_ext[0] = 1600.5): net.K_ext[0] = 1600.5: must be a non-negative integer (an integer)'],
      [['--seeds', '3'], 'sweep: give --vary PATH=VALUES (once or twice), or --spec FILE'],
      [['--spec', spec, '--vary', 'net.g=1,2'], 'sweep: --spec holds the whole sweep: leave out --vary'],
      [['--spec', spec], `sweep: --spec = ${JSON.stringify(spec)}: vary[0].range.step: got "x", allowed: a finite number`],
      [['--resume', '1', '--seeds', '2'], 'sweep: --resume makes the runs of a stored batch from its own spec: leave out --seeds'],
      [['--retry-failed', '--vary', 'net.g=1'], 'sweep: --retry-failed goes with --resume ID'],
      [['--vary', 'net.bg_rate=1:100:1', '--seeds', '3'], 'sweep: refusing to start a large batch (it makes 300 runs (more than 200)) without confirmation: add --yes (stdin is not a terminal)'],
    ];
    for (const [args, message] of cases) {
      const r = cli(SWEEP, [...args, '--db', db]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
    }
    expect(existsSync(db)).toBe(false);
  });

  it('shows the plan and its estimate with --dry-run, running and storing nothing', () => {
    const db = join(dir, 'dry.sqlite');
    const r = cli(SWEEP, ['--preset', 'default', '--vary', 'net.g=-6:-3:0.5', '--vary', 'net.bg_rate=6,8,10', '--seeds', '3', '--dry-run', '--db', db]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('sweep: sweep net.g × net.bg_rate, 3 seeds (55–57)');
    expect(r.stderr).toContain('  net.g: -6, -5.5, -5, -4.5, -4, -3.5, -3 (7 values)');
    expect(r.stderr).toContain('  net.bg_rate: 6, 8, 10 (3 values)');
    expect(r.stderr).toContain('  seeds: 55, 56, 57 (3 values), the same at every point');
    expect(r.stderr).toMatch(/ {2}63 runs, 1 at a time: about [\d.]+ (s|min) \([\d.]+ s each\), peak memory [\d.]+ MiB, disk [\d.]+ MiB/);
    expect(r.stderr).toContain('dry run: nothing was run or stored');
    expect(existsSync(db)).toBe(false);
  });

  it('runs a sweep: every point and seed stored as a run of the batch; the table, the batch and the CSV from runs', () => {
    const db = join(dir, 'sweep.sqlite');
    const r = cli(SWEEP, [...TINY, '--vary', 'net.g=-5,-4', '--seeds', '2', '--name', 'g test', '--tag', 'cli-test', '--db', db]);
    expect(r.stderr).toContain('started batch 1');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/run 1 completed in [\d.]+ s: net.g = -5, seed 55/);
    expect(r.stderr).toMatch(/run 4 completed in [\d.]+ s: net.g = -4, seed 56/);
    expect(r.stderr).toContain('batch 1: 4/4 runs, 2/2 points');
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^net\.g\s+runs\s+L23E\s+L23I\s+L4E\s+L4I\s+L5E\s+L5I\s+L6E\s+L6I$/);
    expect(lines[1]).toMatch(/^-5\s+2\/2\s+\d/);
    expect(lines.at(-1)).toMatch(/^batch 1 completed: 4 of 4 runs completed in [\d.]+ s; stored in /);
    withStore(db, (store, batches) => {
      const b = batches.getBatchSync(1);
      expect(b).toMatchObject({ kind: 'sweep', status: 'completed', name: 'g test', tags: ['cli-test'], counts: { completed: 4 } });
      const slots = batches.slotsSync(1);
      expect(slots.map((s) => [store.getParamsSync(s.runId!).net.g, store.getRunSync(s.runId!).seed])).toEqual([[-5, 55], [-5, 56], [-4, 55], [-4, 56]]);
      expect(store.listRunsSync({ tag: 'cli-test' })).toHaveLength(4);
      expect(store.getRunSync(slots[0].runId!).hasStats).toBe(true);
    });
    const list = cli(RUNS, ['batches', '--db', db]);
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/^1\s+sweep\s+completed\s+.+\s+4\/4\s+net\.g ×2, 2 seeds\s+g test$/m);
    const shown = cli(RUNS, ['batch', '1', '--db', db]);
    expect(shown.stdout).toMatch(/^1\s+net\.g = -4\s+56\s+4\s+completed$/m);
    const csv = join(dir, 'table.csv');
    const exported = cli(RUNS, ['sweep-table', '1', '--csv', csv, '--db', db]);
    expect(exported.stdout).toContain('(2 points × 8 populations)');
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('point,net.g,population,n_runs,rate_hz_mean,rate_hz_sd,cv_isi_mean,cv_isi_sd,corr_mean,corr_sd');
    expect(rows).toHaveLength(17);
    expect(rows[1]).toMatch(/^0,-5,L23E,2,[\d.e-]+,[\d.e-]+,/);
    expect(cli(RUNS, ['sweep-table', '1', '--csv', csv, '--db', db]).stderr).toContain('the file exists; choose another name or add --force');
    const table = cli(RUNS, ['sweep-table', '1', '--db', db]);
    expect(table.stdout).toMatch(/^POINT\s+net\.g\s+POP\s+N\s+Mean rate \(spikes\/s\)\s+Mean CV ISI\s+Mean correlation$/m);
    // The points are ensembles; runs of different g are not one, unless forced.
    const ensembles = cli(RUNS, ['ensembles', '--batch', '1', '--db', db]);
    expect(ensembles.stdout).toMatch(/^\d+\s+sweep-point\s+1:0\s+1,2\s+g test · net\.g = -5$/m);
    const refused = cli(RUNS, ['group', 'mixed', '1', '3', '--db', db]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('these runs differ in 1 parameter(s) besides the seed, so they are not one ensemble (add --force to group them anyway):\nnet.g: -5, -4');
    const grouped = cli(RUNS, ['group', 'same g', '1', '2', '--db', db]);
    expect(grouped.stdout.trim()).toMatch(/^Ensemble (\d+) "same g" groups runs 1, 2\.$/);
    const id = /^Ensemble (\d+)/.exec(grouped.stdout)![1];
    expect(cli(RUNS, ['ungroup', id, '--db', db]).stdout).toContain(`Ensemble ${id} is dissolved; its runs stay.`);
    const deleted = cli(RUNS, ['batch-delete', '1', '--yes', '--db', db]);
    expect(deleted.stdout).toContain('Deleted batch 1 (g test).');
    expect(cli(RUNS, ['list', '--db', db]).stdout.trim().split('\n')).toHaveLength(5);
  });

  it('resumes a sweep killed half way (SIGKILL) with only its missing runs; Ctrl-C cancels it resumably', async () => {
    const db = join(dir, 'crash.sqlite');
    const args = [SWEEP, ...TINY, '--vary', 'net.g=-5,-4.5,-4', '--seeds', '2', '--db', db];
    // Killed once two runs are done.
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    await new Promise<void>((done, fail) => {
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (t: string) => {
        stderr += t;
        if (/run 2 completed/.test(stderr)) child.kill('SIGKILL');
      });
      child.on('exit', (code, signal) => (signal === 'SIGKILL' ? done() : fail(new Error(`the sweep ended by itself (${code}): ${stderr}`))));
    });
    const before = withStore(db, (store, batches) => {
      const b = batches.getBatchSync(1);
      expect(b.status).toBe('interrupted');
      return batches.slotsSync(1).map((s) => [s.runId, s.status]);
    });
    expect(before.slice(0, 2)).toEqual([[1, 'completed'], [2, 'completed']]);
    expect(before.filter(([, s]) => s === 'completed')).toHaveLength(2);
    const resumed = cli(SWEEP, ['--resume', '1', '--db', db]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resumed batch 1 in .+ \(4 runs to make\)/);
    // Point 0's runs were done: none is made again.
    expect(resumed.stderr).not.toContain('net.g = -5,');
    expect(resumed.stdout).toMatch(/batch 1 completed: 6 of 6 runs completed/);
    withStore(db, (store, batches) => {
      const slots = batches.slotsSync(1);
      expect(slots.map((s) => s.status)).toEqual(Array(6).fill('completed'));
      // The runs done before the kill are kept as they were; only the others were made.
      expect(slots.slice(0, 2).map((s) => s.runId)).toEqual([1, 2]);
      expect(batches.runIdsSync(1)).toHaveLength(6);
      expect(store.listRunsSync({ status: ['interrupted', 'running', 'queued'] })).toEqual([]);
      expect(slots.map((s) => [store.getParamsSync(s.runId!).net.g, store.getRunSync(s.runId!).seed])).toEqual([[-5, 55], [-5, 56], [-4.5, 55], [-4.5, 56], [-4, 55], [-4, 56]]);
    });

    // Ctrl-C: cancelled (exit 130), told how to resume.
    const db2 = join(dir, 'ctrl-c.sqlite');
    const second = spawn(process.execPath, [SWEEP, ...TINY, '--vary', 'net.g=-5,-4', '--seeds', '2', '--db', db2], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err2 = '';
    const code = await new Promise<number | null>((done) => {
      second.stderr.setEncoding('utf8');
      second.stderr.on('data', (t: string) => {
        err2 += t;
        if (/run 1 completed/.test(err2) && !second.killed) second.kill('SIGINT');
      });
      second.on('exit', (c) => done(c));
    });
    expect(code, err2).toBe(130);
    expect(err2).toContain('cancelled: interrupted (Ctrl-C); resume it with: npm run sweep -- --resume 1');
    withStore(db2, (_store, batches) => expect(batches.getBatchSync(1)).toMatchObject({ status: 'cancelled', counts: { completed: 1 } }));
  });
});

describe('npm run simulate -- --seeds N', { timeout: 180_000 }, () => {
  it('runs an ensemble: N runs of the same parameters with seeds S, S+1, …, grouped as one', () => {
    const db = join(dir, 'seeds.sqlite');
    expect(cli(SIMULATE, ['--seeds', '2', '--out', join(dir, 'out'), '--db', db]).stderr).toContain('simulate: --seeds stores every run of the ensemble in the run database: leave out --out');
    expect(cli(SIMULATE, ['--jobs', '2', '--no-db']).stderr).toContain('simulate: --jobs go with --seeds N');
    const r = cli(SIMULATE, [...TINY, '--seeds', '3', '--seed', '7', '--db', db]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('ensemble: N_scaling 0.02, K_scaling 0.1, t_sim 100 ms: 3 seeds (7–9)');
    expect(r.stdout).toMatch(/batch 1 completed: 3 of 3 runs completed/);
    withStore(db, (store, batches) => {
      expect(batches.getBatchSync(1)).toMatchObject({ kind: 'seeds', axes: [], seeds: [7, 8, 9] });
      const [ensemble] = batches.listEnsemblesSync();
      expect(ensemble).toMatchObject({ origin: 'seeds', batchId: 1, point: 0 });
      expect(ensemble.runIds.map((id) => store.getRunSync(id).seed)).toEqual([7, 8, 9]);
    });
  });
});
