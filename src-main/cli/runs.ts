/**
 * `npm run runs -- COMMAND ...` (or `node src-main/cli/runs.ts COMMAND ...`): list, show, export,
 * import, delete, rename and tag the runs in the app's database. See runs-commands.ts.
 */
import { main } from './runs-main.ts';
import { terminalConfirm } from './runs-commands.ts';

process.exitCode = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`),
  err: (line) => process.stderr.write(line.endsWith('\n') ? line : `${line}\n`),
  confirm: terminalConfirm,
});
