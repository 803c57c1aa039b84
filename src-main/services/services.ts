/**
 * The main-process services as one object, started the same way by Electron's main process and by
 * the localhost server: the dispatcher both transports call, the event hub they forward, and one
 * close() that ends everything the services own (running runs cancelled and their engine
 * processes awaited, then the run database closed).
 */
import { nodeHostLauncher, type HostLauncher } from '../runs/index.ts';
import type { RunManagerOptions } from '../runs/run-manager.ts';
import type { AppIdentity } from './app.ts';
import { createDispatcher, type Dispatch } from './dispatch.ts';
import { EventHub } from './event-hub.ts';
import { createHandlers } from './handlers.ts';
import { machineFacts, thisMachine, type ParamsMachine } from './params.ts';
import { RunsService } from './runs.ts';

export interface StudioServices {
  dispatch: Dispatch;
  events: EventHub;
  dataDir: string;
  /** The runs service (its store and manager open on first use). */
  runs: RunsService;
  close(): Promise<void>;
}

export interface ServicesOptions {
  identity: AppIdentity;
  /** Folder of the app's data: the run database is <dataDir>/runs.sqlite. Created by the caller. */
  dataDir: string;
  /** The run database file, when it is not <dataDir>/runs.sqlite (`serve --db FILE`). */
  dbFile?: string;
  /** How engine hosts start: Node child processes by default; Electron passes its utility-process launcher. */
  launcher?: HostLauncher;
  /** Run manager timings and preview (tests). */
  runManager?: Omit<RunManagerOptions, 'store' | 'launcher'>;
  machine?: ParamsMachine;
  /** Folder for the temporary files of exports and imports (default: the system's; tests). */
  tmpDir?: string;
}

export function createServices(options: ServicesOptions): StudioServices {
  const events = new EventHub();
  const machine = options.machine ?? thisMachine;
  const runs = new RunsService({
    dataDir: options.dataDir,
    dbFile: options.dbFile,
    events,
    launcher: options.launcher ?? nodeHostLauncher(),
    // runs.start checks the parameters for the machine params.validate answers for.
    manager: { machine: () => machineFacts(machine), ...options.runManager },
    tmpDir: options.tmpDir,
  });
  const handlers = createHandlers({ identity: options.identity, runs, machine });
  let closing: Promise<void> | null = null;
  return {
    dispatch: createDispatcher(handlers),
    events,
    dataDir: options.dataDir,
    runs,
    close: () => (closing ??= runs.close()),
  };
}
