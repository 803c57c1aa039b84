/**
 * The run manager: owns the queue of runs and one engine host process per running run.
 *
 * start() checks the parameters with the engine's one validation (engine/runnable.ts: the
 * validator, what planning would refuse and the memory guard for this machine; a refusal lists
 * every issue and stores nothing), creates the run 'queued' and queues it; its warnings (more
 * threads than cores) are logged to the run. Up to `concurrency` runs
 * (default 1) run at once, each in its own host (launcher.ts): the run is started in the store, the
 * host is launched, and once it says 'ready' it gets the run. Spikes and voltages go to the store
 * as they arrive; progress, state changes, a thinned spike preview and log lines go to listeners.
 * On 'done' the statistics are computed from the stored spikes and cached, and the run completed.
 *
 * prewarm() starts a spare host before its run exists (a batch calls it while it has runs to come):
 * the next run takes it over, so the host's start (process and engine thread, most of a short
 * run's overhead) overlaps the run before. Still one host per run; an unused spare ends after
 * `spareIdleMs`.
 *
 * Every run ends exactly once (finish()): completed, failed (with a typed kind and a reason) or
 * cancelled. cancel() of a running run asks the host, and kills it (SIGKILL) if it has not ended
 * within `cancelGraceMs`. A host that dies, a host that sends garbage, a store that refuses data:
 * the run fails with the reason, the host is killed, and the next queued run starts.
 *
 * Every store write of a run goes through its RunWriter (run-writer.ts): a database locked by
 * another program makes the run's data wait (bounded, in memory then on disk) and its start and
 * end be recorded once it is free; it never fails the run. An analysis that fails at the end
 * costs the statistics, never the completion (store-steps.ts).
 */
import { clip, parseHostMessage, type HostMessage } from '../../engine/host/protocol.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import { formatIssue } from '../../engine/params/validate.ts';
import { assertRunnable, thisMachine, type MachineFacts } from '../../engine/runnable.ts';
import { describeForLog } from '../common/text.ts';
import type { RunEvent } from '../contract.ts';
import type { RunStore } from '../store/run-store.ts';
import type { RunRecord } from '../store/types.ts';
import { appendTail, describeExit } from './exit-reason.ts';
import type { HostExit, HostHandle, HostLauncher } from './launcher.ts';
import { PreviewThinner, type PreviewOptions } from './preview.ts';
import type { RunEnd, RunFailureKind } from './run-end.ts';
import { RunWriter, WaitingDataOverflow, type RunWriterOptions, type WriteResult } from './run-writer.ts';
import { completeEngineRunSync, completionStatsSync, createEngineRunSync, startEngineRunSync, type CompletedRun } from './store-steps.ts';
import type { CompletionStats } from '../store/run-store.ts';
import { isDatabaseBusy } from '../store/errors.ts';

export interface RunManagerOptions {
  store: RunStore;
  launcher: HostLauncher;
  /** Runs at once (default 1). */
  concurrency?: number;
  /** How long a cancelled host may take to stop before it is killed, ms (default 1000). */
  cancelGraceMs?: number;
  /** How long a host may take to say 'ready', ms (default 30 000). */
  readyTimeoutMs?: number;
  /** Live raster feed (default: at most 20 000 spikes per second, every 100 ms). */
  preview?: PreviewOptions;
  /** How long a spare host started by prewarm() waits for a run before it is ended, ms (default 30 000). */
  spareIdleMs?: number;
  /** The machine runs are checked for when they start (default: this one, now). */
  machine?: () => MachineFacts;
  /** How a run's data waits while the database is locked by another program (run-writer.ts). */
  writer?: RunWriterOptions;
  /** How long close() waits for runs whose end waits for the database, ms (default 10 000); then it gives up on them. */
  closeWaitMs?: number;
}

export interface StartOptions {
  name: string;
  tags?: readonly string[];
}

/** What cancel() did: a queued run (or one whose host has not got it yet) is cancelled at once; a running one is being stopped. */
export type CancelResult = 'cancelled' | 'cancelling' | 'not-active';

interface ActiveRun {
  id: number;
  params: ParamSet;
  writer: RunWriter;
  phase: 'launching' | 'running';
  host: HostHandle | null;
  hostExited: Promise<void>;
  onHostExit: () => void;
  cancelReason: string | null;
  timer: NodeJS.Timeout | null;
  preview: PreviewThinner;
  outputTail: string;
  ended: boolean;
}

/** A host started ahead of its run (prewarm); `run` is set when a run takes it over. */
interface SpareHost {
  host: HostHandle | null;
  ready: boolean;
  exited: boolean;
  hostExited: Promise<void>;
  onHostExit: () => void;
  timer: NodeJS.Timeout | null;
  run: ActiveRun | null;
}

export class RunManager {
  readonly #store: RunStore;
  readonly #launch: HostLauncher;
  readonly #concurrency: number;
  readonly #cancelGraceMs: number;
  readonly #readyTimeoutMs: number;
  readonly #previewOptions: PreviewOptions;
  readonly #machine: () => MachineFacts;
  readonly #spareIdleMs: number;
  #spare: SpareHost | null = null;
  readonly #writerOptions: RunWriterOptions;
  readonly #closeWaitMs: number;
  readonly #queue: { id: number; params: ParamSet; writer: RunWriter }[] = [];
  readonly #active = new Map<number, ActiveRun>();
  /** Hosts whose run has ended but whose process has not exited yet. */
  readonly #exiting = new Set<Promise<void>>();
  readonly #listeners = new Set<(e: RunEvent) => void>();
  /** Queued runs cancelled whose cancellation waits for the database. */
  readonly #cancelling = new Set<number>();
  readonly #settled = new Map<number, { resolve: (r: RunRecord) => void; reject: (e: Error) => void }[]>();
  #closing = false;

  constructor(o: RunManagerOptions) {
    this.#store = o.store;
    this.#launch = o.launcher;
    this.#concurrency = o.concurrency ?? 1;
    if (!Number.isSafeInteger(this.#concurrency) || this.#concurrency < 1) throw new RangeError(`concurrency must be a whole number >= 1 (got ${o.concurrency})`);
    this.#cancelGraceMs = o.cancelGraceMs ?? 1000;
    this.#readyTimeoutMs = o.readyTimeoutMs ?? 30_000;
    this.#previewOptions = o.preview ?? {};
    this.#spareIdleMs = o.spareIdleMs ?? 30_000;
    this.#machine = o.machine ?? thisMachine;
    this.#writerOptions = o.writer ?? {};
    this.#closeWaitMs = o.closeWaitMs ?? 10_000;
    // Runs left queued or running by an app that is gone become 'interrupted' (a locked database: later).
    try {
      this.#store.recoverInterruptedSync();
    } catch (e) {
      if (!isDatabaseBusy(e)) throw e;
    }
  }

  /** Subscribes to run events; returns the unsubscribe function. */
  onEvent(listener: (e: RunEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Queues a run; returns its id. Throws ParamValidationError (with .issues) for parameters the
   * engine would refuse, and RunStoreError for a bad name or tag, in both cases storing nothing.
   */
  start(params: unknown, options: StartOptions): number {
    if (this.#closing) throw new Error('the run manager is closed');
    const { params: valid, warnings } = assertRunnable(params, this.#machine());
    const record = createEngineRunSync(this.#store, options.name, valid, options.tags);
    this.#queue.push({ id: record.id, params: valid, writer: this.#newWriter(record.id) });
    this.#emitState(record);
    for (const w of warnings) this.#emit({ type: 'run.log', runId: record.id, level: 'warn', line: formatIssue(w) });
    queueMicrotask(() => this.#pump());
    return record.id;
  }

  #newWriter(id: number): RunWriter {
    return new RunWriter(
      this.#store,
      id,
      {
        notice: (line) => this.#emit({ type: 'run.log', runId: id, level: 'warn', line: clip(line) }),
        failure: (e) => {
          const run = this.#active.get(id);
          if (run) this.#finish(run, { status: 'failed', kind: 'store-error', reason: `the spikes could not be stored: ${errorText(e)}` }, true);
        },
      },
      this.#writerOptions,
    );
  }

  cancel(id: number, reason = 'cancelled by the user'): CancelResult {
    const q = this.#queue.findIndex((r) => r.id === id);
    if (q >= 0) {
      const [queued] = this.#queue.splice(q, 1);
      this.#cancelling.add(id);
      queued.writer.write(
        () => this.#store.markCancelledSync(id, reason),
        (r) => {
          this.#cancelling.delete(id);
          if (r.ok) {
            this.#emitState(r.value);
            this.#settle(r.value);
          } else this.#lost(id, r.error);
        },
      );
      return 'cancelled';
    }
    const run = this.#active.get(id);
    if (!run || run.ended) return 'not-active';
    if (run.cancelReason !== null) return 'cancelling';
    run.cancelReason = reason;
    if (run.phase === 'launching' || !run.host?.send({ type: 'cancel', reason: clip(reason) })) {
      // The host has not got the run yet (or cannot be reached): nothing to wait for.
      this.#finish(run, { status: 'cancelled', reason }, true);
      return 'cancelled';
    }
    this.#setTimer(run, this.#cancelGraceMs, () =>
      this.#finish(run, { status: 'cancelled', reason: `${reason} (the engine did not stop within ${this.#cancelGraceMs} ms and was killed)` }, true),
    );
    return 'cancelling';
  }

  /** Ids of the queued runs, in order. */
  get queuedIds(): number[] {
    return this.#queue.map((r) => r.id);
  }

  /** Ids of the running runs. */
  get runningIds(): number[] {
    return [...this.#active.values()].filter((r) => !r.ended).map((r) => r.id);
  }

  /** Resolves with the stored run once it has ended (at once when it is not queued or running). */
  whenSettled(id: number): Promise<RunRecord> {
    if (!this.#queue.some((r) => r.id === id) && !this.#active.has(id) && !this.#cancelling.has(id)) return Promise.resolve(this.#store.getRunSync(id));
    return new Promise((resolve, reject) => {
      const list = this.#settled.get(id) ?? [];
      list.push({ resolve, reject });
      this.#settled.set(id, list);
    });
  }

  /**
   * Ends everything the manager owns: queued runs are cancelled, running ones cancelled (their
   * hosts killed after the grace period), and every host process awaited. A run whose end still
   * waits for a locked database after `closeWaitMs` is given up: what waited is dropped, and the
   * run reads 'interrupted' for the next store that opens the database.
   */
  async close(reason = 'the app was closed'): Promise<void> {
    this.#closing = true;
    this.#dropSpare();
    const queued = [...this.#queue];
    for (const { id } of queued) this.cancel(id, reason);
    const running = [...this.#active.values()];
    for (const run of running) this.cancel(run.id, reason);
    let timer: NodeJS.Timeout | undefined;
    const waited = await Promise.race([
      Promise.allSettled([...queued, ...running].map((r) => this.whenSettled(r.id))).then(() => true),
      new Promise<false>((r) => (timer = setTimeout(() => r(false), this.#closeWaitMs))),
    ]);
    clearTimeout(timer);
    if (!waited) {
      const why = `${reason} while the run waited for the database (locked by another program)`;
      for (const q of queued) q.writer.discard(why);
      for (const run of [...this.#active.values()]) run.writer.discard(why);
    }
    await Promise.all([...this.#exiting]);
  }

  // --- the queue ---------------------------------------------------------------------------------

  /**
   * Starts a spare host for a run to come (no-op when there is one, or when the manager closes).
   * The next run to start takes it over; unused, it ends after `spareIdleMs`.
   */
  prewarm(): void {
    // After the queue's pump (queued by start()), so that a run started just before does not take it.
    queueMicrotask(() => this.#prewarmNow());
  }

  #prewarmNow(): void {
    if (this.#closing || this.#spare) return;
    let onHostExit = () => {};
    const hostExited = new Promise<void>((r) => (onHostExit = r));
    const spare: SpareHost = { host: null, ready: false, exited: false, hostExited, onHostExit, timer: null, run: null };
    this.#spare = spare;
    try {
      // Until a run takes the host over, what it says is the spare's; after, the run's.
      spare.host = this.#launch({
        message: (data) => (spare.run ? this.#onMessage(spare.run, data) : this.#onSpareMessage(spare, data)),
        exit: (exit) => {
          spare.exited = true;
          spare.onHostExit();
          if (spare.run) this.#onExit(spare.run, exit);
          else if (this.#spare === spare) this.#dropSpare();
        },
        output: (text) => {
          if (spare.run) this.#onOutput(spare.run, text);
        },
      });
    } catch {
      // A launch that fails now fails the next run's own launch, which says why.
      this.#spare = null;
      return;
    }
    spare.timer = setTimeout(() => this.#dropSpare(), this.#spareIdleMs);
  }

  #onSpareMessage(spare: SpareHost, data: unknown): void {
    const parsed = parseHostMessage(data);
    if (parsed.ok && parsed.message.type === 'ready' && !spare.ready) spare.ready = true;
    // Anything else from a host without a run (a crash report, garbage): it is not used.
    else if (this.#spare === spare) this.#dropSpare(true);
  }

  /** Ends the spare host, if any (killed when told, or when it has not exited within the grace period). */
  #dropSpare(kill = false): void {
    const spare = this.#spare;
    if (!spare) return;
    this.#spare = null;
    if (spare.timer) clearTimeout(spare.timer);
    const host = spare.host;
    if (!host || spare.exited) return;
    if (kill) host.kill();
    else host.end();
    const killer = setTimeout(() => host.kill(), this.#cancelGraceMs);
    const exited = spare.hostExited.then(() => clearTimeout(killer));
    this.#exiting.add(exited);
    void exited.then(() => this.#exiting.delete(exited));
  }

  /** The spare host for a run to take over, when there is a live one. */
  #takeSpare(): SpareHost | null {
    const spare = this.#spare;
    if (!spare || spare.exited || !spare.host) return null;
    this.#spare = null;
    if (spare.timer) clearTimeout(spare.timer);
    return spare;
  }

  // --- the queue ---------------------------------------------------------------------------------

  #pump(): void {
    while (!this.#closing && this.#active.size < this.#concurrency && this.#queue.length > 0) {
      const next = this.#queue.shift()!;
      this.#run(next.id, next.params, next.writer);
    }
  }

  #run(id: number, params: ParamSet, writer: RunWriter): void {
    let onHostExit = () => {};
    const hostExited = new Promise<void>((r) => (onHostExit = r));
    const run: ActiveRun = {
      id,
      params,
      writer,
      phase: 'launching',
      host: null,
      hostExited,
      onHostExit,
      cancelReason: null,
      timer: null,
      preview: new PreviewThinner(this.#previewOptions),
      outputTail: '',
      ended: false,
    };
    this.#active.set(id, run);
    // queued -> running in the store, then the host: at once, or when the database is free.
    writer.write(
      () => startEngineRunSync(this.#store, id, params),
      (r) => {
        if (run.ended) return; // cancelled meanwhile: the cancellation follows the start in the store
        if (!r.ok) return this.#finish(run, { status: 'failed', kind: 'store-error', reason: `the run could not be started: ${errorText(r.error)}` });
        this.#emitState(r.value);
        this.#launchHost(run);
      },
    );
  }

  /** The run's host: the spare one (prewarm) when there is a live one, else a new one. */
  #launchHost(run: ActiveRun): void {
    const spare = this.#takeSpare();
    if (spare) {
      run.host = spare.host;
      run.hostExited = spare.hostExited;
      run.onHostExit = spare.onHostExit;
      spare.run = run;
      // A warm host: ready already (the run starts now), or about to be.
      if (spare.ready) this.#sendStart(run);
      else this.#setReadyTimer(run);
      return;
    }
    try {
      run.host = this.#launch({
        message: (data) => this.#onMessage(run, data),
        exit: (exit) => this.#onExit(run, exit),
        output: (text) => this.#onOutput(run, text),
      });
    } catch (e) {
      run.onHostExit();
      this.#finish(run, { status: 'failed', kind: 'launch-failed', reason: `the engine process could not be started: ${errorText(e)}` });
      return;
    }
    this.#setReadyTimer(run);
  }

  #setReadyTimer(run: ActiveRun): void {
    this.#setTimer(run, this.#readyTimeoutMs, () =>
      this.#finish(run, { status: 'failed', kind: 'launch-failed', reason: `the engine process did not start within ${this.#readyTimeoutMs / 1000} s` }, true),
    );
  }

  /** The host is ready: it gets the run. */
  #sendStart(run: ActiveRun): void {
    this.#clearTimer(run);
    run.phase = 'running';
    if (!run.host!.send({ type: 'start', runId: run.id, params: run.params })) {
      this.#finish(run, { status: 'failed', kind: 'launch-failed', reason: 'the engine process closed its channel before the run started' }, true);
    }
  }

  // --- the host's messages -----------------------------------------------------------------------

  #onMessage(run: ActiveRun, data: unknown): void {
    if (run.ended) return;
    const parsed = parseHostMessage(data);
    if (!parsed.ok) return this.#protocolError(run, parsed.problem);
    const m: HostMessage = parsed.message;
    if (m.type === 'ready') {
      if (run.phase !== 'launching') return this.#protocolError(run, "a second 'ready'");
      return this.#sendStart(run);
    }
    if (m.runId !== run.id) {
      if (m.type === 'failed' && m.runId === null && m.kind === 'crash') {
        return this.#finish(run, { status: 'failed', kind: 'crash', reason: m.reason }, true);
      }
      if (m.type === 'failed' && m.runId === null) return this.#protocolError(run, `the engine refused a message: ${m.reason}`);
      if (m.type !== 'log' || m.runId !== null) return this.#protocolError(run, `a '${m.type}' message for run ${m.runId}`);
    }
    switch (m.type) {
      case 'progress':
        this.#emit({ type: 'run.progress', runId: run.id, progress: m.progress });
        return;
      case 'spikes': {
        try {
          run.writer.spikes(m.chunk);
        } catch (e) {
          const reason = e instanceof WaitingDataOverflow ? e.message : `the spikes could not be stored: ${errorText(e)}`;
          return this.#finish(run, { status: 'failed', kind: 'store-error', reason }, true);
        }
        const preview = run.preview.push(m.chunk);
        if (preview) this.#emit({ type: 'run.spikes', runId: run.id, preview });
        return;
      }
      case 'voltage':
        try {
          run.writer.voltage(m.chunk);
        } catch (e) {
          const reason = e instanceof WaitingDataOverflow ? e.message : `the voltage traces could not be stored: ${errorText(e)}`;
          this.#finish(run, { status: 'failed', kind: 'store-error', reason }, true);
        }
        return;
      case 'log':
        this.#emit({ type: 'run.log', runId: run.id, level: m.level, line: m.line });
        return;
      case 'done':
        return this.#finish(run, { status: 'completed', outcome: m.outcome });
      case 'failed':
        return this.#finish(run, { status: 'failed', kind: m.kind, reason: m.reason, issues: m.issues });
      case 'cancelled':
        return this.#finish(run, { status: 'cancelled', reason: run.cancelReason ?? m.reason });
      default: {
        const never: never = m;
        return this.#protocolError(run, `unexpected message ${JSON.stringify(never)}`);
      }
    }
  }

  #protocolError(run: ActiveRun, problem: string): void {
    this.#finish(run, { status: 'failed', kind: 'bad-message', reason: clip(`the engine process sent an invalid message: ${problem}`) }, true);
  }

  #onExit(run: ActiveRun, exit: HostExit): void {
    run.onHostExit();
    if (run.ended) return;
    if (run.cancelReason !== null) this.#finish(run, { status: 'cancelled', reason: run.cancelReason });
    else this.#finish(run, { status: 'failed', kind: exit.error !== undefined ? 'launch-failed' : 'host-exited', reason: describeExit(exit, run.outputTail) });
  }

  #onOutput(run: ActiveRun, text: string): void {
    run.outputTail = appendTail(run.outputTail, text);
    for (const line of text.split('\n')) {
      if (line.trim()) this.#emit({ type: 'run.log', runId: run.id, level: 'warn', line: clip(`engine output: ${line}`) });
    }
  }

  // --- the end of a run --------------------------------------------------------------------------

  /**
   * Records how the run ended (once the database takes it: at once unless another program holds
   * it), tells the listeners, lets the host go (or kills it) and starts the next run.
   */
  #finish(run: ActiveRun, end: RunEnd, killHost = false): void {
    if (run.ended) return;
    run.ended = true;
    this.#clearTimer(run);
    if (killHost) run.host?.kill();
    const last = run.preview.flush();
    if (last) this.#emit({ type: 'run.spikes', runId: run.id, preview: last });
    this.#release(run);
    this.#record(run, end, (record, failure) => {
      // Only what is known goes out: the event crosses to the page as it is.
      const extra: Partial<Extract<RunEvent, { type: 'run.state' }>> = {};
      if (record.status === 'failed' || record.status === 'cancelled') {
        if (record.reason !== null) extra.reason = record.reason;
        if (failure !== undefined) extra.failure = failure;
        if (end.status === 'failed' && end.issues !== undefined) extra.issues = end.issues;
      }
      this.#emitState(record, extra);
      this.#settle(record);
      this.#active.delete(run.id);
      this.#pump();
    });
  }

  /** The store's side of the end; a completion the store refuses becomes a failure. */
  #record(run: ActiveRun, end: RunEnd, recorded: (record: RunRecord, failure?: RunFailureKind) => void): void {
    const store = this.#store;
    const orLost = <T,>(then: (value: T) => void) => (r: WriteResult<T>) => {
      if (r.ok) return then(r.value);
      this.#lost(run.id, r.error);
      this.#active.delete(run.id);
      this.#pump();
    };
    switch (end.status) {
      case 'completed': {
        let prepared: CompletionStats | undefined;
        return run.writer.write(
          (): CompletedRun => completeEngineRunSync(store, run.id, end.outcome, (prepared ??= completionStatsSync(store, run.id, end.outcome.params))),
          (r) => {
            if (r.ok) {
              if (r.value.statsProblem) this.#emit({ type: 'run.log', runId: run.id, level: 'warn', line: clip(`no statistics stored: ${r.value.statsProblem}`) });
              return recorded(r.value.record);
            }
            run.writer.write(
              () => store.markFailedSync(run.id, `the run could not be completed: ${errorText(r.error)}`),
              orLost((record) => recorded(record, 'store-error')),
            );
          },
        );
      }
      case 'failed':
        return run.writer.write(() => store.markFailedSync(run.id, end.reason), orLost((record) => recorded(record, end.kind)));
      case 'cancelled':
        return run.writer.write(() => store.markCancelledSync(run.id, end.reason), orLost((record) => recorded(record)));
      default: {
        const never: never = end;
        throw new Error(`unhandled end ${JSON.stringify(never)}`);
      }
    }
  }

  /** The end of a run could not be stored: said, and whoever waits for it is told. */
  #lost(id: number, problem: unknown): void {
    this.#emit({ type: 'run.log', runId: id, level: 'error', line: clip(`the run's end could not be stored: ${errorText(problem)}`) });
    this.#settle(new Error(`run ${id} ended, but the store could not record it: ${errorText(problem)}`), id);
  }

  /** Lets the host go; kills it when it has not exited within the grace period. */
  #release(run: ActiveRun): void {
    const host = run.host;
    if (!host) return;
    host.end();
    const killer = setTimeout(() => host.kill(), this.#cancelGraceMs);
    const exited = run.hostExited.then(() => clearTimeout(killer));
    this.#exiting.add(exited);
    void exited.then(() => this.#exiting.delete(exited));
  }

  #settle(outcome: RunRecord | Error, id = (outcome as RunRecord).id): void {
    const waiting = this.#settled.get(id);
    this.#settled.delete(id);
    for (const w of waiting ?? []) {
      if (outcome instanceof Error) w.reject(outcome);
      else w.resolve(outcome);
    }
  }

  // --- helpers -----------------------------------------------------------------------------------

  #setTimer(run: ActiveRun, ms: number, fn: () => void): void {
    this.#clearTimer(run);
    run.timer = setTimeout(fn, ms);
  }

  #clearTimer(run: ActiveRun): void {
    if (run.timer) clearTimeout(run.timer);
    run.timer = null;
  }

  #emitState(record: RunRecord, extra: Partial<Extract<RunEvent, { type: 'run.state' }>> = {}): void {
    this.#emit({ type: 'run.state', runId: record.id, state: record.status, record, ...extra });
  }

  #emit(e: RunEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(e);
      } catch (error) {
        console.error(`run event listener failed: ${describeForLog(error)}`);
      }
    }
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
