/**
 * What makes runs an ensemble: the same parameters, different seeds. Grouping runs by hand checks
 * it (paths that differ are listed; the caller may group them anyway). Pure.
 */
import { diffParams, parsePath } from '../../engine/params/merge.ts';
import type { ParamSet } from '../../engine/params/types.ts';

/** Parameters that do not change what a run computes (the seed differs by design; threads, printing and files do not change spikes). */
export const ENSEMBLE_FREE_PATHS: readonly string[] = ['sim.rng_seed', 'sim.local_num_threads', 'sim.print_time', 'sim.overwrite_files'];

export interface ParamDifference {
  path: string;
  /** The value of each run, in the order given. */
  values: unknown[];
}

/** The parameters in which the runs differ beyond the seed (empty: they can form an ensemble). */
export function ensembleDifferences(params: readonly ParamSet[]): ParamDifference[] {
  if (params.length < 2) return [];
  const paths = new Set<string>();
  for (const p of params.slice(1)) {
    for (const d of diffParams(params[0], p)) if (!ENSEMBLE_FREE_PATHS.includes(d.path)) paths.add(d.path);
  }
  return [...paths].sort().map((path) => ({ path, values: params.map((p) => valueAt(p, path)) }));
}

function valueAt(p: unknown, path: string): unknown {
  let node = p;
  for (const part of parsePath(path)) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

/** `net.g: -4, -4.5` lines, at most `max` of them. */
export function formatDifferences(diffs: readonly ParamDifference[], max = 10): string {
  const lines = diffs.slice(0, max).map((d) => `${d.path}: ${d.values.map((v) => JSON.stringify(v) ?? '(missing)').join(', ')}`);
  if (diffs.length > max) lines.push(`… and ${diffs.length - max} more`);
  return lines.join('\n');
}
