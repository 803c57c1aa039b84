/**
 * Who owns a running run (issue 13 item 6): a writer's ownership is a lease that dies with its
 * process, however it ends: a writer killed but not yet reaped (a zombie) or a process id taken by
 * another process keeps nothing running. And the user's way out: markInterruptedSync, with its rule.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultParams } from '../../../engine/params/presets.ts';
import { RunStore } from '../../../src-main/store/run-store.ts';
import { INTERRUPTED_REASON } from '../../../src-main/store/types.ts';
import { killChildren, removeDir, summaryFor, tempDir } from './helpers.ts';
import { pd14Populations } from './synthetic.ts';

const WRITER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'lease-writer.ts');

let dir: string;
let db: string;
const children: ChildProcess[] = [];
const stores: RunStore[] = [];

beforeEach(() => {
  dir = tempDir('mcs-lease-');
  db = path.join(dir, 'runs.sqlite');
});

afterEach(async () => {
  for (const s of stores.splice(0)) s.closeSync();
  await killChildren(children);
  removeDir(dir);
});

function open(): RunStore {
  const s = RunStore.openSync(db);
  stores.push(s);
  return s;
}

interface Writer {
  child: ChildProcess;
  runId: number;
  /** The writer's own process id (not the shell's, when it runs under one). */
  pid: number;
  lines: string[];
  exited: Promise<number | null>;
}

/**
 * Starts lease-writer.ts; resolves once its run is running. `unreaped`: it runs under a parent
 * that never waits for its children (`sh -c 'writer & exec sleep'`), so once killed it stays a zombie.
 */
function startWriter(mode: 'idle' | 'append', unreaped = false): Promise<Writer> {
  const child = unreaped
    ? spawn('sh', ['-c', `"${process.execPath}" "${WRITER}" "${db}" ${mode} & exec sleep 120`], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, [WRITER, db, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const lines: string[] = [];
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (t: string) => {
      buffered += t;
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        const [what, id, pid] = line.split(' ');
        if (what === 'running') resolve({ child, runId: Number(id), pid: Number(pid), lines, exited });
      }
    });
    child.once('exit', (code) => reject(new Error(`the writer exited (${code}) before its run was running`)));
  });
}

function processState(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
}

async function until(pred: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the lease of a running run', { timeout: 60_000 }, () => {
  it('a live writer in another process keeps its run running; once it is killed the run reads interrupted', async () => {
    const w = await startWriter('idle');
    const s = open();
    expect(s.recoverInterruptedSync()).toEqual([]);
    expect(s.getRunSync(w.runId).status).toBe('running');
    w.child.kill('SIGKILL');
    await w.exited;
    expect(s.recoverInterruptedSync()).toEqual([w.runId]);
    expect(s.getRunSync(w.runId)).toMatchObject({ status: 'interrupted', reason: INTERRUPTED_REASON });
  });

  it.runIf(process.platform === 'linux')('a writer killed but not reaped (a zombie) no longer owns its run', async () => {
    const w = await startWriter('idle', true);
    process.kill(w.pid, 'SIGKILL');
    await until(() => processState(w.pid) === 'Z', `process ${w.pid} to be a zombie`);
    // kill(pid, 0) still succeeds on the zombie: the process id says nothing about the writer.
    expect(() => process.kill(w.pid, 0)).not.toThrow();
    const s = open();
    // The process reads 'Z' once its main thread has exited; its other threads (and with them its
    // open files and locks) may take a moment more to go: the re-check finds the run then.
    await until(() => s.recoverInterruptedSync().length > 0 || s.getRunSync(w.runId).status === 'interrupted', 'the run to read interrupted', 10_000);
    expect(s.getRunSync(w.runId)).toMatchObject({ status: 'interrupted', reason: INTERRUPTED_REASON });
    expect(() => process.kill(w.pid, 0)).not.toThrow(); // still a zombie all along
  });

  it('a process id now used by another process does not keep a run running', async () => {
    const s = open();
    const run = s.createRunSync({ name: 'orphan', params: defaultParams(), engineName: 'microcircuit-engine', engineVersion: '0.1.0' });
    s.startRunSync(run.id, { populations: pd14Populations(0.02) });
    // As left by a writer that died, whose process id now belongs to an unrelated live process.
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(other);
    s.db.prepare('UPDATE runs SET owner_pid = ?, owner_instance = ? WHERE id = ?').run(other.pid, '6f1c0d7e-0000-4000-8000-000000000000', run.id);
    expect(s.recoverInterruptedSync()).toEqual([run.id]);
    expect(s.getRunSync(run.id).status).toBe('interrupted');
  });
});

describe('marking a run interrupted (the user)', { timeout: 60_000 }, () => {
  it('is refused for a run that has ended, and for a run this store writes (cancel it instead)', () => {
    const s = open();
    const pops = pd14Populations(0.02);
    const run = s.createRunSync({ name: 'mine', params: defaultParams(), engineName: 'microcircuit-engine', engineVersion: '0.1.0' });
    expect(() => s.markInterruptedSync(run.id)).toThrow(`cannot mark run ${run.id} interrupted: this app is running it; cancel it instead`);
    s.startRunSync(run.id, { populations: pops });
    expect(() => s.markInterruptedSync(run.id, { force: true })).toThrow(/this app is running it; cancel it instead/);
    s.markCompletedSync(run.id, summaryFor(pops, 0));
    expect(() => s.markInterruptedSync(run.id)).toThrow(`cannot mark run ${run.id} interrupted: it is completed, and only a queued or running run can be`);
    expect(() => s.markInterruptedSync(999)).toThrow(/no run with id 999/);
  });

  it('is allowed for a run whose writer is gone', async () => {
    const w = await startWriter('idle');
    const s = open(); // open while the writer lives: the run is running here
    expect(s.getRunSync(w.runId).status).toBe('running');
    w.child.kill('SIGKILL');
    await w.exited;
    expect(s.markInterruptedSync(w.runId)).toMatchObject({ status: 'interrupted', reason: 'marked interrupted by the user' });
  });

  it('needs force while the writer holds its lease; the writer then stops storing the run', async () => {
    const w = await startWriter('append');
    const s = open();
    expect(() => s.markInterruptedSync(w.runId)).toThrow(
      new RegExp(`^cannot mark run ${w.runId} interrupted: process ${w.pid} on .* is still writing it.*if it is stuck, mark it interrupted with force`),
    );
    expect(s.getRunSync(w.runId).status).toBe('running');
    const record = s.markInterruptedSync(w.runId, { force: true });
    expect(record).toMatchObject({ status: 'interrupted' });
    expect(record.reason).toMatch(new RegExp(`^marked interrupted by the user while process ${w.pid} on .* still held it`));
    expect(await w.exited).toBe(3);
    expect(w.lines.at(-1)).toMatch(new RegExp(`^refused run ${w.runId} is no longer running in the database \\(it is interrupted: marked interrupted by the user`));
    expect(s.getRunSync(w.runId).status).toBe('interrupted');
  });
});
