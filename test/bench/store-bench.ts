/**
 * Query timings of the run store on a full-scale run's worth of spikes (issue "Runs"): synthetic
 * Poisson spike trains of all 77,169 neurons at the PD14 full-scale rates, 1.5 s of model time,
 * stored in chunks as a run streams them; then the queries the UI makes.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { defaultParams, fullParams } from '../../engine/params/presets.ts';
import { RunStore } from '../../src-main/store/index.ts';
import { pd14Populations, syntheticChunks } from '../main/store/synthetic.ts';
import { summaryFor } from '../main/store/helpers.ts';
import { time } from './time.ts';

export interface StoreBenchResult {
  description: string;
  spikes: number;
  bytes_per_spike: number;
  queries: { query: string; ms: number; note?: string }[];
}

export async function runStoreBench(quick: boolean): Promise<StoreBenchResult> {
  void defaultParams;
  const dir = mkdtempSync(join(os.tmpdir(), 'mc-store-bench-'));
  const file = join(dir, 'runs.sqlite');
  try {
    const store = RunStore.openSync(file);
    const pops = pd14Populations(1);
    const durationMs = quick ? 500 : 1500;
    const run = store.createRunSync({ name: 'bench', params: fullParams(), engineName: 'microcircuit-engine', engineVersion: 'bench' });
    store.startRunSync(run.id, { populations: pops, threads: 2 });
    let spikes = 0;
    const [, writeMs] = time(() => {
      for (const chunk of syntheticChunks({ populations: pops, durationMs, chunkMs: 50, seed: 1 })) {
        store.appendSpikesSync(run.id, chunk);
        spikes += chunk.senders.length;
      }
    });
    store.markCompletedSync(run.id, summaryFor(pops, spikes));
    store.setStatsSync(run.id, { note: 'bench' });
    const queries: StoreBenchResult['queries'] = [];
    queries.push({ query: `append ${spikes} spikes in 50 ms chunks`, ms: writeMs });
    const t1 = durationMs;
    const [w1, a] = time(() => store.getSpikesSync(run.id, { t0Ms: Math.max(0, t1 - 1000), t1Ms: t1 }));
    queries.push({ query: 'spikes in a 1 s window, stride 1', ms: a, note: `${w1.senders.length} spikes` });
    const [w10, b] = time(() => store.getSpikesSync(run.id, { t0Ms: Math.max(0, t1 - 1000), t1Ms: t1, stride: 10 }));
    queries.push({ query: 'spikes in a 1 s window, stride 10', ms: b, note: `${w10.senders.length} spikes` });
    const [w2, c] = time(() => store.getSpikesSync(run.id, { t0Ms: t1 - 200, t1Ms: t1 }));
    queries.push({ query: 'spikes in a 200 ms window, stride 1', ms: c, note: `${w2.senders.length} spikes` });
    const [, d] = time(() => store.getSpikeCountsSync(run.id, { t0Ms: 0, t1Ms: t1 }));
    queries.push({ query: 'per-neuron spike counts over the whole run (77,169 neurons)', ms: d });
    const [, e] = time(() => store.getStatsSync(run.id));
    queries.push({ query: 'cached statistics', ms: e });
    for (let k = 0; k < 50; k++) store.createRunSync({ name: `filler ${k}`, params: defaultParams(), engineName: 'microcircuit-engine', engineVersion: 'bench' });
    const [list, f] = time(() => store.listRunsSync({ status: 'completed' }));
    queries.push({ query: 'run list filtered by status (51 runs)', ms: f, note: `${list.length} match` });
    store.closeSync();
    const bytes = statSync(file).size;
    return {
      description: `${spikes} synthetic spikes of 77,169 neurons at full-scale rates, ${durationMs} ms`,
      spikes,
      bytes_per_spike: bytes / spikes,
      queries: [...queries, { query: 'database file size per spike (all tables, indices, WAL checkpointed)', ms: NaN, note: `${(bytes / spikes).toFixed(2)} bytes/spike` }],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
