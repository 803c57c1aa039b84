/**
 * The handler map: every contract method's service call. Each service contributes the handlers of
 * its methods; `satisfies Handlers` makes a contract entry without a handler a compile error.
 */
import { appHandlers, type AppIdentity } from './app.ts';
import type { Handlers } from './dispatch.ts';
import type { EventHub } from './events.ts';
import { paramsHandlers } from './params.ts';

export interface ServiceDeps {
  identity: AppIdentity;
  /** Folder for the app's data (database, exported files). Created by the caller. */
  dataDir: string;
  events: EventHub;
}

export function createHandlers(deps: ServiceDeps): Handlers {
  return {
    ...appHandlers(deps.identity),
    ...paramsHandlers(),
  } satisfies Handlers;
}
