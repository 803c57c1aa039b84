/** What a history row shows beyond the stored record: key parameters and mean rates. Pure. */
import type { RunSummary } from '../../engine/api.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import type { KeyParams, RunListItem } from '../contract.ts';
import type { RunStats } from '../runs/run-stats.ts';
import type { RunRecord } from '../store/types.ts';

export function keyParams(p: ParamSet): KeyParams {
  return {
    N_scaling: p.net.N_scaling,
    K_scaling: p.net.K_scaling,
    rng_seed: p.sim.rng_seed,
    local_num_threads: p.sim.local_num_threads,
    t_presim: p.sim.t_presim,
    t_sim: p.sim.t_sim,
    sim_resolution: p.sim.sim_resolution,
  };
}

/**
 * Mean rate per population in the record's population order: the engine's summary when there is
 * one, else the cached statistics (an imported run may carry only those), else null.
 */
export function meanRatesHz(record: RunRecord, summary: RunSummary | null, stats: RunStats | null): number[] | null {
  if (summary && summary.rates_hz.length === record.populations.length) return [...summary.rates_hz];
  if (stats && record.populations.length > 0) {
    const rates = record.populations.map((p) => stats.populations[p.name]?.rate_mean_hz);
    if (rates.every((r) => typeof r === 'number')) return rates as number[];
  }
  return null;
}

/** Runs whose row can no longer change (apart from name and tags). */
export function isSettled(record: RunRecord): boolean {
  return record.status !== 'queued' && record.status !== 'running';
}

export function listItem(record: RunRecord, extra: { keyParams: KeyParams; ratesHz: number[] | null }): RunListItem {
  return { ...record, keyParams: extra.keyParams, ratesHz: extra.ratesHz };
}
