/** What the run manager tells its listeners, and how a run can end. Types only. */
import type { RunOutcome, RunProgress } from '../../engine/api.ts';
import type { HostFailureKind, LogLevel } from '../../engine/host/protocol.ts';
import type { ValidationIssue } from '../../engine/params/validate.ts';
import type { RunRecord, RunStatus } from '../store/types.ts';
import type { SpikePreview } from './preview.ts';

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

export type RunEvent =
  /** The run's status changed; `record` is the stored run after the change. */
  | { type: 'state'; runId: number; state: RunStatus; record: RunRecord; reason?: string; failure?: RunFailureKind; issues?: ValidationIssue[] }
  | { type: 'progress'; runId: number; progress: RunProgress }
  /** A thinned window of the newest spikes, for the live raster (at most ~20k spikes per wall-clock second). */
  | { type: 'spikes-preview'; runId: number; preview: SpikePreview }
  /** A line from the engine (phase starts, warnings) or about the run (statistics not computed, host output). */
  | { type: 'log'; runId: number; level: LogLevel; line: string };

export type RunEventType = RunEvent['type'];
