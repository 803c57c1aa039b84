/**
 * Crash safety, for real: a child Node process writes runs and spike chunks in a loop and is killed
 * with SIGKILL at random moments (during start-up, migration, appends, completion, deletion). After
 * every kill the database must be sound, no run may be completed without all its spikes, nothing
 * the child saw committed may be lost, and the runs it left unfinished must read 'interrupted'.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { RunStore } from '../../../src-main/store/run-store.ts';
import { INTERRUPTED_REASON } from '../../../src-main/store/types.ts';
import { decodedSpikeCount, removeDir, tempDir } from './helpers.ts';
import { seededRandom } from '../../../src-renderer/lib/plots/test-support/pd14-synthetic.ts';

const WRITER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'crash-writer.ts');
const MAX_ITERATIONS = 30;
const BUDGET_MS = 20_000;
const dir = tempDir('mcs-crash-');
afterAll(() => removeDir(dir));

interface Acks {
  ready: boolean;
  appended: Map<number, number>;
  completed: Map<number, number>;
  ended: Set<number>;
  deleted: Set<number>;
}

/** Runs the writer, kills it after `delayMs` (from spawn, or from 'ready' when afterReady). */
function runAndKill(db: string, seed: number, delayMs: number, afterReady: boolean): Promise<Acks> {
  return new Promise((resolve, reject) => {
    const acks: Acks = { ready: false, appended: new Map(), completed: new Map(), ended: new Set(), deleted: new Set() };
    const child = spawn(process.execPath, [WRITER, db, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    let stderr = '';
    const kill = (): void => {
      setTimeout(() => child.kill('SIGKILL'), delayMs);
    };
    if (!afterReady) kill();
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      buffered += text;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const [what, a, b] = line.split(' ');
        const id = Number(a);
        if (what === 'ready') {
          acks.ready = true;
          if (afterReady) kill();
        } else if (what === 'appended') acks.appended.set(id, Number(b));
        else if (what === 'completed') {
          acks.completed.set(id, Number(b));
          acks.ended.add(id);
        } else if (what === 'failed') acks.ended.add(id);
        else if (what === 'deleted') acks.deleted.add(id);
      }
    });
    child.stderr.on('data', (t: Buffer) => (stderr += t.toString()));
    child.on('error', reject);
    child.on('exit', (exitCode, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited by itself (code ${exitCode}): ${stderr}`));
      else resolve(acks);
    });
  });
}

function checkAfterCrash(db: string, acks: Acks): void {
  const store = RunStore.openSync(db); // recovery runs here
  try {
    expect(store.integrityCheckSync()).toEqual(['ok']);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
    const runs = store.listRunsSync();
    for (const r of runs) {
      expect(['queued', 'running']).not.toContain(r.status);
      const sum = (store.db.prepare('SELECT coalesce(sum(count), 0) AS n FROM spike_chunks WHERE run_id = ?').get(r.id) as { n: number }).n;
      expect(sum, `run ${r.id}: counter vs rows`).toBe(r.spikesStored);
      if (r.status === 'completed') expect(r.numSpikes, `completed run ${r.id}`).toBe(sum);
      if (r.status === 'interrupted') expect(r.reason).toBe(INTERRUPTED_REASON);
    }
    const byId = new Map(runs.map((r) => [r.id, r]));
    // nothing the child saw committed is lost
    for (const [id, stored] of acks.appended) {
      if (acks.deleted.has(id)) continue;
      const r = byId.get(id);
      expect(r, `run ${id} acknowledged but missing`).toBeDefined();
      expect(r!.spikesStored).toBeGreaterThanOrEqual(stored);
      if (!acks.ended.has(id) && r!.status !== 'completed' && r!.status !== 'failed') expect(r!.status).toBe('interrupted');
    }
    for (const [id, n] of acks.completed) {
      if (!acks.deleted.has(id)) expect(byId.get(id)).toMatchObject({ status: 'completed', numSpikes: n, spikesStored: n });
    }
    // the spikes of the newest runs decode completely
    for (const r of runs.slice(0, 3)) {
      expect(decodedSpikeCount(store, r.id)).toBe(r.spikesStored);
    }
  } finally {
    store.closeSync();
  }
}

it(
  'survives SIGKILL at random points: sound file, no incomplete completed run, interrupted runs marked',
  async () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22); // better-sqlite3 13
    const db = path.join(dir, 'runs.sqlite');
    const random = seededRandom(2024);
    const start = Date.now();
    let iterations = 0;
    let midRun = 0;
    while (iterations < MAX_ITERATIONS && Date.now() - start < BUDGET_MS) {
      const afterReady = iterations > 0 && random() < 0.8;
      const delay = afterReady ? random() * 250 : random() * 400;
      const acks = await runAndKill(db, iterations + 1, delay, afterReady);
      checkAfterCrash(db, acks);
      if (acks.appended.size > acks.ended.size) midRun++;
      iterations++;
    }
    // enough kills, and most of them while a run was being written
    expect(iterations).toBeGreaterThanOrEqual(10);
    expect(midRun).toBeGreaterThanOrEqual(iterations / 3);
    console.log(`crash test: ${iterations} kills in ${((Date.now() - start) / 1000).toFixed(1)} s, ${midRun} while writing a run`);
  },
  60_000,
);
