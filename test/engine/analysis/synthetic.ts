/** Synthetic spike data for the analysis tests. */
import { mean } from '../../../engine/analysis/descriptive.ts';
import type { PopulationSpikes } from '../../../engine/analysis/spikes.ts';
import type { PopulationValues } from '../../../engine/analysis/statistics.ts';
import { seededRandom } from '../../../src-renderer/lib/plots/test-support/pd14-synthetic.ts';

/** A population from one list of spike times per neuron (node ids firstId, firstId+1, ...). */
export function trains(list: readonly (readonly number[])[], firstId = 1, name = 'P'): PopulationSpikes {
  const senders: number[] = [];
  const times: number[] = [];
  list.forEach((ts, i) => {
    for (const t of ts) {
      senders.push(firstId + i);
      times.push(t);
    }
  });
  return { name, firstId, lastId: firstId + list.length - 1, senders: Uint32Array.from(senders), timesMs: Float64Array.from(times) };
}

/** Poisson spike trains on the 0.1-ms grid, (t0, t1], at rateHz each (one Bernoulli draw per step). */
export function poissonTrains(nNeurons: number, rateHz: number, t0Ms: number, t1Ms: number, seed: number): number[][] {
  const rnd = seededRandom(seed);
  const p = rateHz * 1e-4;
  const steps = Math.round((t1Ms - t0Ms) * 10);
  const first = Math.round(t0Ms * 10);
  const out: number[][] = [];
  for (let n = 0; n < nNeurons; n++) {
    const ts: number[] = [];
    for (let s = 1; s <= steps; s++) if (rnd() < p) ts.push((first + s) / 10);
    out.push(ts);
  }
  return out;
}

/**
 * `n` spikes spread over node ids 1..numNodes (a stride of 7919, a prime, so every id recurs) and
 * time-ordered steps from `firstStep`, `perStep` spikes a step: bulk data for file round trips.
 */
export function spreadSpikes(n: number, numNodes: number, firstStep: number, perStep: number): { senders: Uint32Array; steps: Uint32Array } {
  const senders = new Uint32Array(n);
  const steps = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    senders[i] = 1 + ((i * 7919) % numNodes);
    steps[i] = firstStep + Math.floor(i / perStep);
  }
  return { senders, steps };
}

/** One population's values from plain lists (rates, CV ISI, correlations); its mean rate from the rates, no spectrum. */
export function populationValues(name: string, rates: number[], cv: number[], corr: number[]): PopulationValues {
  return {
    name,
    distributions: { rates: Float64Array.from(rates), cv_isi: Float64Array.from(cv), corr_2ms: Float64Array.from(corr) },
    scalars: { rate_mean: mean(rates), peak_freq: NaN, peak_power: NaN },
  };
}
