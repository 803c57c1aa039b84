/**
 * A tiny stand-alone runner of the interop commands, for spawning them as a user would until they
 * are wired into `npm run runs`: node test/main/interop/interop-cli.ts --db PATH COMMAND [ARGS...]
 */
import { INTEROP_COMMANDS } from '../../../src-main/interop/cli-commands.ts';
import { RunStore } from '../../../src-main/store/run-store.ts';

const [flag, db, name, ...rest] = process.argv.slice(2);
const spec = INTEROP_COMMANDS.find((c) => c.name === name);
if (flag !== '--db' || !db || !spec) {
  process.stderr.write(`usage: interop-cli.ts --db PATH ${INTEROP_COMMANDS.map((c) => c.name).join('|')} [ARGS...]\n`);
  process.exitCode = 2;
} else {
  const store = RunStore.openSync(db, { create: spec.store === 'create' });
  try {
    process.exitCode = spec.run(rest, {
      store,
      out: (l) => process.stdout.write(l.endsWith('\n') ? l : `${l}\n`),
      err: (l) => process.stderr.write(l.endsWith('\n') ? l : `${l}\n`),
    });
  } finally {
    store.closeSync();
  }
}
