/**
 * `npm run simulate -- [options]` (or `node src-main/cli/simulate.ts`): a run without any UI,
 * stored in the run database unless --no-db. See simulate-command.ts; `--help` lists the options.
 */
import { runMain } from './framework/index.ts';
import { SIMULATE_PROGRAM } from './simulate-command.ts';

await runMain(SIMULATE_PROGRAM);
