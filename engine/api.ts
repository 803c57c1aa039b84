/**
 * The engine's public surface: what a CLI, the engine host (utility process / child process) and
 * tests call. Pure data types; no Electron, DOM or main-process imports.
 */
import { planIssues } from './network/plan.ts';
import type { ParamSet } from './params/types.ts';
import { collectIssues, type ValidationIssue } from './params/validate.ts';

export const ENGINE_NAME = 'microcircuit-engine';
/**
 * Stored with every run (reproducibility: the same seed and version give the same spikes). 0.2.0:
 * integer weight levels on one scale per target population and 4,096-neuron shards — the same
 * seed draws a different network than under 0.1.0. 0.2.1: the DC stimulus (stim.dc_input) acts one
 * step earlier, as NEST's dc_generator does (current generators are active two steps ahead): runs
 * with it change from 651.0 ms on; all other runs keep their spikes.
 */
export const ENGINE_VERSION = '0.2.1';

export type RunPhase = 'validating' | 'building' | 'presim' | 'sim' | 'done';

export interface RunProgress {
  phase: RunPhase;
  /** Fraction of the current phase done, 0..1. */
  phaseFraction: number;
  /** Model time simulated so far (presim + sim), ms. */
  tModelMs: number;
  /** Total model time of the run (t_presim + t_sim), ms. */
  tTotalMs: number;
  /** Wall-clock seconds since the run started. */
  wallS: number;
  /** Spikes emitted so far (all phases). */
  spikesSoFar: number;
  /** Seconds of wall-clock per second of model time over the last progress interval (NaN when unknown). */
  realTimeFactor: number;
  /**
   * Mean rate per population over the model time whose spikes were counted since the previous report
   * (spikes arrive in 50 ms chunks, so this lags the model time a little), spikes/s; empty while building.
   */
  recentRatesHz: number[];
}

/**
 * A chunk of spikes, time-ordered within the chunk. `senders` are NEST node ids (1-based, contiguous
 * per population in population order); `steps` are spike stamps in integration steps, so a spike's
 * time is steps[i] * sim_resolution ms (always on the grid, as in NEST).
 */
export interface SpikeChunk {
  /** Chunk covers stamps in (fromStep, toStep]. */
  fromStep: number;
  toStep: number;
  senders: Uint32Array;
  steps: Uint32Array;
}

/** Voltmeter samples: for the recorded neurons, V_m (mV) at the sample times. */
export interface VoltageChunk {
  /** Sample stamps, in steps (time = step * h). */
  steps: Uint32Array;
  /** Node ids of the recorded neurons (same order as the columns of `vMv`). */
  senders: Uint32Array;
  /** Row-major [sample][neuron], mV. */
  vMv: Float32Array;
}

export interface PopulationInfo {
  name: string;
  /** First and last NEST node id of the population (inclusive). */
  firstId: number;
  lastId: number;
}

export interface PhaseTimings {
  /** Parameter derivation, network construction, seconds. */
  build: number;
  presim: number;
  sim: number;
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  totalMemBytes: number;
  os: string;
  nodeVersion: string;
}

export interface RunSummary {
  populations: PopulationInfo[];
  /** Mean rate per population over the analysis window (t_presim, t_presim + t_sim], spikes/s. */
  rates_hz: number[];
  timings_s: PhaseTimings;
  num_neurons: number;
  num_synapses: number;
  /** Spikes of the neurons over the whole run (presim and sim). */
  num_spikes: number;
  /** Synaptic events delivered over the whole run (each spike x the synapses it crosses). */
  synaptic_events?: number;
  /** Bytes held by the synapses (targets, weights, delays) and their row pointers. */
  synapse_bytes?: number;
  threads: number;
  seed: number;
  engine_version: string;
  peak_rss_bytes: number;
  machine: MachineInfo;
  /** Node id of each population's spike recorder as NEST would number it (for file names). */
  spike_recorder_ids: number[];
  /** Node id of each population's voltmeter as NEST would number it (empty unless recorded). */
  voltmeter_ids?: number[];
  /** Total number of NEST nodes the network would have (for file-name padding). */
  total_nest_nodes: number;
  /** Integration step h, ms: a spike stamped `step` is at step * resolution_ms. */
  resolution_ms: number;
}

export interface RunCallbacks {
  onProgress?: (p: RunProgress) => void;
  onSpikes?: (c: SpikeChunk) => void;
  onVoltage?: (c: VoltageChunk) => void;
  /** Human-readable log lines (phase starts, warnings). */
  onLog?: (line: string) => void;
  /** Cancels the run; the promise rejects with a CancelledError. Takes effect within a fraction of a second. */
  signal?: AbortSignal;
}

export class CancelledError extends Error {
  constructor(message = 'run cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** What a finished run hands back. Spikes and traces arrive through the callbacks. */
export interface RunOutcome {
  params: ParamSet;
  summary: RunSummary;
}

/**
 * The machine-independent part of the one validation before a run (runnable.ts checkRunnable):
 * the validator's issues, then what planning the network would refuse (a population without
 * neurons, a delay the queue cannot hold, more neurons on a thread than it addresses), found
 * without building anything. Pure: the page's editor runs it on every edit (about 8 ms), so
 * every problem the services would refuse — memory aside, which the estimate shows — blocks Run
 * before anything is sent.
 */
export function checkParams(input: unknown): ValidationIssue[] {
  const issues = collectIssues(input);
  return issues.length > 0 ? issues : planIssues(input as ParamSet);
}
