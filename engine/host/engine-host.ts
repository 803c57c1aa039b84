/**
 * The engine host's logic, apart from the channel it talks over (engine/host/host.ts picks the
 * Electron parentPort or Node's IPC): validates every message, runs one simulation per host,
 * forwards its progress, spikes, voltages and log lines in bounded messages, and ends the run with
 * exactly one of done | failed | cancelled.
 */
import { CancelledError, ENGINE_NAME, ENGINE_VERSION, type RunOutcome } from '../api.ts';
import { MemoryGuardError } from '../memory.ts';
import { ParamValidationError } from '../params/validate.ts';
import { runSimulation, type RunOptions } from '../run.ts';
import { splitSpikeChunk, splitVoltageChunk } from './chunks.ts';
import { clip, parseParentMessage, PROTOCOL_VERSION, type HostMessage, type TerminalMessage } from './protocol.ts';

export type RunFn = (params: unknown, opts: RunOptions) => Promise<RunOutcome>;

export interface EngineHostDeps {
  /** Sends a message to the parent. */
  post: (m: HostMessage) => void;
  /** The simulation (runSimulation; tests pass a stand-in). */
  run?: RunFn;
  pid?: number;
}

type HostState = { kind: 'waiting' } | { kind: 'running'; runId: number; abort: AbortController } | { kind: 'ended'; runId: number };

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The terminal message for a run that threw `e`. */
export function failureMessage(runId: number, e: unknown, signal: AbortSignal): TerminalMessage {
  if (e instanceof CancelledError || signal.aborted) {
    const reason = e instanceof CancelledError ? e.message : typeof signal.reason === 'string' ? signal.reason : 'run cancelled';
    return { type: 'cancelled', runId, reason: clip(reason) };
  }
  if (e instanceof ParamValidationError) return { type: 'failed', runId, kind: 'invalid-params', reason: clip(e.message), issues: e.issues };
  if (e instanceof MemoryGuardError) return { type: 'failed', runId, kind: 'out-of-memory-guard', reason: clip(e.message) };
  return { type: 'failed', runId, kind: 'engine-error', reason: clip(`the engine failed: ${message(e)}`) };
}

export class EngineHost {
  readonly #post: (m: HostMessage) => void;
  readonly #run: RunFn;
  readonly #pid: number;
  #state: HostState = { kind: 'waiting' };
  #ended: Promise<void> | null = null;

  constructor(deps: EngineHostDeps) {
    this.#post = deps.post;
    this.#run = deps.run ?? runSimulation;
    this.#pid = deps.pid ?? process.pid;
  }

  /** Tells the parent the host is listening. Call once, after the message listener is attached. */
  announce(): void {
    this.#post({ type: 'ready', protocol: PROTOCOL_VERSION, pid: this.#pid, engineName: ENGINE_NAME, engineVersion: ENGINE_VERSION });
  }

  /** The run's id while one runs or after it ended; null before any start. */
  get runId(): number | null {
    return this.#state.kind === 'waiting' ? null : this.#state.runId;
  }

  /** Resolves when the run has ended (its terminal message posted); null before any start. */
  get ended(): Promise<void> | null {
    return this.#ended;
  }

  /** Handles one incoming message (anything: it is validated here). */
  receive(data: unknown): void {
    const parsed = parseParentMessage(data);
    if (!parsed.ok) {
      this.#post({ type: 'failed', runId: null, kind: 'bad-message', reason: clip(`message refused: ${parsed.problem}`) });
      return;
    }
    const m = parsed.message;
    switch (m.type) {
      case 'start':
        if (this.#state.kind !== 'waiting') {
          this.#post({
            type: 'failed',
            runId: null,
            kind: 'bad-message',
            reason: `message refused: this host already took run ${this.#state.runId}; each run gets a new host`,
          });
          return;
        }
        this.#start(m.runId, m.params);
        return;
      case 'cancel':
        if (this.#state.kind === 'running') this.#state.abort.abort(m.reason);
        else this.#post({ type: 'log', runId: this.runId, level: 'warn', line: 'cancel ignored: no run is running' });
        return;
      default: {
        const never: never = m;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }

  /** Reports a crash of the host process (uncaught exception); the caller exits afterwards. */
  crash(e: unknown): void {
    const runId = this.#state.kind === 'running' ? this.#state.runId : null;
    const detail = e instanceof Error && e.stack ? e.stack : message(e);
    this.#post({ type: 'failed', runId, kind: 'crash', reason: clip(`the engine process crashed: ${detail}`) });
    if (runId !== null) this.#state = { kind: 'ended', runId };
  }

  #start(runId: number, params: unknown): void {
    const abort = new AbortController();
    this.#state = { kind: 'running', runId, abort };
    const live = () => this.#state.kind === 'running' && this.#state.runId === runId;
    const post = (m: HostMessage) => {
      if (live()) this.#post(m);
    };
    const end = (m: TerminalMessage) => {
      if (!live()) return;
      this.#post(m);
      this.#state = { kind: 'ended', runId };
    };
    this.#ended = this.#run(params, {
      signal: abort.signal,
      onProgress: (progress) => post({ type: 'progress', runId, progress }),
      onSpikes: (c) => {
        for (const chunk of splitSpikeChunk(c)) post({ type: 'spikes', runId, chunk });
      },
      onVoltage: (c) => {
        for (const chunk of splitVoltageChunk(c)) post({ type: 'voltage', runId, chunk });
      },
      onLog: (line) => post({ type: 'log', runId, level: 'info', line: clip(line) }),
    }).then(
      (outcome) => end({ type: 'done', runId, outcome }),
      (e: unknown) => end(failureMessage(runId, e, abort.signal)),
    );
  }
}
