/**
 * The page's state: what the services told us about the app, the presets, the parameter set being
 * edited (from a preset or from a stored run), the view on show, and the parts each view owns (the
 * live run, the history, the run detail, the comparison). Loaded through the contract, whatever the
 * transport; the services' events are routed to the parts here.
 */
import type { AppInfo, ConnectionState, PresetInfo, RunEstimateInfo, StudioErrorInfo, StudioEvent } from '../../src-main/contract.ts';
import type { ParamSet, PresetName } from '../../engine/params/types.ts';
import { checkParams } from '../../engine/api.ts';
import type { ValidationIssue } from '../../engine/params/validate.ts';
import { draftTexts, entryIssues, NO_DRAFTS, type ParamDrafts } from './params/drafts.ts';
import { BatchesState } from './batches/batches.svelte.ts';
import { SweepDraft } from './batches/sweep-draft.svelte.ts';
import { ensembleSpec, parseSeedCount } from './batches/sweep-spec.ts';
import { SweepView } from './batches/sweep-view.svelte.ts';
import { errorText, type StudioClient } from './client.ts';
import { CompareState } from './compare.svelte.ts';
import type { Scheduler } from './frame.ts';
import { HistoryState } from './history.svelte.ts';
import { LiveRun } from './live-run.svelte.ts';
import { RunDetailState } from './run-detail.svelte.ts';
import { suggestRunName } from './run-name.ts';

export const VIEWS = [
  { id: 'run', label: 'Run' },
  { id: 'history', label: 'History' },
  { id: 'detail', label: 'Run detail' },
  { id: 'compare', label: 'Compare' },
  { id: 'sweeps', label: 'Sweeps' },
] as const;
export type View = (typeof VIEWS)[number]['id'];

/** Where the parameters being edited came from. */
export type ParamsOrigin = { kind: 'preset'; preset: PresetName } | { kind: 'run'; id: number; name: string };

export class AppState {
  info = $state.raw<AppInfo | null>(null);
  presets = $state.raw<PresetInfo[]>([]);
  preset = $state<PresetName>('default');
  params = $state.raw<ParamSet | null>(null);
  /** Text typed into the editor's number fields that is not (yet) a number (the editor binds it). */
  paramDrafts = $state.raw<ParamDrafts>(NO_DRAFTS);
  paramsOrigin = $state.raw<ParamsOrigin>({ kind: 'preset', preset: 'default' });
  loadingParams = $state(false);
  /** A failure of the app as a whole (start-up, loading parameters). */
  error = $state<string | null>(null);
  view = $state<View>('run');
  /** The name typed for the next run ('' = the suggestion). */
  runName = $state('');
  /** The link to the services (over IPC always connected). */
  connection = $state.raw<ConnectionState>({ status: 'connecting' });
  /** Seeds of the next start, as typed: 1 runs one run, N an ensemble of seeds S … S + N − 1. */
  runSeeds = $state('1');
  /** Why the last start of an ensemble of seeds was refused. */
  seedsError = $state.raw<StudioErrorInfo | null>(null);

  readonly live: LiveRun;
  readonly history: HistoryState;
  readonly detail: RunDetailState;
  readonly compare: CompareState;
  readonly batches: BatchesState;
  readonly sweep: SweepView;
  readonly sweepDraft: SweepDraft;

  readonly #client: StudioClient;
  /** Only the newest parameter request may land (the user can switch faster than replies come). */
  #paramsRequest = 0;
  #unsubscribe: (() => void) | null = null;
  #unsubscribeConnection: (() => void) | null = null;
  /** The connection was up once: coming back after that, what was missed is reloaded. */
  #wasConnected = false;
  /** The parameter set of the last start the services refused (their issues are about it). */
  #refusedParams = $state.raw<ParamSet | null>(null);

  constructor(client: StudioClient, options: { schedule?: Scheduler } = {}) {
    this.#client = client;
    this.live = new LiveRun(client, options.schedule);
    this.history = new HistoryState(client);
    this.detail = new RunDetailState(client);
    this.compare = new CompareState(client);
    this.batches = new BatchesState(client);
    this.sweep = new SweepView(client);
    this.sweepDraft = new SweepDraft(client);
  }

  /** The services' issues with the parameters on show (those of a refused start, until an edit). */
  get serverIssues(): ValidationIssue[] {
    return this.params !== null && this.params === this.#refusedParams ? (this.live.startError?.issues ?? []) : [];
  }

  /**
   * Every problem the editor shows, judged as the editor judges them (lib/params/drafts.ts): the
   * engine's validator and planner (engine/api.ts checkParams), text that is not a number, the
   * services' refusal. Any of them blocks Run.
   */
  readonly issues: ValidationIssue[] = $derived(
    this.params ? entryIssues(checkParams(this.params), draftTexts(this.paramDrafts, this.params), this.serverIssues) : [],
  );

  readonly suggestedName: string = $derived(
    this.params ? suggestRunName(this.params, this.paramsOrigin.kind === 'preset' ? this.paramsOrigin.preset : `re-run of ${this.paramsOrigin.name}`) : '',
  );

  async load(): Promise<void> {
    this.#unsubscribe ??= this.#client.onEvent((e) => this.onEvent(e));
    this.#unsubscribeConnection ??= this.#client.onConnection((s) => this.#onConnection(s));
    try {
      const [info, presets] = await Promise.all([this.#client.call('app.info'), this.#client.call('params.presets')]);
      this.info = info;
      this.presets = presets;
    } catch (error) {
      this.error = errorText(error);
      return;
    }
    await Promise.all([this.selectPreset(this.preset), this.history.refresh(), this.#adoptActiveRun(), this.batches.refresh()]);
  }

  /** A run that is queued or running when the page opens (a reload, another window) is shown live. */
  async #adoptActiveRun(): Promise<void> {
    try {
      const [running, queued] = await Promise.all([this.#client.call('runs.list', { status: 'running' }), this.#client.call('runs.list', { status: 'queued' })]);
      const active = running[0] ?? queued.at(-1);
      if (active) this.live.adopt(active);
    } catch {
      // the history shows the same failure
    }
  }

  #onConnection(state: ConnectionState): void {
    const back = state.status === 'connected' && this.#wasConnected && this.connection.status !== 'connected';
    this.connection = state;
    if (state.status !== 'connected') return;
    this.#wasConnected = true;
    if (back) void this.resync();
  }

  /** Tries to connect again now. */
  reconnect(): void {
    this.#client.reconnect();
  }

  /**
   * After the connection came back: the events sent meanwhile were lost, so reload what they
   * would have told (the run on show and any run started elsewhere, the history, an open detail).
   */
  async resync(): Promise<void> {
    await Promise.all([this.live.resync().then(() => this.#adoptActiveRun()), this.history.refresh(), this.detail.resync(), this.batches.refresh(), this.sweep.reload()]);
  }

  onEvent(event: StudioEvent): void {
    // Batch events (batch.state, batch.progress) go to the batches and the sweep on show; their runs' events follow.
    if (event.type === 'batch.state' || event.type === 'batch.progress') {
      this.batches.handle(event);
      this.sweep.changed(event.batchId);
      return;
    }
    this.live.handle(event);
    if (event.type === 'run.state') {
      this.history.refreshSoon();
      this.detail.updateRecord(event.record);
      if (event.state !== 'queued' && event.state !== 'running') this.batches.forgetRun(event.runId);
    }
  }

  async selectPreset(name: PresetName): Promise<void> {
    const request = ++this.#paramsRequest;
    this.preset = name;
    this.loadingParams = true;
    try {
      const params = await this.#client.call('params.defaults', { preset: name });
      if (request === this.#paramsRequest) {
        this.params = params;
        this.paramDrafts = NO_DRAFTS;
        this.paramsOrigin = { kind: 'preset', preset: name };
        this.error = null;
      }
    } catch (error) {
      if (request === this.#paramsRequest) this.error = errorText(error);
    } finally {
      if (request === this.#paramsRequest) this.loadingParams = false;
    }
  }

  /** The services' estimate of a run of these parameters on this machine (the editor shows it). */
  estimate(params: ParamSet): Promise<RunEstimateInfo> {
    return this.#client.call('params.estimate', { params: params as unknown as Record<string, unknown> });
  }

  setParams(params: ParamSet): void {
    this.params = params;
  }

  /**
   * Loads a stored run's parameters into the editor and goes to the Run view; with `voltmeter`,
   * the voltmeter is switched on too (sim.rec_dev gains "voltmeter"), to record what the run did not.
   */
  async rerun(id: number, name: string, options: { voltmeter?: boolean } = {}): Promise<void> {
    const request = ++this.#paramsRequest;
    this.loadingParams = true;
    try {
      const stored = await this.#client.call('runs.params', { id });
      if (request !== this.#paramsRequest) return;
      const params = options.voltmeter && !stored.sim.rec_dev.includes('voltmeter') ? { ...stored, sim: { ...stored.sim, rec_dev: [...stored.sim.rec_dev, 'voltmeter' as const] } } : stored;
      this.params = params;
      this.paramDrafts = NO_DRAFTS;
      this.paramsOrigin = { kind: 'run', id, name };
      this.runName = '';
      this.error = null;
      this.live.dismiss();
      this.view = 'run';
    } catch (error) {
      if (request === this.#paramsRequest) this.history.actionError = errorText(error);
    } finally {
      if (request === this.#paramsRequest) this.loadingParams = false;
    }
  }

  /** Starts a run of the parameters being edited, named as typed (or as suggested); with N seeds, an ensemble of N runs. */
  async startRun(): Promise<boolean> {
    const params = this.params;
    if (!params || this.issues.length > 0) return false;
    const name = this.runName.trim() || this.suggestedName;
    const seeds = parseSeedCount(this.runSeeds);
    if (!seeds.ok) return false;
    if (seeds.count > 1) return this.#startSeeds(params, name, seeds.count);
    // A single run: the Run view follows it, no longer the batch started before.
    this.batches.lastStarted = null;
    const record = await this.live.start(params, name);
    if (record) this.runName = '';
    this.#refusedParams = record ? null : params;
    return record !== null;
  }

  /** "Run with N seeds": an ensemble of the editor's parameters (a batch of seeds), followed in the Run view. */
  async #startSeeds(params: ParamSet, name: string, count: number): Promise<boolean> {
    this.seedsError = null;
    const r = await this.batches.start(ensembleSpec({ params, preset: this.preset }, count, name));
    if (r.ok) {
      this.runName = '';
      this.live.dismiss();
    } else this.seedsError = r.error;
    return r.ok;
  }

  /** Shows a batch in the Sweeps view (and one of its points opened). */
  openSweep(id: number, point?: number): void {
    this.view = 'sweeps';
    void this.sweep.open(id).then(() => {
      if (point !== undefined && this.sweep.batchId === id) this.sweep.point = point;
    });
  }

  /** The History, showing only these runs (a point's runs, from the Sweeps view). */
  showRunsInHistory(label: string, ids: readonly number[]): void {
    this.history.showOnly(label, ids);
    this.view = 'history';
  }

  openRun(id: number): void {
    this.view = 'detail';
    void this.detail.open(id);
  }

  async compareRuns(): Promise<void> {
    this.view = 'compare';
    await this.compare.compare();
  }

  dispose(): void {
    this.batches.dispose();
    this.sweep.dispose();
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#unsubscribeConnection?.();
    this.#unsubscribeConnection = null;
  }
}
