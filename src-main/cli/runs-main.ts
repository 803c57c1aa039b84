/**
 * Dispatcher of `npm run runs -- COMMAND ...`: finds the command in the table, parses its
 * arguments (plus --db and --help), opens the store, and maps errors to exit codes:
 * 0 done, 1 the operation failed (missing run, damaged file, ...), 2 bad arguments.
 */
import { RunStoreError } from '../store/errors.ts';
import { defaultDbPath } from '../store/paths.ts';
import { RunStore } from '../store/run-store.ts';
import { parseCommandArgs, UsageError, type OptionSpec } from './args.ts';
import { RUN_COMMANDS, type CliIo, type Command } from './runs-commands.ts';

const PROGRAM = 'npm run runs --';

const COMMON: Record<string, OptionSpec> = {
  db: { type: 'string', value: 'PATH', help: 'the run database (default: the app\'s, in its user-data folder)' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

function commandUsage(c: Command): string {
  const options = { ...c.options, ...COMMON };
  const lines = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`;
    return `  ${flag.padEnd(20)} ${o.help}`;
  });
  return `Usage: ${PROGRAM} ${c.name} ${c.positionals.map((p) => (p.endsWith('?') ? `[${p.slice(0, -1)}]` : p)).join(' ')}`.trimEnd() +
    ` [options]\n\n${c.summary[0].toUpperCase()}${c.summary.slice(1)}.\n\nOptions:\n${lines.join('\n')}\n`;
}

export function usage(): string {
  const width = Math.max(...RUN_COMMANDS.map((c) => c.name.length));
  return (
    `Usage: ${PROGRAM} COMMAND [arguments] [--db PATH]\n\nManage the runs stored by Microcircuit Studio.\n\nCommands:\n` +
    RUN_COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n') +
    `\n\nDefault database: ${defaultDbPath()}\n${PROGRAM} help COMMAND shows a command's arguments.\n`
  );
}

function find(name: string): Command {
  const c = RUN_COMMANDS.find((x) => x.name === name);
  if (!c) {
    throw new UsageError(`unknown command ${JSON.stringify(name)}; the commands are ${RUN_COMMANDS.map((x) => x.name).join(', ')}`);
  }
  return c;
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let store: RunStore | null = null;
  let commandName = '';
  try {
    const [first, ...rest] = argv;
    if (first === undefined) {
      io.err(usage());
      return 2;
    }
    if (first === 'help' || first === '--help' || first === '-h') {
      io.out(rest[0] === undefined ? usage() : commandUsage(find(rest[0])));
      return 0;
    }
    const command = find(first);
    commandName = command.name;
    const args = parseCommandArgs(command.name, rest, command.positionals, { ...command.options, ...COMMON });
    if (args.values.help) {
      io.out(commandUsage(command));
      return 0;
    }
    const dbPath = typeof args.values.db === 'string' ? args.values.db : defaultDbPath();
    if (dbPath === '') throw new UsageError('--db = "": needs a file path');
    return await command.run({
      args,
      io,
      dbPath,
      openStore(create) {
        if (store === null) {
          try {
            store = RunStore.openSync(dbPath, { create });
          } catch (e) {
            if (!create && e instanceof RunStoreError && e.code === 'database-missing') return null;
            throw e;
          }
        }
        return store;
      },
    });
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`runs: ${e.message}`);
      io.err(`See '${PROGRAM} help${commandName ? ` ${commandName}` : ''}'.`);
      return 2;
    }
    if (e instanceof RunStoreError) {
      io.err(`runs: ${e.message}`);
      return e.code === 'bad-argument' ? 2 : 1;
    }
    io.err(`runs: ${(e as Error).message ?? String(e)}`);
    return 1;
  } finally {
    (store as RunStore | null)?.closeSync();
  }
}
