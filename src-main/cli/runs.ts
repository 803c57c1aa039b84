/**
 * `npm run runs -- COMMAND ...` (or `node src-main/cli/runs.ts COMMAND ...`): list, show, export,
 * import, compare, delete, rename and tag the runs in the app's database. See runs-commands.ts.
 */
import { runMain } from './framework/index.ts';
import { RUNS_PROGRAM } from './runs-commands.ts';

await runMain(RUNS_PROGRAM);
