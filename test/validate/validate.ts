/**
 * `npm run validate`: the checks too slow for CI (validation.md).
 *
 *  1. The shipped configuration (N = K = 0.1) with several seeds against NEST's seven seed runs:
 *     KS distances of rates, CV ISI and correlations per population against the NEST-vs-NEST
 *     yardstick (mean + 2 SD), and mean rates against NEST's seed-to-seed spread.
 *  2. Full scale (N = K = 1, 2 threads, 0.5 s + 1 s) against NEST's full-scale run: mean rates and
 *     KS distances. There is one NEST full-scale run, so there is no full-scale yardstick: the
 *     distances are judged against the 0.1-scale yardstick, which is looser than a full-scale one
 *     would be (larger populations give smaller seed-to-seed distances) — read them as a report.
 *
 *   npm run validate                 both
 *   npm run validate -- --no-full    only the shipped configuration
 *   npm run validate -- --seeds 5    number of our seeds (default 5)
 *   npm run validate -- --full-seeds 3   number of our full-scale seeds (default 3)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { compareRunSets, DISTRIBUTION_KEYS, formatYardstick, statisticDistance } from '../../engine/analysis/index.ts';
import { loadNestRun, NEST_SEED_RUNS, nestYardstick, referenceRunDir } from './reference.ts';
import { runOurs, type OurRun } from './ours.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const noFull = argv.includes('--no-full');
  const si = argv.indexOf('--seeds');
  const nSeeds = si >= 0 ? Number(argv[si + 1]) : 5;
  const seeds = [55, 1, 2, 3, 4, 5, 6, 7, 8, 9].slice(0, Math.max(1, Math.min(10, nSeeds)));
  const report: Record<string, unknown> = { when: new Date().toISOString(), machine: `${os.cpus()[0]?.model.trim()} x${os.cpus().length}` };

  console.log(`1. Shipped configuration (N = K = 0.1), our seeds ${seeds.join(', ')} vs NEST's ${NEST_SEED_RUNS.length} seed runs`);
  const yardstick = nestYardstick();
  console.log(formatYardstick(yardstick));
  const ours: OurRun[] = [];
  for (const seed of seeds) {
    const r = await runOurs('default', [`sim.rng_seed=${seed}`, 'sim.local_num_threads=2']);
    console.log(`  seed ${seed}: rates ${r.outcome.summary.rates_hz.map((x) => x.toFixed(3)).join(' ')}  (${r.wallS.toFixed(1)} s)`);
    ours.push(r);
  }
  const nestRuns = NEST_SEED_RUNS.map((n) => loadNestRun(referenceRunDir(n)));
  const cmp = compareRunSets(ours.map((o) => o.analysis.values), nestRuns.map((n) => n.values), yardstick);
  for (const row of cmp.rows) console.log(`  ${row.verdict === 'pass' ? 'ok  ' : 'FAIL'} ${row.text}`);
  const names = Object.keys(nestRuns[0].analysis.populations);
  const rateRows = names.map((name, i) => {
    const nest = nestRuns.map((n) => n.analysis.populations[name].rate_mean_hz);
    const m = nest.reduce((a, b) => a + b, 0) / nest.length;
    const sd = Math.sqrt(nest.reduce((a, b) => a + (b - m) ** 2, 0) / (nest.length - 1));
    const mine = ours.map((o) => o.outcome.summary.rates_hz[i]);
    const mm = mine.reduce((a, b) => a + b, 0) / mine.length;
    return { population: name, ours_mean_hz: mm, nest_mean_hz: m, nest_sd_hz: sd, nest_min_hz: Math.min(...nest), nest_max_hz: Math.max(...nest) };
  });
  console.log('  mean rates (spikes/s): population  ours  NEST mean ± SD [min, max]');
  for (const r of rateRows) console.log(`    ${r.population.padEnd(6)} ${r.ours_mean_hz.toFixed(3)}  ${r.nest_mean_hz.toFixed(3)} ± ${r.nest_sd_hz.toFixed(3)} [${r.nest_min_hz.toFixed(3)}, ${r.nest_max_hz.toFixed(3)}]`);
  console.log(`  verdict: ${cmp.pass ? 'all 24 population x statistic distances within the NEST-vs-NEST yardstick' : `${cmp.problems.length} outside: ${cmp.problems.join('; ')}`}`);
  report.shipped = { seeds, pass: cmp.pass, rows: cmp.rows, rates: rateRows };

  if (!noFull) {
    const fi = argv.indexOf('--full-seeds');
    const fullSeeds = [55, 1, 2, 3, 4].slice(0, Math.max(1, Math.min(5, fi >= 0 ? Number(argv[fi + 1]) : 3)));
    console.log(`\n2. Full scale (N = K = 1), 2 threads, 0.5 s + 1 s, our seeds ${fullSeeds.join(', ')}, vs NEST full_N1_K1_t4_s55`);
    const nest = loadNestRun(referenceRunDir('full_N1_K1_t4_s55'));
    const published = [0.94, 3.03, 4.37, 5.88, 7.73, 8.66, 1.1, 7.85];
    const runs: OurRun[] = [];
    const perSeed: unknown[] = [];
    for (const seed of fullSeeds) {
      const r = await runOurs('full', [`sim.rng_seed=${seed}`, 'sim.local_num_threads=2']);
      runs.push(r);
      const s = r.outcome.summary;
      console.log(`  seed ${seed}: build ${s.timings_s.build.toFixed(1)} s, presim ${s.timings_s.presim.toFixed(1)} s, sim ${s.timings_s.sim.toFixed(1)} s, peak RSS ${(s.peak_rss_bytes / 2 ** 30).toFixed(2)} GiB`);
      console.log('    population  ours   NEST s55  published NEST 3.x   D rates  D CV ISI  D corr');
      const rows = r.analysis.values.map((d, i) => {
        const n = nest.values[i];
        const ds = DISTRIBUTION_KEYS.map((st) => statisticDistance(st, d, n));
        const nestRate = nest.analysis.populations[d.name].rate_mean_hz;
        console.log(`      ${d.name.padEnd(8)} ${s.rates_hz[i].toFixed(3)}  ${nestRate.toFixed(3)}     ${published[i].toFixed(2)}             ${ds.map((x) => x.toFixed(3).padStart(7)).join('  ')}`);
        return { population: d.name, ours_hz: s.rates_hz[i], nest_hz: nestRate, published_hz: published[i], d_rates: ds[0], d_cv_isi: ds[1], d_corr: ds[2] };
      });
      perSeed.push({ seed, summary: s, rows });
    }
    // Mean distance over our seeds (one NEST run), judged against the 0.1-scale yardstick: there is
    // no full-scale yardstick, and the 0.1-scale one is looser than a full-scale one would be.
    const set = compareRunSets(runs.map((o) => o.analysis.values), [nest.values], yardstick);
    for (const row of set.rows) console.log(`  ${row.verdict === 'pass' ? 'ok  ' : 'over'} ${row.text} (mean over ${fullSeeds.length} seeds, 0.1-scale yardstick)`);
    console.log(`  verdict: ${set.pass ? `all 24 mean distances within the 0.1-scale yardstick` : `${set.problems.length} outside: ${set.problems.join('; ')}`}`);
    report.full = { seeds: fullSeeds, per_seed: perSeed, judged_against_0_1_yardstick: set.rows, pass: set.pass };
  }
  const out = join(ROOT, 'bench-results', 'validate.json');
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  console.log(`\nwrote ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
