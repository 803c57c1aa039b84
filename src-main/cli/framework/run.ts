/**
 * Runs a program: finds the command (through groups), shows help, parses the arguments, runs the
 * command and turns every error into a message and an exit status (see errors.ts). `runMain` is
 * what an npm script's entry file calls.
 */
import { EXIT, isSystemError, quote, systemReason, UsageError } from './errors.ts';
import { processIo, type CliIo } from './io.ts';
import { didYouMean, parseArgs, wantsHelp } from './parse.ts';
import type { Entry, Group, Program } from './spec.ts';
import { commandHelp, groupHelp, synopsis } from './usage.ts';

function find(g: Group, name: string): Entry {
  const found = g.commands.find((c) => c.name === name);
  if (found) return found;
  const names = g.commands.map((c) => c.name);
  throw new UsageError(`unknown command ${quote(name)}${didYouMean(name, names)}; the commands are ${names.join(', ')}`);
}

/** The message of an error that is not a usage error (exit status 1). */
function failureText(e: unknown): string {
  if (isSystemError(e)) return `${systemReason(e)}${e.path ? ` (${e.syscall} ${quote(e.path)})` : ''}`;
  return e instanceof Error ? e.message : String(e);
}

/**
 * Runs `program` with the words `argv`; returns the exit status. Never throws. `signal` may be a
 * function: it is then called when the command first reads `ctx.signal` (see runMain).
 */
export async function runCli(
  program: Program,
  argv: readonly string[],
  io: CliIo,
  signal: AbortSignal | (() => AbortSignal) = new AbortController().signal,
): Promise<number> {
  let entry: Entry = program.root;
  let invocation = program.invocation;
  let prefix = program.name;
  let rest = [...argv];
  try {
    while (entry.kind === 'group') {
      const [first, ...more] = rest;
      if (first === undefined) {
        io.err(groupHelp(invocation, entry));
        return EXIT.usage;
      }
      if (first === '--help' || first === '-h') {
        io.out(groupHelp(invocation, entry));
        return EXIT.ok;
      }
      if (first === 'help') {
        let target: Entry = entry;
        let at = invocation;
        for (const word of more) {
          if (target.kind !== 'group') throw new UsageError(`help: ${quote(word)} follows a command, not a group`);
          target = find(target, word);
          at += ` ${target.name}`;
        }
        io.out(target.kind === 'group' ? groupHelp(at, target) : commandHelp(at, target));
        return EXIT.ok;
      }
      entry = find(entry, first);
      invocation += ` ${entry.name}`;
      prefix += ` ${entry.name}`;
      rest = more;
    }
    if (wantsHelp(rest)) {
      io.out(commandHelp(invocation, entry));
      return EXIT.ok;
    }
    const args = parseArgs(entry, rest);
    const code = await entry.run(args, {
      io,
      invocation,
      get signal() {
        return typeof signal === 'function' ? signal() : signal;
      },
    });
    return code ?? EXIT.ok;
  } catch (e) {
    let error = e;
    if (!(error instanceof UsageError)) {
      const explained = program.explain?.(error);
      if (typeof explained === 'string') {
        io.err(`${prefix}: ${explained}`);
        return EXIT.failed;
      }
      if (explained instanceof UsageError) error = explained;
    }
    if (error instanceof UsageError) {
      io.err(`${prefix}: ${error.message}`);
      if (error.showUsage) {
        if (entry.kind === 'command') io.err(synopsis(invocation, entry));
        io.err(`See '${invocation} --help'.`);
      }
      return EXIT.usage;
    }
    io.err(`${prefix}: ${failureText(error)}`);
    return EXIT.failed;
  }
}

/**
 * The entry of an npm script: runs `program` on the process's arguments and sets the exit status.
 * A command that reads `ctx.signal` takes over Ctrl-C and SIGTERM: they abort the signal once (the
 * command stops and cleans up; a second Ctrl-C ends the process at once). A command that never
 * reads it is ended by them as any process is. A closed stdout aborts the signal too and drops the
 * rest of the output. `exit`: end the process when the command returns, even with handles left
 * open (a server's sockets).
 */
export async function runMain(program: Program, o: { exit?: boolean } = {}): Promise<void> {
  const ac = new AbortController();
  const io = processIo(() => ac.abort('the output was closed'));
  let armed = false;
  const signal = (): AbortSignal => {
    if (!armed) {
      armed = true;
      process.once('SIGINT', () => ac.abort('interrupted (Ctrl-C)'));
      process.once('SIGTERM', () => ac.abort('terminated (SIGTERM)'));
    }
    return ac.signal;
  };
  const code = await runCli(program, process.argv.slice(2), io, signal);
  process.exitCode = code;
  if (o.exit) process.exit(code);
}
