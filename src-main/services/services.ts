/**
 * The main-process services as one object, started the same way by Electron's main process and by
 * the localhost server: the dispatcher both transports call, the event hub they forward, and one
 * close() that ends everything the services own.
 */
import { createDispatcher, type Dispatch } from './dispatch.ts';
import { EventHub } from './events.ts';
import { createHandlers } from './handlers.ts';
import type { AppIdentity } from './app.ts';

export interface StudioServices {
  dispatch: Dispatch;
  events: EventHub;
  dataDir: string;
  close(): Promise<void>;
}

export interface ServicesOptions {
  identity: AppIdentity;
  dataDir: string;
}

export function createServices(options: ServicesOptions): StudioServices {
  const events = new EventHub();
  const handlers = createHandlers({ identity: options.identity, dataDir: options.dataDir, events });
  return {
    dispatch: createDispatcher(handlers),
    events,
    dataDir: options.dataDir,
    close: async () => {},
  };
}
