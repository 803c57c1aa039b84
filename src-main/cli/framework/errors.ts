/**
 * The one error type of the command line, and the exit statuses every command shares:
 * 0 done, 1 the operation failed, 2 bad arguments, 130 cancelled (Ctrl-C, SIGTERM).
 */

export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;

/**
 * Bad arguments (exit status 2). Thrown by value parsers with the bare reason ("must be one of
 * a, b"), which the parser prefixes with the option or argument and the value it got; thrown by
 * commands with a whole sentence. `usage: false` leaves out the command's usage line (a list of
 * parameter problems needs no synopsis under it).
 */
export class UsageError extends Error {
  readonly showUsage: boolean;

  constructor(message: string, options: { usage?: boolean } = {}) {
    super(message);
    this.name = 'UsageError';
    this.showUsage = options.usage ?? true;
  }
}

/** `"value"`: how every message quotes what the user typed (control characters escaped by JSON). */
export function quote(raw: string): string {
  return JSON.stringify(raw);
}

const SYSTEM_REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
};

/** An error from the operating system (Node's SystemError: a code and a syscall). */
export function isSystemError(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}

/** What a system error means, in words: "no such file or folder (ENOENT)". */
export function systemReason(e: NodeJS.ErrnoException & { code: string }): string {
  const words = SYSTEM_REASONS[e.code];
  return words ? `${words} (${e.code})` : e.code;
}

/**
 * Runs `body`, which reads or writes `file`; a system error becomes "cannot write "FILE": no such
 * file or folder (ENOENT)", naming the user's file, never the temporary file the body wrote through.
 */
export function onFile<T>(verb: 'read' | 'write' | 'create', file: string, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (isSystemError(e)) throw new Error(`cannot ${verb} ${quote(file)}: ${systemReason(e)}`, { cause: e });
    throw e;
  }
}
