/** The run store's public data types. Times are ms since the Unix epoch unless named otherwise. */
import type { MachineInfo, PhaseTimings, PopulationInfo } from '../../engine/api.ts';
import type { ParamSet } from '../../engine/params/types.ts';

export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_ORIGINS = ['engine', 'nest-import', 'file-import'] as const;
export type RunOrigin = (typeof RUN_ORIGINS)[number];

/** The reason given to runs found 'queued' or 'running' with no live owner when a store opens. */
export const INTERRUPTED_REASON = 'the app or engine stopped before the run finished';

/** Where an imported run came from. */
export interface ImportInfo {
  /** File name (no folder) of the run file. */
  file: string;
  importedAtMs: number;
  /** Origin of the run in the database that exported it. */
  origin: RunOrigin;
}

/** A run as listed: everything but the parameter set, summary, statistics and data. */
export interface RunRecord {
  id: number;
  /** Globally unique id; kept by export/import, so a run file is imported at most once. */
  uid: string;
  name: string;
  status: RunStatus;
  origin: RunOrigin;
  createdAtMs: number;
  startedAtMs: number | null;
  /** Completion, failure or cancellation; for interrupted runs, the last write seen. */
  finishedAtMs: number | null;
  seed: number;
  resolutionMs: number;
  engineName: string;
  engineVersion: string;
  threads: number | null;
  machine: MachineInfo | null;
  timingsS: PhaseTimings | null;
  /** Why the run failed, was cancelled or interrupted. */
  reason: string | null;
  tags: string[];
  populations: PopulationInfo[];
  numNeurons: number | null;
  numSynapses: number | null;
  /** Spikes the engine reported (set on completion). */
  numSpikes: number | null;
  /** Spikes stored so far. */
  spikesStored: number;
  /** Spikes are stored up to this step (the end of the last chunk appended). */
  spikesToStep: number;
  hasStats: boolean;
  /** Why a completed run has no statistics (they could not be computed, no spikes were recorded); else null. */
  statsProblem: string | null;
  hasVoltage: boolean;
  importedFrom: ImportInfo | null;
  /** Free-text notes ('' when none). */
  notes: string;
}

export interface NewRun {
  name: string;
  params: ParamSet;
  /** Default 'engine'. */
  origin?: Exclude<RunOrigin, 'file-import'>;
  engineName: string;
  engineVersion: string;
  tags?: readonly string[];
  /**
   * The run's uid when it is not a new random one: a NEST import's id derived from its content, so
   * that the same output is one run (a run with this uid already stored is a 'duplicate-run').
   */
  uid?: string;
}

export interface RunStart {
  /** The population table: node ids of each population, in population order. */
  populations: readonly PopulationInfo[];
  threads?: number;
  machine?: MachineInfo;
}

export interface RunFilter {
  status?: RunStatus | readonly RunStatus[];
  origin?: RunOrigin | readonly RunOrigin[];
  tag?: string;
  /** Case-insensitive substring of the name. */
  nameContains?: string;
  /** Case-insensitive substring of the name, a tag or the notes. */
  text?: string;
  /** Newest first (default) or oldest first, by creation time. */
  order?: 'newest' | 'oldest';
  limit?: number;
  offset?: number;
}

/** Population selector: index in the run's population table, or its name. */
export type PopulationRef = number | string;

export interface SpikeQuery {
  /** Window [t0Ms, t1Ms], ms, both ends included. */
  t0Ms: number;
  t1Ms: number;
  /** Keep every stride-th neuron of each population (offsets 0, stride, ...). Default 1. */
  stride?: number;
  /** Default: all populations. */
  populations?: readonly PopulationRef[];
}

/** Spikes grouped by population (in population order), time-ordered within each group. */
export interface SpikeWindow {
  senders: Uint32Array;
  steps: Uint32Array;
  resolutionMs: number;
  /** The groups: spikes [start, end) of `senders`/`steps` belong to population `pop`. */
  groups: { pop: number; start: number; end: number }[];
}

export interface CountQuery {
  /** Interval (t0Ms, t1Ms], ms: the convention of RunSummary.rates_hz. */
  t0Ms: number;
  t1Ms: number;
  populations?: readonly PopulationRef[];
}

export interface NeuronCounts {
  /** t1Ms - t0Ms in seconds: rate of a neuron = count / durationS. */
  durationS: number;
  populations: { pop: number; name: string; firstId: number; counts: Uint32Array }[];
}

export interface VoltageQuery {
  /** Window [t0Ms, t1Ms], ms; default the whole run. */
  t0Ms?: number;
  t1Ms?: number;
}

export interface VoltageTrace {
  senders: Uint32Array;
  steps: Uint32Array;
  /** Row-major [sample][neuron], mV. */
  vMv: Float32Array;
  resolutionMs: number;
}
