/**
 * One engine configuration run for the benchmark: `npm run simulate` in a child process (with --out
 * and --no-db: no SQLite is loaded), so that its peak RSS is that run's alone, with the machine's
 * load sampled from /proc/stat around it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import type { ParamSet } from '../../engine/params/types.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');

interface CpuSample {
  busy: number;
  total: number;
}

function cpuSample(): CpuSample {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = line[3] + (line[4] ?? 0);
  const total = line.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export interface EngineBenchRow {
  /** The parameters the run used (params.json of its output folder). */
  params: ParamSet;
  label: string;
  N_scaling: number;
  K_scaling: number;
  threads: number;
  t_presim_ms: number;
  t_sim_ms: number;
  neurons: number;
  synapses: number;
  build_s: number;
  presim_s: number;
  sim_s: number;
  /** Wall-clock seconds of simulation per second of model time (the real-time factor). */
  sim_s_per_model_s: number;
  core_s_per_model_s: number;
  synaptic_events_per_model_s: number;
  synaptic_events_per_wall_s: number;
  peak_rss_bytes: number;
  bytes_per_synapse: number;
  rates_hz: number[];
  /** Busy fraction of the whole machine during the run (1 = all cores busy) and the part not ours. */
  machine_busy_fraction: number;
  other_load_cores: number;
  loadavg_before: number[];
  loadavg_after: number[];
  /** Per worker (2+ threads only), over presimulation and simulation. */
  worker_phases_s_per_model_s: WorkerPhases[];
}

export async function runEngine(label: string, sets: string[], preset: 'default' | 'full'): Promise<EngineBenchRow> {
  const out = mkdtempSync(join(os.tmpdir(), 'mc-bench-'));
  const args = [join(ROOT, 'src-main', 'cli', 'simulate.ts'), '--preset', preset, '--out', out, '--quiet', '--no-db', ...sets.flatMap((s) => ['--set', s])];
  const load0 = os.loadavg();
  const c0 = cpuSample();
  const t0 = Date.now();
  // MICROCIRCUIT_PROFILE=1: each worker reports where its time went (engine/sim/worker.ts).
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MICROCIRCUIT_PROFILE: '1' } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  const code: number = await new Promise((r) => child.on('exit', (c) => r(c ?? 1)));
  const wall = (Date.now() - t0) / 1000;
  const c1 = cpuSample();
  const load1 = os.loadavg();
  if (code !== 0) throw new Error(`${label}: simulate exited with ${code}: ${stderr}`);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  const workers: WorkerPhases[] = [];
  for (const m of stderr.matchAll(/\[worker (\d+)\] s per model s: barrier ([\d.]+), deliver ([\d.]+), drain ([\d.]+), update ([\d.]+)/g)) {
    workers.push({ thread: Number(m[1]), barrier: Number(m[2]), deliver: Number(m[3]), drain: Number(m[4]), update: Number(m[5]) });
  }
  workers.sort((a, b) => a.thread - b.thread);
  const params = JSON.parse(readFileSync(join(out, 'params.json'), 'utf8'));
  rmSync(out, { recursive: true, force: true });
  const usage = process.resourceUsage; // our own process is idle while the child runs
  void usage;
  const cores = os.cpus().length;
  const busyFraction = (c1.busy - c0.busy) / Math.max(1, c1.total - c0.total);
  const simModelS = params.sim.t_sim / 1000;
  const totalModelS = (params.sim.t_sim + params.sim.t_presim) / 1000;
  const threads = summary.threads as number;
  const usedCores = Math.min(threads, cores);
  const events = (summary.synaptic_events as number) ?? NaN;
  const simWall = summary.timings_s.presim + summary.timings_s.sim;
  return {
    label,
    params,
    N_scaling: params.net.N_scaling,
    K_scaling: params.net.K_scaling,
    threads,
    t_presim_ms: params.sim.t_presim,
    t_sim_ms: params.sim.t_sim,
    neurons: summary.num_neurons,
    synapses: summary.num_synapses,
    build_s: summary.timings_s.build,
    presim_s: summary.timings_s.presim,
    sim_s: summary.timings_s.sim,
    sim_s_per_model_s: summary.timings_s.sim / simModelS,
    core_s_per_model_s: (summary.timings_s.sim / simModelS) * usedCores,
    synaptic_events_per_model_s: events / totalModelS,
    synaptic_events_per_wall_s: events / simWall,
    peak_rss_bytes: summary.peak_rss_bytes,
    bytes_per_synapse: (summary.synapse_bytes ?? NaN) / summary.num_synapses,
    rates_hz: summary.rates_hz,
    machine_busy_fraction: busyFraction,
    other_load_cores: Math.max(0, busyFraction * cores - Math.min(usedCores, cores) * Math.min(1, (summary.timings_s.build + simWall) / wall)),
    loadavg_before: load0,
    loadavg_after: load1,
    worker_phases_s_per_model_s: workers,
  };
}

/** Seconds per second of model time one worker spent waiting at the step barrier, queueing events, draining them, updating neurons. */
export interface WorkerPhases {
  thread: number;
  barrier: number;
  deliver: number;
  drain: number;
  update: number;
}
