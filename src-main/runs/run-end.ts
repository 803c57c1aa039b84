/**
 * How a run can end, and why it failed. Types only. (What the run manager tells its listeners
 * as a run goes is the contract's RunEvent: src-main/contract.ts.)
 */
import type { RunOutcome } from '../../engine/api.ts';
import type { HostFailureKind } from '../../engine/host/protocol.ts';
import type { ValidationIssue } from '../../engine/params/validate.ts';

/** Why a run failed: what the host reported, or what the manager saw. */
export type RunFailureKind =
  | HostFailureKind
  /** The host process could not be started, or did not say 'ready' in time. */
  | 'launch-failed'
  /** The host process ended without ending the run (killed, crashed natively, out of memory). */
  | 'host-exited'
  /** The store refused the run's data or its completion. */
  | 'store-error';

/** How a run ended. */
export type RunEnd =
  | { status: 'completed'; outcome: RunOutcome }
  | { status: 'failed'; kind: RunFailureKind; reason: string; issues?: ValidationIssue[] }
  | { status: 'cancelled'; reason: string };
