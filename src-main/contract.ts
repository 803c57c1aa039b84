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
import { MAX_COMPARED_GROUPS, MAX_COMPARED_RUNS, MAX_GROUPED_COMPARED_RUNS, MAX_NAME_LENGTH, MAX_NOTES_LENGTH, MAX_SEARCH_LENGTH, MAX_TAG_LENGTH, MAX_VOLTAGE_NEURONS, TAG_ALLOWED, TAG_PATTERN } from './common/limits.ts';
import * as s from './common/schema.ts';
import { PRESET_NAMES } from '../engine/params/presets.ts';
import type { ParamSet, PresetName } from '../engine/params/types.ts';
import type { RunProgress, RunSummary } from '../engine/api.ts';
import type { RunEstimate } from '../engine/params/estimate.ts';
import type { ValidationIssue } from '../engine/params/validate.ts';
import type { PopulationValues } from '../engine/analysis/statistics.ts';
import { ACTIVITY_BIN_MS, type SpectrumOptions } from '../engine/analysis/series.ts';
import { DETRENDS, TAPERS } from '../engine/analysis/spectrum.ts';
import type { BoundedBoxStats } from '../engine/analysis/histogram.ts';
import type { GroupedParams } from '../engine/params/grouped.ts';
import type { LogLevel } from '../engine/host/protocol.ts';
import { RUN_ORIGINS, RUN_STATUSES, type NeuronCounts, type RunRecord, type RunStatus, type SpikeWindow } from './store/types.ts';
import type { RunFailureKind } from './runs/run-end.ts';
import type { SpikePreview } from './runs/preview.ts';
import type { RunStats } from './runs/run-stats.ts';
import type { StoredComparison } from './interop/run-comparison.ts';
import { MAX_ENSEMBLE_RUNS } from './common/limits.ts';
import { BATCH_SPEC_SCHEMA } from './batches/spec.ts';
import type { Axis } from './batches/axes.ts';
import type { BatchEstimate } from './batches/estimate.ts';
import type { BatchKind, PlanPoint } from './batches/plan.ts';
import type { RunsSummary, SweepTable } from './batches/sweep-table.ts';
import { BATCH_STATUSES, ENSEMBLE_ORIGINS, type BatchPoint, type BatchRecord, type BatchStatus, type EnsembleRecord } from './store/batch-types.ts';

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
  /** What would refuse a run of these parameters on this machine (engine/runnable.ts), as params.validate answers; empty when it can start. */
  issues: ValidationIssue[];
  /** What the user should know but does not refuse the run (more threads than cores). */
  warnings: ValidationIssue[];
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

/** A run's population activity over a window (runs.activity): spikes/s per neuron in each bin. */
export interface PopulationActivity {
  id: number;
  window: { t0Ms: number; t1Ms: number };
  binMs: number;
  /** The rule in words: bins from the window start, a last partial bin dropped, per neuron. */
  rule: string;
  /** Centre of each bin, ms (shared by the populations). */
  timesMs: Float64Array;
  /** In population order. */
  populations: { name: string; nNeurons: number; ratesHz: Float64Array }[];
}

/** A run's power spectra over a window (runs.spectrum): Welch's PSD of each population's activity. */
export interface PopulationSpectra {
  id: number;
  window: { t0Ms: number; t1Ms: number };
  /** The options used (the defaults completed). */
  options: SpectrumOptions;
  /** The method in words: bins, segments, taper, overlap, detrending, peak band. */
  rule: string;
  /** One-sided frequencies, Hz (shared by the populations). */
  frequenciesHz: Float64Array;
  segments: number;
  /** Samples per segment, samples of overlap, frequency resolution (Hz). */
  segmentLength: number;
  overlapLength: number;
  resolutionHz: number;
  /** psd in (spikes/s)²/Hz; the peak in the band (NaN when the band holds no frequency). */
  populations: { name: string; psd: Float64Array; peakHz: number; peakPower: number }[];
}

/** Membrane potential traces of chosen recorded neurons (runs.voltages). */
export interface RunVoltages {
  id: number;
  window: { t0Ms: number; t1Ms: number };
  resolutionMs: number;
  /** Sample stamps in steps (time = step · resolutionMs), shared by the populations. */
  steps: Uint32Array;
  /** In population order; vMv row-major [sample][neuron] (the neurons of `senders`), mV. */
  populations: { name: string; recorded: number; senders: Uint32Array; vMv: Float32Array }[];
}

/** The distribution of V over a window per population (runs.voltageDistribution). */
export interface VoltageDistributions {
  id: number;
  window: { t0Ms: number; t1Ms: number };
  binMv: number;
  rule: string;
  populations: {
    name: string;
    neuronsRecorded: number;
    /** Neurons whose samples were used: every neuronStride-th recorded one (1: all). */
    neuronsUsed: number;
    neuronStride: number;
    /** Samples per neuron in the window. */
    samples: number;
    /** Box-plot numbers (mV), the outliers thinned to at most 2000 (outlierCount: all of them). */
    box: BoundedBoxStats;
    /** counts[k]: values in [loMv + k·binMv, loMv + (k+1)·binMv). */
    histogram: { loMv: number; binMv: number; counts: Uint32Array };
  }[];
}

/** Every parameter of a run, grouped as in the editor, the differences from its preset marked (runs.parameters). */
export interface RunParameters extends GroupedParams {
  id: number;
}

/** Several export files in one zip archive, for the page to offer as one download (runs.exportArchive). */
export interface RunArchive {
  /** Suggested file name, e.g. `baseline-seed-55-nest.zip`. */
  fileName: string;
  bytes: Uint8Array;
  /** What the archive holds: each file's path inside it and its size in bytes. */
  files: { name: string; bytes: number }[];
}

/** A parameter problem of a batch's point, found before anything ran. */
export interface BatchPlanProblem {
  /** The point (null: every point, i.e. the base parameters or the seeds). */
  point: number | null;
  /** The point's axis values. */
  values: number[] | null;
  /** The parameter, its value and what is allowed (the engine's validator). */
  path: string;
  value: unknown;
  message: string;
  /** The problem in one line: `point 3 (net.g = -2.5): net.g = -2.5: must be …`. */
  text: string;
}

/** A batch planned but not started (batches.plan): its grid, the problems of its points and what it will cost. */
export interface BatchPlanInfo {
  kind: BatchKind;
  name: string;
  axes: Axis[];
  seeds: number[];
  points: PlanPoint[];
  totalRuns: number;
  /** Empty when every run can start. */
  problems: BatchPlanProblem[];
  moreProblems: number;
  estimate: BatchEstimate & {
    cores: number;
    /** Memory available to new runs now, bytes. */
    availableBytes: number;
  };
  /** Why the command line would ask before starting it (too long, too much disk, too many runs); empty: it would not. */
  confirm: string[];
}

/** How far a batch being made is (the batch.progress event, batches.get). */
export interface BatchProgress {
  batchId: number;
  totalRuns: number;
  totalPoints: number;
  /** Runs of the batch completed and failed so far (a resumed batch counts those of before). */
  completedRuns: number;
  failedRuns: number;
  /** Runs not ended yet: to start and in flight. */
  remainingRuns: number;
  /** Points all of whose seeds have ended. */
  pointsDone: number;
  /** The runs in flight: their point, seed and axis values. */
  current: { runId: number; point: number; seedIndex: number; seed: number; values: number[] }[];
  /** Seconds since the batch (re)started. */
  elapsedS: number;
  /** Seconds left: from the runs ended so far, else from the estimate. */
  remainingS: number | null;
  /** Cancelled or closing: the runs in flight are being stopped. */
  stopping: boolean;
}

/** A batch as the History lists it: the record, its runs (to group them under it) and its progress while these services make it. */
export interface BatchListItem extends BatchRecord {
  /** The current run of every point and seed that has one, in point and seed order. */
  runIds: number[];
  progress: BatchProgress | null;
}

/** One batch in full: the record, its points with their runs (the newest run of each point and seed) and the plan's base parameters. */
export interface BatchDetail extends BatchListItem {
  points: BatchPoint[];
  base: ParamSet;
}

/** An ensemble's summary (ensembles.summary): per population, mean ± SD over its completed runs of the mean rate, CV ISI and correlation. */
export interface EnsembleSummary extends RunsSummary {
  ensembleId: number;
}

/**
 * NEST's seed-to-seed range of the shipped configuration's population mean rates (the lowest and
 * highest over its seven reference runs), with the conditions they were measured under: the
 * reference band of the sweep plots (batches.nestReference).
 */
export interface NestRateReference {
  /** Where it comes from, in words: NEST's version, the runs, the scale and the window. */
  source: string;
  nestVersion: string;
  /** The reference runs' names (they differ only in the seed). */
  runs: string[];
  conditions: { N_scaling: number; K_scaling: number; windowMs: number; resolutionMs: number };
  /** By population name, spikes/s. */
  meanRateRangesHz: Record<string, { min: number; max: number }>;
}

// ---------------------------------------------------------------------------------------------
// Requests

const runId = s.number({ integer: true, min: 1, max: Number.MAX_SAFE_INTEGER });
const batchId = runId;
const ensembleId = runId;
const runName = s.string({ minLength: 1, maxLength: MAX_NAME_LENGTH });
const tag = s.string({ minLength: 1, maxLength: MAX_TAG_LENGTH, pattern: TAG_PATTERN, allowed: TAG_ALLOWED });
/** A plain file name, as one uploaded file of a NEST folder must have: no folders, not `.` or `..`, no control characters. */
// eslint-disable-next-line no-control-regex
export const PLAIN_FILE_NAME = /^(?!\.\.?$)[^/\\\u0000-\u001f\u007f]+$/;
/** The most files one NEST import takes (NEST writes one file per recorder and virtual process). */
export const MAX_NEST_FILES = 500;
/** An optional window [t0Ms, t1Ms] (default: the run's analysis window). */
const optionalTime = s.optional(s.number({ min: 0, max: 1e9 }));
const populationNames = s.optional(s.array(s.string({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 64 }));
const activityBinMs = s.optional(s.number({ min: ACTIVITY_BIN_MS.min, max: ACTIVITY_BIN_MS.max }));

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
    doc: "Every problem that would refuse a run of a parameter set on this machine: the engine's validator, what planning the network refuses and the memory guard (empty when it can start).",
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
  'runs.markInterrupted': method({
    doc:
      "Marks a stuck run interrupted. Only a queued or running run that another process writes (this app's own runs are cancelled instead); " +
      'while that process still holds the run (it is alive) only with force, and the process then stops storing the run.',
    payload: s.object({ id: runId, force: s.optional(s.boolean()) }),
    reply: returns<RunRecord>(),
  }),
  'runs.list': method({
    doc: 'The stored runs, newest first, with their key parameters and mean rates; filters combine.',
    payload: s.object({
      status: s.optional(s.oneOf(RUN_STATUSES)),
      tag: s.optional(s.string({ minLength: 1, maxLength: MAX_TAG_LENGTH })),
      nameContains: s.optional(s.string({ maxLength: MAX_NAME_LENGTH })),
      origin: s.optional(s.oneOf(RUN_ORIGINS)),
      text: s.optional(s.string({ maxLength: MAX_SEARCH_LENGTH })),
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
  'runs.activity': method({
    doc: "Each population's activity (spikes/s per neuron) in bins of binMs (0.1–50 ms, a multiple of the resolution) over a window (default: the analysis window).",
    payload: s.object({ id: runId, t0Ms: optionalTime, t1Ms: optionalTime, binMs: activityBinMs, populations: populationNames }),
    reply: returns<PopulationActivity>(),
  }),
  'runs.spectrum': method({
    doc: "Each population's power spectral density (Welch) of its activity over a window, and its peak frequency and power.",
    payload: s.object({
      id: runId,
      t0Ms: optionalTime,
      t1Ms: optionalTime,
      binMs: activityBinMs,
      segmentMs: s.optional(s.number({ min: 0.2, max: 1e7 })),
      overlap: s.optional(s.number({ min: 0, max: 0.99 })),
      taper: s.optional(s.oneOf(TAPERS)),
      detrend: s.optional(s.oneOf(DETRENDS)),
      peakMinHz: s.optional(s.number({ min: 0, max: 1e6 })),
      peakMaxHz: s.optional(s.number({ min: 0, max: 1e6 })),
      populations: populationNames,
    }),
    reply: returns<PopulationSpectra>(),
  }),
  'runs.voltages': method({
    doc: 'Membrane potential traces of chosen recorded neurons (or a few per population) over a window, when the voltmeter was recorded.',
    payload: s.object({
      id: runId,
      t0Ms: optionalTime,
      t1Ms: optionalTime,
      neurons: s.optional(s.array(s.number({ integer: true, min: 1, max: 2 ** 32 - 1 }), { minItems: 1, maxItems: MAX_VOLTAGE_NEURONS })),
      perPopulation: s.optional(s.number({ integer: true, min: 1, max: 100 })),
      populations: populationNames,
    }),
    reply: returns<RunVoltages>(),
  }),
  'runs.voltageDistribution': method({
    doc: 'The distribution of the membrane potential over a window per population: histogram and box-plot numbers.',
    payload: s.object({ id: runId, t0Ms: optionalTime, t1Ms: optionalTime, binMv: s.optional(s.number({ min: 0.01, max: 10 })), populations: populationNames }),
    reply: returns<VoltageDistributions>(),
  }),
  'runs.parameters': method({
    doc: 'Every parameter of a run, grouped as in the editor, with the differences from its preset marked.',
    payload: s.object({ id: runId }),
    reply: returns<RunParameters>(),
  }),
  'runs.setNotes': method({
    doc: "Replaces a run's free-text notes ('' clears them).",
    payload: s.object({ id: runId, notes: s.string({ maxLength: MAX_NOTES_LENGTH }) }),
    reply: returns<RunRecord>(),
  }),
  'runs.exportArchive': method({
    doc: 'The export files of one or more formats (NEST files, PyNEST script, CSVs) as one zip archive; one folder per format when several.',
    payload: s.object({ id: runId, formats: s.optional(s.array(s.oneOf(EXPORT_FORMATS), { minItems: 1, maxItems: EXPORT_FORMATS.length })) }),
    reply: returns<RunArchive>(),
  }),
  'batches.plan': method({
    doc: "Plans a sweep or an ensemble of seeds without running it: its points, every point's parameter problems (the engine's validator) and the time, memory and disk it will take.",
    payload: s.object({ spec: BATCH_SPEC_SCHEMA, jobs: s.optional(s.number({ integer: true, min: 1, max: 64 })) }),
    reply: returns<BatchPlanInfo>(),
  }),
  'batches.start': method({
    doc: "Starts a sweep or an ensemble of seeds ('run with N seeds': a spec with seeds and no vary); refused with every problem when a point's parameters are invalid.",
    payload: s.object({ spec: BATCH_SPEC_SCHEMA }),
    reply: returns<BatchRecord>(),
  }),
  'batches.cancel': method({
    doc: 'Cancels a batch: its queued runs at once, its running one as it stops (an interrupted batch is cancelled so that it is not resumed).',
    payload: s.object({ id: batchId, reason: s.optional(s.string({ minLength: 1, maxLength: 500 })) }),
    reply: returns<{ result: 'cancelled' | 'cancelling' | 'not-active'; batch: BatchRecord }>(),
  }),
  'batches.resume': method({
    doc: "Makes a stopped batch's missing runs (no run, or one cancelled or interrupted; with retryFailed also the failed ones).",
    payload: s.object({ id: batchId, retryFailed: s.optional(s.boolean()) }),
    reply: returns<BatchRecord>(),
  }),
  'batches.list': method({
    doc: 'The batches (sweeps and ensembles of seeds), newest first, with their run counts and progress.',
    payload: s.object({ status: s.optional(s.oneOf(BATCH_STATUSES)) }),
    reply: returns<BatchListItem[]>(),
  }),
  'batches.get': method({
    doc: 'One batch: its record, points with their runs (status and reason of each), base parameters and progress.',
    payload: s.object({ id: batchId }),
    reply: returns<BatchDetail>(),
  }),
  'batches.table': method({
    doc: 'The sweep table: per point and population, mean ± SD over seeds of the mean rate, CV ISI and correlation (from the runs\' cached statistics).',
    payload: s.object({ id: batchId }),
    reply: returns<SweepTable>(),
  }),
  'batches.delete': method({
    doc: 'Deletes a batch and its ensembles; its runs stay unless deleteRuns (refused while it runs).',
    payload: s.object({ id: batchId, deleteRuns: s.optional(s.boolean()) }),
    reply: returns<{ id: number; deletedRuns: number[] }>(),
  }),
  'ensembles.list': method({
    doc: "The ensembles (runs of the same parameters and different seeds): a batch's points and groups made by hand, with their run ids.",
    payload: s.object({ batchId: s.optional(batchId), origin: s.optional(s.oneOf(ENSEMBLE_ORIGINS)) }),
    reply: returns<EnsembleRecord[]>(),
  }),
  'ensembles.get': method({
    doc: 'One ensemble with its run ids.',
    payload: s.object({ id: ensembleId }),
    reply: returns<EnsembleRecord>(),
  }),
  'ensembles.group': method({
    doc: 'Groups runs as an ensemble (e.g. imported NEST runs); refused when their parameters differ beyond the seed, unless allowDifferentParams.',
    payload: s.object({
      name: runName,
      ids: s.array(runId, { minItems: 2, maxItems: MAX_ENSEMBLE_RUNS }),
      allowDifferentParams: s.optional(s.boolean()),
    }),
    reply: returns<EnsembleRecord>(),
  }),
  'ensembles.ungroup': method({
    doc: 'Dissolves an ensemble grouped by hand; its runs stay.',
    payload: s.object({ id: ensembleId }),
    reply: returns<{ id: number }>(),
  }),
  'ensembles.summary': method({
    doc: "An ensemble's per-population mean ± SD over its completed runs of the mean rate, mean CV ISI and mean correlation (from the runs' cached statistics).",
    payload: s.object({ id: ensembleId }),
    reply: returns<EnsembleSummary>(),
  }),
  'batches.nestReference': method({
    doc: "NEST's seed-to-seed range of the shipped configuration's population mean rates (its seven reference runs): the reference band of the sweep plots.",
    payload: s.empty(),
    reply: returns<NestRateReference>(),
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

/**
 * What happens to a batch (src-main/batches/batch-runner.ts): its state changes, and its progress
 * each time one of its runs starts or ends. Its runs send their own RunEvents as any run does.
 */
export type BatchEvent =
  /** The batch started, ended, was cancelled, interrupted or resumed; `batch` is the stored batch after the change. */
  | { type: 'batch.state'; batchId: number; state: BatchStatus; batch: BatchRecord }
  | { type: 'batch.progress'; batchId: number; progress: BatchProgress };

/** Every event the services push. */
export type StudioEvent = RunEvent | BatchEvent;

/** Whether an event is about a run (not about a batch). */
export function isRunEvent(e: StudioEvent): e is RunEvent {
  return e.type.startsWith('run.');
}

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
  onEvent(listener: (event: StudioEvent) => void): () => void;
  /**
   * Subscribes to the state of the link to the services (called at once with the current one);
   * a transport without it (IPC: the services live as long as the window) is always connected.
   */
  onConnection?(listener: (state: ConnectionState) => void): () => void;
  /** Tries to connect again now, whatever the backoff or an earlier refusal said. */
  reconnect?(): void;
}

/**
 * The page's link to the services, as a transport sees it: 'connecting' until the first event
 * socket opens; 'connected'; 'reconnecting' after it was lost, while the server cannot be reached
 * (tries again with a growing wait); 'refused' when the server answers but no longer takes the
 * page's token (it was restarted, with a new token and a new URL): trying again cannot help.
 */
export type ConnectionState =
  | { status: 'connecting' }
  | { status: 'connected' }
  | { status: 'reconnecting'; sinceMs: number; attempt: number; nextTryAtMs: number }
  | { status: 'refused'; sinceMs: number };
