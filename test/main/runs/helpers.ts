/** Test helpers for the run manager: a temporary store, small parameter sets, an event log to wait on, launchers. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROTOCOL_VERSION, type HostMessage, type ParentMessage } from '../../../engine/host/protocol.ts';
import { populationLayout } from '../../../engine/host/populations.ts';
import { composeParams } from '../../../engine/params/merge.ts';
import type { ParamSet } from '../../../engine/params/types.ts';
import type { HostExit, HostHandle, HostLauncher, HostListeners } from '../../../src-main/runs/launcher.ts';
import type { RunEvent } from '../../../src-main/contract.ts';
import { RunStore } from '../../../src-main/store/run-store.ts';
import { RunManager, type RunManagerOptions } from '../../../src-main/runs/run-manager.ts';
import type { PopulationInfo, RunSummary } from '../../../engine/api.ts';

export function tempStore(): { store: RunStore; dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcs-runs-'));
  const store = RunStore.openSync(path.join(dir, 'runs.sqlite'));
  return {
    store,
    dir,
    cleanup: () => {
      store.closeSync();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The tiny network of the tests: N_scaling 0.02, t_presim 50 ms, t_sim 100 ms, plus `sets`. */
export function tiny(...sets: string[]): ParamSet {
  return composeParams({ sets: ['net.N_scaling=0.02', 'sim.t_presim=50', 'sim.t_sim=100', ...sets] }) as ParamSet;
}

export interface Logged {
  e: RunEvent;
  atMs: number;
}

/** Every event with its time; waits for the first (past or future) event that matches. */
export class EventLog {
  readonly events: Logged[] = [];
  readonly #waiters: { pred: (e: RunEvent) => boolean; resolve: (l: Logged) => void }[] = [];

  readonly listener = (e: RunEvent): void => {
    const l = { e, atMs: performance.now() };
    this.events.push(l);
    for (const w of [...this.#waiters]) {
      if (w.pred(e)) {
        this.#waiters.splice(this.#waiters.indexOf(w), 1);
        w.resolve(l);
      }
    }
  };

  waitFor(pred: (e: RunEvent) => boolean, timeoutMs = 60_000): Promise<Logged> {
    const seen = this.events.find((l) => pred(l.e));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms`)), timeoutMs);
      this.#waiters.push({ pred, resolve: (l) => (clearTimeout(t), resolve(l)) });
    });
  }

  /** The state changes of a run, in order. */
  states(runId: number): string[] {
    return this.events.flatMap(({ e }) => (e.type === 'run.state' && e.runId === runId ? [e.state] : []));
  }

  stateAt(runId: number, state: string): Logged | undefined {
    return this.events.find(({ e }) => e.type === 'run.state' && e.runId === runId && e.state === state);
  }
}

export const isState = (runId: number, ...states: string[]) => (e: RunEvent) => e.type === 'run.state' && e.runId === runId && states.includes(e.state);

/** Wraps a launcher and keeps every handle it made, in order. */
export function recordingLauncher(base: HostLauncher): { launcher: HostLauncher; handles: HostHandle[] } {
  const handles: HostHandle[] = [];
  return {
    handles,
    launcher: (l) => {
      const h = base(l);
      handles.push(h);
      return h;
    },
  };
}

/** A host in this process, driven by the test: what it was sent, and buttons for what it says and does. */
export class FakeHost implements HostHandle {
  readonly pid = 99_999;
  readonly received: ParentMessage[] = [];
  ended = false;
  killed = false;
  exited = false;
  readonly #l: HostListeners;
  /** Exit when ended or killed (as a real host does). */
  autoExit = true;
  /** Answer a cancel of the started run with 'cancelled' (as a real host does). */
  obeyCancel = true;

  constructor(l: HostListeners) {
    this.#l = l;
  }

  send(m: ParentMessage): boolean {
    if (this.exited) return false;
    this.received.push(structuredClone(m));
    const started = this.received.find((r) => r.type === 'start');
    if (m.type === 'cancel' && this.obeyCancel && started?.type === 'start') {
      queueMicrotask(() => this.say({ type: 'cancelled', runId: started.runId, reason: m.reason }));
    }
    return true;
  }

  end(): void {
    this.ended = true;
    if (this.autoExit) this.exit({ code: 0, signal: null });
  }

  kill(): void {
    this.killed = true;
    if (this.autoExit) this.exit({ code: null, signal: 'SIGKILL' });
  }

  say(m: HostMessage | unknown): void {
    this.#l.message(structuredClone(m));
  }

  ready(): void {
    this.say({ type: 'ready', protocol: PROTOCOL_VERSION, pid: this.pid, engineName: 'microcircuit-engine', engineVersion: '0.1.0' });
  }

  exit(e: HostExit): void {
    if (this.exited) return;
    this.exited = true;
    queueMicrotask(() => this.#l.exit(e));
  }

  output(text: string): void {
    this.#l.output?.(text);
  }
}

export function fakeLauncher(): { launcher: HostLauncher; hosts: FakeHost[] } {
  const hosts: FakeHost[] = [];
  return {
    hosts,
    launcher: (l) => {
      const h = new FakeHost(l);
      hosts.push(h);
      return h;
    },
  };
}

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** A run manager on `store` whose hosts the test drives (`hosts`, in launch order), its events in `log`. */
export function fakeManager(store: RunStore, log: EventLog, o: Partial<RunManagerOptions> = {}): { manager: RunManager; hosts: FakeHost[] } {
  const f = fakeLauncher();
  const manager = new RunManager({ store, launcher: f.launcher, ...o });
  manager.onEvent(log.listener);
  return { manager, hosts: f.hosts };
}

/** The summary a fake host reports for a run of `pops` with `numSpikes` spikes. */
export function fakeSummary(pops: PopulationInfo[], numSpikes: number): RunSummary {
  return {
    populations: pops,
    rates_hz: pops.map(() => 0),
    timings_s: { build: 0.1, presim: 0.1, sim: 0.1 },
    num_neurons: pops.at(-1)!.lastId,
    num_synapses: 1000,
    num_spikes: numSpikes,
    threads: 1,
    seed: 55,
    engine_version: 'microcircuit-engine 0.1.0',
    peak_rss_bytes: 1e8,
    machine: { cpuModel: 'fake', cores: 2, totalMemBytes: 1e9, os: 'linux', nodeVersion: 'v22' },
    spike_recorder_ids: pops.map((_, i) => 1545 + i),
    total_nest_nodes: 1552,
    resolution_ms: 0.1,
  };
}

/** The tiny network's parameters (`tiny()`) and its populations as a host reports them. */
export function tinyLayout(): { params: ParamSet; pops: PopulationInfo[] } {
  const params = tiny();
  return { params, pops: populationLayout(params) };
}
