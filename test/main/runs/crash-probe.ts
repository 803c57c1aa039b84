/**
 * The crash probe of issue 13: with the services up (the localhost server's and the Electron main
 * process's RunsService, a real engine host per run, the page's event feed), runs are killed with
 * SIGKILL at random points of their build, simulation and final write: the `npm run simulate`
 * process (it writes its own run) and the engine host of a run the services started. After each
 * kill: the database is sound (integrity_check, foreign keys), every completed run is byte for
 * byte what it was, the killed run's stored spikes are whole (counter = rows, every row decodes),
 * and the page is told how the run ended: a killed CLI run as 'interrupted' (its lease died with
 * it; the services re-check), a run whose engine host was killed as 'failed' (host-exited).
 *
 *   node test/main/runs/crash-probe.ts [KILLS] [SEED]      (figures on stdout)
 *
 * crash-probe.test.ts runs a few kills of it in the unit suite.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeParams } from '../../../engine/params/merge.ts';
import type { RunEvent } from '../../../src-main/contract.ts';
import { isRunEvent } from '../../../src-main/contract.ts';
import { nodeHostLauncher, type HostHandle, type HostLauncher } from '../../../src-main/runs/launcher.ts';
import { createServices, type StudioServices } from '../../../src-main/services/services.ts';
import type { RunStore } from '../../../src-main/store/run-store.ts';
import { DB_FILE_NAME } from '../../../src-main/store/index.ts';
import { decodedSpikeCount } from '../store/helpers.ts';
import { seededRandom } from '../../../src-renderer/lib/plots/test-support/pd14-synthetic.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SIMULATE = path.join(ROOT, 'src-main', 'cli', 'simulate.ts');

export type Phase = 'build' | 'sim' | 'final write';
type Target = 'cli' | 'host';

export interface ProbeFigures {
  /** Kills that hit a run before it was stored completed, by what was killed and the phase the run was in. */
  killed: Record<Target, Record<Phase, number>>;
  /** Kills that came after the run was stored completed (the run counts as intact, not killed). */
  tooLate: number;
  /** Killed CLI runs the page was told are 'interrupted', and the slowest telling, ms after the kill. */
  shownInterrupted: number;
  slowestShownMs: number;
  /** Runs whose engine host was killed, told 'failed' (host-exited). */
  shownFailed: number;
  /** Completed runs checked byte for byte after every kill, and how many differed (must be 0). */
  completedRuns: number;
  completedChanged: number;
  integrityChecks: number;
  integrityFailures: number;
  /** Killed runs whose stored spikes did not match their counter or did not decode (must be 0). */
  brokenRuns: number;
  /** Runs left queued or running at the end (must be 0). */
  stuckRuns: number;
}

export interface ProbeOptions {
  kills: number;
  seed: number;
  dir: string;
  log?: (line: string) => void;
}

function runHash(store: RunStore, id: number): string {
  const h = createHash('sha256');
  const db = store.db;
  const json = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (x instanceof Uint8Array ? Buffer.from(x).toString('base64') : x));
  h.update(json(db.prepare('SELECT * FROM runs WHERE id = ?').get(id)));
  h.update(json(db.prepare('SELECT * FROM run_populations WHERE run_id = ? ORDER BY pop').all(id)));
  h.update(json(db.prepare('SELECT * FROM run_tags WHERE run_id = ? ORDER BY tag').all(id)));
  h.update(json(db.prepare('SELECT * FROM spike_chunks WHERE run_id = ? ORDER BY id').all(id)));
  h.update(json(db.prepare('SELECT * FROM voltage_chunks WHERE run_id = ? ORDER BY id').all(id)));
  return h.digest('hex');
}

/** Whether the run's stored spikes are whole: the counter equals the rows, and every row decodes to its count. */
function spikesWhole(store: RunStore, id: number): boolean {
  return decodedSpikeCount(store, id) === store.getRunSync(id).spikesStored;
}

function phaseOf(store: RunStore, id: number): Phase {
  const r = store.getRunSync(id);
  const p = store.getParamsSync(id);
  const total = Math.round((p.sim.t_presim + p.sim.t_sim) / p.sim.sim_resolution);
  if (r.spikesToStep === 0) return 'build';
  return r.spikesToStep < total ? 'sim' : 'final write';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function crashProbe(o: ProbeOptions): Promise<ProbeFigures> {
  const log = o.log ?? (() => {});
  const random = seededRandom(o.seed);
  const handles: HostHandle[] = [];
  const base = nodeHostLauncher();
  const launcher: HostLauncher = (l) => {
    const h = base(l);
    handles.push(h);
    return h;
  };
  const services: StudioServices = createServices({ identity: { name: 'Microcircuit Studio', version: 'probe' }, dataDir: o.dir, launcher });
  const events: { e: RunEvent; atMs: number }[] = [];
  services.events.subscribe((e) => {
    if (isRunEvent(e)) events.push({ e, atMs: Date.now() });
  });
  const store = services.runs.store;
  const db = path.join(o.dir, DB_FILE_NAME);
  const f: ProbeFigures = {
    killed: { cli: { build: 0, sim: 0, 'final write': 0 }, host: { build: 0, sim: 0, 'final write': 0 } },
    tooLate: 0,
    shownInterrupted: 0,
    slowestShownMs: 0,
    shownFailed: 0,
    completedRuns: 0,
    completedChanged: 0,
    integrityChecks: 0,
    integrityFailures: 0,
    brokenRuns: 0,
    stuckRuns: 0,
  };
  const completed = new Map<number, string>();
  const remember = () => {
    for (const r of store.listRunsSync({ status: 'completed' })) if (!completed.has(r.id)) completed.set(r.id, runHash(store, r.id));
  };
  const check = () => {
    f.integrityChecks++;
    const ok = store.integrityCheckSync();
    if (ok.length !== 1 || ok[0] !== 'ok' || (store.db.pragma('foreign_key_check') as unknown[]).length > 0) f.integrityFailures++;
    for (const [id, hash] of completed) if (runHash(store, id) !== hash) f.completedChanged++;
  };
  const stateEvent = async (id: number, states: string[], sinceMs: number, timeoutMs = 30_000) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = events.find(({ e, atMs }) => atMs >= sinceMs && e.type === 'run.state' && e.runId === id && states.includes(e.state));
      if (hit) return hit as { e: Extract<RunEvent, { type: 'run.state' }>; atMs: number };
      if (Date.now() > end) return null;
      await sleep(10);
    }
  };
  const randomSets = () => [
    `net.N_scaling=${(0.02 + random() * 0.03).toFixed(3)}`,
    `sim.t_presim=${Math.round(50 + random() * 100)}`,
    `sim.t_sim=${Math.round(300 + random() * 1200)}`,
    `sim.rng_seed=${1 + Math.floor(random() * 1000)}`,
  ];

  /** A CLI run killed at `phase`. */
  const killCli = async (phase: Phase): Promise<void> => {
    const before = new Set(store.listRunsSync().map((r) => r.id));
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', SIMULATE, ...randomSets().flatMap((s) => ['--set', s]), '--db', db], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise((r) => child.once('exit', r));
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (t: string) => (stderr += t));
    const newRun = () => store.listRunsSync().find((r) => !before.has(r.id));
    const end = Date.now() + 60_000;
    for (;;) {
      const run = newRun();
      const ready =
        phase === 'build' ? /storing the run as run \d+/.test(stderr) : phase === 'sim' ? (run?.spikesStored ?? 0) > 0 : /^done \d+ \/ \d+ ms/m.test(stderr);
      if (ready || child.exitCode !== null || Date.now() > end) break;
      await sleep(phase === 'final write' ? 1 : 10);
    }
    await sleep(phase === 'build' ? random() * 200 : phase === 'sim' ? random() * 300 : random() * 20);
    const killedAt = Date.now();
    child.kill('SIGKILL');
    await exited;
    const run = newRun();
    if (!run) return log(`cli: no run was created (${stderr.trim().split('\n').at(-1)})`);
    if (store.getRunSync(run.id).status === 'completed') {
      f.tooLate++;
      return log(`cli run ${run.id}: completed before the kill`);
    }
    const hit = phase === 'build' || phase === 'sim' || phase === 'final write' ? phaseOf(store, run.id) : phase;
    f.killed.cli[hit]++;
    const shown = await stateEvent(run.id, ['interrupted', 'completed', 'failed', 'cancelled'], killedAt);
    if (shown?.e.state === 'interrupted') {
      f.shownInterrupted++;
      f.slowestShownMs = Math.max(f.slowestShownMs, shown.atMs - killedAt);
    }
    if (!spikesWhole(store, run.id)) f.brokenRuns++;
    log(`cli run ${run.id}: killed in ${hit}, shown ${shown?.e.state ?? 'nothing'} after ${shown ? shown.atMs - killedAt : '-'} ms`);
  };

  /** A run of the services whose engine host is killed at `phase`. */
  const killHost = async (phase: Phase): Promise<void> => {
    const params = composeParams({ sets: randomSets() });
    const reply = await services.dispatch('runs.start', { params, name: `probe host ${phase}` }, { transport: 'web' });
    if (!reply.ok) throw new Error(reply.error.message);
    const id = (reply.value as { id: number }).id;
    const sinceMs = Date.now();
    const end = Date.now() + 60_000;
    const seen = (pred: (e: RunEvent) => boolean) => events.some(({ e, atMs }) => atMs >= sinceMs && 'runId' in e && e.runId === id && pred(e));
    for (;;) {
      const ready =
        phase === 'build'
          ? seen((e) => e.type === 'run.progress' && e.progress.phase === 'building')
          : phase === 'sim'
            ? seen((e) => e.type === 'run.spikes')
            : seen((e) => e.type === 'run.progress' && e.progress.phase === 'done');
      if (ready || seen((e) => e.type === 'run.state' && !['queued', 'running'].includes(e.state)) || Date.now() > end) break;
      await sleep(phase === 'final write' ? 1 : 10);
    }
    await sleep(phase === 'build' ? random() * 200 : phase === 'sim' ? random() * 300 : 0);
    const pid = handles.at(-1)?.pid;
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    const shown = await stateEvent(id, ['completed', 'failed', 'cancelled', 'interrupted'], sinceMs);
    if (shown?.e.state === 'completed') {
      f.tooLate++;
      return log(`host run ${id}: completed before the kill`);
    }
    const hit = phaseOf(store, id);
    f.killed.host[hit]++;
    if (shown?.e.state === 'failed' && shown.e.failure === 'host-exited') f.shownFailed++;
    if (!spikesWhole(store, id)) f.brokenRuns++;
    log(`host run ${id}: killed in ${hit}, shown ${shown?.e.state ?? 'nothing'} (${shown?.e.reason ?? ''})`);
  };

  const completeCli = () =>
    new Promise<void>((resolve, reject) => {
      const c = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', SIMULATE, ...randomSets().flatMap((s) => ['--set', s]), '--db', db, '--quiet'], { cwd: ROOT, stdio: 'ignore' });
      c.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`a CLI run exited ${code}`))));
    });

  try {
    // Completed runs to keep an eye on: one from the CLI, one from the services (and more as the probe goes).
    await completeCli();
    const first = await services.dispatch('runs.start', { params: composeParams({ sets: randomSets() }), name: 'probe baseline' }, { transport: 'web' });
    if (!first.ok) throw new Error(first.error.message);
    await services.runs.manager.whenSettled((first.value as { id: number }).id);
    remember();
    const phases: Phase[] = ['build', 'sim', 'final write'];
    for (let k = 0; k < o.kills; k++) {
      if (random() < 0.15) await completeCli();
      const phase = phases[Math.floor(random() * phases.length)];
      if (random() < 0.6) await killCli(phase);
      else await killHost(phase);
      check();
      remember();
    }
    f.completedRuns = completed.size;
    f.stuckRuns = store.listRunsSync({ status: ['queued', 'running'] }).length;
  } finally {
    await services.close();
  }
  return f;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kills = Number(process.argv[2] ?? 50);
  const seed = Number(process.argv[3] ?? 13);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcs-probe-'));
  const t0 = Date.now();
  crashProbe({ kills, seed, dir, log: (l) => console.error(l) })
    .then((f) => {
      console.log(JSON.stringify({ ...f, seconds: Math.round((Date.now() - t0) / 1000) }, null, 2));
      fs.rmSync(dir, { recursive: true, force: true });
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    });
}
