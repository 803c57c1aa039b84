/**
 * `npm run simulate`: the headless engine CLI (engine/cli/simulate.ts) that also stores the run in
 * the run database, as the app does: created and started when the build begins, spikes appended
 * chunk by chunk, statistics and completion at the end, failed or cancelled otherwise.
 *   --db PATH   the database (default: the app's, src-main/store/paths.ts)
 *   --no-db     store nothing
 *   --name NAME the stored run's name
 */
import { pathToFileURL } from 'node:url';
import type { RunOutcome, SpikeChunk } from '../../engine/api.ts';
import type { SimulateArgs } from '../../engine/cli/args.ts';
import { simulateCommand, type CliIo, type SimulateHooks } from '../../engine/cli/simulate.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import { RunStoreError } from '../store/errors.ts';
import { defaultDbPath } from '../store/paths.ts';
import { RunStore } from '../store/run-store.ts';
import { completeEngineRunSync, createEngineRunSync, startEngineRunSync } from '../runs/store-steps.ts';

/** The stored name of a run started without --name. */
export function defaultRunName(p: ParamSet): string {
  return `simulate: N_scaling ${p.net.N_scaling}, K_scaling ${p.net.K_scaling}, t_sim ${p.sim.t_sim} ms, seed ${p.sim.rng_seed}`;
}

/** The simulate hooks that write the run to a RunStore; close() when the command has returned. */
export class CliRunRecorder {
  readonly #io: CliIo;
  readonly #dbPath: string | undefined;
  #store: RunStore | null = null;
  #runId: number | null = null;
  #quiet = false;

  /** `dbPath` overrides --db and the default (tests). */
  constructor(io: CliIo, dbPath?: string) {
    this.#io = io;
    this.#dbPath = dbPath;
  }

  get runId(): number | null {
    return this.#runId;
  }

  readonly hooks: SimulateHooks = {
    onStart: (params, args) => this.#start(params, args),
    onSpikes: (chunk) => this.#spikes(chunk),
    onDone: (outcome) => this.#done(outcome),
    onFailed: (reason, cancelled) => this.#failed(reason, cancelled),
  };

  #start(params: ParamSet, args: SimulateArgs): void {
    if (args.noDb) return;
    this.#quiet = args.quiet;
    const file = this.#dbPath ?? args.db ?? defaultDbPath();
    this.#store = RunStore.openSync(file);
    const record = createEngineRunSync(this.#store, args.name ?? defaultRunName(params), params);
    this.#runId = record.id;
    startEngineRunSync(this.#store, record.id, params);
    if (!this.#quiet) this.#io.err(`storing the run as run ${record.id} in ${this.#store.path}\n`);
  }

  #spikes(chunk: SpikeChunk): void {
    if (this.#store && this.#runId !== null) this.#store.appendSpikesSync(this.#runId, chunk);
  }

  #done(outcome: RunOutcome): void {
    if (!this.#store || this.#runId === null) return;
    // Throws when the store refuses the completion: the command then reports the run failed.
    const { statsProblem } = completeEngineRunSync(this.#store, this.#runId, outcome);
    if (statsProblem) this.#io.err(`warning: no statistics stored: ${statsProblem}\n`);
    this.#io.out(`stored as run ${this.#runId} in ${this.#store.path}\n`);
  }

  #failed(reason: string, cancelled: boolean): void {
    if (!this.#store || this.#runId === null) return;
    const status = this.#store.getRunSync(this.#runId).status;
    if (status !== 'running' && status !== 'queued') return;
    if (cancelled) this.#store.markCancelledSync(this.#runId, reason);
    else this.#store.markFailedSync(this.#runId, reason);
  }

  close(): void {
    this.#store?.closeSync();
    this.#store = null;
  }
}

/** Runs the command with storage; returns the exit status (that of engine/cli/simulate.ts). */
export async function simulateWithStore(argv: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const recorder = new CliRunRecorder(io);
  try {
    return await simulateCommand(argv, recorder.hooks, io, signal);
  } catch (e) {
    // Only onStart runs outside the command's own error handling: the database could not be opened or the run not created.
    io.err(`error: the run could not be stored: ${e instanceof Error ? e.message : String(e)}\n`);
    return e instanceof RunStoreError && e.code === 'bad-argument' ? 2 : 1;
  } finally {
    recorder.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ac = new AbortController();
  process.once('SIGINT', () => ac.abort('interrupted (Ctrl-C)'));
  const io: CliIo = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    isTty: Boolean(process.stderr.isTTY),
  };
  process.exitCode = await simulateWithStore(process.argv.slice(2), io, ac.signal);
}
