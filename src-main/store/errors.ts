/** Why a store operation was refused. A union, so callers can switch over it exhaustively. */
export type RunStoreErrorCode =
  | 'newer-schema'
  | 'not-a-run-database'
  | 'database-missing'
  | 'run-not-found'
  | 'bad-transition'
  | 'bad-argument'
  | 'bad-chunk'
  | 'spike-count-mismatch'
  | 'corrupt-data'
  | 'bad-run-file'
  | 'duplicate-run'
  | 'batch-not-found'
  | 'ensemble-not-found';

export class RunStoreError extends Error {
  readonly code: RunStoreErrorCode;

  constructor(code: RunStoreErrorCode, message: string) {
    super(message);
    this.name = 'RunStoreError';
    this.code = code;
  }
}

/**
 * Whether an SQLite error says another connection holds the lock this one needed (SQLITE_BUSY,
 * after the busy timeout): nothing was written, and the same write can be tried again later.
 */
export function isDatabaseBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
