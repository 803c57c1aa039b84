import type { ErrorCode, StudioErrorInfo } from '../contract.ts';
import { formatIssue, showValue, type SchemaIssue } from '../common/schema.ts';
import { ParamValidationError, type ValidationIssue } from '../../engine/params/validate.ts';
import { CompareError } from '../interop/run-comparison.ts';
import { isDatabaseBusy, RunStoreError, type RunStoreErrorCode } from '../store/errors.ts';
import { BatchPlanError } from '../batches/batch-runner.ts';
import { formatProblem } from '../batches/plan.ts';
import { SpecError } from '../batches/spec.ts';

/**
 * An expected failure a handler reports to the caller (a run that does not exist, a name already
 * taken). Anything else a handler throws is answered as `internal`, without its stack.
 */
export class StudioError extends Error {
  readonly code: ErrorCode;
  readonly issue: SchemaIssue | undefined;
  readonly issues: ValidationIssue[] | undefined;

  constructor(code: ErrorCode, message: string, issue?: SchemaIssue, issues?: ValidationIssue[]) {
    super(message);
    this.name = 'StudioError';
    this.code = code;
    this.issue = issue;
    this.issues = issues;
  }

  static badRequest(issue: SchemaIssue): StudioError {
    return new StudioError('bad-request', formatIssue(issue), issue);
  }

  /** A parameter set the engine's validator refused: bad-request carrying every problem. */
  static invalidParams(issues: ValidationIssue[], message: string): StudioError {
    const first = issues[0];
    const issue = first ? { field: `params.${first.path}`, got: showValue(first.value), allowed: first.message } : undefined;
    return new StudioError('bad-request', message, issue, issues);
  }

  toInfo(): StudioErrorInfo {
    const info: StudioErrorInfo = { code: this.code, message: this.message };
    if (this.issue) {
      info.field = this.issue.field;
      info.got = this.issue.got;
      info.allowed = this.issue.allowed;
    }
    if (this.issues) info.issues = this.issues.map((i) => ({ path: i.path, value: i.value, message: i.message }));
    return info;
  }
}

/** How each store refusal reaches the caller. Exhaustive: a new store code must be placed here. */
const STORE_CODES: Record<RunStoreErrorCode, ErrorCode> = {
  'run-not-found': 'not-found',
  'bad-argument': 'bad-request',
  'bad-chunk': 'bad-request',
  'bad-run-file': 'bad-request',
  'bad-transition': 'conflict',
  'duplicate-run': 'conflict',
  'newer-schema': 'internal',
  'not-a-run-database': 'internal',
  'database-missing': 'internal',
  'spike-count-mismatch': 'internal',
  'corrupt-data': 'internal',
  'batch-not-found': 'not-found',
  'ensemble-not-found': 'not-found',
};

/**
 * The typed error for what a handler threw, when it is an expected failure (a StudioError, the
 * engine's parameter validation, a store refusal); null for anything else (a bug: logged, hidden).
 */
export function expectedError(error: unknown): StudioError | null {
  if (error instanceof StudioError) return error;
  if (error instanceof ParamValidationError) return StudioError.invalidParams(error.issues, error.message);
  if (error instanceof RunStoreError) return new StudioError(STORE_CODES[error.code], error.message);
  // Another program held the database's write lock past the busy timeout: nothing was changed.
  if (isDatabaseBusy(error)) {
    return new StudioError('conflict', 'the run database is locked by another program (an import, a delete, a backup?); nothing was changed: try again in a moment');
  }
  // A comparison that cannot be made: a run not completed, without spikes, other populations.
  if (error instanceof CompareError) return new StudioError('conflict', error.message);
  // A batch spec that cannot be planned, and a batch whose points have invalid parameters.
  if (error instanceof SpecError) return new StudioError('bad-request', `spec.${error.field}: ${error.reason}`.replace('spec.: ', 'spec: '), { field: error.field === '' ? 'spec' : `spec.${error.field}`, got: '', allowed: error.reason });
  if (error instanceof BatchPlanError) {
    const issues = error.problems.map((p) => ({ path: p.issue.path, value: p.issue.value, message: formatProblem(error.plan, p) }));
    return StudioError.invalidParams(issues, error.message);
  }
  return null;
}
