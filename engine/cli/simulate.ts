/**
 * `npm run simulate`: runs the microcircuit headless, shows progress, prints per-population mean
 * rates and phase timings; with --out writes NEST's own output files plus params.json and
 * summary.json. The main-process wrapper (src-main/cli/simulate.ts) adds storage in the database
 * through the hooks.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancelledError, type RunOutcome, type RunProgress, type SpikeChunk, type VoltageChunk } from '../api.ts';
import { analyzeRun } from '../analysis/population-stats.ts';
import { STATISTICS } from '../analysis/statistics.ts';
import { SpikeAccumulator, splitByPopulation } from '../analysis/spikes.ts';
import { MemoryGuardError } from '../memory.ts';
import { composeParams } from '../params/merge.ts';
import { ParamValidationError, validateParams } from '../params/validate.ts';
import type { ParamSet } from '../params/types.ts';
import { NestSpikeWriter, writeRateFileSync } from '../nest/write.ts';
import { runSimulation } from '../run.ts';
import { parseSimulateArgs, SIMULATE_USAGE, UsageError, type SimulateArgs } from './args.ts';

export interface SimulateHooks {
  /** Called with the validated parameters before the build starts. */
  onStart?: (params: ParamSet, args: SimulateArgs) => void;
  onSpikes?: (chunk: SpikeChunk) => void;
  onVoltage?: (chunk: VoltageChunk) => void;
  onDone?: (outcome: RunOutcome, stats: unknown) => void;
  onFailed?: (reason: string, cancelled: boolean) => void;
  /** Extra argument names the wrapper understands (for --help). */
}

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  isTty: boolean;
}

const MEAN_RATE = STATISTICS.rate_mean;

const defaultIo: CliIo = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTty: Boolean(process.stderr.isTTY),
};

function fmtProgress(p: RunProgress): string {
  if (p.phase === 'building') return `building network ${(100 * p.phaseFraction).toFixed(0)}%`;
  if (p.phase === 'validating') return 'validating parameters';
  const rtf = Number.isFinite(p.realTimeFactor) ? `, ${p.realTimeFactor.toFixed(2)} s per model s` : '';
  return `${p.phase === 'presim' ? 'presimulation' : p.phase === 'sim' ? 'simulation' : p.phase} ${p.tModelMs.toFixed(0)} / ${p.tTotalMs.toFixed(0)} ms, ${p.spikesSoFar} spikes${rtf}`;
}

/** Reads the parameter file and composes the parameter set; throws UsageError / ParamValidationError. */
export function loadParams(args: SimulateArgs): ParamSet {
  let file: unknown;
  if (args.paramsFile) {
    let text: string;
    try {
      text = readFileSync(args.paramsFile, 'utf8');
    } catch (e) {
      throw new UsageError(`--params ${args.paramsFile}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    try {
      file = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`--params ${args.paramsFile}: not valid JSON (${(e as Error).message})`);
    }
  }
  let raw: unknown;
  try {
    raw = composeParams({ preset: args.preset, file, sets: args.sets });
  } catch (e) {
    if (e instanceof ParamValidationError) throw e;
    throw new UsageError((e as Error).message);
  }
  return validateParams(raw);
}

/** Runs the command; returns the process exit code (0 ok, 1 run failed, 2 bad arguments or parameters, 130 cancelled). */
export async function simulateCommand(argv: string[], hooks: SimulateHooks = {}, io: CliIo = defaultIo, signal?: AbortSignal): Promise<number> {
  let args: SimulateArgs;
  let params: ParamSet;
  try {
    args = parseSimulateArgs(argv);
    if (args.help) {
      io.out(SIMULATE_USAGE);
      return 0;
    }
    params = loadParams(args);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ParamValidationError) {
      io.err(`error: ${e.message}\n`);
      if (e instanceof UsageError) io.err('run with --help for the options\n');
      return 2;
    }
    throw e;
  }

  const quiet = args.quiet || !params.sim.print_time;
  const acc = new SpikeAccumulator();
  const presim = Math.round(params.sim.t_presim / params.sim.sim_resolution);
  let writer: NestSpikeWriter | null = null;
  const voltChunks: VoltageChunk[] = [];
  let lastLine = 0;
  hooks.onStart?.(params, args);
  try {
    const outcome = await runSimulation(params, {
      signal,
      onLog: (l) => quiet || io.err(`${l}\n`),
      onProgress: (p) => {
        if (quiet) return;
        const now = Date.now();
        if (io.isTty) io.err(`\r\x1b[K${fmtProgress(p)}`);
        else if (now - lastLine > 2000 || p.phase === 'done') {
          lastLine = now;
          io.err(`${fmtProgress(p)}\n`);
        }
      },
      onSpikes: (c) => {
        acc.pushSteps(c.senders, c.steps, params.sim.sim_resolution);
        hooks.onSpikes?.(c);
      },
      onVoltage: (c) => {
        if (args.outDir) voltChunks.push(c);
        hooks.onVoltage?.(c);
      },
    });
    if (!quiet && io.isTty) io.err('\n');
    const s = outcome.summary;
    const t0 = params.sim.t_presim;
    const t1 = params.sim.t_presim + params.sim.t_sim;
    const all = acc.finish();
    const pops = splitByPopulation(all.senders, all.timesMs, s.populations);
    const analysis = analyzeRun(pops, { t0Ms: t0, t1Ms: t1 });

    io.out(`\npopulation   neurons   ${MEAN_RATE.label.toLowerCase()} (${MEAN_RATE.unit}, (${t0}, ${t1}] ms)\n`);
    s.populations.forEach((p, i) => {
      io.out(`${p.name.padEnd(10)} ${String(p.lastId - p.firstId + 1).padStart(8)}   ${s.rates_hz[i].toFixed(3)}\n`);
    });
    io.out(`\nneurons ${s.num_neurons}, synapses ${s.num_synapses}, spikes ${s.num_spikes}, threads ${s.threads}, seed ${s.seed}\n`);
    io.out(`timings: build ${s.timings_s.build.toFixed(2)} s, presim ${s.timings_s.presim.toFixed(2)} s, sim ${s.timings_s.sim.toFixed(2)} s` +
      ` (${(s.timings_s.sim / (params.sim.t_sim / 1000)).toFixed(2)} s per model second); peak RSS ${(s.peak_rss_bytes / 2 ** 20).toFixed(0)} MiB\n`);

    if (args.outDir) {
      mkdirSync(args.outDir, { recursive: true });
      if (params.sim.rec_dev.includes('spike_recorder')) {
        writer = NestSpikeWriter.openSync({ dir: args.outDir, populations: s.populations, recorderIds: s.spike_recorder_ids, totalNodes: s.total_nest_nodes });
        // NEST's files hold only the last Simulate call: the simulation phase (t_presim, t_presim + t_sim].
        const sel: number[] = [];
        for (let i = 0; i < all.senders.length; i++) if (all.timesMs[i] > t0 + 1e-9) sel.push(i);
        const snd = new Uint32Array(sel.length);
        const st = new Uint32Array(sel.length);
        const h = params.sim.sim_resolution;
        sel.forEach((idx, k) => {
          snd[k] = all.senders[idx];
          st[k] = Math.round(all.timesMs[idx] / h);
        });
        writer.writeStepsSync(snd, st, h);
        writer.closeSync();
        writer = null;
        analysis.values.forEach((v, i) => writeRateFileSync(join(args.outDir!, `rate${i}.dat`), v.distributions.rates));
      }
      if (voltChunks.length > 0) writeVoltmeterFiles(args.outDir, voltChunks, s, presim, params.sim.sim_resolution);
      writeFileSync(join(args.outDir, 'params.json'), JSON.stringify(params, null, 2) + '\n');
      const summary = { ...s, populations: s.populations.map((p) => p.name), population_node_ids: s.populations.map((p) => [p.firstId, p.lastId]), presim_steps: presim, statistics: analysis.populations };
      writeFileSync(join(args.outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
      io.out(`wrote NEST output, params.json and summary.json to ${args.outDir}\n`);
    }
    hooks.onDone?.(outcome, analysis.populations);
    return 0;
  } catch (e) {
    writer?.closeSync();
    if (!quiet && io.isTty) io.err('\n');
    if (e instanceof CancelledError) {
      hooks.onFailed?.(e.message, true);
      io.err(`cancelled: ${e.message}\n`);
      return 130;
    }
    if (e instanceof MemoryGuardError || e instanceof ParamValidationError) {
      hooks.onFailed?.(e.message, false);
      io.err(`error: ${e.message}\n`);
      return 2;
    }
    const msg = (e as Error).message ?? String(e);
    hooks.onFailed?.(msg, false);
    io.err(`error: the run failed: ${msg}\n`);
    return 1;
  }
}

/**
 * NEST's voltmeter files: one `voltmeter-<id>-<vp>.dat` per population, rows `sender<TAB>time_ms<TAB>V_m`
 * for the simulation phase only (NEST recreates its files at every Simulate call).
 */
function writeVoltmeterFiles(dir: string, chunks: VoltageChunk[], s: RunOutcome['summary'], presimSteps: number, h: number): void {
  const ids = s.voltmeter_ids ?? [];
  s.populations.forEach((p, i) => {
    const id = ids[i] ?? s.total_nest_nodes + 1 + i;
    const name = `voltmeter-${String(id).padStart(Math.floor(Math.log10(Math.max(1, s.total_nest_nodes))) + 1, '0')}-0.dat`;
    const lines: string[] = ['# NEST version: ' + s.engine_version, '# RecordingBackendASCII version: 2', 'sender\ttime_ms\tV_m'];
    for (const c of chunks) {
      const n = c.senders.length;
      for (let r = 0; r < c.steps.length; r++) {
        if (c.steps[r] <= presimSteps) continue;
        const t = (c.steps[r] * h).toFixed(3);
        for (let col = p.firstId - 1; col < p.lastId; col++) lines.push(`${c.senders[col]}\t${t}\t${Number(c.vMv[r * n + col].toPrecision(6))}`);
      }
    }
    writeFileSync(join(dir, name), lines.join('\n') + '\n');
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ac = new AbortController();
  process.once('SIGINT', () => ac.abort('interrupted (Ctrl-C)'));
  simulateCommand(process.argv.slice(2), {}, defaultIo, ac.signal).then((code) => process.exit(code));
}
