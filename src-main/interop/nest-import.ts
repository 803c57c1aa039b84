/**
 * Importing a folder of NEST output as a run of the store (origin 'nest-import').
 *
 * planNestImportSync reads and checks everything first (nest-folder.ts), settles the parameters
 * (a params.json in our format, the NEST example's dicts, or the default preset with N_scaling
 * inferred from the population sizes: nest-params.ts) and the analysis window, and converts the
 * spikes to steps. Only then does importNestFolderSync write: it creates and starts the run,
 * appends the spikes in time-ordered chunks, stores the statistics (engine/analysis, the window
 * (t_presim, t_presim + t_sim]) and completes the run. A folder that fails any check leaves the
 * store untouched; a failure while writing removes the half-written run.
 */
import { basename } from 'node:path';
import type { PhaseTimings, PopulationInfo, RunSummary } from '../../engine/api.ts';
import type { TimeWindow } from '../../engine/analysis/index.ts';
import { deriveParams } from '../../engine/params/derive.ts';
import { defaultParams } from '../../engine/params/presets.ts';
import { NUM_POPS, type ParamSet } from '../../engine/params/types.ts';
import { collectIssues, formatIssue } from '../../engine/params/validate.ts';
import { computeRunStatsSync } from '../runs/run-stats.ts';
import { RunStoreError } from '../store/errors.ts';
import type { RunStore } from '../store/run-store.ts';
import { chunksFromUnsorted } from '../store/spike-split.ts';
import type { RunRecord } from '../store/types.ts';
import { lineOfDataRow, NestImportError, readNestFolderSync, type NestFolderData, type SpikeFileData } from './nest-folder.ts';
import { inferNScaling, inferResolution, inferWindow, mapParamsFile, onStepGrid, ParamsFileError, populationSizes, type ParamsSource } from './nest-params.ts';

export { NestImportError } from './nest-folder.ts';
export type { ParamsSource } from './nest-params.ts';

/** Engine name of imported runs. */
export const NEST_ENGINE_NAME = 'NEST';
/** Tag of runs whose parameters were inferred (no parameter file). */
export const PARAMS_INFERRED_TAG = 'params-inferred';

export interface NestImportOptions {
  /** Run name (default "NEST import: <folder name>"). */
  name?: string;
  tags?: readonly string[];
  /** A parameter file to use instead of the folder's params.json. */
  paramsFile?: string;
  /** Steps per stored spike chunk (default 10,000). */
  chunkSteps?: number;
  /** The most bytes of spike-file text the folder may hold, decompressed (default MAX_SPIKE_TEXT_BYTES). */
  maxTextBytes?: number;
}

/** Everything an import will store, checked. */
export interface NestImportPlan {
  dir: string;
  /** The run's uid, derived from the digest of the files read: the same output is the same run. */
  uid: string;
  name: string;
  params: ParamSet;
  paramsSource: ParamsSource;
  /** What was mapped, inferred or found along the way, in plain words. */
  notes: string[];
  populations: PopulationInfo[];
  recorderIds: number[];
  totalNestNodes: number;
  numVps: number;
  nestVersion: string;
  /** NEST's phase timings (from nest_run.json), null when unknown. */
  timings: PhaseTimings | null;
  window: TimeWindow;
  /** All spikes, in file order: NEST node ids and stamps in steps of sim_resolution. */
  senders: Uint32Array;
  steps: Uint32Array;
}

export interface NestImportResult {
  run: RunRecord;
  paramsSource: ParamsSource;
  notes: string[];
  window: TimeWindow;
  /** Why no statistics were stored, null when they were. */
  statsProblem: string | null;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sizesOf(data: NestFolderData): number[] {
  return data.ranges.map((r) => r.lastId - r.firstId + 1);
}

/** The parameters: from the file (mapped), else the default preset with N_scaling from the sizes. */
function settleParams(data: NestFolderData, notes: string[]): { params: ParamSet; source: ParamsSource } {
  const sizes = sizesOf(data);
  const idsPath = `${data.dir}/population_nodeids.dat`;
  if (data.ranges.length !== NUM_POPS) {
    throw new NestImportError(idsPath, 0, `${data.ranges.length} populations; the PD14 microcircuit has ${NUM_POPS}`);
  }
  if (data.params) {
    let mapped;
    try {
      mapped = mapParamsFile(data.params.raw);
    } catch (e) {
      if (e instanceof ParamsFileError) throw new NestImportError(data.params.path, 0, e.message);
      throw e;
    }
    const built = populationSizes(mapped.params);
    if (built.some((n, i) => n !== sizes[i])) {
      throw new NestImportError(
        data.params.path,
        0,
        `N_scaling ${mapped.params.net.N_scaling} gives populations of ${built.join(', ')} neurons, but population_nodeids.dat has ` +
          `${sizes.join(', ')}: this parameter file does not belong to these spikes (remove it to import with inferred parameters)`,
      );
    }
    notes.push(...mapped.notes.map((n) => `${basename(data.params!.path)}: ${n}`));
    return { params: mapped.params, source: mapped.source };
  }
  const params = defaultParams();
  const n = inferNScaling(sizes, params.net.full_num_neurons);
  if (n === null) {
    throw new NestImportError(
      idsPath,
      0,
      `the population sizes ${sizes.join(', ')} are not those of the PD14 model at any N_scaling: add a params.json with the parameters of the run`,
    );
  }
  params.net.N_scaling = n;
  notes.push(
    `no parameter file: the default preset's parameters are stored with N_scaling ${n} inferred from the population sizes; ` +
      `K_scaling (${params.net.K_scaling}), the seed (${params.sim.rng_seed}) and the inputs are the preset's and may not be the run's`,
  );
  return { params, source: 'inferred' };
}

interface ConvertedSpikes {
  senders: Uint32Array;
  steps: Uint32Array;
  tFirstMs: number;
  tLastMs: number;
}

/** Spike times to steps of h, checking that each lies on the grid and after 0 (file and line on failure). */
function toSteps(data: NestFolderData, hMs: number, why: string, tEndMs: number | null, endWhy: string): ConvertedSpikes {
  const total = data.recorders.reduce((a, r) => a + r.files.reduce((b, f) => b + f.senders.length, 0), 0);
  const senders = new Uint32Array(total);
  const steps = new Uint32Array(total);
  let tFirstMs = Infinity;
  let tLastMs = -Infinity;
  let o = 0;
  const fail = (f: SpikeFileData, i: number, detail: string): never => {
    throw new NestImportError(f.path, lineOfDataRow(f, i), detail);
  };
  for (const r of data.recorders) {
    for (const f of r.files) {
      const { timesMs } = f;
      for (let i = 0; i < timesMs.length; i++) {
        const t = timesMs[i];
        if (!(t > 0)) fail(f, i, `spike time ${t} ms: NEST stamps spikes at times > 0`);
        if (!onStepGrid(t, hMs)) fail(f, i, `spike time ${t} ms is not a multiple of the resolution ${hMs} ms (${why})`);
        if (tEndMs !== null && t > tEndMs + 1e-6) fail(f, i, `spike at ${t} ms after the end of the simulation at ${tEndMs} ms (${endWhy})`);
        const s = Math.round(t / hMs);
        if (s > 0xffffffff) fail(f, i, `spike time ${t} ms is too late to store (more than 2^32 steps)`);
        steps[o + i] = s;
        if (t < tFirstMs) tFirstMs = t;
        if (t > tLastMs) tLastMs = t;
      }
      senders.set(f.senders, o);
      o += timesMs.length;
    }
  }
  return { senders, steps, tFirstMs, tLastMs };
}

function nestRunFacts(data: NestFolderData, notes: string[]): { version: string | null; timings: PhaseTimings | null; vps: number | null } {
  if (!data.nestRun) return { version: null, timings: null, vps: null };
  const raw = data.nestRun.raw;
  if (!isObj(raw)) {
    notes.push('nest_run.json is not an object: ignored');
    return { version: null, timings: null, vps: null };
  }
  const t = raw.timings_s;
  const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);
  let timings: PhaseTimings | null = null;
  if (isObj(t)) {
    const [init, create, connect, presim, sim] = ['init', 'create', 'connect', 'presim', 'sim'].map((k) => num(t[k]));
    if (init !== null && create !== null && connect !== null && presim !== null && sim !== null) {
      timings = { build: init + create + connect, presim, sim };
    }
  }
  return {
    version: typeof raw.nest_version === 'string' && raw.nest_version !== '' ? raw.nest_version : null,
    timings,
    vps: typeof raw.virtual_processes === 'number' ? raw.virtual_processes : null,
  };
}

/** Compares rate<i>.dat with the rates of the spikes over the window (helpers' formula): a note either way. */
function checkRateFiles(data: NestFolderData, window: TimeWindow, senders: Uint32Array, steps: Uint32Array, hMs: number, notes: string[]): void {
  if (data.rates.every((r) => r === null)) return;
  const span = window.t1Ms - window.t0Ms;
  const from = Math.round(window.t0Ms / hMs);
  const to = Math.round(window.t1Ms / hMs);
  const first = data.ranges[0].firstId;
  const last = data.ranges[data.ranges.length - 1].lastId;
  const counts = new Uint32Array(last - first + 1);
  for (let i = 0; i < senders.length; i++) if (steps[i] > from && steps[i] <= to) counts[senders[i] - first]++;
  const differ: string[] = [];
  data.rates.forEach((rates, p) => {
    if (!rates) return;
    const r = data.ranges[p];
    for (let k = 0; k < rates.length; k++) {
      if (rates[k] !== (counts[r.firstId - first + k] * 1000) / span) {
        differ.push(`rate${p}.dat`);
        return;
      }
    }
  });
  const present = data.rates.filter((r) => r !== null).length;
  notes.push(
    differ.length === 0
      ? `${present} rate<i>.dat file(s) agree with the spikes over (${window.t0Ms}, ${window.t1Ms}] ms`
      : `${differ.join(', ')} differ from the spikes' rates over (${window.t0Ms}, ${window.t1Ms}] ms (another window?); the stored statistics come from the spikes`,
  );
}

/** Reads and checks a NEST output folder and settles everything an import stores; writes nothing. */
export function planNestImportSync(dir: string, options: NestImportOptions = {}): NestImportPlan {
  const data = readNestFolderSync(dir, { paramsFile: options.paramsFile, maxTextBytes: options.maxTextBytes });
  const notes: string[] = [];
  const { params, source } = settleParams(data, notes);
  const paramsName = data.params ? basename(data.params.path) : null;

  // Resolution: the file's, else the coarsest grid all spike times lie on.
  let hMs = params.sim.sim_resolution;
  let why = `sim.sim_resolution in ${paramsName}`;
  if (source === 'inferred') {
    const h = inferResolution(data.recorders.flatMap((r) => r.files.map((f) => f.timesMs)));
    if (h === null) {
      why = 'no candidate resolution down to 0.001 ms fits every spike time';
    } else {
      hMs = h;
      if (h !== params.sim.sim_resolution) notes.push(`resolution ${h} ms inferred from the spike times`);
      params.sim.sim_resolution = h;
    }
  }
  const tEnd = source === 'inferred' ? null : params.sim.t_presim + params.sim.t_sim;
  const spikes = toSteps(data, hMs, why, tEnd, `t_presim + t_sim in ${paramsName}`);

  // Window: the parameters', else inferred from the spike times.
  if (source === 'inferred') {
    if (spikes.senders.length === 0) {
      throw new NestImportError(data.recorders[0].files[0].path, 0, 'no spikes in any file: the analysis window cannot be inferred; add a params.json');
    }
    const w = inferWindow(spikes.tFirstMs, spikes.tLastMs, hMs, params.sim);
    params.sim.t_presim = w.t_presim;
    params.sim.t_sim = w.t_sim;
    notes.push(
      `analysis window (${w.t_presim}, ${w.t_presim + w.t_sim}] ms inferred from the spike times ` +
        `(${spikes.tFirstMs} to ${spikes.tLastMs} ms; NEST's files hold the simulation phase only)`,
    );
  }
  const window: TimeWindow = { t0Ms: params.sim.t_presim, t1Ms: params.sim.t_presim + params.sim.t_sim };
  const presimSteps = Math.round(window.t0Ms / hMs);
  let presim = 0;
  for (let i = 0; i < spikes.steps.length; i++) if (spikes.steps[i] <= presimSteps) presim++;
  if (presim > 0) notes.push(`${presim} spikes lie in the presimulation phase (t <= ${window.t0Ms} ms): stored, but outside the analysis window`);
  if (!params.sim.rec_dev.includes('spike_recorder')) {
    params.sim.rec_dev = ['spike_recorder', ...params.sim.rec_dev];
    notes.push('sim.rec_dev did not list spike_recorder, but the folder holds its files: added');
  }
  const issues = collectIssues(params);
  if (issues.length > 0) {
    throw new NestImportError(data.params?.path ?? data.dir, 0, `the parameters settled for the import are invalid: ${issues.map(formatIssue).join('; ')}`);
  }

  const facts = nestRunFacts(data, notes);
  const versions = [...new Set(data.recorders.flatMap((r) => r.files.map((f) => f.nestVersion)).filter((v): v is string => v !== null))];
  if (versions.length > 1) notes.push(`the spike files name several NEST versions: ${versions.join(', ')}`);
  const nestVersion = versions[0] ?? facts.version ?? 'unknown';
  if (facts.vps !== null && facts.vps !== data.numVps) {
    notes.push(`nest_run.json says ${facts.vps} virtual processes, but each recorder has ${data.numVps} VP files`);
  }
  if (data.voltmeterFiles.length > 0) notes.push(`${data.voltmeterFiles.length} voltmeter file(s) were not imported (spikes only)`);
  checkRateFiles(data, window, spikes.senders, spikes.steps, hMs, notes);

  const recorderIds = data.recorders.map((r) => r.recorderId);
  const name = options.name ?? `NEST import: ${basename(data.dir)}`;
  return {
    dir: data.dir,
    uid: uidOfDigest(data.digest),
    name,
    params,
    paramsSource: source,
    notes,
    populations: data.ranges.map((r, i) => ({ name: params.net.populations[i], firstId: r.firstId, lastId: r.lastId })),
    recorderIds,
    totalNestNodes: Math.max(...recorderIds, 10 ** (data.idDigits - 1)),
    numVps: data.numVps,
    nestVersion,
    timings: facts.timings,
    window,
    senders: spikes.senders,
    steps: spikes.steps,
  };
}

/**
 * A UUID made from a content digest (the first 128 bits, marked as version 8, RFC 9562's
 * vendor-specific layout): the uid of an imported output, the same wherever it is imported.
 */
export function uidOfDigest(hex: string): string {
  const h = hex.slice(0, 32).split('');
  h[12] = '8';
  h[16] = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

/** Refuses an output that is already stored, naming the run it is and how to import it again. */
function refuseDuplicate(store: RunStore, plan: NestImportPlan): void {
  const same = store.findRunByUidSync(plan.uid);
  if (!same) return;
  throw new RunStoreError(
    'duplicate-run',
    `this NEST output is already in the database as run ${same.id} (${JSON.stringify(same.name)}, imported ${new Date(same.createdAtMs).toISOString()}): ` +
      'the same files give the same run. To import it again, delete that run; to import it with other parameters, give a parameter file (a new run)',
  );
}

/** Mean rate of each population over the window, spikes/s (count · 1000 / span / neurons). */
function meanRates(plan: NestImportPlan): number[] {
  const h = plan.params.sim.sim_resolution;
  const from = Math.round(plan.window.t0Ms / h);
  const to = Math.round(plan.window.t1Ms / h);
  const counts = plan.populations.map(() => 0);
  for (let i = 0; i < plan.senders.length; i++) {
    if (plan.steps[i] <= from || plan.steps[i] > to) continue;
    const s = plan.senders[i];
    const p = plan.populations.findIndex((x) => s >= x.firstId && s <= x.lastId);
    counts[p]++;
  }
  const span = plan.window.t1Ms - plan.window.t0Ms;
  return plan.populations.map((p, i) => (counts[i] * 1000) / span / (p.lastId - p.firstId + 1));
}

/** What an imported run's summary holds besides the engine fields it can fill. */
export interface NestImportFacts {
  folder: string;
  params_source: ParamsSource;
  notes: string[];
  virtual_processes: number;
  window_ms: [number, number];
}

/**
 * The summary of an imported run. NEST's machine, memory and (without nest_run.json) timings are
 * unknown: they are left out, and the store records them as unknown (RunStore.markCompletedSync
 * reads `timings_s?.…` and `machine ? … : null`).
 */
function importSummary(plan: NestImportPlan): RunSummary {
  const d = deriveParams(plan.params);
  const facts: NestImportFacts = {
    folder: plan.dir,
    params_source: plan.paramsSource,
    notes: plan.notes,
    virtual_processes: plan.numVps,
    window_ms: [plan.window.t0Ms, plan.window.t1Ms],
  };
  const summary = {
    populations: plan.populations,
    rates_hz: meanRates(plan),
    ...(plan.timings ? { timings_s: plan.timings } : {}),
    num_neurons: plan.populations.reduce((a, p) => a + p.lastId - p.firstId + 1, 0),
    num_synapses: d.totalSynapses,
    num_spikes: plan.senders.length,
    threads: plan.numVps,
    seed: plan.params.sim.rng_seed,
    engine_version: plan.nestVersion,
    spike_recorder_ids: plan.recorderIds,
    total_nest_nodes: plan.totalNestNodes,
    resolution_ms: plan.params.sim.sim_resolution,
    nest_import: facts,
  };
  return summary as unknown as RunSummary;
}

/**
 * Imports a folder of NEST output as a completed run. Everything is checked first
 * (planNestImportSync): a bad folder throws NestImportError and the store is not touched.
 */
export function importNestFolderSync(store: RunStore, dir: string, options: NestImportOptions = {}): NestImportResult {
  const plan = planNestImportSync(dir, options);
  refuseDuplicate(store, plan);
  const tags = [...(options.tags ?? []), ...(plan.paramsSource === 'inferred' ? [PARAMS_INFERRED_TAG] : [])];
  const created = store.createRunSync({
    name: plan.name,
    params: plan.params,
    origin: 'nest-import',
    engineName: NEST_ENGINE_NAME,
    engineVersion: plan.nestVersion,
    tags,
    uid: plan.uid,
  });
  const id = created.id;
  try {
    store.startRunSync(id, { populations: plan.populations, threads: plan.numVps });
    for (const chunk of chunksFromUnsorted(plan.senders, plan.steps, options.chunkSteps ?? 10_000)) store.appendSpikesSync(id, chunk);
    let statsProblem: string | null = null;
    try {
      const stats = computeRunStatsSync(store, id, plan.params);
      if (stats) store.setStatsSync(id, stats);
    } catch (e) {
      statsProblem = `the statistics could not be computed: ${e instanceof Error ? e.message : String(e)}`;
    }
    const run = store.markCompletedSync(id, importSummary(plan));
    return { run, paramsSource: plan.paramsSource, notes: plan.notes, window: plan.window, statsProblem };
  } catch (e) {
    // Leave no half-imported run behind.
    try {
      store.markFailedSync(id, `NEST import failed: ${e instanceof Error ? e.message : String(e)}`);
      store.deleteRunSync(id);
    } catch {
      // The run stays, marked failed (or as it was); the original error matters more.
    }
    throw e;
  }
}
