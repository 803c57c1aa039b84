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
