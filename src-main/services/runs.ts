/**
 * The runs service: the run store (<dataDir>/runs.sqlite) and the run manager behind the `runs.*`
 * requests, with the manager's events forwarded to the page. The store and the manager open on the
 * first request that needs them (a damaged or newer database is then answered as an error the page
 * shows, instead of failing the app's start), and close() ends both: running runs are cancelled,
 * their hosts awaited, then the database closed.
 *
 * Runs that another process writes (a `npm run simulate`, a second app) are re-checked every
 * `leaseCheckMs` and before a cancel or a delete: a run whose writer is gone (its lease died with
 * its process, store/owner.ts) is marked interrupted and the page is told.
 */
import path from 'node:path';
import type { RunSummary } from '../../engine/api.ts';
import type { KeyParams, Reply } from '../contract.ts';
import { RunManager, type HostLauncher } from '../runs/index.ts';
import type { RunManagerOptions } from '../runs/run-manager.ts';
import { analysisWindow, type RunStats } from '../runs/run-stats.ts';
import { isDatabaseBusy } from '../store/errors.ts';
import { DB_FILE_NAME, RunStore, type RunRecord } from '../store/index.ts';
import type { Handler } from './dispatch.ts';
import { compareRunsSync, runDistributionsSync } from './run-analysis.ts';
import { StudioError } from './errors.ts';
import type { EventHub } from './event-hub.ts';
import { exportArchiveSync, exportAsFilesSync, importNestFilesSync } from './interop-files.ts';
import { runActivitySync, runParametersSync, runSpectrumSync, runVoltageDistributionSync, runVoltagesSync } from './run-series.ts';
import { exportRunBytesSync, importRunBytesSync } from './run-files.ts';
import { isSettled, keyParams, listItem, meanRatesHz } from './run-list.ts';
import { BatchRunner } from '../batches/batch-runner.ts';
import { BatchStore } from '../store/batch-store.ts';

type RunsMethod =
  | 'runs.start'
  | 'runs.cancel'
  | 'runs.markInterrupted'
  | 'runs.list'
  | 'runs.get'
  | 'runs.params'
  | 'runs.rename'
  | 'runs.tag'
  | 'runs.untag'
  | 'runs.delete'
  | 'runs.spikes'
  | 'runs.counts'
  | 'runs.distributions'
  | 'runs.export'
  | 'runs.import'
  | 'runs.exportAs'
  | 'runs.importNest'
  | 'runs.compare'
  | 'runs.activity'
  | 'runs.spectrum'
  | 'runs.voltages'
  | 'runs.voltageDistribution'
  | 'runs.parameters'
  | 'runs.setNotes'
  | 'runs.exportArchive';

export type RunsHandlers = { [M in RunsMethod]: Handler<M> };

export interface RunsServiceOptions {
  dataDir: string;
  /** The database file when it is not <dataDir>/runs.sqlite. */
  dbFile?: string;
  events: EventHub;
  launcher: HostLauncher;
  /** The run manager's timings and preview (tests). */
  manager?: Omit<RunManagerOptions, 'store' | 'launcher'>;
  /** Folder for the temporary files of export and import (default: the system's). */
  tmpDir?: string;
  /** Resume the interrupted batches when the store opens (default true: a batch cut by a quit or a crash goes on at the next start). */
  resumeBatches?: boolean;
  /** How often the writers of other processes' runs are re-checked, ms (default 2000). */
  leaseCheckMs?: number;
}

interface Open {
  store: RunStore;
  manager: RunManager;
  unsubscribe: () => void;
  batches: BatchStore;
  runner: BatchRunner;
  recheck: NodeJS.Timeout;
}

const DEFAULT_LEASE_CHECK_MS = 2000;

interface RowExtra {
  uid: string;
  keyParams: KeyParams;
  ratesHz: number[] | null;
}

export class RunsService {
  readonly #o: RunsServiceOptions;
  #open: Open | null = null;
  #closed = false;
  /** Key parameters and rates of settled runs (they never change); by id. */
  readonly #rows = new Map<number, RowExtra>();

  constructor(options: RunsServiceOptions) {
    this.#o = options;
  }

  get dbPath(): string {
    return this.#o.dbFile ?? path.join(this.#o.dataDir, DB_FILE_NAME);
  }

  #get(): Open {
    if (this.#closed) throw new StudioError('internal', 'the app is closing: runs can no longer be read or started');
    if (this.#open) return this.#open;
    const store = RunStore.openSync(this.dbPath);
    let manager: RunManager;
    try {
      manager = new RunManager({ ...this.#o.manager, store, launcher: this.#o.launcher });
    } catch (e) {
      store.closeSync();
      throw e;
    }
    const unsubscribeRuns = manager.onEvent((e) => this.#o.events.emit(e));
    const batches = new BatchStore(store);
    const runner = new BatchRunner({ store, batches, manager, jobs: this.#o.manager?.concurrency ?? 1 });
    const unsubscribeBatches = runner.onEvent((e) => this.#o.events.emit(e));
    const unsubscribe = () => {
      unsubscribeRuns();
      unsubscribeBatches();
    };
    const recheck = setInterval(() => this.#recheck(), this.#o.leaseCheckMs ?? DEFAULT_LEASE_CHECK_MS);
    recheck.unref();
    this.#open = { store, manager, unsubscribe, batches, runner, recheck };
    if (this.#o.resumeBatches !== false) runner.resumeInterrupted();
    return this.#open;
  }

  /** Marks the runs whose writer is gone interrupted and tells the page. A busy database: next time. */
  #recheck(): void {
    const open = this.#open;
    if (!open) return;
    let ids: number[];
    try {
      ids = open.store.recoverInterruptedSync();
    } catch (e) {
      if (!isDatabaseBusy(e)) console.error('re-checking the running runs failed:', e);
      return;
    }
    for (const id of ids) this.#emitState(open.store.getRunSync(id));
  }

  #emitState(record: RunRecord): void {
    this.#o.events.emit({ type: 'run.state', runId: record.id, state: record.status, record, ...(record.reason !== null ? { reason: record.reason } : {}) });
  }

  /** The store, opened if needed (tests, the CLI-like paths). */
  get store(): RunStore {
    return this.#get().store;
  }

  get manager(): RunManager {
    return this.#get().manager;
  }

  /** The batches and ensembles of the store, and the runner that makes batches (services/batches.ts). */
  get batches(): { store: RunStore; batches: BatchStore; runner: BatchRunner } {
    const { store, batches, runner } = this.#get();
    return { store, batches, runner };
  }

  /** Forgets the cached row of a deleted run. */
  forget(id: number): void {
    this.#rows.delete(id);
  }

  #extra(store: RunStore, record: RunRecord): RowExtra {
    const cached = this.#rows.get(record.id);
    if (cached && cached.uid === record.uid) return cached;
    const summary = store.getSummarySync(record.id);
    // The statistics (a larger JSON) only when the summary has no rates (e.g. an imported run).
    let ratesHz = meanRatesHz(record, summary, null);
    if (ratesHz === null && record.hasStats) ratesHz = meanRatesHz(record, null, store.getStatsSync(record.id) as RunStats | null);
    const extra: RowExtra = { uid: record.uid, keyParams: keyParams(store.getParamsSync(record.id)), ratesHz };
    if (isSettled(record)) this.#rows.set(record.id, extra);
    return extra;
  }

  handlers(): RunsHandlers {
    return {
      'runs.start': ({ params, name, tags }) => {
        const { store, manager } = this.#get();
        return store.getRunSync(manager.start(params, { name, tags }));
      },
      'runs.cancel': ({ id, reason }) => {
        const { store, manager } = this.#get();
        store.getRunSync(id); // not-found for an unknown id
        this.#recheck(); // a run whose writer is gone reads interrupted at once
        const result = manager.cancel(id, reason);
        return { result, record: store.getRunSync(id) };
      },
      'runs.markInterrupted': ({ id, force }) => {
        const record = this.#get().store.markInterruptedSync(id, { force });
        this.#emitState(record);
        return record;
      },
      'runs.list': (filter) => {
        const { store } = this.#get();
        return store.listRunsSync(filter).map((r) => listItem(r, this.#extra(store, r)));
      },
      'runs.get': ({ id }) => {
        const { store } = this.#get();
        const record = store.getRunSync(id);
        const params = store.getParamsSync(id);
        const summary: RunSummary | null = store.getSummarySync(id);
        return {
          record,
          params,
          window: analysisWindow(params),
          summary,
          stats: store.getStatsSync(id) as RunStats | null,
          spikeTotals: store.getPopulationSpikeTotalsSync(id),
        };
      },
      'runs.params': ({ id }) => this.#get().store.getParamsSync(id),
      'runs.rename': ({ id, name }) => this.#get().store.renameRunSync(id, name),
      'runs.tag': ({ id, tag }) => this.#get().store.addTagSync(id, tag),
      'runs.untag': ({ id, tag }) => this.#get().store.removeTagSync(id, tag),
      'runs.delete': ({ id }) => {
        this.#get();
        this.#recheck();
        this.#get().store.deleteRunSync(id);
        this.#rows.delete(id);
        return { id };
      },
      'runs.spikes': ({ id, t0Ms, t1Ms, stride, populations }) => this.#get().store.getSpikesSync(id, { t0Ms, t1Ms, stride, populations }),
      'runs.counts': ({ id, t0Ms, t1Ms }) => this.#get().store.getSpikeCountsSync(id, { t0Ms, t1Ms }),
      'runs.distributions': ({ id }) => {
        const { window, populations } = runDistributionsSync(this.#get().store, id);
        return { id, window, populations };
      },
      'runs.export': ({ id }) => exportRunBytesSync(this.#get().store, id, this.#o.tmpDir),
      'runs.import': ({ bytes, fileName }) => importRunBytesSync(this.#get().store, bytes, fileName, this.#o.tmpDir),
      'runs.exportAs': ({ id, format }) => ({ files: exportAsFilesSync(this.#get().store, id, format, this.#o.tmpDir) }),
      'runs.importNest': ({ files, name }) => importNestFilesSync(this.#get().store, files, name, this.#o.tmpDir),
      'runs.compare': (request): Reply<'runs.compare'> => compareRunsSync(this.#get().store, request),
      'runs.activity': (q) => runActivitySync(this.#get().store, q),
      'runs.spectrum': (q) => runSpectrumSync(this.#get().store, q),
      'runs.voltages': (q) => runVoltagesSync(this.#get().store, q),
      'runs.voltageDistribution': (q) => runVoltageDistributionSync(this.#get().store, q),
      'runs.parameters': ({ id }) => runParametersSync(this.#get().store, id),
      'runs.setNotes': ({ id, notes }) => this.#get().store.setNotesSync(id, notes),
      'runs.exportArchive': ({ id, formats }) => exportArchiveSync(this.#get().store, id, formats, this.#o.tmpDir),
    };
  }

  /** Cancels what runs, awaits the engine processes, closes the database. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const open = this.#open;
    this.#open = null;
    if (!open) return;
    clearInterval(open.recheck);
    try {
      // Batches first: they stop as 'interrupted' (resumed at the next start), not as cancelled.
      await open.runner.close();
      await open.manager.close();
    } finally {
      open.unsubscribe();
      open.batches.close();
      open.store.closeSync();
    }
  }
}
