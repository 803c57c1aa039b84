/**
 * Where a command's text goes. Commands write lines (`out`, `err`) and a transient status line
 * (`status`, progress on a terminal); the process implementation escapes control characters, so
 * nothing from a file or an argument reaches the terminal raw, and ends quietly when the reader
 * of its output has gone (`... | head -1`).
 */
import readline from 'node:readline/promises';
import { escapeControls } from '../../common/text.ts';

export interface CliIo {
  /** One or more lines of the command's result (a newline is added). */
  out(text: string): void;
  /** One or more lines of diagnostics. */
  err(text: string): void;
  /** Replaces the status line of a terminal (progress); '' clears it. Only called when `isTerminal`. */
  status(text: string): void;
  /** Whether diagnostics go to a terminal (progress redraws one line there, prints lines elsewhere). */
  readonly isTerminal: boolean;
  /** Asks a yes/no question; null when there is no terminal to ask on. */
  confirm(question: string): Promise<boolean> | null;
}

// Escaping lives with the other pure text helpers; the CLI framework re-exports it.
export { escapeControls } from '../../common/text.ts';

function line(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** A reader that went away (EPIPE) or a stream already destroyed after it. */
function isClosedOutput(e: NodeJS.ErrnoException): boolean {
  return e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED';
}

/**
 * The process's stdout and stderr. `onOutputClosed` runs once when stdout's reader has gone: the
 * rest of the output is dropped and the command ends without a stack trace.
 */
export function processIo(onOutputClosed: () => void = () => {}): CliIo {
  let outClosed = false;
  let errClosed = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (!isClosedOutput(e)) throw e;
    if (!outClosed) {
      outClosed = true;
      onOutputClosed();
    }
  });
  process.stderr.on('error', (e: NodeJS.ErrnoException) => {
    if (!isClosedOutput(e)) throw e;
    errClosed = true;
  });
  const isTerminal = Boolean(process.stderr.isTTY);
  return {
    out(text) {
      if (!outClosed && !process.stdout.destroyed) process.stdout.write(line(escapeControls(text)));
    },
    err(text) {
      if (!errClosed && !process.stderr.destroyed) process.stderr.write(line(escapeControls(text)));
    },
    status(text) {
      if (isTerminal && !errClosed) process.stderr.write(`\r\x1b[K${escapeControls(text)}`);
    },
    isTerminal,
    confirm(question) {
      if (!process.stdin.isTTY) return null;
      const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
      return new Promise<boolean>((resolve) => {
        // Ctrl-C at the prompt (raw mode: no signal) answers no.
        rl.once('SIGINT', () => {
          rl.close();
          resolve(false);
        });
        rl.question(escapeControls(question)).then(
          (a) => {
            rl.close();
            resolve(/^y(es)?$/i.test(a.trim()));
          },
          () => resolve(false),
        );
      });
    },
  };
}

/** An io that keeps the lines (tests, and callers that run a command in-process). */
export interface BufferedIo extends CliIo {
  readonly stdout: string[];
  readonly stderr: string[];
}

export function bufferedIo(answer: boolean | null = null): BufferedIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => stdout.push(...t.replace(/\n$/, '').split('\n')),
    err: (t) => stderr.push(...t.replace(/\n$/, '').split('\n')),
    status: () => {},
    isTerminal: false,
    confirm: () => (answer === null ? null : Promise.resolve(answer)),
  };
}
