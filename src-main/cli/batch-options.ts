/**
 * The options of the commands that run a batch (`sweep`, `simulate --seeds`): light, so that a
 * plain `simulate --no-db` loads no SQLite (the batch machinery loads when a batch runs).
 */
import type { BatchCliOptions } from './batch-execution.ts';
import { flag, integer, optionWithDefault } from './framework/index.ts';
import { storeFromOptions } from './store-options.ts';

/** The options that run a batch (shared with `simulate --seeds`). */
export const BATCH_RUN_OPTIONS = {
  jobs: optionWithDefault(integer({ min: 1, max: 64 }), 1, 'runs at once (each with sim.local_num_threads threads)'),
  yes: flag('start without asking, however long the batch', { short: 'y' }),
  'dry-run': flag('show the plan and its estimate, run nothing'),
};

export function batchCliOptions(o: { jobs: number; yes: boolean; 'dry-run': boolean; quiet: boolean; db: string | undefined; 'data-dir': string | undefined }): BatchCliOptions {
  return { dbFile: storeFromOptions(o).dbFile, jobs: o.jobs, yes: o.yes, dryRun: o['dry-run'], quiet: o.quiet };
}

/** Which of `keys` were given (a repeatable option: at least once). */
export function givenOptions(o: Record<string, unknown>, keys: readonly string[]): string[] {
  return keys.filter((k) => o[k] !== undefined && o[k] !== false && !(Array.isArray(o[k]) && o[k].length === 0));
}
