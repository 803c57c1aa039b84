import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compareEnsembles, compareRuns } from '../../../engine/analysis/index.ts';
import { populationLayout } from '../../../engine/host/populations.ts';
import { defaultParams } from '../../../engine/params/presets.ts';
import { CompareError, compareStoredGroups, compareStoredRunSets, compareStoredRuns, formatComparison, NEST_PAIRS_BEYOND } from '../../../src-main/interop/run-comparison.ts';
import { importNestFolderSync } from '../../../src-main/interop/nest-import.ts';
import { NEST_YARDSTICK } from '../../../src-main/interop/yardstick-data.ts';
import { RunStoreError } from '../../../src-main/store/errors.ts';
import type { RunStore } from '../../../src-main/store/run-store.ts';
import { loadNestRun, referenceRunDir } from '../../validate/reference.ts';
import { removeDir, tempDir, writeRun } from '../store/helpers.ts';
import { syntheticChunks } from '../store/synthetic.ts';
import { openStore } from './helpers.ts';

// Each case reads reference data, spawns processes or fills a store: generous limits on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let dir: string;
let store: RunStore;
const ids: Record<string, number> = {};
const SEEDS = ['s1', 's2', 's3', 's4', 's5', 's6'];

beforeAll(() => {
  dir = tempDir('mcs-compare-');
  store = openStore(dir);
  ids.example = importNestFolderSync(store, referenceRunDir('example-reference-data')).run.id;
  for (const s of SEEDS) ids[s] = importNestFolderSync(store, referenceRunDir(`default_N0.1_K0.1_t1_${s}`)).run.id;
  // The seventh NEST seed run: seed 55 (the example's data are the same spikes under another engine name).
  ids.s55 = importNestFolderSync(store, referenceRunDir('default_N0.1_K0.1_t1_s55')).run.id;
  // Independent Poisson trains at NEST's mean rates: right rates, wrong irregularity (CV 1).
  const params = defaultParams();
  params.sim.rng_seed = 3;
  const pops = populationLayout(params);
  ids.poisson = writeRun(store, pops, syntheticChunks({ populations: pops, durationMs: 1500, seed: 11 }), { name: 'poisson', params }).id;
  const long = defaultParams();
  long.sim.t_sim = 2000;
  ids.long = writeRun(store, pops, syntheticChunks({ populations: pops, durationMs: 2500, seed: 12 }), { name: 'long', params: long }).id;
});
afterAll(() => {
  store.closeSync();
  removeDir(dir);
});

describe('compareStoredRuns: single runs', () => {
  it('the same spikes twice (the example\'s data and NEST 3.10 seed 55): D = 0 everywhere, and still no verdict from one seed each', () => {
    const s55 = ids.s55;
    const c = compareStoredRuns(store, ids.example, s55);
    expect(c.pairs).toHaveLength(1);
    expect(c.ensembles).toEqual([]);
    expect(c.groups).toEqual([[ids.example], [s55]]);
    const p = c.pairs[0];
    expect(p.comparison.rows).toHaveLength(24);
    expect(p.comparison.rows.every((r) => r.d === 0 && r.verdict === 'pass')).toBe(true);
    expect(p).toMatchObject({ verdict: 'undecided', standing: 'within' });
    expect(p.summary).toBe(
      `Runs ${ids.example} and ${s55}: one seed each cannot separate seed noise from a real difference (runs of the very same configuration ` +
        "with different seeds differ too). Against NEST's seed-to-seed spread at N = K = 0.1 (mean + 2 SD of D between NEST's 7 reference seeds; " +
        `context, not a verdict), all 24 KS distances lie within it (two of NEST's own seeds exceed it somewhere in ${NEST_PAIRS_BEYOND.beyond} of 21 pairs). ` +
        'Run each configuration with several seeds (5 or more) and compare the ensembles to judge them.',
    );
    expect(c.verdict).toBe(p.summary);
    expect(p.paramDiffs).toEqual([]);
    expect(c.runs[0].meanRatesHz.map((x) => x.toFixed(3))).toEqual(['0.402', '2.017', '3.880', '4.958', '6.575', '7.726', '0.831', '6.986']);
    expect(c.runs[0]).toMatchObject({ engine: 'NEST master@7c40d9e9a', paramsInferred: true, window: { t0Ms: 500, t1Ms: 1500 } });
    expect(c.yardstick.applies).toBe(true);
    expect(c.caveats.join('\n')).toMatch(/imported from NEST without a parameter file/);
    expect(c.nestMeanRateRangesHz[0]!.min).toBeCloseTo(0.402, 3);
  });

  it("NEST's own seeds exceed the fixed yardstick somewhere in about half of their pairs: why a single pair gets no verdict", () => {
    expect(NEST_PAIRS_BEYOND.pairs).toBe(21);
    expect(NEST_PAIRS_BEYOND.beyond).toBeGreaterThan(5);
  });

  it('two NEST seeds: the distances of the reference analysis, with the yardstick as context', () => {
    const c = compareStoredRuns(store, ids.s1, ids.s2);
    const want = compareRuns(
      loadNestRun(referenceRunDir('default_N0.1_K0.1_t1_s1')).values,
      loadNestRun(referenceRunDir('default_N0.1_K0.1_t1_s2')).values,
      NEST_YARDSTICK,
    );
    expect(c.pairs[0].comparison).toEqual(want);
    expect(c.pairs[0].comparison.rows[0].threshold).toBe(NEST_YARDSTICK.entries[0].threshold);
  });

  it('A against B and C: one comparison each, and an overall verdict naming each', () => {
    const c = compareStoredRuns(store, ids.s1, ids.s2, ids.poisson);
    expect(c.pairs.map((p) => [p.a, p.b])).toEqual([[[ids.s1], [ids.s2]], [[ids.s1], [ids.poisson]]]);
    expect(c.runs.map((r) => r.id)).toEqual([ids.s1, ids.s2, ids.poisson]);
    expect(c.pairs[1].paramDiffs).toEqual([{ path: 'sim.rng_seed', a: 55, b: 3 }]);
    expect(c.verdict.split('\n')).toHaveLength(2);
    expect(c.verdict).toMatch(new RegExp(`^Run ${ids.s1} vs run ${ids.poisson}: Runs ${ids.s1} and ${ids.poisson}: one seed each`, 'm'));
  });

  it('Poisson trains at the right rates lie far beyond NEST\'s seed-to-seed spread in their irregularity, and the summary says where', () => {
    const c = compareStoredRuns(store, ids.s3, ids.poisson);
    const p = c.pairs[0];
    expect(p).toMatchObject({ verdict: 'undecided', standing: 'beyond' });
    const failed = p.comparison.rows.filter((r) => r.verdict === 'fail');
    expect(failed.some((r) => r.statistic === 'cv_isi')).toBe(true);
    expect(p.summary).toMatch(new RegExp(`^Runs ${ids.s3} and ${ids.poisson}: one seed each cannot separate .* \\d+ of 24 KS distances lie beyond it .*CV ISI D = 0\\.\\d{3} > 0\\.\\d{3}`));
    const text = formatComparison(c);
    expect(text).toMatch(/^Run \d+: NEST import: default_N0\.1_K0\.1_t1_s3 \(NEST 3\.10\.0-post0\.dev0; N_scaling 0\.1, K_scaling 0\.1 assumed, seed 55; window \(500, 1500\] ms\)$/m);
    expect(text).toMatch(/^MEAN RATE \(spikes\/s\)\s+run \d+\s+run \d+\s+NEST seed range \(N = K = 0\.1\)$/m);
    expect(text).toMatch(/^L23E\s+0\.\d{3}\s+0\.\d{3}\s+0\.402-0\.543$/m);
    expect(text).toMatch(/^POP\s+RATES\s+CV ISI\s+CORRELATIONS$/m);
    expect(text).toMatch(/ beyond/);
    // The headline first; what one seed each can say in full below the table.
    expect(text.split('\n')[0]).toMatch(/^Verdict: One seed each cannot tell seed noise from a real difference; \d+ of 24 KS distances lie beyond NEST's seed-to-seed spread \(context, not a verdict: two of NEST's own seeds go beyond it somewhere in \d+ of 21 pairs\)\.$/);
    expect(text.split('\n')).toContain(p.summary);
    expect(text).toContain('Parameters, run ');
    expect(text).toMatch(/^Yardstick: NEST 3\.10\.0-post0\.dev0, 7 seeds at N_scaling 0\.1, K_scaling 0\.1, 1000-ms windows \(context for single-run pairs only\)\.$/m);
  });

  it('at another window the yardstick does not apply: distances only, no threshold, and it says why', () => {
    const c = compareStoredRuns(store, ids.poisson, ids.long);
    expect(c.yardstick.applies).toBe(false);
    const p = c.pairs[0];
    expect(p.standing).toBe('no-context');
    expect(p.comparison.rows.every((r) => Number.isNaN(r.threshold) && r.verdict === 'no-yardstick')).toBe(true);
    expect(p.summary).toMatch(/measured on NEST at N_scaling 0\.1, K_scaling 0\.1 over 1000-ms windows, so it cannot judge these runs/);
    expect(c.caveats.join(' ')).toMatch(/windows of different lengths \(1000 ms, 2000 ms\)/);
    expect(p.paramDiffs).toEqual([{ path: 'sim.t_sim', a: 1000, b: 2000 }, { path: 'sim.rng_seed', a: 3, b: 55 }]);
    expect(formatComparison(c)).toMatch(/KS distance D \(no yardstick at this scale\)/);
  });

  it('refuses runs that cannot be compared', () => {
    const pops = populationLayout(defaultParams());
    const running = writeRun(store, pops, syntheticChunks({ populations: pops, durationMs: 5 }), { end: 'running' });
    expect(() => compareStoredRuns(store, ids.s1, running.id)).toThrow(new CompareError(`run ${running.id} (test run) is running: only completed runs can be compared`));
    store.markFailedSync(running.id, 'test');
    expect(() => compareStoredRuns(store, ids.s1, ids.s1)).toThrow(/listed twice/);
    expect(() => compareStoredRuns(store, ids.s1, 9999)).toThrow(RunStoreError);
  });
});

describe('compareStoredGroups: ensembles', () => {
  it("NEST's seeds 3 against 4: the ensemble verdict of engine/analysis, group summaries, the text report", () => {
    const a = [ids.s1, ids.s2, ids.s3];
    const b = [ids.s4, ids.s5, ids.s6, ids.s55];
    const { comparison: c, runs } = compareStoredGroups(store, [a, b]);
    const values = (s: string) => loadNestRun(referenceRunDir(`default_N0.1_K0.1_t1_${s}`)).values;
    const want = compareEnsembles(['s1', 's2', 's3'].map(values), ['s4', 's5', 's6', 's55'].map(values));
    expect(c.pairs).toEqual([]);
    expect(c.ensembles).toHaveLength(1);
    expect(c.ensembles[0]).toMatchObject({ a, b, paramDiffs: [] });
    expect(c.ensembles[0].result).toEqual(want);
    expect(want.verdict).toBe('agree');
    expect(c.verdict).toBe(want.headline);
    expect(c.groupSummaries.map((g) => g.ids)).toEqual([a, b]);
    expect(c.groupSummaries[1].summary.populations[0].perSeed.rates.perRun).toHaveLength(4);
    expect(c.yardstick.applies).toBe(false);
    // Runs compared only as ensemble members carry no per-run values (the summaries do).
    expect(runs.map((r) => [r.id, r.values.length])).toEqual([...a, ...b].map((id) => [id, 0]));
    const text = formatComparison(c);
    expect(text).toMatch(/^Ensemble A: runs \d+, \d+ and \d+ \(NEST 3\.10\.0-post0\.dev0; N_scaling 0\.1, K_scaling 0\.1 assumed; seeds 55\?, 55\?, 55\?; window \(500, 1500\] ms\)$/m);
    expect(text).toMatch(/^MEAN RATE \(spikes\/s\)\s+A mean ± SD\s+B mean ± SD/m);
    expect(text.split('\n')[0]).toBe(`Verdict: ${want.headline}`);
    expect(text).toMatch(/^POP\s+STATISTIC\s+A MEAN ± SD\s+B MEAN ± SD\s+CHANGE \(95 % CI\)/m);
    expect(text).toMatch(/^L5E\s+rates\s+6\.\d+ ± 0\.\d+\s+6\.\d+ ± 0\.\d+\s+[+−]\d/m);
    expect(text).toMatch(/^Method: /m);
    expect(text).not.toMatch(/^Yardstick:/m);
  });

  it('our three seeds of Poisson trains against NEST\'s four: they differ, and the headline says where first', () => {
    const pops = populationLayout(defaultParams());
    const ours = [21, 22, 23].map((seed) => {
      const params = defaultParams();
      params.sim.rng_seed = seed;
      return writeRun(store, pops, syntheticChunks({ populations: pops, durationMs: 1500, seed }), { name: `poisson ${seed}`, params }).id;
    });
    const c = compareStoredRunSets(store, ours, [ids.s1, ids.s2, ids.s3, ids.s4]);
    const e = c.ensembles[0].result;
    expect(e.verdict).toBe('differ');
    // Poisson trains are more irregular than NEST's neurons wherever enough neurons fire for a CV ISI.
    const cv = e.rows.filter((r) => r.statistic === 'cv_isi' && r.verdict === 'differ').map((r) => r.population);
    expect(cv).toEqual(expect.arrayContaining(['L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6I']));
    expect(e.rows.find((r) => r.population === 'L5E' && r.statistic === 'cv_isi')!.change.ci95[1]).toBeLessThan(0);
    expect(c.verdict).toMatch(/^\d+ of 24 statistics differ beyond seed-to-seed variation \(3 and 4 seeds\); clearest: /);
    expect(() => compareStoredRunSets(store, [], [ids.s1])).toThrow(CompareError);
  });

  it('a single run against an ensemble, and several groups: each group with the first', () => {
    const { comparison: c } = compareStoredGroups(store, [[ids.s1, ids.s2, ids.s3], [ids.s4], [ids.s5, ids.s6]]);
    expect(c.ensembles.map((e) => [e.a, e.b])).toEqual([
      [[ids.s1, ids.s2, ids.s3], [ids.s4]],
      [[ids.s1, ids.s2, ids.s3], [ids.s5, ids.s6]],
    ]);
    // 3 v 1 and 3 v 2 seeds cannot show a difference: said, not hidden.
    expect(c.ensembles.every((e) => e.result.verdict === 'undecided')).toBe(true);
    expect(c.verdict.split('\n')).toHaveLength(2);
    expect(c.groupSummaries.map((g) => g.ids)).toEqual([[ids.s1, ids.s2, ids.s3], [ids.s5, ids.s6]]);
  });

  it('says when a group is not one configuration, or repeats a seed', () => {
    const pops = populationLayout(defaultParams());
    const mk = (seed: number, g: number) => {
      const params = defaultParams();
      params.sim.rng_seed = seed;
      params.net.g = g;
      return writeRun(store, pops, syntheticChunks({ populations: pops, durationMs: 1500, seed: 100 + seed }), { params }).id;
    };
    const group = [mk(1, -4), mk(1, -4), mk(2, -4.5)];
    const { comparison: c } = compareStoredGroups(store, [group, [ids.s1, ids.s2]]);
    expect(c.caveats).toContain(`Ensemble A is not one configuration: it differs from its first run ${group[0]} in net.g (run ${group[2]}: -4.5 vs -4).`);
    expect(c.caveats).toContain(`Runs ${group[0]} and ${group[1]} of ensemble A share the seed 1: the same configuration and seed give the same spikes, so they are not independent samples.`);
  });

  it('refuses empty groups and a run listed twice', () => {
    expect(() => compareStoredGroups(store, [[ids.s1], []])).toThrow(new CompareError('every group needs at least one run'));
    expect(() => compareStoredGroups(store, [[ids.s1, ids.s2], [ids.s2]])).toThrow(/run \d+ is listed twice/);
    expect(() => compareStoredGroups(store, [[ids.s1, ids.s2]])).toThrow(/at least two runs or groups/);
  });
});
