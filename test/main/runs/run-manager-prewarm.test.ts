/** A spare host started ahead of its run (RunManager.prewarm), with hosts driven by the test. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunManager } from '../../../src-main/runs/run-manager.ts';
import type { RunStore } from '../../../src-main/store/run-store.ts';
import { EventLog, fakeLauncher, isState, tempStore, tick, tiny, type FakeHost } from './helpers.ts';

let store: RunStore;
let cleanup: () => void;
let hosts: FakeHost[];
let manager: RunManager;
let log: EventLog;

beforeEach(() => {
  ({ store, cleanup } = tempStore());
  const f = fakeLauncher();
  hosts = f.hosts;
  log = new EventLog();
  manager = new RunManager({ store, launcher: f.launcher, spareIdleMs: 200, cancelGraceMs: 100 });
  manager.onEvent(log.listener);
});

afterEach(async () => {
  await manager.close();
  cleanup();
});

const params = tiny();

describe('RunManager.prewarm', () => {
  it('starts one spare host, which the next run takes over: a ready spare gets the run at once', async () => {
    manager.prewarm();
    manager.prewarm();
    await tick();
    expect(hosts).toHaveLength(1);
    hosts[0].ready();
    expect(hosts[0].received).toEqual([]);
    const id = manager.start(params, { name: 'warm' });
    await tick();
    expect(hosts).toHaveLength(1);
    expect(hosts[0].received).toEqual([{ type: 'start', runId: id, params }]);
    expect(log.states(id)).toEqual(['queued', 'running']);
  });

  it('a spare not ready yet gets the run when it says ready', async () => {
    manager.prewarm();
    await tick();
    const id = manager.start(params, { name: 'not yet' });
    await tick();
    expect(hosts).toHaveLength(1);
    expect(hosts[0].received).toEqual([]);
    hosts[0].ready();
    expect(hosts[0].received).toEqual([{ type: 'start', runId: id, params }]);
    // The run's messages and exit are the run's: a cancel is answered, the run ends cancelled.
    expect(manager.cancel(id, 'by the test')).toBe('cancelling');
    expect((await log.waitFor(isState(id, 'cancelled'))).e).toMatchObject({ reason: 'by the test' });
  });

  it('does not take over the spare for a run started before prewarm', async () => {
    const first = manager.start(params, { name: 'first' });
    manager.prewarm();
    await tick();
    expect(hosts).toHaveLength(2);
    hosts[0].ready();
    expect(hosts[0].received).toEqual([{ type: 'start', runId: first, params }]);
    expect(hosts[1].received).toEqual([]);
  });

  it('ends an unused spare after spareIdleMs, and a spare that reports a crash is not used', async () => {
    manager.prewarm();
    await tick();
    hosts[0].ready();
    await tick(300);
    expect(hosts[0].ended).toBe(true);
    manager.prewarm();
    await tick();
    hosts[1].say({ type: 'failed', runId: null, kind: 'crash', reason: 'the engine process crashed' });
    expect(hosts[1].killed).toBe(true);
    const id = manager.start(params, { name: 'own host' });
    await tick();
    expect(hosts).toHaveLength(3);
    hosts[2].ready();
    expect(hosts[2].received).toEqual([{ type: 'start', runId: id, params }]);
  });

  it('a spare that exited is not used, and close() ends a spare', async () => {
    manager.prewarm();
    await tick();
    hosts[0].exit({ code: 1, signal: null });
    await tick();
    const id = manager.start(params, { name: 'after exit' });
    await tick();
    expect(hosts).toHaveLength(2);
    hosts[1].ready();
    hosts[1].say({ type: 'cancelled', runId: id, reason: 'x' });
    manager.prewarm();
    await tick();
    expect(hosts).toHaveLength(3);
    await manager.close();
    expect(hosts[2].ended).toBe(true);
    manager.prewarm();
    await tick();
    expect(hosts).toHaveLength(3);
  });
});
