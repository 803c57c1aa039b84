/**
 * Comparing stored runs (runs.compare): each run's distributions (per-neuron rates, CV ISI,
 * correlations) from its stored spikes over its analysis window, then the KS distance of every
 * population and statistic to the first run (the base), judged by a yardstick when the runs were
 * made under the conditions it was measured at.
 */
import { analyzeRun, compareRuns, timesFromSteps, type PopulationDistributions, type PopulationSpikes, type Yardstick } from '../../engine/analysis/index.ts';
import type { ComparedRun, StoredRunsComparison } from '../contract.ts';
import { analysisWindow } from '../runs/run-stats.ts';
import type { RunStore } from '../store/run-store.ts';
import { StudioError } from './errors.ts';

/** A yardstick and the conditions under which its thresholds mean something. */
export interface YardstickSource {
  yardstick: Yardstick;
  conditions: { N_scaling: number; K_scaling: number; windowMs: number; resolutionMs: number };
  /** Where it comes from, in words (e.g. "7 NEST 3.10 runs that differ in the seed"). */
  origin: string;
}

interface Analysed {
  run: ComparedRun;
  distributions: PopulationDistributions[];
  conditions: { N_scaling: number; K_scaling: number; windowMs: number; resolutionMs: number };
}

type StoreReads = Pick<RunStore, 'getRunSync' | 'getParamsSync' | 'getSpikesSync'>;

export function analyseStoredRunSync(store: StoreReads, id: number): Analysed {
  const record = store.getRunSync(id);
  if (record.status !== 'completed') {
    throw new StudioError('conflict', `run ${id} (${record.name}) is ${record.status}: only completed runs can be compared`);
  }
  const params = store.getParamsSync(id);
  if (!params.sim.rec_dev.includes('spike_recorder')) {
    throw new StudioError('conflict', `run ${id} (${record.name}) recorded no spikes (sim.rec_dev has no spike_recorder)`);
  }
  const window = analysisWindow(params);
  const w = store.getSpikesSync(id, window);
  const pops: PopulationSpikes[] = record.populations.map((p) => ({ ...p, senders: new Uint32Array(0), timesMs: new Float64Array(0) }));
  for (const g of w.groups) {
    pops[g.pop].senders = w.senders.slice(g.start, g.end);
    pops[g.pop].timesMs = timesFromSteps(w.steps.subarray(g.start, g.end), w.resolutionMs);
  }
  const a = analyzeRun(pops, window);
  const names = record.populations.map((p) => p.name);
  return {
    run: {
      id,
      name: record.name,
      window,
      populations: names,
      meanRatesHz: names.map((n) => a.populations[n]?.rate_mean_hz ?? NaN),
      sizes: a.distributions.map((d) => ({ rates: d.ratesHz.length, cvIsi: d.cvIsi.length, corr: d.corr2ms.length })),
      distributions: a.distributions,
      params,
    },
    distributions: a.distributions,
    conditions: { N_scaling: params.net.N_scaling, K_scaling: params.net.K_scaling, windowMs: window.t1Ms - window.t0Ms, resolutionMs: params.sim.sim_resolution },
  };
}

const EMPTY_YARDSTICK: Yardstick = { nRuns: 0, entries: [] };

export function compareStoredRunsSync(store: StoreReads, ids: readonly number[], source: YardstickSource | null): StoredRunsComparison {
  if (new Set(ids).size !== ids.length) throw new StudioError('bad-request', `ids: a run appears twice in ${JSON.stringify(ids)}`);
  const runs = ids.map((id) => analyseStoredRunSync(store, id));
  const base = runs[0];
  const names = base.run.populations.join(',');
  for (const r of runs) {
    if (r.run.populations.join(',') !== names) {
      throw new StudioError('conflict', `run ${r.run.id} has populations ${r.run.populations.join(', ')}, the base run ${base.run.populations.join(', ')}`);
    }
  }
  const c = source?.conditions;
  const applies = c !== undefined && runs.every((r) => sameConditions(r.conditions, c));
  const yardstick = applies && source ? source.yardstick : EMPTY_YARDSTICK;
  const note = !source
    ? 'No yardstick is available: the distances are shown without a verdict.'
    : applies
      ? `Judged by the NEST seed-to-seed yardstick (${source.origin}): a distance above mean + 2 SD of NEST-vs-NEST differs.`
      : `The yardstick (${source.origin}) was measured at N_scaling = ${c!.N_scaling}, K_scaling = ${c!.K_scaling} over ${c!.windowMs} ms; ` +
        'these runs differ from that, so the distances are shown without a verdict.';
  return {
    baseId: base.run.id,
    runs: runs.map((r) => r.run),
    pairs: runs.slice(1).map((r) => ({ id: r.run.id, baseId: base.run.id, comparison: compareRuns(r.distributions, base.distributions, yardstick) })),
    yardstick: { applies, note },
  };
}

function sameConditions(a: YardstickSource['conditions'], b: YardstickSource['conditions']): boolean {
  const close = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y));
  return close(a.N_scaling, b.N_scaling) && close(a.K_scaling, b.K_scaling) && close(a.windowMs, b.windowMs) && close(a.resolutionMs, b.resolutionMs);
}
