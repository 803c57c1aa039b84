/**
 * THE contract between the renderer and the main-process services: every request (its payload
 * schema and its reply type) and the events the services push (RunEvent). Both transports serve
 * exactly this (Electron IPC through the preload, and the localhost HTTP + WebSocket server), so
 * the renderer cannot tell them apart.
 *
 * To add a request:
 *   1. add an entry to `contract` below: `'runs.rename': method({ doc, payload: s.object({...}),
 *      reply: returns<RunRecord>() })`;
 *   2. add its handler to a service's handler map (src-main/services/*.ts, composed in
 *      src-main/services/handlers.ts); the compiler refuses a contract entry without a handler.
 * The payload is validated against the schema before the handler runs (a bad one is answered
 * with a `bad-request` error naming the field, the value and what is allowed); the reply type
 * flows to the renderer's `client.call(...)` through `import type`.
 *
 * Binary data (typed arrays, e.g. spike senders/steps) may appear in payloads, replies and events:
 * IPC carries them by structured clone, the localhost transport as binary frames (src-main/common/wire.ts).
 *
 * The renderer and the preload import this file with `import type` only.
 */
import { MAX_COMPARED_GROUPS, MAX_COMPARED_RUNS, MAX_GROUPED_COMPARED_RUNS, MAX_NAME_LENGTH, MAX_TAG_LENGTH } from './common/limits.ts';
import * as s from './common/schema.ts';
import { PRESET_NAMES } from '../engine/params/presets.ts';
import type { ParamSet, PresetName } from '../engine/params/types.ts';
import type { RunProgress, RunSummary } from '../engine/api.ts';
import type { RunEstimate } from '../engine/params/estimate.ts';
import type { ValidationIssue } from '../engine/params/validate.ts';
import type { PopulationValues } from '../engine/analysis/statistics.ts';
import type { LogLevel } from '../engine/host/protocol.ts';
import { RUN_ORIGINS, RUN_STATUSES, type NeuronCounts, type RunRecord, type RunStatus, type SpikeWindow } from './store/types.ts';
import type { RunFailureKind } from './runs/run-end.ts';
import type { SpikePreview } from './runs/preview.ts';
import type { RunStats } from './runs/run-stats.ts';
import type { StoredComparison } from './interop/run-comparison.ts';

// ---------------------------------------------------------------------------------------------
// Building blocks

/** A reply type carried at the type level only. */
export interface Returns<R> {
  readonly __reply?: R;
}

/** Declares the reply type of a request: `reply: returns<ParamSet>()`. */
export function returns<R>(): Returns<R> {
  return {};
}

export interface MethodSpec<P, R> {
  /** One line for people: what the request does. */
  readonly doc: string;
  readonly payload: s.Schema<P>;
  readonly reply: Returns<R>;
}

function method<P, R>(spec: MethodSpec<P, R>): MethodSpec<P, R> {
  return spec;
}

// ---------------------------------------------------------------------------------------------
// Shared types

/** How the renderer reaches the services. */
export type TransportKind = 'ipc' | 'web';

export interface AppInfo {
  name: string;
  /** The app's version (package.json). */
  version: string;
  engineName: string;
  engineVersion: string;
  transport: TransportKind;
  /** Node's process.platform of the services' process. */
  platform: string;
}

export interface PresetInfo {
  name: PresetName;
  description: string;
}

/** The estimate of a run before it starts (engine/params/estimate.ts), for this machine. */
export interface RunEstimateInfo extends RunEstimate {
  /** CPU cores of the machine the services run on (bounds the parallel build). */
  cores: number;
  /** Memory available to a new run now, bytes (the engine refuses a run above 90 % of it). */
  availableBytes: number;
}

/** The parameters a history row shows (NEST key names). */
export interface KeyParams {
  N_scaling: number;
  K_scaling: number;
  rng_seed: number;
  local_num_threads: number;
  t_presim: number;
  t_sim: number;
  sim_resolution: number;
}

/** A run as the history lists it: the stored record, its key parameters and mean rates. */
export interface RunListItem extends RunRecord {
  keyParams: KeyParams;
  /**
   * Mean rate per population (in `populations` order) over the analysis window (t_presim,
   * t_presim + t_sim], spikes/s: the engine's summary, else the cached statistics; null before
   * completion or when nothing was recorded.
   */
  ratesHz: number[] | null;
}

/** Everything the run detail shows about one run, apart from its spikes. */
export interface RunDetail {
  record: RunRecord;
  params: ParamSet;
  /** The analysis window (t_presim, t_presim + t_sim], ms. */
  window: { t0Ms: number; t1Ms: number };
  /** The engine's summary (completed runs), else null. */
  summary: RunSummary | null;
  /** The cached per-population statistics (completed runs that recorded spikes), else null. */
  stats: RunStats | null;
  /** Spikes stored per population (index = population), whole run. */
  spikeTotals: number[];
}

/** A completed run's values of every statistic (engine/analysis/statistics.ts) over its analysis window. */
export interface RunDistributions {
  id: number;
  window: { t0Ms: number; t1Ms: number };
  /** In population order. */
  populations: PopulationValues[];
}

/** What runs.cancel did: cancelled at once, being stopped (the state event follows), or the run was not active. */
export interface CancelReply {
  result: 'cancelled' | 'cancelling' | 'not-active';
  record: RunRecord;
}

/** A run's one-file export, for the page to offer as a download. */
export interface RunFileBytes {
  /** Suggested file name, e.g. `baseline-seed-55.mcrun`. */
  fileName: string;
  bytes: Uint8Array;
}

/** The formats a run exports to for use outside the app (runs.exportAs). */
export const EXPORT_FORMATS = ['spikes-csv', 'rates-csv', 'nest', 'pynest'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A file by name and content: an export's output, or one file of an uploaded NEST folder. */
export interface NamedFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * Runs or groups of runs compared with the first (interop/run-comparison.ts compareStoredGroups):
 * single-run pairs (`pairs`: KS distances, how they stand against NEST's seed-to-seed yardstick
 * as context, the honest single-run wording), ensemble comparisons (`ensembles`: the verdict of
 * the seed-permutation test, headline, per population × statistic rows), group summaries, caveats
 * and parameter differences; plus what the comparison plots draw: each run's parameters and, for
 * the runs of single-run pairs, its values of every statistic (empty for runs compared only as
 * ensemble members: their groups' summaries carry the pooled distributions), in `runs` order.
 */
export interface StoredRunsComparison extends StoredComparison {
  details: { id: number; params: ParamSet; distributions: PopulationValues[] }[];
}

// ---------------------------------------------------------------------------------------------
// Requests

const runId = s.number({ integer: true, min: 1, max: Number.MAX_SAFE_INTEGER });
const runName = s.string({ minLength: 1, maxLength: MAX_NAME_LENGTH });
const tag = s.string({ minLength: 1, maxLength: MAX_TAG_LENGTH, pattern: /^\S+$/ });
/** A plain file name, as one uploaded file of a NEST folder must have: no folders, not `.` or `..`, no control characters. */
// eslint-disable-next-line no-control-regex
export const PLAIN_FILE_NAME = /^(?!\.\.?$)[^/\\\u0000-\u001f\u007f]+$/;
/** The most files one NEST import takes (NEST writes one file per recorder and virtual process). */
export const MAX_NEST_FILES = 500;

export const contract = {
  'app.info': method({
    doc: 'Name and version of the app and the engine, and the transport in use.',
    payload: s.empty(),
    reply: returns<AppInfo>(),
  }),
  'params.presets': method({
    doc: 'The parameter presets: names and one-line descriptions.',
    payload: s.empty(),
    reply: returns<PresetInfo[]>(),
  }),
  'params.defaults': method({
    doc: 'The full parameter set of a preset.',
    payload: s.object({ preset: s.oneOf(PRESET_NAMES) }),
    reply: returns<ParamSet>(),
  }),
  'params.validate': method({
    doc: "Every problem of a parameter set, by the engine's validator (empty when valid).",
    payload: s.object({ params: s.plainObject() }),
    reply: returns<ValidationIssue[]>(),
  }),
  'params.estimate': method({
    doc: 'Memory and time a run of these parameters needs on this machine, and the memory available.',
    payload: s.object({ params: s.plainObject() }),
    reply: returns<RunEstimateInfo>(),
  }),
  'runs.start': method({
    doc: 'Validates the parameters, stores a new run (queued) and starts it when the engine is free.',
    payload: s.object({ params: s.plainObject(), name: runName, tags: s.optional(s.array(tag, { maxItems: 50 })) }),
    reply: returns<RunRecord>(),
  }),
  'runs.cancel': method({
    doc: 'Cancels a queued or running run (its engine process is killed if it does not stop in time).',
    payload: s.object({ id: runId, reason: s.optional(s.string({ minLength: 1, maxLength: 500 })) }),
    reply: returns<CancelReply>(),
  }),
  'runs.list': method({
    doc: 'The stored runs, newest first, with their key parameters and mean rates; filters combine.',
    payload: s.object({
      status: s.optional(s.oneOf(RUN_STATUSES)),
      tag: s.optional(s.string({ minLength: 1, maxLength: MAX_TAG_LENGTH })),
      nameContains: s.optional(s.string({ maxLength: MAX_NAME_LENGTH })),
      origin: s.optional(s.oneOf(RUN_ORIGINS)),
    }),
    reply: returns<RunListItem[]>(),
  }),
  'runs.get': method({
    doc: "One run: its record, parameters, analysis window, the engine's summary and the statistics.",
    payload: s.object({ id: runId }),
    reply: returns<RunDetail>(),
  }),
  'runs.params': method({
    doc: 'The parameter set a run was started with (to run it again).',
    payload: s.object({ id: runId }),
    reply: returns<ParamSet>(),
  }),
  'runs.rename': method({
    doc: 'Renames a run.',
    payload: s.object({ id: runId, name: runName }),
    reply: returns<RunRecord>(),
  }),
  'runs.tag': method({
    doc: 'Adds a tag to a run (no change when it has it).',
    payload: s.object({ id: runId, tag }),
    reply: returns<RunRecord>(),
  }),
  'runs.untag': method({
    doc: 'Removes a tag from a run (no change when it lacks it).',
    payload: s.object({ id: runId, tag }),
    reply: returns<RunRecord>(),
  }),
  'runs.delete': method({
    doc: 'Deletes a run and all its data (refused while it is queued or running).',
    payload: s.object({ id: runId }),
    reply: returns<{ id: number }>(),
  }),
  'runs.spikes': method({
    doc: 'Spikes in [t0Ms, t1Ms] of every stride-th neuron of the chosen populations (typed arrays).',
    payload: s.object({
      id: runId,
      t0Ms: s.number({ min: 0 }),
      t1Ms: s.number({ min: 0 }),
      stride: s.optional(s.number({ integer: true, min: 1, max: 2 ** 31 })),
      populations: s.optional(s.array(s.string({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 64 })),
    }),
    reply: returns<SpikeWindow>(),
  }),
  'runs.counts': method({
    doc: 'Spike count of every neuron in (t0Ms, t1Ms], per population (typed arrays).',
    payload: s.object({ id: runId, t0Ms: s.number({ min: 0 }), t1Ms: s.number({ min: 0 }) }),
    reply: returns<NeuronCounts>(),
  }),
  'runs.distributions': method({
    doc: 'Every statistic of the registry (per-neuron rates, CV ISI, pairwise correlations, mean rate) of every population over the analysis window (typed arrays).',
    payload: s.object({ id: runId }),
    reply: returns<RunDistributions>(),
  }),
  'runs.export': method({
    doc: 'The run as one file (parameters, summary, statistics, spikes), as bytes to save.',
    payload: s.object({ id: runId }),
    reply: returns<RunFileBytes>(),
  }),
  'runs.import': method({
    doc: 'Imports a run file (checked in full first; a bad file changes nothing).',
    payload: s.object({ bytes: s.typedArray('Uint8Array'), fileName: s.string({ minLength: 1, maxLength: 255 }) }),
    reply: returns<RunRecord>(),
  }),
  'runs.exportAs': method({
    doc: 'The run as files for other tools: spikes or rates CSV, the files NEST writes, or a PyNEST script with params.json.',
    payload: s.object({ id: runId, format: s.oneOf(EXPORT_FORMATS) }),
    reply: returns<{ files: NamedFile[] }>(),
  }),
  'runs.importNest': method({
    doc: "Imports the files of a NEST output folder as a completed run (checked in full first; a bad folder changes nothing, its error names the file and line).",
    payload: s.object({
      files: s.array(
        s.object({
          name: s.string({ minLength: 1, maxLength: 255, pattern: PLAIN_FILE_NAME }),
          bytes: s.typedArray('Uint8Array'),
        }),
        { minItems: 1, maxItems: MAX_NEST_FILES },
      ),
      name: s.optional(runName),
    }),
    reply: returns<RunRecord>(),
  }),
  'runs.compare': method({
    doc:
      'Compares runs (ids: each with the first) or groups of runs (groups: ensembles, each with the first): ensembles by the seed-to-seed ' +
      'spread measured on their runs; single runs by their KS distances, with NEST\'s yardstick as context. Give ids or groups.',
    payload: s.object({
      ids: s.optional(s.array(runId, { minItems: 2, maxItems: MAX_COMPARED_RUNS })),
      groups: s.optional(s.array(s.array(runId, { minItems: 1, maxItems: MAX_GROUPED_COMPARED_RUNS }), { minItems: 2, maxItems: MAX_COMPARED_GROUPS })),
    }),
    reply: returns<StoredRunsComparison>(),
  }),
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Payload<M extends Method> = s.Infer<Contract[M]['payload']>;
export type Reply<M extends Method> = Contract[M]['reply'] extends Returns<infer R> ? R : never;

export function isMethod(name: string): name is Method {
  return Object.hasOwn(contract, name);
}

// ---------------------------------------------------------------------------------------------
// Events pushed by the services

/**
 * What happens to a run, as the run manager (src-main/runs/run-manager.ts) tells its listeners
 * and the services push it to every page: the one kind of event there is.
 */
export type RunEvent =
  /** The run's status changed; `record` is the stored run after the change. */
  | {
      type: 'run.state';
      runId: number;
      state: RunStatus;
      record: RunRecord;
      /** Why it failed or was cancelled. */
      reason?: string;
      failure?: RunFailureKind;
      /** The validator's problems, when the engine refused the parameters. */
      issues?: ValidationIssue[];
    }
  | { type: 'run.progress'; runId: number; progress: RunProgress }
  /** A thinned window of the newest spikes of every `preview.stride`-th neuron, for the live raster (at most ~20k spikes per wall-clock second). */
  | { type: 'run.spikes'; runId: number; preview: SpikePreview }
  /** A line from the engine (phase starts, warnings) or about the run (statistics not computed, host output). */
  | { type: 'run.log'; runId: number; level: LogLevel; line: string };

// ---------------------------------------------------------------------------------------------
// Replies and errors

export type ErrorCode =
  | 'bad-request'
  | 'unknown-method'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'internal';

/** A typed error as it crosses the process boundary. */
export interface StudioErrorInfo {
  code: ErrorCode;
  message: string;
  /** For `bad-request`: the offending field, what it got and what is allowed. */
  field?: string;
  got?: string;
  allowed?: string;
  /** For `bad-request` about a parameter set: every problem the validator found. */
  issues?: { path: string; value: unknown; message: string }[];
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: StudioErrorInfo };

/**
 * What a transport offers the renderer. The preload exposes one as `window.studio` (kind 'ipc');
 * the renderer builds the 'web' one itself. Replies come as envelopes, never as thrown errors, so
 * the error's code survives the trip.
 */
export interface StudioTransport {
  readonly kind: TransportKind;
  invoke(method: Method, payload: unknown): Promise<Envelope<unknown>>;
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(listener: (event: RunEvent) => void): () => void;
}
