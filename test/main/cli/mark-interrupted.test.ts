/** `npm run runs -- mark-interrupted ID [--force]`: the user's way out for a run stuck as running (issue 13 item 6). */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bufferedIo, runCli } from '../../../src-main/cli/framework/index.ts';
import { RUNS_PROGRAM } from '../../../src-main/cli/runs-commands.ts';
import { RunStore } from '../../../src-main/store/run-store.ts';
import { removeDir, tempDir, writeRun } from '../store/helpers.ts';
import { pd14Populations, syntheticChunks } from '../store/synthetic.ts';

const WRITER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'store', 'fixtures', 'lease-writer.ts');
let dir: string;
let db: string;
let writer: ChildProcess | null = null;

beforeEach(() => {
  dir = tempDir('mcs-mark-');
  db = path.join(dir, 'runs.sqlite');
});

afterEach(async () => {
  if (writer && writer.exitCode === null && writer.signalCode === null) {
    writer.kill('SIGKILL');
    await new Promise((r) => writer!.once('exit', r));
  }
  writer = null;
  removeDir(dir);
});

async function runs(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = bufferedIo();
  const code = await runCli(RUNS_PROGRAM, [...args, '--db', db], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

/** A writer process whose run stays running until it is killed. */
function startWriter(): Promise<{ runId: number; pid: number; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [WRITER, db, 'idle'], { stdio: ['ignore', 'pipe', 'inherit'] });
  writer = child;
  const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (t: string) => {
      const m = /running (\d+) (\d+)/.exec(t);
      if (m) resolve({ runId: Number(m[1]), pid: Number(m[2]), exited });
    });
    child.once('exit', (c) => reject(new Error(`the writer exited (${c})`)));
  });
}

describe('runs mark-interrupted', { timeout: 60_000 }, () => {
  it('needs --force while the writing process lives; then marks the run interrupted', async () => {
    const w = await startWriter();
    const refused = await runs('mark-interrupted', String(w.runId));
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`runs mark-interrupted: cannot mark run ${w.runId} interrupted: process ${w.pid} on `);
    expect(refused.err).toContain('if it is stuck, mark it interrupted with force');
    const forced = await runs('mark-interrupted', String(w.runId), '--force');
    expect(forced.code, forced.err).toBe(0);
    expect(forced.out).toMatch(new RegExp(`^Run ${w.runId} is now interrupted \\(marked interrupted by the user while process ${w.pid} on .+ still held it\\)\\.$`));
  });

  it('a stopped (SIGSTOP) process still holds its run; once it is gone any command finds the run interrupted; an ended run is refused', async () => {
    const store = RunStore.openSync(db);
    const pops = pd14Populations(0.02);
    const done = writeRun(store, pops, syntheticChunks({ populations: pops, durationMs: 10 }));
    store.closeSync();
    const w = await startWriter();
    writer!.kill('SIGSTOP'); // stuck, not gone: its lease is held
    expect((await runs('mark-interrupted', String(w.runId))).code).toBe(1);
    writer!.kill('SIGKILL');
    await w.exited;
    // Opening the store for the command finds the writer gone: the run reads interrupted already.
    const r = await runs('mark-interrupted', String(w.runId));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`cannot mark run ${w.runId} interrupted: it is interrupted, and only a queued or running run can be`);
    const ended = await runs('mark-interrupted', String(done.id));
    expect(ended.code).toBe(1);
    expect(ended.err).toContain(`cannot mark run ${done.id} interrupted: it is completed`);
    const help = bufferedIo();
    expect(await runCli(RUNS_PROGRAM, ['help', 'mark-interrupted'], help)).toBe(0);
    expect(help.stdout.join('\n')).toMatch(/--force\s+mark it even though its process is still alive/);
  });
});
