/**
 * The engine's headless runner: runs a validated parameter set, shows progress, prints the
 * per-population mean rates and phase timings, and with `outDir` writes NEST's output files,
 * params.json and summary.json (nest-output.ts). It knows nothing of the app (no database, no
 * argument parsing): `npm run simulate` (src-main/cli/simulate-command.ts) parses the arguments and
 * stores the run through `onSpikes`; any script can call it with a ParamSet.
 */
import type { RunOutcome, RunProgress, SpikeChunk, VoltageChunk } from '../api.ts';
import { analyzeRun, type RunAnalysis } from '../analysis/population-stats.ts';
import { SpikeAccumulator, splitByPopulation } from '../analysis/spikes.ts';
import { STATISTICS } from '../analysis/statistics.ts';
import type { ParamSet } from '../params/types.ts';
import { runSimulation } from '../run.ts';
import { writeOutputFolderSync } from './nest-output.ts';

/** Where the runner's text goes: lines to `out` (results) and `err` (progress, logs). */
export interface HeadlessIo {
  out(line: string): void;
  err(line: string): void;
  /** Redraws the status line of a terminal; '' clears it. Only called when `isTerminal`. */
  status(line: string): void;
  readonly isTerminal: boolean;
}

export interface HeadlessOptions {
  /** Write NEST's files, params.json and summary.json here. */
  outDir?: string | null;
  /** No progress and no engine log (also when the parameters say sim.print_time = false). */
  quiet?: boolean;
  signal?: AbortSignal;
  /** Every spike chunk, as the engine delivers it (the app stores them). */
  onSpikes?(chunk: SpikeChunk): void;
  /** Each chunk of voltmeter samples as it arrives (the CLI stores them with the run). */
  onVoltage?(chunk: VoltageChunk): void;
  /**
   * Called (and awaited) once the simulation has ended, before the analysis and the output files:
   * what happens after it (an analysis that fails, a folder that cannot be written) cannot undo
   * what it did with the finished run (the app stores it completed).
   */
  onSimulated?(outcome: RunOutcome): void | Promise<void>;
}

export interface HeadlessResult {
  outcome: RunOutcome;
  /** Every statistic over the analysis window; null when the analysis failed (see analysisProblem). */
  analysis: RunAnalysis | null;
  /** Why there is no analysis; null when there is one. */
  analysisProblem: string | null;
}

/** Seconds between progress lines when the diagnostics do not go to a terminal. */
const LINE_INTERVAL_MS = 2000;

function progressText(p: RunProgress): string {
  if (p.phase === 'building') return `building network ${(100 * p.phaseFraction).toFixed(0)}%`;
  if (p.phase === 'validating') return 'validating parameters';
  const rtf = Number.isFinite(p.realTimeFactor) ? `, ${p.realTimeFactor.toFixed(2)} s per model s` : '';
  const phase = p.phase === 'presim' ? 'presimulation' : p.phase === 'sim' ? 'simulation' : p.phase;
  return `${phase} ${p.tModelMs.toFixed(0)} / ${p.tTotalMs.toFixed(0)} ms, ${p.spikesSoFar} spikes${rtf}`;
}

/** Runs `params`; throws what runSimulation throws (CancelledError, MemoryGuardError, ...). */
export async function runHeadless(params: ParamSet, o: HeadlessOptions, io: HeadlessIo): Promise<HeadlessResult> {
  const quiet = Boolean(o.quiet) || !params.sim.print_time;
  const h = params.sim.sim_resolution;
  const acc = new SpikeAccumulator();
  const voltage: VoltageChunk[] = [];
  let lastLine = 0;
  let outcome: RunOutcome;
  try {
    outcome = await runSimulation(params, {
      signal: o.signal,
      onLog: (l) => {
        if (quiet) return;
        if (io.isTerminal) io.status(''); // a log line does not overwrite the status line
        io.err(l);
      },
      onProgress: (p) => {
        if (quiet) return;
        if (io.isTerminal) return io.status(progressText(p));
        const now = Date.now();
        if (now - lastLine > LINE_INTERVAL_MS || p.phase === 'done') {
          lastLine = now;
          io.err(progressText(p));
        }
      },
      onSpikes: (c) => {
        acc.pushSteps(c.senders, c.steps, h);
        o.onSpikes?.(c);
      },
      onVoltage: (c) => {
        if (o.outDir) voltage.push(c);
        o.onVoltage?.(c);
      },
    });
  } finally {
    if (!quiet && io.isTerminal) io.status('');
  }
  await o.onSimulated?.(outcome);
  const s = outcome.summary;
  const t0 = params.sim.t_presim;
  const t1 = params.sim.t_presim + params.sim.t_sim;
  const spikes = acc.finish();
  // The run is done: an analysis that fails costs its statistics, never the run or its files.
  let analysis: RunAnalysis | null = null;
  let analysisProblem: string | null = null;
  try {
    analysis = analyzeRun(splitByPopulation(spikes.senders, spikes.timesMs, s.populations), { t0Ms: t0, t1Ms: t1 });
  } catch (e) {
    analysisProblem = e instanceof Error ? e.message : String(e);
    io.err(`warning: the statistics could not be computed: ${analysisProblem}`);
  }

  io.out('');
  const meanRate = STATISTICS.rate_mean;
  io.out(`population   neurons   ${meanRate.label.toLowerCase()} (${meanRate.unit}, (${t0}, ${t1}] ms)`);
  s.populations.forEach((p, i) => io.out(`${p.name.padEnd(10)} ${String(p.lastId - p.firstId + 1).padStart(8)}   ${s.rates_hz[i].toFixed(3)}`));
  io.out('');
  io.out(`neurons ${s.num_neurons}, synapses ${s.num_synapses}, spikes ${s.num_spikes}, threads ${s.threads}, seed ${s.seed}`);
  io.out(
    `timings: build ${s.timings_s.build.toFixed(2)} s, presim ${s.timings_s.presim.toFixed(2)} s, sim ${s.timings_s.sim.toFixed(2)} s` +
      ` (${(s.timings_s.sim / (params.sim.t_sim / 1000)).toFixed(2)} s per model second); peak RSS ${(s.peak_rss_bytes / 2 ** 20).toFixed(0)} MiB`,
  );
  if (o.outDir) {
    writeOutputFolderSync(o.outDir, { params, outcome, analysis, analysisProblem, spikes, voltage });
    io.out(`wrote NEST output, params.json and summary.json to ${o.outDir}${analysis ? '' : ' (no rate files: no statistics)'}`);
  }
  return { outcome, analysis, analysisProblem };
}
