/**
 * The run on show in the Run view: the one this page started last, or one found running when the
 * page opened. Follows the services' events for it (state, progress, spike previews, log lines);
 * progress and the live raster are updated at most once per animation frame, so a fast stream of
 * events never stalls the page. Every refusal and failure is kept with its reason, for the view.
 */
import type { RunProgress } from '../../engine/api.ts';
import { LiveActivityAccumulator, type LiveActivity } from '../../engine/analysis/live-activity.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import type { RunEvent, StudioErrorInfo } from '../../src-main/contract.ts';
import type { RunFailureKind } from '../../src-main/runs/run-end.ts';
import type { RunRecord } from '../../src-main/store/types.ts';
import { StudioRequestError, errorText, type StudioClient } from './client.ts';
import { FrameCoalescer, type Scheduler } from './frame.ts';
import { LiveRasterBuffer, type LiveSpikes } from './live-raster.ts';
import { isStepping, RateWindow, type SteppingStart } from './progress-view.ts';

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  line: string;
}

export interface RunFailure {
  reason: string;
  kind?: RunFailureKind;
  issues?: { path: string; value: unknown; message: string }[];
}

/** Model time the live raster shows, ms. */
export const LIVE_WINDOW_MS = 200;
/** Model time the live population activity shows, ms. */
export const LIVE_ACTIVITY_MS = 1000;
/** Bin widths the live activity offers, ms (each a whole number of integration steps of the run, else left out). */
export const LIVE_BIN_CHOICES_MS = [0.5, 1, 2, 5, 10, 20] as const;
/** The live activity's bin width at first, ms. */
export const LIVE_DEFAULT_BIN_MS = 2;
const MAX_LOG_LINES = 200;

export class LiveRun {
  /** The stored run (its status is the truth about the run). */
  record = $state.raw<RunRecord | null>(null);
  progress = $state.raw<RunProgress | null>(null);
  steppingStart = $state.raw<SteppingStart | null>(null);
  spikes = $state.raw<LiveSpikes | null>(null);
  /** Population rates over the last RATE_WINDOW_MS of model time (null until known). */
  rates = $state.raw<number[] | null>(null);
  /** Each population's activity over the last LIVE_ACTIVITY_MS of model time, from the spike previews (null until spikes come). */
  activity = $state.raw<LiveActivity | null>(null);
  /** Bin width of the live activity, ms. */
  activityBinMs = $state<number>(LIVE_DEFAULT_BIN_MS);
  /** The coarsest stride of the previews the activity was estimated from (1: every neuron). */
  activityStride = $state(1);
  logs = $state.raw<LogLine[]>([]);
  /** Why the run failed or was cancelled. */
  failure = $state.raw<RunFailure | null>(null);
  /** A start the services refused (nothing was stored): the message and, for parameters, every issue. */
  startError = $state.raw<StudioErrorInfo | null>(null);
  /** A cancel request that failed. */
  actionError = $state<string | null>(null);
  starting = $state(false);
  cancelling = $state(false);

  readonly #client: StudioClient;
  #buffer: LiveRasterBuffer | null = null;
  #activity: LiveActivityAccumulator | null = null;
  #activityDirty = false;
  #pendingProgress: RunProgress | null = null;
  #rateWindow = new RateWindow();
  readonly #frame: FrameCoalescer;
  /** The newest record of the last runs seen in state events (a small, non-reactive cache). */
  #seen: RunRecord[] = [];

  constructor(client: StudioClient, schedule?: Scheduler) {
    this.#client = client;
    this.#frame = new FrameCoalescer(() => this.#flush(), schedule);
  }

  get runId(): number | null {
    return this.record?.id ?? null;
  }

  get active(): boolean {
    const s = this.record?.status;
    return s === 'queued' || s === 'running';
  }

  /** Starts a run; resolves with its record, or null when the services refused it (startError says why). */
  async start(params: ParamSet, name: string, tags?: string[]): Promise<RunRecord | null> {
    this.starting = true;
    this.startError = null;
    this.actionError = null;
    try {
      const record = await this.#client.call('runs.start', { params: params as unknown as Record<string, unknown>, name, ...(tags && tags.length > 0 ? { tags } : {}) });
      this.#follow(record);
      return record;
    } catch (error) {
      this.startError = error instanceof StudioRequestError ? error.info : { code: 'internal', message: errorText(error) };
      return null;
    } finally {
      this.starting = false;
    }
  }

  async cancel(reason = 'cancelled by the user'): Promise<void> {
    const id = this.runId;
    if (id === null || !this.active) return;
    this.cancelling = true;
    this.actionError = null;
    try {
      const reply = await this.#client.call('runs.cancel', { id, reason });
      if (this.runId === id && reply.record.status !== this.record?.status) this.#apply(reply.record);
    } catch (error) {
      this.actionError = errorText(error);
    } finally {
      this.cancelling = false;
    }
  }

  /** Shows a run found active when the page opened (its progress arrives with the next events). */
  adopt(record: RunRecord): void {
    if (this.runId === null || !this.active) this.#follow(record);
  }

  /**
   * Reloads the run on show from the services: after the connection came back its events were
   * missed (it may have ended, or been marked interrupted when the server restarted).
   */
  async resync(): Promise<void> {
    const id = this.runId;
    if (id === null) return;
    try {
      const { record } = await this.#client.call('runs.get', { id });
      if (this.runId !== id) return;
      this.#remember(record);
      this.#apply(record);
      if (rank(record) === 2 && record.status !== 'completed' && !this.failure) this.failure = { reason: record.reason ?? 'no reason was given' };
      this.#frame.request();
    } catch (error) {
      if (this.runId === id) this.actionError = `The run's state could not be read again: ${errorText(error)}`;
    }
  }

  /** Forgets the finished run on show (the view returns to its empty state). */
  dismiss(): void {
    if (this.active) return;
    this.record = null;
    this.progress = null;
    this.spikes = null;
    this.rates = null;
    this.activity = null;
    this.#activity = null;
    this.activityStride = 1;
    this.failure = null;
    this.logs = [];
    this.startError = null;
  }

  handle(event: RunEvent): void {
    if (event.type === 'run.state') this.#remember(event.record);
    if (event.runId !== this.runId) {
      // A run started elsewhere (another window) while nothing is on show: follow it.
      if (event.type === 'run.state' && (event.state === 'queued' || event.state === 'running') && !this.active && !this.starting) {
        this.#follow(event.record);
      } else return;
    }
    switch (event.type) {
      case 'run.state':
        this.#apply(event.record);
        if (event.state === 'failed' || event.state === 'cancelled' || event.state === 'interrupted') {
          this.failure = { reason: event.reason ?? event.record.reason ?? 'no reason was given', kind: event.failure, issues: event.issues };
        }
        if (event.state === 'completed' || event.state === 'failed' || event.state === 'cancelled') this.#frame.request();
        return;
      case 'run.progress':
        if (!this.steppingStart && isStepping(event.progress)) {
          this.steppingStart = { wallS: event.progress.wallS, tModelMs: event.progress.tModelMs };
        }
        {
          // The last report ('done') covers the tail of the run: keep the speed and rates of the
          // last stepping report, which describe the simulation.
          const p = event.progress;
          this.#rateWindow.push(p);
          const prev = this.#pendingProgress ?? this.progress;
          this.#pendingProgress = p.phase === 'done' && prev ? { ...p, realTimeFactor: prev.realTimeFactor, recentRatesHz: prev.recentRatesHz } : p;
        }
        this.#frame.request();
        return;
      case 'run.spikes': {
        const h = this.record?.resolutionMs ?? 0.1;
        this.#buffer ??= new LiveRasterBuffer(LIVE_WINDOW_MS, h);
        this.#buffer.push(event.preview);
        this.#pushActivity(event.preview, h);
        this.#frame.request();
        return;
      }
      case 'run.log': {
        const next = [...this.logs, { level: event.level, line: event.line }];
        this.logs = next.length > MAX_LOG_LINES ? next.slice(next.length - MAX_LOG_LINES) : next;
        return;
      }
      default: {
        const never: never = event;
        throw new Error(`unknown event ${JSON.stringify(never)}`);
      }
    }
  }

  /** Adds a preview's spikes to the live activity (thinned previews weigh each spike by the share of neurons kept). */
  #pushActivity(p: { senders: Uint32Array; steps: Uint32Array; stride: number; toStep: number }, resolutionMs: number): void {
    const pops = this.record?.populations ?? [];
    if (pops.length === 0) return;
    this.#activity ??= new LiveActivityAccumulator(pops, {
      baseBinMs: resolutionMs,
      resolutionMs,
      // The window shown plus one widest bin, so the first bin on show is always whole.
      capacityBins: Math.ceil((LIVE_ACTIVITY_MS + LIVE_BIN_CHOICES_MS[LIVE_BIN_CHOICES_MS.length - 1]) / resolutionMs) + 1,
    });
    this.#activity.push({ senders: p.senders, steps: p.steps, stride: p.stride, toStep: p.toStep });
    this.activityStride = Math.max(p.stride, this.activityStride);
    this.#activityDirty = true;
  }

  /** The bin widths the live view offers for this run (whole numbers of its integration steps). */
  get activityBinChoices(): number[] {
    const h = this.record?.resolutionMs ?? 0.1;
    return LIVE_BIN_CHOICES_MS.filter((b) => Math.abs(b / h - Math.round(b / h)) < 1e-6 && b >= h);
  }

  /** Shows the live activity in bins of `binMs`. */
  setActivityBin(binMs: number): void {
    this.activityBinMs = binMs;
    this.#activityDirty = true;
    this.#flushActivity();
  }

  #flushActivity(): void {
    if (!this.#activity || !this.#activityDirty) return;
    this.#activityDirty = false;
    try {
      this.activity = this.#activity.activity(this.activityBinMs, LIVE_ACTIVITY_MS);
    } catch {
      // A bin width that does not fit the run's resolution: fall back to the default.
      this.activityBinMs = LIVE_DEFAULT_BIN_MS;
      this.activity = this.#activity.activity(LIVE_DEFAULT_BIN_MS, LIVE_ACTIVITY_MS);
    }
  }

  #follow(record: RunRecord): void {
    // Its state events may have come before the reply that named it.
    const seen = this.#seen.find((r) => r.id === record.id);
    const newest = seen && rank(seen) > rank(record) ? seen : record;
    this.record = newest;
    this.progress = null;
    this.steppingStart = null;
    this.spikes = null;
    this.logs = [];
    this.failure = rank(newest) === 2 && newest.status !== 'completed' ? { reason: newest.reason ?? 'no reason was given' } : null;
    this.#buffer = null;
    this.#pendingProgress = null;
    this.#rateWindow = new RateWindow();
    this.rates = null;
    this.#activity = null;
    this.activity = null;
    this.activityStride = 1;
  }

  #apply(record: RunRecord): void {
    // A run never goes back to an earlier status (an event may overtake a reply).
    if (this.record && this.record.id === record.id && rank(record) < rank(this.record)) return;
    this.record = record;
  }

  #remember(record: RunRecord): void {
    this.#seen = [record, ...this.#seen.filter((r) => r.id !== record.id)].slice(0, 32);
  }

  #flush(): void {
    if (this.#pendingProgress) {
      this.progress = this.#pendingProgress;
      this.#pendingProgress = null;
      this.rates = this.#rateWindow.rates();
    }
    if (this.#buffer) this.spikes = this.#buffer.snapshot();
    this.#flushActivity();
  }
}

/** queued < running < ended: the order a run's status moves in. */
function rank(r: RunRecord): number {
  return r.status === 'queued' ? 0 : r.status === 'running' ? 1 : 2;
}
