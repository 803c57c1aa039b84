/**
 * The runs service: the run store (<dataDir>/runs.sqlite) and the run manager behind the `runs.*`
 * requests, with the manager's events forwarded to the page. The store and the manager open on the
 * first request that needs them (a damaged or newer database is then answered as an error the page
 * shows, instead of failing the app's start), and close() ends both: running runs are cancelled,
 * their hosts awaited, then the database closed.
 */
import path from 'node:path';
import type { RunSummary } from '../../engine/api.ts';
import type { KeyParams, Reply } from '../contract.ts';
import { RunManager, type HostLauncher } from '../runs/index.ts';
import type { RunManagerOptions } from '../runs/run-manager.ts';
import { analysisWindow, type RunStats } from '../runs/run-stats.ts';
import { DB_FILE_NAME, RunStore, type RunRecord } from '../store/index.ts';
import type { Handler } from './dispatch.ts';
import { compareRunsSync, runDistributionsSync } from './run-analysis.ts';
import { StudioError } from './errors.ts';
import type { EventHub } from './event-hub.ts';
import { exportAsFilesSync, importNestFilesSync } from './interop-files.ts';
import { exportRunBytesSync, importRunBytesSync } from './run-files.ts';
import { isSettled, keyParams, listItem, meanRatesHz } from './run-list.ts';

type RunsMethod =
  | 'runs.start'
  | 'runs.cancel'
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
  | 'runs.compare';

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
}

interface Open {
  store: RunStore;
  manager: RunManager;
  unsubscribe: () => void;
}

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
    const unsubscribe = manager.onEvent((e) => this.#o.events.emit(e));
    this.#open = { store, manager, unsubscribe };
    return this.#open;
  }

  /** The store, opened if needed (tests, the CLI-like paths). */
  get store(): RunStore {
    return this.#get().store;
  }

  get manager(): RunManager {
    return this.#get().manager;
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
        const result = manager.cancel(id, reason);
        return { result, record: store.getRunSync(id) };
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
    };
  }

  /** Cancels what runs, awaits the engine processes, closes the database. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const open = this.#open;
    this.#open = null;
    if (!open) return;
    try {
      await open.manager.close();
    } finally {
      open.unsubscribe();
      open.store.closeSync();
    }
  }
}
