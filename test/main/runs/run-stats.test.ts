/** The one path from a stored run to engine/analysis (src-main/runs/run-stats.ts), on a real store. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PopulationInfo, SpikeChunk } from '../../../engine/api.ts';
import { analyzeRun, SpikeAccumulator, splitByPopulation } from '../../../engine/analysis/index.ts';
import { populationLayout } from '../../../engine/host/populations.ts';
import { defaultParams } from '../../../engine/params/presets.ts';
import type { ParamSet } from '../../../engine/params/types.ts';
import { analysisWindow, analyzeStoredRunSync, computeRunStatsSync, storedRunSpikesSync } from '../../../src-main/runs/run-stats.ts';
import { RunStore } from '../../../src-main/store/run-store.ts';
import { removeDir, tempDir, writeRun } from '../store/helpers.ts';
import { syntheticChunks } from '../store/synthetic.ts';

let dir: string;
let store: RunStore;

beforeAll(() => {
  dir = tempDir('mcs-run-stats-');
  store = RunStore.openSync(path.join(dir, 'runs.sqlite'));
});
afterAll(() => {
  store.closeSync();
  removeDir(dir);
});

/** A stored run of Poisson trains over (0, t_presim + t_sim], and the chunks it was written from. */
function storedRun(tPresimMs: number, tSimMs: number, seed: number): { id: number; params: ParamSet; pops: PopulationInfo[]; chunks: SpikeChunk[] } {
  const params = defaultParams();
  params.sim.t_presim = tPresimMs;
  params.sim.t_sim = tSimMs;
  const pops = populationLayout(params);
  const chunks = [...syntheticChunks({ populations: pops, durationMs: tPresimMs + tSimMs, seed })];
  const { id } = writeRun(store, pops, chunks, { params });
  return { id, params, pops, chunks };
}

describe('a stored run read back for analysis', () => {
  it('its spikes per population, as engine/analysis takes them, and the same analysis as of the spikes written', () => {
    const run = storedRun(100, 400, 3);
    const window = analysisWindow(run.params);
    expect(window).toEqual({ t0Ms: 100, t1Ms: 500 });
    const pops = storedRunSpikesSync(store, run.id, window);
    expect(pops.map((p) => p.name)).toEqual(run.pops.map((p) => p.name));

    const acc = new SpikeAccumulator();
    for (const c of run.chunks) acc.pushSteps(c.senders, c.steps, 0.1);
    const all = acc.finish();
    const written = splitByPopulation(all.senders, all.timesMs, run.pops);
    const inWindow = (t: number): boolean => t >= window.t0Ms && t <= window.t1Ms;
    pops.forEach((p, i) => {
      expect(p.timesMs.every(inWindow)).toBe(true);
      expect(p.timesMs.length).toBe(written[i].timesMs.filter(inWindow).length);
    });

    const analysis = analyzeStoredRunSync(store, run.id, run.params);
    expect(analysis).toEqual(analyzeRun(written, window));
    expect(analysis.values[2].distributions.rates.length).toBe(run.pops[2].lastId - run.pops[2].firstId + 1);
  });

  it('statistics of a window that is not a whole number of bins (t_sim = 1001 ms)', () => {
    const run = storedRun(50, 1001, 4);
    const stats = computeRunStatsSync(store, run.id, run.params);
    expect(stats?.window).toEqual({ t0Ms: 50, t1Ms: 1051 });
    expect(stats?.populations.L4E.pop_rate_10ms_bins_hz).toHaveLength(100);
    expect(stats?.populations.L4E.corr_2ms.n_pairs).toBeGreaterThan(0);
    expect(Number.isFinite(stats?.network.network_pop_count_1ms_fano_factor)).toBe(true);
  });

  it('no statistics without a spike recorder', () => {
    const run = storedRun(10, 20, 5);
    expect(computeRunStatsSync(store, run.id, { ...run.params, sim: { ...run.params.sim, rec_dev: [] } })).toBeNull();
  });
});
