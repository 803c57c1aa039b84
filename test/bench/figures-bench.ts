/**
 * Issue 15's speed targets, measured (never asserted in tests): on a full-scale run's worth of
 * synthetic spikes (77,169 neurons at the PD14 full-scale rates, t_presim 500 ms + t_sim 1000 ms):
 * - the run detail's data requests through the services' dispatcher, as the page makes them when
 *   it opens the run (runs.get, runs.spikes of the first second at the default stride, runs.counts,
 *   runs.distributions, runs.activity, runs.spectrum): target under 1 s in all;
 * - the activity and spectra of 8 populations from spikes in memory: target under 200 ms;
 * - the SVG of a million-spike raster: target under 2 s.
 * Run alone: node test/bench/figures-bench.ts; `npm run bench` includes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { SERIES } from '../../engine/analysis/series.ts';
import { populationSize } from '../../engine/analysis/spikes.ts';
import { rasterFigure } from '../../src-main/common/figures/raster.ts';
import type { Method } from '../../src-main/contract.ts';
import { storedRunSpikesSync } from '../../src-main/runs/run-stats.ts';
import { createServices } from '../../src-main/services/services.ts';
import { RunStore } from '../../src-main/store/index.ts';
import { writeFullScaleRun } from '../main/store/helpers.ts';
import { time } from './time.ts';

export interface FiguresBenchResult {
  description: string;
  rows: { what: string; ms: number; target_ms?: number; note?: string }[];
}

/** The stride and window the run detail asks for first (src-renderer/lib/run-detail.svelte.ts). */
const DETAIL_RASTER_NEURONS = 16_000;
const DETAIL_RASTER_SPAN_MS = 1000;

export async function runFiguresBench(): Promise<FiguresBenchResult> {
  const dir = mkdtempSync(join(os.tmpdir(), 'mc-figures-bench-'));
  const rows: FiguresBenchResult['rows'] = [];
  try {
    const store = RunStore.openSync(join(dir, 'runs.sqlite'));
    const { run, params, pops, spikes } = writeFullScaleRun(store, 'bench', 'bench');
    const window = { t0Ms: params.sim.t_presim, t1Ms: params.sim.t_presim + params.sim.t_sim };
    const inWindow = store.getSpikesSync(run.id, window).senders.length;

    // Pure: activity and spectra of 8 populations from spikes in memory.
    const popSpikes = storedRunSpikesSync(store, run.id, window);
    const [, seriesMs] = time(() => {
      for (const p of popSpikes) {
        const input = { name: p.name, nNeurons: populationSize(p), window, timesMs: p.timesMs };
        SERIES.activity.compute(input, SERIES.activity.defaults);
        SERIES.spectrum.compute(input, SERIES.spectrum.defaults);
      }
    });
    rows.push({ what: 'activity (1 ms) + spectra (Welch) of 8 populations, spikes in memory', ms: seriesMs, target_ms: 200, note: `${inWindow} spikes in the window` });
    store.closeSync();

    // The detail view's requests through the dispatcher (a fresh service, so nothing is cached).
    const services = createServices({ identity: { name: 'bench', version: '0' }, dataDir: dir });
    const call = async (method: Method, payload: unknown): Promise<number> => {
      const t0 = performance.now();
      const r = await services.dispatch(method, payload, { transport: 'ipc' });
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
      return performance.now() - t0;
    };
    const stride = Math.max(1, Math.ceil(77_169 / DETAIL_RASTER_NEURONS));
    const parts: [string, Method, unknown][] = [
      ['runs.get', 'runs.get', { id: run.id }],
      [`runs.spikes (first second, stride ${stride})`, 'runs.spikes', { id: run.id, t0Ms: window.t0Ms, t1Ms: Math.min(window.t1Ms, window.t0Ms + DETAIL_RASTER_SPAN_MS), stride }],
      ['runs.counts (analysis window)', 'runs.counts', { id: run.id, ...window }],
      ['runs.distributions (every statistic)', 'runs.distributions', { id: run.id }],
      ['runs.activity (1 ms bins)', 'runs.activity', { id: run.id }],
      ['runs.spectrum (Welch)', 'runs.spectrum', { id: run.id }],
    ];
    let total = 0;
    for (const [what, method, payload] of parts) {
      const ms = await call(method, payload);
      total += ms;
      rows.push({ what: `  ${what}`, ms });
    }
    rows.push({ what: 'run detail of a full-scale run: all its data requests', ms: total, target_ms: 1000 });
    await services.close();

    // A million-spike raster as SVG.
    const n = 1_000_000;
    const senders = new Uint32Array(n);
    const steps = new Uint32Array(n);
    let s = 1;
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      senders[i] = 1 + (s % 77_169);
      steps[i] = 5000 + Math.floor((i / n) * 40_000);
    }
    const [fig, svgMs] = time(() => rasterFigure({ populations: pops, window: { t0Ms: 500, t1Ms: 4500 }, spikes: { senders, steps, resolutionMs: 0.1 } }, { widthCm: 17.8 }));
    rows.push({ what: 'SVG of a million-spike raster (17.8 cm)', ms: svgMs, target_ms: 2000, note: `${(fig.svg.length / 1024).toFixed(0)} KiB` });
    return { description: `${spikes} synthetic spikes of 77,169 neurons at full-scale rates, 1.5 s (${inWindow} in the analysis window)`, rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runFiguresBench();
  console.log(`Issue 15 targets (${r.description}):`);
  for (const row of r.rows) console.log(`  ${row.what.padEnd(72)} ${row.ms.toFixed(1).padStart(8)} ms${row.target_ms ? ` (target < ${row.target_ms} ms: ${row.ms < row.target_ms ? 'met' : 'NOT met'})` : ''}  ${row.note ?? ''}`);
}
