/**
 * A busy database never fails a run (issue 13 item 7): while another connection holds the write
 * lock, a run's spikes wait (in memory, then in a temporary file, within bounds) and are written
 * when the lock frees, and its end is recorded then. Another connection of this process holds the
 * lock here (SQLite locks connections of one process against each other as it does processes);
 * test/main/runs/busy-cli.test.ts does it with `npm run simulate` and the lock of another process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SpikeChunk } from '../../../engine/api.ts';
import { type RunManager, type RunManagerOptions } from '../../../src-main/runs/run-manager.ts';
import { RunStore } from '../../../src-main/store/run-store.ts';
import { EventLog, tinyLayout, fakeManager, fakeSummary, isState, tick, type FakeHost } from './helpers.ts';

const { params, pops } = tinyLayout();
let dir: string;
let file: string;
let store: RunStore;
let other: Database.Database;
let log: EventLog;
let hosts: FakeHost[];
let manager: RunManager | null;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcs-busy-'));
  file = path.join(dir, 'runs.sqlite');
  // A short busy timeout: the lock below outlasts it many times over.
  store = RunStore.openSync(file, { busyTimeoutMs: 100 });
  other = new Database(file);
  log = new EventLog();
  manager = null;
});

afterEach(async () => {
  if (other.inTransaction) other.exec('ROLLBACK');
  other.close();
  await manager?.close();
  store.closeSync();
  fs.rmSync(dir, { recursive: true, force: true });
});

function makeManager(o: Partial<RunManagerOptions> = {}): RunManager {
  ({ manager, hosts } = fakeManager(store, log, o));
  return manager;
}

/** Chunk k: steps (10k, 10k + 10], `perChunk` spikes of neurons 1.. in the last step. */
function chunkAt(k: number, perChunk: number): SpikeChunk {
  const senders = Uint32Array.from({ length: perChunk }, (_, i) => 1 + ((k * 7 + i) % pops.at(-1)!.lastId));
  senders.sort();
  return { fromStep: 10 * k, toStep: 10 * k + 10, senders, steps: new Uint32Array(perChunk).fill(10 * k + 10) };
}

async function running(m: RunManager): Promise<{ id: number; host: FakeHost }> {
  const id = m.start(params, { name: 'busy' });
  await tick();
  const host = hosts.at(-1)!;
  host.ready();
  return { id, host };
}

const lock = (): void => {
  other.exec('BEGIN IMMEDIATE');
};
const unlock = (): void => {
  other.exec('COMMIT');
};

describe('a run while another connection holds the write lock', { timeout: 60_000 }, () => {
  it('goes on: its spikes wait and are stored when the lock frees, then it completes with every spike', async () => {
    const m = makeManager();
    const { id, host } = await running(m);
    host.say({ type: 'spikes', runId: id, chunk: chunkAt(0, 5) });
    lock();
    for (let k = 1; k < 40; k++) host.say({ type: 'spikes', runId: id, chunk: chunkAt(k, 5) });
    host.say({ type: 'voltage', runId: id, chunk: { steps: Uint32Array.from([100, 200]), senders: Uint32Array.from([1, 2]), vMv: Float32Array.from([-65, -64, -63, -62]) } });
    host.say({ type: 'done', runId: id, outcome: { params, summary: fakeSummary(pops, 200) } });
    await tick(1500); // far longer than the busy timeout
    expect(store.getRunSync(id)).toMatchObject({ status: 'running', spikesStored: 5 });
    expect(log.states(id)).not.toContain('failed');
    expect(log.events.some(({ e }) => e.type === 'run.log' && e.level === 'warn' && /^the database is locked by another program/.test(e.line))).toBe(true);
    unlock();
    const record = (await log.waitFor(isState(id, 'completed', 'failed'))).e;
    expect(record).toMatchObject({ state: 'completed', record: { spikesStored: 200, numSpikes: 200, hasStats: true } });
    const stored = store.getSpikesSync(id, { t0Ms: 0, t1Ms: 1000 });
    expect(stored.senders.length).toBe(200);
    expect(Array.from(store.getVoltageSync(id)!.vMv)).toEqual([-65, -64, -63, -62]);
    expect(log.events.some(({ e }) => e.type === 'run.log' && /^the database is free again after [\d.]+ s/.test(e.line))).toBe(true);
  });

  it('keeps at most `memoryBytes` waiting in memory: the rest waits in a temporary file, stored in order once the lock frees', async () => {
    const spillDir = path.join(dir, 'spill');
    fs.mkdirSync(spillDir);
    const m = makeManager({ writer: { memoryBytes: 4096, spillDir } });
    const { id, host } = await running(m);
    lock();
    const n = 200;
    for (let k = 0; k < n; k++) host.say({ type: 'spikes', runId: id, chunk: chunkAt(k, 20) });
    // A voltmeter chunk waits in the same file, in its place.
    host.say({ type: 'voltage', runId: id, chunk: { steps: Uint32Array.from([5, 15, 25]), senders: Uint32Array.from([3, 4]), vMv: Float32Array.from([-70, -69.5, -69, -68.5, -68, -67.5]) } });
    const spillFiles = fs.readdirSync(spillDir, { recursive: true }).map(String).filter((f) => f.endsWith('.chunks'));
    expect(spillFiles).toHaveLength(1);
    // 200 chunks of 20 spikes (8 bytes each) = 32 000 bytes: at most 4096 in memory, the rest on disk.
    const onDisk = fs.statSync(path.join(spillDir, spillFiles[0])).size;
    expect(onDisk).toBeGreaterThan(32_000 - 4096);
    host.say({ type: 'done', runId: id, outcome: { params, summary: fakeSummary(pops, n * 20) } });
    unlock();
    await log.waitFor(isState(id, 'completed', 'failed'));
    expect(store.getRunSync(id)).toMatchObject({ status: 'completed', spikesStored: n * 20 });
    const stored = store.getSpikesSync(id, { t0Ms: 0, t1Ms: 1000 });
    const expected = Array.from({ length: n }, (_, k) => chunkAt(k, 20));
    // Same spikes, same order (time, then the order within a step's population group).
    const key = (s: number, t: number) => `${t}:${s}`;
    const got = Array.from(stored.senders, (s, i) => key(s, stored.steps[i])).sort();
    const want = expected.flatMap((c) => Array.from(c.senders, (s, i) => key(s, c.steps[i]))).sort();
    expect(got).toEqual(want);
    const v = store.getVoltageSync(id)!;
    expect([Array.from(v.steps), Array.from(v.senders), Array.from(v.vMv)]).toEqual([[5, 15, 25], [3, 4], [-70, -69.5, -69, -68.5, -68, -67.5]]);
    expect(fs.readdirSync(spillDir, { recursive: true })).toEqual([]); // the file is gone
  });

  it('stops a run whose waiting data passes the bound on disk, and records why once the lock frees', async () => {
    const m = makeManager({ writer: { memoryBytes: 1024, spillBytes: 8192, spillDir: dir } });
    const { id, host } = await running(m);
    lock();
    for (let k = 0; k < 100 && !host.killed; k++) host.say({ type: 'spikes', runId: id, chunk: chunkAt(k, 20) });
    expect(host.killed).toBe(true); // no point simulating what cannot be kept
    expect(store.getRunSync(id).status).toBe('running');
    unlock();
    const e = (await log.waitFor(isState(id, 'failed'))).e;
    expect(e).toMatchObject({ failure: 'store-error' });
    expect(e.type === 'run.state' && e.reason).toMatch(/^the database was locked by another program for [\d.]+ s and the run's waiting data passed the 8 KiB kept on disk: the run was stopped/);
    // What waited within the bounds is stored.
    expect(store.getRunSync(id).spikesStored).toBeGreaterThan(0);
  });

  it('a lock that never frees: closing gives up waiting after closeWaitMs, and the run reads interrupted afterwards', async () => {
    const m = makeManager({ closeWaitMs: 300 });
    const { id, host } = await running(m);
    lock();
    host.say({ type: 'spikes', runId: id, chunk: chunkAt(0, 5) });
    host.say({ type: 'done', runId: id, outcome: { params, summary: fakeSummary(pops, 5) } });
    const t0 = performance.now();
    await m.close();
    manager = null;
    expect(performance.now() - t0).toBeLessThan(5000);
    store.closeSync(); // its unfinished run cannot be marked now: the lock is held
    other.exec('ROLLBACK');
    const later = RunStore.openSync(file);
    try {
      expect(later.getRunSync(id)).toMatchObject({ status: 'interrupted' });
    } finally {
      later.closeSync();
    }
  });
});
