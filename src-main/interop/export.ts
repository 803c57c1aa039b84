/**
 * Exports of a stored run for use outside the app: its spikes and per-neuron rates as CSV, its
 * output as NEST writes it (a folder NEST users and our importer read), and its parameters as a
 * PyNEST script. Spikes are read from the store window by window (10,000 steps at a time) and
 * streamed to the files, so a long full-scale run is never held in memory. Files are written under
 * a temporary name and renamed when complete.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ratesFromCountsHz } from '../../engine/analysis/rates.ts';
import { ENGINE_VERSION, type RunSummary } from '../../engine/api.ts';
import { SpikeCsvWriter, writeRatesCsvSync } from '../../engine/nest/csv.ts';
import { writePynestExportSync } from '../../engine/nest/pynest.ts';
import { NestSpikeWriter, writeRateFileSync } from '../../engine/nest/write.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import { analysisWindow } from '../runs/run-stats.ts';
import type { RunStore } from '../store/run-store.ts';
import type { RunRecord } from '../store/types.ts';
import { NEST_ENGINE_NAME, PARAMS_INFERRED_TAG } from './nest-import.ts';

/** An export that cannot be made (the run has no spikes, is still running, ...). */
export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

const WINDOW_STEPS = 10_000;

function exportableRun(store: RunStore, id: number): { run: RunRecord; params: ParamSet } {
  const run = store.getRunSync(id);
  if (run.status === 'queued' || run.status === 'running') throw new ExportError(`run ${id} is ${run.status}: wait until it ends`);
  const params = store.getParamsSync(id);
  return { run, params };
}

function requireSpikes(run: RunRecord, params: ParamSet): void {
  if (!params.sim.rec_dev.includes('spike_recorder')) throw new ExportError(`run ${run.id} recorded no spikes (sim.rec_dev has no spike_recorder)`);
}

/**
 * Calls `fn` with the run's spikes of steps (fromStep, toStep], window by window, each window in
 * time order (by step; within a step by population, then node id).
 */
export function forEachSpikeWindowSync(
  store: RunStore,
  id: number,
  fromStep: number,
  toStep: number,
  fn: (senders: Uint32Array, steps: Uint32Array) => void,
): void {
  const h = store.getRunSync(id).resolutionMs;
  for (let lo = fromStep; lo < toStep; lo += WINDOW_STEPS) {
    const hi = Math.min(toStep, lo + WINDOW_STEPS);
    const w = store.getSpikesSync(id, { t0Ms: (lo + 1) * h, t1Ms: hi * h });
    const n = w.senders.length;
    if (n === 0) continue;
    // Counting sort by step (stable: groups come in population order, each by step then node id).
    const width = hi - lo;
    const start = new Uint32Array(width + 1);
    for (let i = 0; i < n; i++) start[w.steps[i] - lo]++;
    let acc = 0;
    for (let k = 0; k <= width; k++) {
      const c = start[k];
      start[k] = acc;
      acc += c;
    }
    const senders = new Uint32Array(n);
    const steps = new Uint32Array(n);
    for (const g of w.groups) {
      for (let i = g.start; i < g.end; i++) {
        const k = start[w.steps[i] - lo]++;
        senders[k] = w.senders[i];
        steps[k] = w.steps[i];
      }
    }
    fn(senders, steps);
  }
}

/** Writes a file through `write(tmpPath)` and renames it to `file` when complete (removed on failure). */
function atomically<T>(file: string, write: (tmp: string) => T): T {
  const tmp = `${file}.partial-${process.pid}`;
  try {
    const result = write(tmp);
    fs.renameSync(tmp, file);
    return result;
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** Per-neuron rates over the analysis window (t_presim, t_presim + t_sim], spikes/s, as NEST's helpers compute them. */
export function runRatesSync(store: RunStore, id: number): { name: string; firstId: number; ratesHz: Float64Array }[] {
  const { run, params } = exportableRun(store, id);
  requireSpikes(run, params);
  const window = analysisWindow(params);
  const counts = store.getSpikeCountsSync(id, window);
  return counts.populations.map((p) => ({ name: p.name, firstId: p.firstId, ratesHz: ratesFromCountsHz(p.counts, window) }));
}

/** Every stored spike of the run as `sender,time_ms,population` (time order); returns the row count. */
export function exportSpikesCsvSync(store: RunStore, id: number, file: string): number {
  const { run, params } = exportableRun(store, id);
  requireSpikes(run, params);
  return atomically(file, (tmp) => {
    const w = SpikeCsvWriter.openSync(tmp, run.populations);
    try {
      forEachSpikeWindowSync(store, id, 0, run.spikesToStep, (senders, steps) => w.writeStepsSync(senders, steps, run.resolutionMs));
    } finally {
      w.closeSync();
    }
    return w.rows;
  });
}

/** The per-neuron rates over the analysis window as `node_id,population,rate_hz`; returns the row count. */
export function exportRatesCsvSync(store: RunStore, id: number, file: string): number {
  const rates = runRatesSync(store, id);
  return atomically(file, (tmp) => writeRatesCsvSync(tmp, rates));
}

export interface NestExportOptions {
  /** Also the presimulation's spikes (NEST's own files hold only the simulation phase). */
  includePresim?: boolean;
}

export interface NestExportResult {
  files: string[];
  spikes: number;
  /** True when params.json was written (not for imports whose parameters were inferred). */
  paramsWritten: boolean;
}

/**
 * The run's output as NEST writes it, into `dir`: population_nodeids.dat, one
 * spike_recorder-<id>-0.dat per population (NEST's recorder ids and header; the spikes of
 * (t_presim, t_presim + t_sim], time-ordered), rate<i>.dat over that window, and params.json.
 */
export function exportNestFolderSync(store: RunStore, id: number, dir: string, options: NestExportOptions = {}): NestExportResult {
  const { run, params } = exportableRun(store, id);
  requireSpikes(run, params);
  const summary = store.getSummarySync(id) as (Partial<RunSummary> & { spike_recorder_ids?: number[] }) | null;
  const recorderIds = summary?.spike_recorder_ids?.length === run.populations.length ? summary.spike_recorder_ids : undefined;
  const totalNodes = typeof summary?.total_nest_nodes === 'number' && summary.total_nest_nodes > 0 ? summary.total_nest_nodes : undefined;
  const versionString = run.engineName === NEST_ENGINE_NAME ? run.engineVersion : `${run.engineName} ${run.engineVersion}`;
  const h = run.resolutionMs;
  const presimSteps = Math.round(params.sim.t_presim / h);
  const endSteps = Math.round((params.sim.t_presim + params.sim.t_sim) / h);
  fs.mkdirSync(dir, { recursive: true });
  const writer = NestSpikeWriter.openSync({ dir, populations: run.populations, recorderIds, totalNodes, versionString });
  let spikes = 0;
  try {
    forEachSpikeWindowSync(store, id, options.includePresim ? 0 : presimSteps, Math.max(endSteps, run.spikesToStep), (senders, steps) => {
      writer.writeStepsSync(senders, steps, h);
      spikes += senders.length;
    });
  } finally {
    writer.closeSync();
  }
  const files = ['population_nodeids.dat', ...writer.files];
  runRatesSync(store, id).forEach((p, i) => {
    writeRateFileSync(path.join(dir, `rate${i}.dat`), p.ratesHz);
    files.push(`rate${i}.dat`);
  });
  const inferred = run.tags.includes(PARAMS_INFERRED_TAG);
  if (!inferred) {
    fs.writeFileSync(path.join(dir, 'params.json'), `${JSON.stringify(params, null, 2)}\n`);
    files.push('params.json');
  }
  return { files, spikes, paramsWritten: !inferred };
}

/** NEST output files in a folder (what an export into it would replace or mix with). */
export function nestFilesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => /^(spike_recorder|voltmeter)-\d+-\d+\.dat(\.gz)?$|^rate\d+\.dat$|^population_nodeids\.dat$/.test(f));
}

export interface PynestExportResult {
  script: string;
  params: string;
  /** The run's parameters were inferred at a NEST import: the script reproduces the assumption, not the run. */
  paramsInferred: boolean;
}

/** run_microcircuit.py and params.json for the run's parameter set, in `dir`. */
export function exportPynestSync(store: RunStore, id: number, dir: string): PynestExportResult {
  const run = store.getRunSync(id);
  const params = store.getParamsSync(id);
  const paths = writePynestExportSync(dir, params, { runName: `${run.id} "${run.name}" (${run.engineName} ${run.engineVersion})`, engineVersion: ENGINE_VERSION });
  return { ...paths, paramsInferred: run.tags.includes(PARAMS_INFERRED_TAG) };
}
