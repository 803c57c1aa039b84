/**
 * Where the editor's run estimate comes from. By default it is computed in the page with the
 * engine's pure estimateRun (cores = navigator.hardwareConcurrency); the page cannot know the
 * machine's available memory. The app gives the editor the services' `params.estimate` (which
 * also reports the available memory) by calling, in a component above the editor (App.svelte):
 *
 *     setParamEstimator(serviceEstimator((params) => app.estimate(params)));
 */
import { getContext, hasContext, setContext } from 'svelte';
import { estimateRun, MEMORY_REFUSE_FRACTION, type RunEstimate } from '../../../engine/params/estimate.ts';
import type { ParamSet } from '../../../engine/params/types.ts';
import type { RunEstimateInfo } from '../../../src-main/contract.ts';

export interface EstimateResult {
  estimate: RunEstimate;
  /** Memory available to a new run, bytes; null when unknown (estimated in the page). */
  availableBytes: number | null;
  source: 'page' | 'service';
}

export type ParamEstimator = (params: ParamSet) => Promise<EstimateResult>;

export function pageEstimator(cores = globalThis.navigator?.hardwareConcurrency || 2): ParamEstimator {
  return (params) => Promise.resolve({ estimate: estimateRun(params, cores), availableBytes: null, source: 'page' });
}

/**
 * An estimator over a `params.estimate` request. When the request fails (a transport error, the
 * services refusing parameters the page thought valid) the page's estimate is shown instead.
 */
export function serviceEstimator(request: (params: ParamSet) => Promise<RunEstimateInfo>, fallback = pageEstimator()): ParamEstimator {
  return async (params) => {
    try {
      const reply = await request(params);
      return { estimate: reply, availableBytes: reply.availableBytes, source: 'service' };
    } catch {
      return fallback(params);
    }
  };
}

export const ESTIMATOR_CONTEXT = Symbol('param-estimator');

/** Called by an ancestor of the editor (App.svelte) during its initialisation. */
export function setParamEstimator(estimator: ParamEstimator): void {
  setContext(ESTIMATOR_CONTEXT, estimator);
}

export function getParamEstimator(): ParamEstimator {
  return hasContext(ESTIMATOR_CONTEXT) ? getContext<ParamEstimator>(ESTIMATOR_CONTEXT) : pageEstimator();
}

/** Share of the available memory above which the editor warns. */
export const MEMORY_WARN_FRACTION = 0.8;
/** Share of the available memory above which the engine refuses a run (the engine's own constant). */
export { MEMORY_REFUSE_FRACTION };

export type MemoryLevel = 'unknown' | 'ok' | 'warn' | 'refuse';

export function memoryLevel(peakBytes: number, availableBytes: number | null): MemoryLevel {
  if (availableBytes === null || !(availableBytes > 0)) return 'unknown';
  const f = peakBytes / availableBytes;
  return f > MEMORY_REFUSE_FRACTION ? 'refuse' : f > MEMORY_WARN_FRACTION ? 'warn' : 'ok';
}
