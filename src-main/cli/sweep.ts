/**
 * `npm run sweep -- [options]` (or `node src-main/cli/sweep.ts`): a parameter sweep (or an
 * ensemble of seeds), every run stored and linked to its batch. See sweep-command.ts.
 */
import { runMain } from './framework/index.ts';
import { SWEEP_PROGRAM } from './sweep-command.ts';

await runMain(SWEEP_PROGRAM);
