/**
 * The host runs the simulation in a worker thread of its own (the "engine thread"), not on the
 * thread that reads the parent's messages. The engine checks its AbortSignal only between shards
 * while building and between slices while simulating, and one shard of a large network can take
 * seconds; with the engine on its own thread the host still sees a cancel at once, passes it on,
 * and terminates the thread if it has not stopped within ENGINE_THREAD_GRACE_MS (terminate()
 * interrupts even a synchronous loop, and ends the engine's own worker threads with it).
 * An engine thread that runs out of heap ends with an error; the host process survives to say so.
 *
 * Errors cross the thread boundary as plain data and are rebuilt as the engine's error classes,
 * so the host classifies them as if the engine had run on its thread.
 *
 * The parameters go to the thread in a 'run' message, not as workerData: engine/sim/worker.ts
 * starts a simulation partition in any worker thread that loads it with workerData set, and the
 * engine thread loads it (run.ts -> runner.ts -> sim/worker.ts).
 */
import { Worker, type MessagePort } from 'node:worker_threads';
import { CancelledError, type RunOutcome, type RunProgress, type SpikeChunk, type VoltageChunk } from '../api.ts';
import { MemoryGuardError } from '../memory.ts';
import { ParamValidationError, type ValidationIssue } from '../params/validate.ts';
import { runSimulation } from '../run.ts';
import type { RunFn } from './engine-host.ts';

/** How long the engine thread may take to stop after a cancel before it is terminated, ms. */
export const ENGINE_THREAD_GRACE_MS = 300;

type SerializedError =
  | { name: 'ParamValidationError'; issues: ValidationIssue[] }
  | { name: 'MemoryGuardError'; neededBytes: number; availableBytes: number; message: string }
  | { name: 'CancelledError'; message: string }
  | { name: 'Error'; message: string; stack?: string };

/** Engine thread -> host thread. */
export type ThreadMessage =
  | { type: 'progress'; progress: RunProgress }
  | { type: 'spikes'; chunk: SpikeChunk }
  | { type: 'voltage'; chunk: VoltageChunk }
  | { type: 'log'; line: string }
  | { type: 'done'; outcome: RunOutcome }
  | { type: 'error'; error: SerializedError };

/** Host thread -> engine thread: one 'run', then perhaps a 'cancel'. */
export type ThreadCommand = { type: 'run'; params: unknown } | { type: 'cancel'; reason: string };

export function serializeError(e: unknown): SerializedError {
  if (e instanceof ParamValidationError) return { name: 'ParamValidationError', issues: e.issues };
  if (e instanceof MemoryGuardError) return { name: 'MemoryGuardError', neededBytes: e.neededBytes, availableBytes: e.availableBytes, message: e.message };
  if (e instanceof CancelledError) return { name: 'CancelledError', message: e.message };
  if (e instanceof Error) return { name: 'Error', message: e.message, stack: e.stack };
  return { name: 'Error', message: String(e) };
}

export function deserializeError(s: SerializedError): Error {
  switch (s.name) {
    case 'ParamValidationError':
      return new ParamValidationError(s.issues);
    case 'MemoryGuardError':
      return new MemoryGuardError(s.neededBytes, s.availableBytes, s.message);
    case 'CancelledError':
      return new CancelledError(s.message);
    case 'Error': {
      const e = new Error(s.message);
      if (s.stack) e.stack = s.stack;
      return e;
    }
    default: {
      const never: never = s;
      return new Error(`unknown error ${JSON.stringify(never)}`);
    }
  }
}

/** The engine thread's side: runs the simulation it is sent, reports through `port`. */
export function serveEngineThread(port: MessagePort): void {
  const abort = new AbortController();
  const post = (m: ThreadMessage) => port.postMessage(m);
  let started = false;
  port.on('message', (m: ThreadCommand) => {
    if (m?.type === 'cancel') abort.abort(m.reason);
    if (m?.type !== 'run' || started) return;
    started = true;
    runSimulation(m.params, {
      signal: abort.signal,
      onProgress: (progress) => post({ type: 'progress', progress }),
      onSpikes: (chunk) => post({ type: 'spikes', chunk }),
      onVoltage: (chunk) => post({ type: 'voltage', chunk }),
      onLog: (line) => post({ type: 'log', line }),
    }).then(
      (outcome) => post({ type: 'done', outcome }),
      (e: unknown) => post({ type: 'error', error: serializeError(e) }),
    );
  });
}

/**
 * A RunFn that runs the simulation on an engine thread started from `entry` (a module that calls
 * serveEngineThread when it is not the main thread: engine/host/host.ts).
 *
 * The first engine thread is started at once (`warm`, the host's default): it loads the engine's
 * modules while the host says 'ready' and waits for its run (about 0.2 s of a run's start at the
 * shipped scale, measured by `npm run bench`'s batch rows), instead of after 'start'. A warm
 * thread that failed to start is dropped: the run then starts its own and reports that failure.
 */
export function threadRunner(entry: URL, o: { warm?: boolean } = {}): RunFn {
  let warm: Worker | null = null;
  if (o.warm ?? true) {
    const w = new Worker(entry);
    warm = w;
    const drop = () => {
      if (warm === w) warm = null;
    };
    w.once('error', drop);
    w.once('exit', drop);
  }
  return (params, opts) =>
    new Promise<RunOutcome>((resolve, reject) => {
      const worker = warm ?? new Worker(entry);
      warm = null;
      worker.removeAllListeners('error');
      worker.removeAllListeners('exit');
      worker.postMessage({ type: 'run', params } satisfies ThreadCommand);
      let settled = false;
      let graceTimer: NodeJS.Timeout | undefined;
      const settle = (err: Error | null, outcome?: RunOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(graceTimer);
        opts.signal?.removeEventListener('abort', onAbort);
        // The thread has nothing left to do (its listener keeps it alive): end it, then answer.
        void worker.terminate().then(() => (err ? reject(err) : resolve(outcome!)));
      };
      const onAbort = () => {
        const reason = typeof opts.signal?.reason === 'string' ? opts.signal.reason : 'run cancelled';
        worker.postMessage({ type: 'cancel', reason } satisfies ThreadCommand);
        graceTimer = setTimeout(() => settle(new CancelledError(reason)), ENGINE_THREAD_GRACE_MS);
      };
      if (opts.signal?.aborted) onAbort();
      else opts.signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', (m: ThreadMessage) => {
        if (settled) return;
        switch (m.type) {
          case 'progress':
            return opts.onProgress?.(m.progress);
          case 'spikes':
            return opts.onSpikes?.(m.chunk);
          case 'voltage':
            return opts.onVoltage?.(m.chunk);
          case 'log':
            return opts.onLog?.(m.line);
          case 'done':
            return settle(null, m.outcome);
          case 'error':
            return settle(deserializeError(m.error));
          default: {
            const never: never = m;
            return settle(new Error(`unexpected engine thread message ${JSON.stringify(never)}`));
          }
        }
      });
      worker.on('error', (e) => settle(new Error(`the engine thread failed: ${e.message}`)));
      worker.on('exit', (code) => settle(new Error(`the engine thread exited with code ${code} before the run ended`)));
    });
}
