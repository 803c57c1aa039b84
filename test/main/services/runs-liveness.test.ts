/**
 * Runs written by another process, seen by the services (issue 13 item 6): a `npm run simulate`
 * killed while the services are up reads interrupted without a restart (the services re-check the
 * writers' leases), the page hears it, cancel and delete act on it; and runs.markInterrupted, the
 * user's way out for a run that is stuck.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeParams } from '../../../engine/params/merge.ts';
import type { RunEvent } from '../../../src-main/contract.ts';
import { isRunEvent } from '../../../src-main/contract.ts';
import { createServices, type StudioServices } from '../../../src-main/services/services.ts';
import { dispatcher } from './harness.ts';
import { killChildren } from '../store/helpers.ts';
import { DB_FILE_NAME, RunStore } from '../../../src-main/store/index.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const SIMULATE = path.join(ROOT, 'src-main', 'cli', 'simulate.ts');

let dir: string;
let services: StudioServices;
let events: RunEvent[];
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcs-liveness-'));
  services = createServices({ identity: { name: 'Microcircuit Studio', version: '0.0.0' }, dataDir: dir, machine: { cores: () => 4, availableBytes: () => 8 * 2 ** 30 } });
  events = [];
  services.events.subscribe((e) => {
    if (isRunEvent(e)) events.push(e);
  });
});

afterEach(async () => {
  await killChildren(children);
  await services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const { call, refusal } = dispatcher(() => services, 'web');

async function until<T>(get: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `npm run simulate` into the services' database, long enough to be killed while it simulates. */
async function startCliRun(): Promise<{ child: ChildProcess; id: number; exited: Promise<unknown> }> {
  const child = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', SIMULATE, '--set', 'net.N_scaling=0.05', '--set', 'sim.t_sim=60000', '--db', path.join(dir, DB_FILE_NAME)],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.push(child);
  const exited = new Promise((r) => child.once('exit', r));
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (t: string) => (stderr += t));
  await until(() => /simulation [1-9]\d* \//.test(stderr) || child.exitCode !== null, 'the CLI run to simulate', 60_000);
  expect(child.exitCode, stderr).toBeNull();
  const [run] = await call('runs.list', { status: 'running' });
  return { child, id: run.id, exited };
}

describe('runs written by another process', { timeout: 120_000 }, () => {
  it('a CLI run killed while the services are up reads interrupted, the page is told, and it can be deleted', async () => {
    const { child, id, exited } = await startCliRun();
    expect((await call('runs.get', { id })).record.status).toBe('running');
    // Another process's run: not this app's to cancel while its writer lives.
    expect((await call('runs.cancel', { id })).result).toBe('not-active');
    expect((await refusal('runs.delete', { id })).message).toMatch(/it is running; cancel it first/);

    child.kill('SIGKILL');
    await exited;
    const e = await until(() => events.find((x) => x.type === 'run.state' && x.runId === id), 'the interrupted event', 20_000);
    expect(e).toMatchObject({ type: 'run.state', state: 'interrupted', record: { id, status: 'interrupted' } });
    const listed = (await call('runs.list', {})).find((r) => r.id === id)!;
    expect(listed.status).toBe('interrupted');
    expect(listed.spikesStored).toBeGreaterThan(0);
    expect(await call('runs.delete', { id })).toEqual({ id });
  });

  it('cancel and delete re-check at once: a run whose writer is gone is interrupted on the spot', async () => {
    const { child, id, exited } = await startCliRun();
    child.kill('SIGKILL');
    await exited;
    const reply = await call('runs.cancel', { id });
    expect(reply.record.status).toBe('interrupted');
    expect(events.some((x) => x.type === 'run.state' && x.runId === id && x.state === 'interrupted')).toBe(true);
  });

  it('runs.markInterrupted: refused while the writer lives unless forced; the writer then stops storing the run', async () => {
    const { child, id, exited } = await startCliRun();
    const refused = await refusal('runs.markInterrupted', { id });
    expect(refused.code).toBe('conflict');
    expect(refused.message).toMatch(new RegExp(`^cannot mark run ${id} interrupted: process ${child.pid} on .* is still writing it`));
    const record = await call('runs.markInterrupted', { id, force: true });
    expect(record).toMatchObject({ id, status: 'interrupted' });
    expect(events.some((x) => x.type === 'run.state' && x.runId === id && x.state === 'interrupted')).toBe(true);
    // The CLI finds its run gone on its next write and ends with an error, not a stack trace.
    expect(await exited).toBe(1);
    const store = RunStore.openSync(path.join(dir, DB_FILE_NAME), { create: false });
    try {
      expect(store.getRunSync(id).status).toBe('interrupted');
    } finally {
      store.closeSync();
    }
    expect((await refusal('runs.markInterrupted', { id })).message).toBe(`cannot mark run ${id} interrupted: it is interrupted, and only a queued or running run can be`);
  });

  it("runs.markInterrupted refuses this app's own run: it is cancelled instead", async () => {
    const record = await call('runs.start', {
      params: composeParams({ sets: ['net.N_scaling=0.05', 'sim.t_sim=60000'] }),
      name: 'own',
    });
    await until(() => events.some((x) => x.type === 'run.state' && x.runId === record.id && x.state === 'running'), 'the run to be running');
    const refused = await refusal('runs.markInterrupted', { id: record.id, force: true });
    expect(refused).toMatchObject({ code: 'conflict', message: `cannot mark run ${record.id} interrupted: this app is running it; cancel it instead` });
    expect((await call('runs.cancel', { id: record.id })).result).toMatch(/^cancel/);
  });
});
