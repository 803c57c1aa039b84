/**
 * Stores a command-line run in the run database as the app stores its runs: created and started
 * before the build, spikes appended chunk by chunk, statistics and completion at the end, failed
 * or cancelled otherwise. Every write goes through a RunWriter (src-main/runs/run-writer.ts): a
 * database that another program holds locked makes the data wait and the writes happen when it is
 * free, with a line on stderr; Ctrl-C while the completion waits gives up waiting (the run then
 * reads 'interrupted'). The store's modules load only when a run is stored, so `--no-db` runs
 * (the benchmarks) carry no SQLite in their memory.
 */
import type { RunOutcome, SpikeChunk, VoltageChunk } from '../../engine/api.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import type { RunWriter } from '../runs/run-writer.ts';
import type * as StoreSteps from '../runs/store-steps.ts';
import type { CompletionStats, RunStore } from '../store/run-store.ts';
import type { CliIo } from './framework/index.ts';

/** The stored name of a run started without --name. */
export function defaultRunName(p: ParamSet): string {
  return `simulate: N_scaling ${p.net.N_scaling}, K_scaling ${p.net.K_scaling}, t_sim ${p.sim.t_sim} ms, seed ${p.sim.rng_seed}`;
}

type Steps = typeof StoreSteps;

export class CliRunRecorder {
  readonly #store: RunStore;
  readonly #io: CliIo;
  readonly runId: number;
  readonly #steps: Steps;
  readonly #writer: RunWriter;

  private constructor(store: RunStore, io: CliIo, runId: number, steps: Steps, writer: RunWriter) {
    this.#store = store;
    this.#io = io;
    this.runId = runId;
    this.#steps = steps;
    this.#writer = writer;
  }

  /** Opens (or creates) the database and creates the run, started (waiting for a locked database). */
  static async open(dbFile: string, name: string | undefined, params: ParamSet, io: CliIo, quiet: boolean): Promise<CliRunRecorder> {
    const [{ RunStore }, steps, { RunWriter, whenWritable }] = await Promise.all([
      import('../store/run-store.ts'),
      import('../runs/store-steps.ts'),
      import('../runs/run-writer.ts'),
    ]);
    const store = RunStore.openSync(dbFile);
    const notice = (line: string) => io.err(`warning: ${line}`);
    try {
      const record = await whenWritable(store, () => steps.createEngineRunSync(store, name ?? defaultRunName(params), params), notice);
      const writer = new RunWriter(store, record.id, { notice, failure: () => {} });
      await writer.writeAsync(() => steps.startEngineRunSync(store, record.id, params));
      if (!quiet) io.err(`storing the run as run ${record.id} in ${store.path}`);
      return new CliRunRecorder(store, io, record.id, steps, writer);
    } catch (e) {
      store.closeSync();
      throw e;
    }
  }

  /** Stores a chunk now or once the database is free; throws when the store refuses it (the run then stops). */
  spikes(chunk: SpikeChunk): void {
    this.#writer.spikes(chunk);
  }

  /** Stores voltmeter samples, as the app's run manager does, so the run's membrane potentials can be shown. */
  voltage(chunk: VoltageChunk): void {
    this.#writer.voltage(chunk);
  }

  /**
   * Completes the run with its summary and statistics (or why there are none), once everything
   * waiting is stored; throws when the store refuses. `signal`: stop waiting for a locked database.
   */
  async done(outcome: RunOutcome, signal?: AbortSignal): Promise<void> {
    let prepared: CompletionStats | undefined;
    const { statsProblem } = await this.#writer.writeAsync(
      () => this.#steps.completeEngineRunSync(this.#store, this.runId, outcome, (prepared ??= this.#steps.completionStatsSync(this.#store, this.runId, outcome.params))),
      signal,
    );
    if (statsProblem) this.#io.err(`warning: no statistics stored: ${statsProblem}`);
    this.#io.out(`stored as run ${this.runId} in ${this.#store.path}`);
  }

  /**
   * Marks the run failed or cancelled (unless it has ended already), once what waits is stored.
   * With `signal` aborted (Ctrl-C) it is tried once: a locked database is not waited for.
   */
  async failed(reason: string, cancelled: boolean, signal?: AbortSignal): Promise<void> {
    await this.#writer.writeAsync(() => {
      const status = this.#store.getRunSync(this.runId).status;
      if (status !== 'running' && status !== 'queued') return;
      if (cancelled) this.#store.markCancelledSync(this.runId, reason);
      else this.#store.markFailedSync(this.runId, reason);
    }, signal);
  }

  close(): void {
    this.#writer.discard('the command ended');
    this.#store.closeSync();
  }
}
