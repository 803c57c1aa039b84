/** The host as the run manager starts it without Electron: a real child process with an 'advanced' IPC channel. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isHostMessage, type HostMessage } from '../../../engine/host/protocol.ts';
import { composeParams } from '../../../engine/params/merge.ts';

const HOST = fileURLToPath(new URL('../../../engine/host/host.ts', import.meta.url));
const FAKE_PARENT_PORT = fileURLToPath(new URL('./fixtures/fake-parent-port.ts', import.meta.url));

interface Host {
  child: ChildProcess;
  messages: HostMessage[];
  /** Resolves with the first message (from now on or already received) that matches. */
  next(pred: (m: HostMessage) => boolean, timeoutMs?: number): Promise<HostMessage>;
  exited: Promise<{ code: number | null; signal: string | null; atMs: number }>;
}

const hosts: ChildProcess[] = [];
afterEach(() => {
  for (const c of hosts.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** `electronLike`: the host finds a process.parentPort (fixtures/fake-parent-port.ts) and must use it. */
function startHost(electronLike = false): Host {
  const execArgv = ['--disable-warning=ExperimentalWarning', ...(electronLike ? ['--import', FAKE_PARENT_PORT] : [])];
  const child = fork(HOST, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  hosts.push(child);
  const messages: HostMessage[] = [];
  const waiters: { pred: (m: HostMessage) => boolean; resolve: (m: HostMessage) => void }[] = [];
  child.on('message', (raw: unknown) => {
    const wrapped = typeof raw === 'object' && raw !== null && 'viaParentPort' in raw;
    if (wrapped !== electronLike) throw new Error(`a message ${electronLike ? 'not ' : ''}sent through process.parentPort`);
    const m = wrapped ? (raw as unknown as { message: unknown }).message : raw;
    if (!isHostMessage(m)) throw new Error(`the host sent an invalid message: ${JSON.stringify(m)}`);
    messages.push(m);
    for (const w of [...waiters]) {
      if (w.pred(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: string | null; atMs: number }>((r) =>
    child.on('exit', (code, signal) => r({ code, signal, atMs: performance.now() })),
  );
  return {
    child,
    messages,
    exited,
    next: (pred, timeoutMs = 60_000) => {
      const seen = messages.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no matching message in ${timeoutMs} ms; got ${messages.map((m) => m.type).join(', ')}`)), timeoutMs);
        waiters.push({ pred, resolve: (m) => (clearTimeout(t), resolve(m)) });
      });
    },
  };
}

const tiny = () => composeParams({ sets: ['net.N_scaling=0.02', 'sim.t_presim=50', 'sim.t_sim=100'] });

/** A host running `runId` with the parameters `sets`, once it reports the progress phase `phase`. */
async function hostIn(phase: string, runId: number, sets: string[]): Promise<Host> {
  const h = startHost();
  await h.next((m) => m.type === 'ready');
  h.child.send({ type: 'start', runId, params: composeParams({ sets }) });
  await h.next((m) => m.type === 'progress' && m.progress.phase === phase);
  return h;
}

/** Cancels the host's run and expects it to end as cancelled, with the reason, within a second. */
async function cancelWithinASecond(h: Host, runId: number, reason: string): Promise<void> {
  const t0 = performance.now();
  h.child.send({ type: 'cancel', reason });
  const end = await h.next((m) => m.type === 'cancelled' || m.type === 'done' || m.type === 'failed');
  expect(end).toEqual({ type: 'cancelled', runId, reason });
  expect(performance.now() - t0).toBeLessThan(1000);
}

describe('engine host process', { timeout: 30_000 }, () => {
  it('says ready, runs a tiny network streaming progress and spikes, says done, and exits when the channel closes', async () => {
    const h = startHost();
    const ready = await h.next((m) => m.type === 'ready');
    expect(ready).toMatchObject({ pid: h.child.pid });
    h.child.send({ type: 'start', runId: 11, params: tiny() });
    const done = await h.next((m) => m.type === 'done' || m.type === 'failed');
    expect(done.type, JSON.stringify(done)).toBe('done');
    const spikes = h.messages.flatMap((m) => (m.type === 'spikes' ? [m.chunk] : []));
    expect(spikes.length).toBeGreaterThan(0);
    expect(spikes[0].senders).toBeInstanceOf(Uint32Array);
    const n = spikes.reduce((a, c) => a + c.senders.length, 0);
    expect(done.type === 'done' && done.outcome.summary.num_spikes).toBe(n);
    expect(h.messages.some((m) => m.type === 'progress' && m.progress.phase === 'building')).toBe(true);
    expect(h.messages.filter((m) => 'runId' in m && m.runId !== null).every((m) => (m as { runId: number }).runId === 11)).toBe(true);
    h.child.disconnect();
    expect((await h.exited).code).toBe(0);
  });

  it('speaks through process.parentPort when there is one (Electron utility process)', async () => {
    const h = startHost(true);
    await h.next((m) => m.type === 'ready');
    h.child.send({ type: 'hello' });
    await h.next((m) => m.type === 'failed' && m.kind === 'bad-message');
    h.child.send({ type: 'start', runId: 21, params: tiny() });
    const done = await h.next((m) => (m.type === 'done' || m.type === 'failed') && m.runId === 21);
    expect(done.type, JSON.stringify(done)).toBe('done');
    expect(h.messages.some((m) => m.type === 'spikes' && m.chunk.steps instanceof Uint32Array)).toBe(true);
    h.child.kill();
    await h.exited;
  });

  it("answers a garbage message with 'failed' (bad-message) and stays up", async () => {
    const h = startHost();
    await h.next((m) => m.type === 'ready');
    h.child.send({ type: 'start', runId: 'one', params: 5 });
    const failed = await h.next((m) => m.type === 'failed');
    expect(failed).toMatchObject({ runId: null, kind: 'bad-message', reason: expect.stringMatching(/start.runId = "one": must be a positive integer/) });
    h.child.send(['not', 'a', 'message']);
    await h.next((m) => m.type === 'failed' && /got an array/.test(m.reason));
    expect(h.child.exitCode).toBeNull();
    h.child.disconnect();
    await h.exited;
  });

  it('stops within a second when cancelled during network construction', async () => {
    const h = await hostIn('building', 12, ['net.N_scaling=0.3', 'net.K_scaling=0.5', 'sim.t_sim=1000']);
    await new Promise((r) => setTimeout(r, 200));
    const lastProgress = h.messages.filter((m) => m.type === 'progress').at(-1);
    expect(lastProgress?.type === 'progress' && lastProgress.progress.phase).toBe('building');
    await cancelWithinASecond(h, 12, 'cancelled by the test');
    h.child.disconnect();
    await h.exited;
  });

  it('reports invalid parameters from its engine thread with every issue', async () => {
    const h = startHost();
    await h.next((m) => m.type === 'ready');
    h.child.send({ type: 'start', runId: 14, params: composeParams({ sets: ['net.N_scaling=0', 'net.g=true'] }) });
    const failed = await h.next((m) => m.type === 'failed');
    expect(failed).toMatchObject({ runId: 14, kind: 'invalid-params', reason: expect.stringMatching(/^2 invalid parameters/) });
    expect(failed.type === 'failed' && failed.issues!.map((i) => i.path).sort()).toEqual(['net.N_scaling', 'net.g']);
    h.child.disconnect();
    await h.exited;
  });

  it('stops within a second when cancelled during the simulation on 2 threads', async () => {
    const h = await hostIn('sim', 15, ['net.N_scaling=0.05', 'sim.local_num_threads=2', 'sim.t_sim=20000']);
    await cancelWithinASecond(h, 15, 'stop');
    h.child.disconnect();
    await h.exited;
  });

  it('exits at once when its parent goes away in the middle of a run', async () => {
    const h = startHost();
    await h.next((m) => m.type === 'ready');
    h.child.send({ type: 'start', runId: 13, params: composeParams({ sets: ['net.N_scaling=0.3', 'net.K_scaling=0.5'] }) });
    await h.next((m) => m.type === 'progress' && m.progress.phase === 'building');
    const t0 = performance.now();
    h.child.disconnect();
    const exit = await h.exited;
    expect(exit.code).toBe(0);
    expect(exit.atMs - t0).toBeLessThan(1000);
  });
});
