/**
 * Stores a command-line run in the run database as the app stores its runs: created and started
 * before the build, spikes appended chunk by chunk, statistics and completion at the end, failed
 * or cancelled otherwise. The store's modules load only when a run is stored, so `--no-db` runs
 * (the benchmarks) carry no SQLite in their memory.
 */
import type { RunOutcome, SpikeChunk, VoltageChunk } from '../../engine/api.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import type { completeEngineRunSync } from '../runs/store-steps.ts';
import type { RunStore } from '../store/run-store.ts';
import type { CliIo } from './framework/index.ts';

/** The stored name of a run started without --name. */
export function defaultRunName(p: ParamSet): string {
  return `simulate: N_scaling ${p.net.N_scaling}, K_scaling ${p.net.K_scaling}, t_sim ${p.sim.t_sim} ms, seed ${p.sim.rng_seed}`;
}

export class CliRunRecorder {
  readonly #store: RunStore;
  readonly #io: CliIo;
  readonly runId: number;
  readonly #completeSync: typeof completeEngineRunSync;

  private constructor(store: RunStore, io: CliIo, runId: number, complete: typeof completeEngineRunSync) {
    this.#store = store;
    this.#io = io;
    this.runId = runId;
    this.#completeSync = complete;
  }

  /** Opens (or creates) the database and creates the run, started. */
  static async open(dbFile: string, name: string | undefined, params: ParamSet, io: CliIo, quiet: boolean): Promise<CliRunRecorder> {
    const [{ RunStore }, steps] = await Promise.all([import('../store/run-store.ts'), import('../runs/store-steps.ts')]);
    const store = RunStore.openSync(dbFile);
    try {
      const record = steps.createEngineRunSync(store, name ?? defaultRunName(params), params);
      steps.startEngineRunSync(store, record.id, params);
      if (!quiet) io.err(`storing the run as run ${record.id} in ${store.path}`);
      return new CliRunRecorder(store, io, record.id, steps.completeEngineRunSync);
    } catch (e) {
      store.closeSync();
      throw e;
    }
  }

  spikes(chunk: SpikeChunk): void {
    this.#store.appendSpikesSync(this.runId, chunk);
  }

  /** Stores voltmeter samples, as the app's run manager does, so the run's membrane potentials can be shown. */
  voltage(chunk: VoltageChunk): void {
    this.#store.appendVoltageSync(this.runId, chunk);
  }

  /** Completes the run with its summary and statistics; throws when the store refuses. */
  done(outcome: RunOutcome): void {
    const { statsProblem } = this.#completeSync(this.#store, this.runId, outcome);
    if (statsProblem) this.#io.err(`warning: no statistics stored: ${statsProblem}`);
    this.#io.out(`stored as run ${this.runId} in ${this.#store.path}`);
  }

  failed(reason: string, cancelled: boolean): void {
    const status = this.#store.getRunSync(this.runId).status;
    if (status !== 'running' && status !== 'queued') return;
    if (cancelled) this.#store.markCancelledSync(this.runId, reason);
    else this.#store.markFailedSync(this.runId, reason);
  }

  close(): void {
    this.#store.closeSync();
  }
}
