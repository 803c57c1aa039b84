import type { ErrorCode, StudioErrorInfo } from '../contract.ts';
import { formatIssue, type SchemaIssue } from '../../src-common/schema.ts';

/**
 * An expected failure a handler reports to the caller (a run that does not exist, a name already
 * taken). Anything else a handler throws is answered as `internal`, without its stack.
 */
export class StudioError extends Error {
  readonly code: ErrorCode;
  readonly issue: SchemaIssue | undefined;

  constructor(code: ErrorCode, message: string, issue?: SchemaIssue) {
    super(message);
    this.name = 'StudioError';
    this.code = code;
    this.issue = issue;
  }

  static badRequest(issue: SchemaIssue): StudioError {
    return new StudioError('bad-request', formatIssue(issue), issue);
  }

  toInfo(): StudioErrorInfo {
    const info: StudioErrorInfo = { code: this.code, message: this.message };
    if (this.issue) {
      info.field = this.issue.field;
      info.got = this.issue.got;
      info.allowed = this.issue.allowed;
    }
    return info;
  }
}
