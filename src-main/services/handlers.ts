/**
 * The handler map: every contract method's service call. Each service contributes the handlers of
 * its methods; `satisfies Handlers` makes a contract entry without a handler a compile error.
 */
import { appHandlers, type AppIdentity } from './app.ts';
import { batchHandlers } from './batches.ts';
import type { Handlers } from './dispatch.ts';
import { paramsHandlers, type ParamsMachine } from './params.ts';
import type { RunsService } from './runs.ts';

export interface ServiceDeps {
  identity: AppIdentity;
  runs: RunsService;
  /** The machine the estimates are for (default: this one). */
  machine?: ParamsMachine;
}

export function createHandlers(deps: ServiceDeps): Handlers {
  return {
    ...appHandlers(deps.identity),
    ...paramsHandlers(deps.machine),
    ...deps.runs.handlers(),
    ...batchHandlers(deps.runs, deps.machine),
  } satisfies Handlers;
}
