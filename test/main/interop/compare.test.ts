import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compareRuns, compareRunSets } from '../../../engine/analysis/index.ts';
import { populationLayout } from '../../../engine/host/populations.ts';
import { defaultParams } from '../../../engine/params/presets.ts';
import { CompareError, compareStoredRunSets, compareStoredRuns, formatComparison } from '../../../src-main/interop/compare.ts';
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

describe('compareStoredRuns', () => {
  it('the same spikes twice (the example\'s data and NEST 3.10 seed 55): D = 0 everywhere, they agree', () => {
    const s55 = importNestFolderSync(store, referenceRunDir('default_N0.1_K0.1_t1_s55')).run.id;
    const c = compareStoredRuns(store, ids.example, s55);
    expect(c.pairs).toHaveLength(1);
    const p = c.pairs[0];
    expect(p.comparison.rows).toHaveLength(24);
    expect(p.comparison.rows.every((r) => r.d === 0 && r.verdict === 'pass')).toBe(true);
    expect(p.verdict).toBe('agree');
    expect(p.summary).toBe(
      `Runs ${ids.example} and ${s55} agree as closely as NEST runs with different seeds do: all 24 KS distances ` +
        '(8 populations × rates, CV ISI, correlations) are within NEST\'s seed-to-seed spread (mean + 2 SD).',
    );
    expect(p.paramDiffs).toEqual([]);
    expect(c.runs[0].meanRatesHz.map((x) => x.toFixed(3))).toEqual(['0.402', '2.017', '3.880', '4.958', '6.575', '7.726', '0.831', '6.986']);
    expect(c.runs[0]).toMatchObject({ engine: 'NEST master@7c40d9e9a', paramsInferred: true, window: { t0Ms: 500, t1Ms: 1500 } });
    expect(c.yardstick.applies).toBe(true);
    expect(c.caveats.join('\n')).toMatch(/imported from NEST without a parameter file/);
    expect(c.caveats.join('\n')).toMatch(/at least 3 seeds per side/);
    expect(c.nestMeanRateRangesHz[0]!.min).toBeCloseTo(0.402, 3);
  });

  it('two NEST seeds: the distances of the reference analysis, judged by the NEST-vs-NEST yardstick', () => {
    const c = compareStoredRuns(store, ids.s1, ids.s2);
    const want = compareRuns(
      loadNestRun(referenceRunDir('default_N0.1_K0.1_t1_s1')).distributions,
      loadNestRun(referenceRunDir('default_N0.1_K0.1_t1_s2')).distributions,
      NEST_YARDSTICK,
    );
    expect(c.pairs[0].comparison).toEqual(want);
    expect(c.pairs[0].comparison.rows[0].threshold).toBe(NEST_YARDSTICK.entries[0].threshold);
  });

  it('A against B and C: one comparison each, and an overall verdict', () => {
    const c = compareStoredRuns(store, ids.s1, ids.s2, ids.poisson);
    expect(c.pairs.map((p) => [p.a, p.b])).toEqual([[[ids.s1], [ids.s2]], [[ids.s1], [ids.poisson]]]);
    expect(c.runs.map((r) => r.id)).toEqual([ids.s1, ids.s2, ids.poisson]);
    expect(c.pairs[1].paramDiffs).toEqual([{ path: 'sim.rng_seed', a: 55, b: 3 }]);
    expect(c.verdict).toMatch(new RegExp(`of 2 comparisons agree within NEST's seed-to-seed spread; .*run ${ids.poisson} differs`));
  });

  it('Poisson trains at the right rates differ from NEST in their irregularity, and the verdict says where', () => {
    const c = compareStoredRuns(store, ids.s3, ids.poisson);
    const p = c.pairs[0];
    expect(p.verdict).toBe('differ');
    const failed = p.comparison.rows.filter((r) => r.verdict === 'fail');
    expect(failed.some((r) => r.statistic === 'cv_isi')).toBe(true);
    expect(p.summary).toMatch(new RegExp(`^Runs ${ids.s3} and ${ids.poisson} differ more than NEST runs with different seeds do in \\d+ of 24 statistics: .*CV ISI \\(D = 0\\.\\d{3} > 0\\.\\d{3}\\)`));
    const text = formatComparison(c);
    expect(text).toMatch(/^Run \d+: NEST import: default_N0\.1_K0\.1_t1_s3 \(NEST 3\.10\.0-post0\.dev0; N_scaling 0\.1, K_scaling 0\.1 assumed, seed 55; window \(500, 1500\] ms\)$/m);
    expect(text).toMatch(/^MEAN RATE \(1\/s\)\s+run \d+\s+run \d+\s+NEST seed range$/m);
    expect(text).toMatch(/^L23E\s+0\.\d{3}\s+0\.\d{3}\s+0\.402-0\.543$/m);
    expect(text).toMatch(/^POP\s+RATES\s+CV ISI\s+CORRELATIONS$/m);
    expect(text).toMatch(/ DIFF/);
    expect(text).toContain(`Verdict: ${p.summary}`);
    expect(text).toContain('Parameters, run ');
    expect(text).toMatch(/^Yardstick: NEST 3\.10\.0-post0\.dev0, 7 seeds at N_scaling 0\.1, K_scaling 0\.1, 1000-ms windows\.$/m);
  });

  it('says when the yardstick does not fit the runs (a longer window)', () => {
    const c = compareStoredRuns(store, ids.poisson, ids.long);
    expect(c.yardstick.applies).toBe(false);
    expect(c.caveats[0]).toMatch(new RegExp(`run ${ids.long} has N_scaling 0\\.1, K_scaling 0\\.1, a 2000-ms window.*lenient`));
    expect(c.pairs[0].paramDiffs).toEqual([{ path: 'sim.t_sim', a: 1000, b: 2000 }, { path: 'sim.rng_seed', a: 3, b: 55 }]);
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

describe('compareStoredRunSets', () => {
  it('three NEST seeds against three others: the mean D over the nine pairs; NEST agrees with itself', () => {
    const a = [ids.s1, ids.s2, ids.s3];
    const b = [ids.s4, ids.s5, ids.s6];
    const c = compareStoredRunSets(store, a, b);
    const dist = (s: string) => loadNestRun(referenceRunDir(`default_N0.1_K0.1_t1_${s}`)).distributions;
    expect(c.pairs[0].comparison).toEqual(compareRunSets(['s1', 's2', 's3'].map(dist), ['s4', 's5', 's6'].map(dist), NEST_YARDSTICK));
    expect(c.pairs[0].verdict).toBe('agree');
    expect(c.pairs[0].summary).toMatch(/^Runs \d+, \d+ and \d+ and runs \d+, \d+ and \d+ agree as closely as NEST runs with different seeds do/);
    expect(c.caveats.some((x) => /at least 3 seeds per side/.test(x))).toBe(false);
    expect(formatComparison(c)).toMatch(/^runs \d+, \d+ and \d+ vs runs \d+, \d+ and \d+: KS distance D/m);
  });

  it('our three seeds of Poisson trains against NEST\'s: they differ', () => {
    const pops = populationLayout(defaultParams());
    const ours = [21, 22, 23].map((seed) => {
      const params = defaultParams();
      params.sim.rng_seed = seed;
      return writeRun(store, pops, syntheticChunks({ populations: pops, durationMs: 1500, seed }), { name: `poisson ${seed}`, params }).id;
    });
    const c = compareStoredRunSets(store, ours, [ids.s1, ids.s2, ids.s3]);
    expect(c.pairs[0].verdict).toBe('differ');
    expect(() => compareStoredRunSets(store, [], [ids.s1])).toThrow(CompareError);
  });
});
