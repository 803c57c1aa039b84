/**
 * `npm run bench`: the engine's speed and memory, printed as a table and written as JSON.
 *
 * Every engine configuration runs in its own child process (`npm run simulate` with --out and
 * --no-db: no SQLite is loaded), so peak RSS is that run's alone. The machine's load is sampled
 * from /proc/stat during each run and reported next to it: timings on a busy machine are not
 * comparable.
 *
 *   npm run bench                 everything (full scale included: several minutes)
 *   npm run bench -- --quick      kernels and the N = K = 0.1 configurations only
 *   npm run bench -- --json FILE  where to write the JSON (default bench-results/bench.json)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { runKernelBench, type KernelResult } from './kernels.ts';
import { runStoreBench, type StoreBenchResult } from './store-bench.ts';
import { runBatchBench, type BatchBenchResult } from './batch-bench.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

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

async function runEngine(label: string, sets: string[], preset: 'default' | 'full'): Promise<EngineBenchRow> {
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

function nestReferenceSimS(): { sim_s_per_model_s: number; source: string } | null {
  for (const base of [join(ROOT, 'shared'), join(ROOT, '..', 'shared'), '/work/shared']) {
    try {
      const j = JSON.parse(readFileSync(join(base, 'reference', 'nest', 'default_N0.1_K0.1_t1_s55.json'), 'utf8'));
      return { sim_s_per_model_s: j.timing.phases_s.sim / (j.config.t_sim_ms / 1000), source: 'reference/nest/default_N0.1_K0.1_t1_s55.json' };
    } catch {
      // try the next place
    }
  }
  return null;
}

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const gib = (b: number) => (b / 2 ** 30).toFixed(2);

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const jsonIdx = argv.indexOf('--json');
  const jsonPath = resolve(jsonIdx >= 0 ? argv[jsonIdx + 1] : join(ROOT, 'bench-results', 'bench.json'));
  const cores = os.cpus().length;
  console.log(`Microcircuit Studio engine benchmark — ${os.cpus()[0]?.model.trim()} x${cores}, ${gib(os.totalmem())} GiB, Node ${process.versions.node}`);
  console.log(`load average at start: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);

  console.log('Kernels (per thread, JavaScript and WebAssembly):');
  const kernels: KernelResult[] = await runKernelBench();
  for (const k of kernels) console.log(`  ${k.kernel.padEnd(44)} ${k.impl.padEnd(12)} ${fmt(k.mPerS, 1).padStart(8)} M/s  ${k.note ?? ''}`);

  const configs: { label: string; preset: 'default' | 'full'; sets: string[] }[] = [
    { label: 'N=K=0.1, 1 thread (shipped example)', preset: 'default', sets: ['sim.local_num_threads=1'] },
    { label: 'N=K=0.1, 2 threads', preset: 'default', sets: ['sim.local_num_threads=2'] },
    { label: 'N=0.1 K=1, 1 thread', preset: 'full', sets: ['net.N_scaling=0.1', 'sim.local_num_threads=1', 'sim.t_presim=100', 'sim.t_sim=500'] },
    { label: 'N=0.1 K=1, 2 threads', preset: 'full', sets: ['net.N_scaling=0.1', 'sim.local_num_threads=2', 'sim.t_presim=100', 'sim.t_sim=500'] },
  ];
  if (!quick) {
    configs.push(
      { label: 'N=0.5 K=1, 2 threads', preset: 'full', sets: ['net.N_scaling=0.5', 'sim.local_num_threads=2', 'sim.t_presim=100', 'sim.t_sim=300'] },
      { label: 'full scale, 2 threads, 0.5 s + 1 s (target)', preset: 'full', sets: ['sim.local_num_threads=2'] },
    );
  }
  const rows: EngineBenchRow[] = [];
  console.log('\nEngine runs (each in its own process; Poisson input, spikes recorded):');
  console.log('  config                                          neurons    synapses  build s  sim s/model s  core-s/model s  events/s(wall)  peak RSS GiB  B/syn  busy  other-load');
  for (const c of configs) {
    const r = await runEngine(c.label, c.sets, c.preset);
    rows.push(r);
    const line = `  ${c.label.padEnd(46)} ${String(r.neurons).padStart(8)} ${String(r.synapses).padStart(11)} ${fmt(r.build_s).padStart(8)} ${fmt(r.sim_s_per_model_s).padStart(14)} ${fmt(r.core_s_per_model_s).padStart(15)} ${(r.synaptic_events_per_wall_s / 1e6).toFixed(1).padStart(13)}M ${gib(r.peak_rss_bytes).padStart(13)} ${fmt(r.bytes_per_synapse, 2).padStart(6)} ${fmt(r.machine_busy_fraction).padStart(5)} ${fmt(r.other_load_cores).padStart(10)}`;
    console.log(line);
    for (const w of r.worker_phases_s_per_model_s) {
      console.log(`      worker ${w.thread}: barrier ${fmt(w.barrier)}, queue events ${fmt(w.deliver)}, drain ${fmt(w.drain)}, update ${fmt(w.update)} s per model s`);
    }
  }

  const nest = nestReferenceSimS();
  const small = rows[0];
  const full = rows.find((r) => r.N_scaling === 1 && r.K_scaling === 1);
  const targets = {
    shipped_1thread_vs_nest: nest ? { ours_s_per_model_s: small.sim_s_per_model_s, nest_s_per_model_s: nest.sim_s_per_model_s, ratio: small.sim_s_per_model_s / nest.sim_s_per_model_s, target_ratio: 0.1, met: small.sim_s_per_model_s <= 0.1 * nest.sim_s_per_model_s } : null,
    full_scale: full
      ? {
          sim_s_per_model_s: full.sim_s_per_model_s, target_sim: 8, met_sim: full.sim_s_per_model_s <= 8,
          build_s: full.build_s, target_build: 15, met_build: full.build_s <= 15,
          peak_rss_gib: full.peak_rss_bytes / 2 ** 30, target_rss_gib: 4, met_rss: full.peak_rss_bytes <= 4 * 2 ** 30,
          bytes_per_synapse: full.bytes_per_synapse, target_bytes_per_synapse: 6,
        }
      : null,
  };
  console.log('\nTargets:');
  if (targets.shipped_1thread_vs_nest) {
    const t = targets.shipped_1thread_vs_nest;
    console.log(`  N=K=0.1, 1 thread: ${fmt(t.ours_s_per_model_s)} s per model s vs NEST ${fmt(t.nest_s_per_model_s)} (ratio ${fmt(t.ratio, 3)}, target <= 0.1): ${t.met ? 'met' : 'NOT met'}`);
  }
  if (targets.full_scale) {
    const t = targets.full_scale;
    console.log(`  full scale, 2 threads: sim ${fmt(t.sim_s_per_model_s)} s per model s (target <= 8): ${t.met_sim ? 'met' : 'NOT met'}; build ${fmt(t.build_s)} s (<= 15): ${t.met_build ? 'met' : 'NOT met'}; peak RSS ${fmt(t.peak_rss_gib)} GiB (<= 4): ${t.met_rss ? 'met' : 'NOT met'}; ${fmt(t.bytes_per_synapse)} bytes per synapse incl. row pointers (<= 6)`);
  } else console.log('  full scale: skipped (--quick)');

  let store: StoreBenchResult | null = null;
  try {
    store = await runStoreBench(quick);
    console.log(`\nRun store queries (${store.description}):`);
    for (const q of store.queries) console.log(`  ${q.query.padEnd(60)} ${fmt(q.ms, 1).padStart(8)} ms  ${q.note ?? ''}`);
  } catch (e) {
    console.log(`\nRun store queries: not measured (${(e as Error).message})`);
  }

  let batch: BatchBenchResult | null = null;
  try {
    batch = await runBatchBench();
    const b = batch;
    console.log(`\nBatches (${b.description}):`);
    console.log(`  ${b.runs} runs in ${fmt(b.sweep_wall_s, 1)} s (target about 60 s: ${b.target.met_sweep ? 'met' : 'NOT met'}); engine's own time ${fmt(b.engine_s, 1)} s`);
    console.log(`  overhead per run ${fmt(b.overhead_s_per_run)} s (target < 0.5 s: ${b.target.met_overhead ? 'met' : 'NOT met'}): host start ${fmt(b.host_start_s_mean)} s (hidden: a spare host starts during the run before), run start in the host ${fmt(b.run_start_s_mean)} s, end of a run (statistics, store) ${fmt(b.run_end_s_mean)} s`);
    console.log(`  statistics of the ${b.runs} runs loaded as the sweep table in ${fmt(b.table_load_ms, 1)} ms (target < 1000 ms: ${b.target.met_table ? 'met' : 'NOT met'}); database ${(b.database_bytes / 2 ** 20).toFixed(1)} MiB`);
  } catch (e) {
    console.log(`\nBatches: not measured (${(e as Error).message})`);
  }

  const result = {
    when: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model.trim(), cores, memory_bytes: os.totalmem(), node: process.versions.node, os: `${os.type()} ${os.release()}` },
    quick,
    kernels,
    engine: rows,
    nest_reference: nest,
    targets,
    store,
    batch,
    loadavg_end: os.loadavg(),
  };
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify(result, null, 2) + '\n');
  console.log(`\nwrote ${jsonPath}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
