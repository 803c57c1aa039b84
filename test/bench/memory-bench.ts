/**
 * The memory estimate against the measured peak (`npm run bench` prints it after the engine runs):
 * for several scales and thread counts, the estimated peak RSS (engine/params/estimate.ts) beside
 * the peak the run reached, and the estimated build and simulation times beside the measured ones
 * (times depend on the machine's load, printed with them; peak RSS hardly does).
 *
 * A configuration the memory check refuses on this machine (engine/memory.ts: the host's available
 * memory or a cgroup limit) is not run: its estimate is printed alone, with the reason.
 *
 *   node test/bench/memory-bench.ts            the memory table alone (every configuration)
 *   node test/bench/memory-bench.ts --quick    only the small ones
 *   node test/bench/memory-bench.ts --only 'full scale|N=2'   the configurations whose label matches
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { memoryFacts } from '../../engine/memory.ts';
import { checkMemory, type RunEstimate } from '../../engine/params/estimate.ts';
import { composeParams } from '../../engine/params/merge.ts';
import type { ParamSet, PresetName } from '../../engine/params/types.ts';
import { type EngineBenchRow, runEngine } from './engine-run.ts';

export interface MemoryConfig {
  label: string;
  preset: PresetName;
  sets: string[];
  /** Part of `--quick`. */
  quick?: boolean;
}

const short = ['sim.t_presim=100', 'sim.t_sim=300'];
const threads = (t: number) => `sim.local_num_threads=${t}`;

/**
 * Scales and thread counts that fit a 24 GiB machine: every term of the model varies among them
 * (synapse words and runs with N and K, row pointers with N squared, the construction scratch and
 * the runtime with the threads). N = 0.1, K = 1 is bursty: its delay queues grow in the first
 * 100 ms, which the model does not foresee. N = 8, K = 0.1 on 6 threads is the configuration of
 * issue 13 (2.84 GiB measured, 2.05 GiB estimated before the model counted runs and pointers).
 */
export const MEMORY_CONFIGS: MemoryConfig[] = [
  ...[1, 2, 4].map((t): MemoryConfig => ({ label: `N=K=0.1, ${t} thread(s)`, preset: 'default', sets: [threads(t)], quick: true })),
  ...[1, 2, 4].map((t): MemoryConfig => ({ label: `N=0.1 K=1, ${t} thread(s)`, preset: 'full', sets: ['net.N_scaling=0.1', threads(t), ...short], quick: true })),
  ...[1, 2, 4].map((t): MemoryConfig => ({ label: `N=0.5 K=1, ${t} thread(s)`, preset: 'full', sets: ['net.N_scaling=0.5', threads(t), ...short] })),
  ...[1, 2, 4].map((t): MemoryConfig => ({ label: `full scale, ${t} thread(s)`, preset: 'full', sets: [threads(t), ...short] })),
  ...[2, 4].map((t): MemoryConfig => ({ label: `N=2 K=0.1, ${t} threads`, preset: 'default', sets: ['net.N_scaling=2', threads(t), ...short] })),
  { label: 'N=8 K=0.1, 6 threads (issue 13)', preset: 'default', sets: ['net.N_scaling=8', threads(6), ...short] },
  { label: 'N=2 K=1, 4 threads', preset: 'full', sets: ['net.N_scaling=2', threads(4), ...short] },
  { label: 'N=8 K=1, 6 threads', preset: 'full', sets: ['net.N_scaling=8', threads(6), ...short] },
];

export interface MemoryBenchRow {
  label: string;
  N_scaling: number;
  K_scaling: number;
  threads: number;
  estimate: RunEstimate;
  /** Null when the configuration was not run (refused: `skipped` says why). */
  measured: EngineBenchRow | null;
  /** Estimated over measured peak, minus 1. */
  peak_error: number | null;
  skipped: string | null;
}

export interface MemoryBenchResult {
  available_bytes: number;
  available_from: string;
  rows: MemoryBenchRow[];
  /** Largest |peak_error| over the rows run, the bursty N = 0.1 K = 1 ones included. */
  max_abs_peak_error: number | null;
}

/**
 * Runs the configurations (each in its own process, one after the other) and compares; prints the
 * table through `log` as the rows come, then the largest error.
 */
export async function runMemoryBench(configs: MemoryConfig[], log: (line: string) => void = () => {}): Promise<MemoryBenchResult> {
  const rows: MemoryBenchRow[] = [];
  const cores = os.cpus().length;
  const facts = memoryFacts();
  log(`\nMemory estimate vs measured peak (each run in its own process; available to a run: ${gib(facts.availableBytes)} GiB, ${facts.availableFrom}):`);
  log(MEMORY_TABLE_HEADER);
  for (const c of configs) {
    const params = composeParams({ preset: c.preset, sets: c.sets }) as ParamSet;
    // Re-read the machine before each run: memory comes and goes on a shared machine.
    const check = checkMemory(params, { ...memoryFacts(), cores });
    const row: MemoryBenchRow = {
      label: c.label,
      N_scaling: params.net.N_scaling,
      K_scaling: params.net.K_scaling,
      threads: params.sim.local_num_threads,
      estimate: check.estimate,
      measured: null,
      peak_error: null,
      skipped: check.ok ? null : check.issue.message,
    };
    if (check.ok) {
      row.measured = await runEngine(c.label, c.sets, c.preset);
      row.peak_error = check.estimate.peakBytes / row.measured.peak_rss_bytes - 1;
    }
    rows.push(row);
    log(formatMemoryRow(row));
  }
  const errors = rows.flatMap((r) => (r.peak_error === null ? [] : [Math.abs(r.peak_error)]));
  const max = errors.length ? Math.max(...errors) : null;
  if (max !== null) log(`  largest |error| of the peak estimate: ${(100 * max).toFixed(1)} % (target: within 15 %)`);
  return { available_bytes: facts.availableBytes, available_from: facts.availableFrom, rows, max_abs_peak_error: max };
}

const gib = (b: number) => (b / 2 ** 30).toFixed(2);
const sec = (s: number) => (Number.isFinite(s) ? s.toFixed(1) : '-');

export const MEMORY_TABLE_HEADER =
  '  config                               neurons     synapses   peak RSS GiB est / measured  error   build s est / measured  sim s est / measured  busy';

export function formatMemoryRow(r: MemoryBenchRow): string {
  const e = r.estimate;
  const head = `  ${r.label.padEnd(34)} ${String(e.neurons).padStart(8)} ${String(e.synapses).padStart(12)}`;
  if (!r.measured) return `${head}   ${gib(e.peakBytes).padStart(8)} / not run                         ${sec(e.buildS).padStart(6)} / -          ${sec(e.simS).padStart(6)} / -\n      not run: ${r.skipped}`;
  const m = r.measured;
  const err = `${r.peak_error! >= 0 ? '+' : ''}${(100 * r.peak_error!).toFixed(1)} %`;
  return `${head}   ${gib(e.peakBytes).padStart(8)} / ${gib(m.peak_rss_bytes).padEnd(8)} ${err.padStart(16)}   ${sec(e.buildS).padStart(6)} / ${sec(m.build_s).padEnd(8)}   ${sec(e.simS).padStart(6)} / ${sec(m.presim_s + m.sim_s).padEnd(8)}  ${m.machine_busy_fraction.toFixed(2)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const quick = process.argv.includes('--quick');
  const only = process.argv.indexOf('--only');
  const match = only >= 0 ? new RegExp(process.argv[only + 1] ?? '') : null;
  const configs = MEMORY_CONFIGS.filter((c) => (!quick || c.quick) && (!match || match.test(c.label)));
  console.log(`load average at start: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  await runMemoryBench(configs, console.log);
  console.log(`load average at end: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}
