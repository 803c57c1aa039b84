/** The run manager's events as the contract pushes them to the page. Pure. */
import type { StudioEvent } from '../contract.ts';
import type { RunEvent } from '../runs/run-events.ts';

export function toStudioEvent(e: RunEvent): StudioEvent {
  switch (e.type) {
    case 'state': {
      const out: StudioEvent = { type: 'run.state', runId: e.runId, state: e.state, record: e.record };
      if (e.reason !== undefined) out.reason = e.reason;
      if (e.failure !== undefined) out.failure = e.failure;
      if (e.issues !== undefined) out.issues = e.issues;
      return out;
    }
    case 'progress':
      return { type: 'run.progress', runId: e.runId, progress: e.progress };
    case 'spikes-preview':
      return { type: 'run.spikes', runId: e.runId, preview: e.preview };
    case 'log':
      return { type: 'run.log', runId: e.runId, level: e.level, line: e.line };
    default: {
      const never: never = e;
      throw new Error(`unknown run event ${JSON.stringify(never)}`);
    }
  }
}
