/** The sweep table: mean ± SD over seeds per point and population, from each run's cached statistics; its CSV. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mean, std } from '../../../engine/analysis/descriptive.ts';
import type { PopulationStats } from '../../../engine/analysis/population-stats.ts';
import { STATISTICS } from '../../../engine/analysis/statistics.ts';
import { planBatch, runParams, type BatchPlan } from '../../../src-main/batches/plan.ts';
import { cachedRunStatsSync, SWEEP_STATISTICS, sweepTableSync } from '../../../src-main/batches/sweep-table.ts';
import { sweepTableCsv } from '../../../src-main/common/sweep-csv.ts';
import { RUN_STATS_VERSION, type RunStats } from '../../../src-main/runs/run-stats.ts';
import { type BatchStore } from '../../../src-main/store/batch-store.ts';
import type { RunStore } from '../../../src-main/store/run-store.ts';
import { summaryFor, tempBatchStore, writeRun } from '../store/helpers.ts';
import { pd14Populations, syntheticChunks } from '../store/synthetic.ts';

let store: RunStore;
let batches: BatchStore;
let cleanup: () => void;

beforeEach(() => {
  ({ store, batches, cleanup } = tempBatchStore('mcs-sweep-table-'));
});

afterEach(() => cleanup());

const pops = pd14Populations(0.02);

/** Cached statistics with the given per-population summaries (the rest of the block is not read by the table). */
function stats(rate: number, cv: number, corr: number): RunStats {
  const block = (k: number) => ({ rate_mean_hz: rate * (k + 1), cv_isi: { mean: cv }, corr_2ms: { mean: corr } }) as unknown as PopulationStats;
  return { version: RUN_STATS_VERSION, window: { t0Ms: 50, t1Ms: 150 }, populations: Object.fromEntries(pops.map((p, k) => [p.name, block(k)])), network: {} as RunStats['network'] };
}

function linkedRun(plan: BatchPlan, batchId: number, point: number, seedIndex: number, s: RunStats | null, end: 'completed' | 'failed' = 'completed'): number {
  const r = store.createRunSync({ name: `p${point}s${seedIndex}`, params: runParams(plan, point, seedIndex), engineName: 'e', engineVersion: '1' });
  batches.linkRunSync(batchId, point, seedIndex, r.id);
  store.startRunSync(r.id, { populations: pops });
  if (end === 'failed') {
    store.markFailedSync(r.id, 'it broke');
    return r.id;
  }
  store.markCompletedSync(r.id, summaryFor(pops, 0));
  if (s) store.setStatsSync(r.id, s);
  return r.id;
}

describe('the sweep table', () => {
  it('gives mean ± sample SD over seeds of every statistic per point and population; failed and missing runs do not count', () => {
    const { plan } = planBatch({ base: { set: ['net.N_scaling=0.02'] }, vary: [{ path: 'net.g', values: [-4, -5, -6] }], seeds: { count: 3 } });
    const b = batches.createBatchSync(plan);
    const ids = [linkedRun(plan, b.id, 0, 0, stats(1, 0.8, 0.01)), linkedRun(plan, b.id, 0, 1, stats(2, 0.9, Number.NaN)), linkedRun(plan, b.id, 0, 2, stats(4, 1.0, 0.03))];
    linkedRun(plan, b.id, 1, 0, stats(5, 0.5, 0.02));
    linkedRun(plan, b.id, 1, 1, null, 'failed');
    const t = sweepTableSync(store, batches, b.id);
    expect(t.axes).toEqual([{ path: 'net.g', values: [-4, -5, -6] }]);
    expect(t.seeds).toEqual([55, 56, 57]);
    expect(t.populations).toEqual(pops.map((p) => p.name));
    expect(t.statistics.map((s) => [s.key, s.column, s.unit])).toEqual([
      ['rate_mean', 'rate_hz', STATISTICS.rate_mean.unit],
      ['cv_isi', 'cv_isi', STATISTICS.cv_isi.unit],
      ['corr_2ms', 'corr', STATISTICS.corr_2ms.unit],
    ]);
    const [p0, p1, p2] = t.points;
    expect(p0).toMatchObject({ point: 0, values: [-4], runIds: ids, completedRuns: 3, failedRuns: 0 });
    const l23i = p0.populations[1];
    expect(l23i.name).toBe('L23I');
    // L23I's rates are twice the given numbers: 2, 4, 8.
    expect(l23i.stats.rate_hz).toEqual({ mean: mean([2, 4, 8]), sd: std([2, 4, 8], 1), n: 3 });
    expect(l23i.stats.rate_hz.sd).toBeCloseTo(Math.sqrt(((2 - 14 / 3) ** 2 + (4 - 14 / 3) ** 2 + (8 - 14 / 3) ** 2) / 2), 12);
    expect(l23i.stats.cv_isi.mean).toBeCloseTo(0.9, 12);
    // A NaN (no pairs) is not a value.
    expect(l23i.stats.corr).toEqual({ mean: 0.02, sd: std([0.01, 0.03], 1), n: 2 });
    expect(p1).toMatchObject({ completedRuns: 1, failedRuns: 1, runIds: [expect.any(Number), expect.any(Number), null] });
    expect(p1.populations[0].stats.rate_hz).toEqual({ mean: 5, sd: null, n: 1 });
    expect(p2).toMatchObject({ completedRuns: 0, populations: [], runIds: [null, null, null] });

    const csv = sweepTableCsv(t).split('\n');
    expect(csv[0]).toBe('point,net.g,population,n_runs,rate_hz_mean,rate_hz_sd,cv_isi_mean,cv_isi_sd,corr_mean,corr_sd');
    expect(csv[2]).toBe(`0,-4,L23I,3,${mean([2, 4, 8])},${std([2, 4, 8], 1)},${mean([0.8, 0.9, 1])},${std([0.8, 0.9, 1], 1)},0.02,${std([0.01, 0.03], 1)}`);
    expect(csv[9]).toBe('1,-5,L23E,1,5,,0.5,,0.02,');
    expect(csv).toHaveLength(1 + 16 + 1); // header, 2 points × 8 populations, final newline
    expect(SWEEP_STATISTICS.map((s) => s.label)).toEqual(['Mean rate', 'Mean CV ISI', 'Mean correlation']);
  });

  it("computes and caches a completed run's statistics from its spikes when they are missing", () => {
    const { plan } = planBatch({ base: { set: ['net.N_scaling=0.02', 'sim.t_presim=50', 'sim.t_sim=100'] }, seeds: { count: 2 } });
    const b = batches.createBatchSync(plan);
    const ids = [0, 1].map((k) => {
      const r = writeRun(store, pops, syntheticChunks({ populations: pops, durationMs: 150, chunkMs: 50, seed: k + 1 }), { params: runParams(plan, 0, k) });
      batches.linkRunSync(b.id, 0, k, r.id);
      return r.id;
    });
    expect(ids.map((id) => store.getRunSync(id).hasStats)).toEqual([false, false]);
    const t = sweepTableSync(store, batches, b.id);
    expect(ids.map((id) => store.getRunSync(id).hasStats)).toEqual([true, true]);
    const cached = ids.map((id) => cachedRunStatsSync(store, id)!);
    for (const [i, name] of t.populations.entries()) {
      const rates = cached.map((s) => s.populations[name].rate_mean_hz);
      expect(t.points[0].populations[i].stats.rate_hz).toEqual({ mean: mean(rates), sd: std(rates, 1), n: 2 });
      expect(rates[0]).toBeGreaterThan(0);
    }
    // Statistics of an older version are computed again.
    store.setStatsSync(ids[0], { ...cached[0], version: 0 });
    expect(cachedRunStatsSync(store, ids[0])).toEqual(cached[0]);
    expect((store.getStatsSync(ids[0]) as RunStats).version).toBe(RUN_STATS_VERSION);
  });
});
