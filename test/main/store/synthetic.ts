/**
 * Synthetic spike data for store tests and measurements: independent Poisson spike trains of the
 * PD14 populations at their published mean rates (net.full_mean_rates), delivered in chunks as the
 * engine delivers them (time-ordered, node ids ascending within a step).
 */
import type { PopulationInfo, SpikeChunk } from '../../../engine/api.ts';
import { concatArrays } from '../../../engine/base/typed-arrays.ts';
import { defaultParams } from '../../../engine/params/presets.ts';
import { seededRandom } from '../../../src-renderer/lib/plots/test-support/pd14-synthetic.ts';

/** PD14 populations at `scale` (N_scaling), node ids from 1 in population order. */
export function pd14Populations(scale = 1): PopulationInfo[] {
  const p = defaultParams();
  const pops: PopulationInfo[] = [];
  let next = 1;
  p.net.full_num_neurons.forEach((n, i) => {
    const size = Math.round(n * scale);
    pops.push({ name: p.net.populations[i], firstId: next, lastId: next + size - 1 });
    next += size;
  });
  return pops;
}

export const PD14_RATES_HZ: readonly number[] = defaultParams().net.full_mean_rates;

export interface SyntheticOptions {
  populations: PopulationInfo[];
  ratesHz?: readonly number[];
  resolutionMs?: number;
  durationMs: number;
  /** Model time per chunk, ms. */
  chunkMs?: number;
  seed?: number;
  /** First step of the data (the chunks cover (startStep, startStep + duration]). */
  startStep?: number;
}

function poisson(lambda: number, random: () => number): number {
  if (lambda > 30) {
    // normal approximation; never used at PD14 rates per step
    const u = Math.max(random(), 1e-12);
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
  }
  const l = Math.exp(-lambda);
  let k = 0;
  let p = random();
  while (p > l) {
    k++;
    p *= random();
  }
  return k;
}

/** Generates the chunks of a synthetic run. */
export function* syntheticChunks(o: SyntheticOptions): Generator<SpikeChunk> {
  const h = o.resolutionMs ?? 0.1;
  const rates = o.ratesHz ?? PD14_RATES_HZ;
  const random = seededRandom(o.seed ?? 1);
  const totalSteps = Math.round(o.durationMs / h);
  const chunkSteps = Math.max(1, Math.round((o.chunkMs ?? 10) / h));
  const start = o.startStep ?? 0;
  const lambdas = o.populations.map((p, i) => (p.lastId - p.firstId + 1) * rates[i] * h * 1e-3);
  const ids: number[] = [];
  for (let from = 0; from < totalSteps; from += chunkSteps) {
    const to = Math.min(totalSteps, from + chunkSteps);
    const senders: number[] = [];
    const steps: number[] = [];
    for (let s = from + 1; s <= to; s++) {
      ids.length = 0;
      o.populations.forEach((p, i) => {
        const k = poisson(lambdas[i], random);
        const size = p.lastId - p.firstId + 1;
        for (let j = 0; j < k; j++) ids.push(p.firstId + Math.floor(random() * size));
      });
      ids.sort((a, b) => a - b);
      for (let j = 0; j < ids.length; j++) {
        if (j > 0 && ids[j] === ids[j - 1]) continue; // a neuron spikes at most once per step
        senders.push(ids[j]);
        steps.push(start + s);
      }
    }
    yield { fromStep: start + from, toStep: start + to, senders: Uint32Array.from(senders), steps: Uint32Array.from(steps) };
  }
}

/** All spikes of the chunks, concatenated. */
export function concatChunks(chunks: readonly SpikeChunk[]): { senders: Uint32Array; steps: Uint32Array } {
  return { senders: concatArrays(Uint32Array, chunks.map((c) => c.senders)), steps: concatArrays(Uint32Array, chunks.map((c) => c.steps)) };
}
