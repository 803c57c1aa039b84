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
 *
 * After the engine runs, the memory table (./memory-bench.ts): the estimated peak RSS beside the
 * measured one for several scales and thread counts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type EngineBenchRow, ROOT, runEngine } from './engine-run.ts';
import { runKernelBench, type KernelResult } from './kernels.ts';
import { MEMORY_CONFIGS, runMemoryBench, type MemoryBenchResult } from './memory-bench.ts';
import { runStoreBench, type StoreBenchResult } from './store-bench.ts';
import { runFiguresBench, type FiguresBenchResult } from './figures-bench.ts';
import { runBatchBench, type BatchBenchResult } from './batch-bench.ts';

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

  const memory: MemoryBenchResult = await runMemoryBench(MEMORY_CONFIGS.filter((c) => !quick || c.quick), console.log);

  let store: StoreBenchResult | null = null;
  try {
    store = await runStoreBench(quick);
    console.log(`\nRun store queries (${store.description}):`);
    for (const q of store.queries) console.log(`  ${q.query.padEnd(60)} ${fmt(q.ms, 1).padStart(8)} ms  ${q.note ?? ''}`);
  } catch (e) {
    console.log(`\nRun store queries: not measured (${(e as Error).message})`);
  }

  let figures: FiguresBenchResult | null = null;
  try {
    figures = await runFiguresBench();
    console.log(`\nRun detail, series and figures (issue 15; ${figures.description}):`);
    for (const r of figures.rows) console.log(`  ${r.what.padEnd(72)} ${fmt(r.ms, 1).padStart(8)} ms${r.target_ms ? ` (target < ${r.target_ms} ms: ${r.ms < r.target_ms ? 'met' : 'NOT met'})` : ''}  ${r.note ?? ''}`);
  } catch (e) {
    console.log(`\nRun detail, series and figures: not measured (${(e as Error).message})`);
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
    memory,
    store,
    figures,
    batch,
    loadavg_end: os.loadavg(),
  };
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify(result, null, 2) + '\n');
  console.log(`\nwrote ${jsonPath}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
