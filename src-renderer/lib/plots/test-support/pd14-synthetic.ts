/**
 * Synthetic PD14-like spike data for the plots' specs and their Chromium page: the 8 populations
 * with NEST's sizes and node ids, per-neuron rates drawn around NEST's full-scale mean rates
 * (gamma-distributed with shape 2: skewed, a few neurons at 4-5x the mean, as in the model), Poisson
 * trains with a slow layer-wise rhythm, time-ordered like the engine's chunks. Seeded; not physics.
 */
import { splitByPopulation, timesFromSteps, type PopulationSpikes } from '../../../../engine/analysis/spikes.ts';
import type { RasterPopulation, RasterSpikes } from '../raster-layout.ts';

export const PD14_NAMES = ['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I'] as const;
/** full_num_neurons (pd14.md 1). */
export const PD14_SIZES = [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948] as const;
/** full_mean_rates, spikes/s (pd14.md 1). */
export const PD14_RATES_HZ = [0.903, 2.965, 4.414, 5.876, 7.569, 8.633, 1.105, 7.829] as const;

/** The populations at N_scaling = scale, ids contiguous from 1 (full scale: 1..77169). */
export function pd14Populations(scale = 1): RasterPopulation[] {
  let next = 1;
  return PD14_NAMES.map((name, i) => {
    const n = Math.max(1, Math.round(PD14_SIZES[i] * scale));
    const p = { name, firstId: next, lastId: next + n - 1 };
    next += n;
    return p;
  });
}

/** mulberry32: a small seeded generator of uniform numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticOptions {
  populations: readonly RasterPopulation[];
  /** Mean rate per population, spikes/s (default: NEST's full-scale means). */
  ratesHz?: readonly number[];
  t0Ms: number;
  t1Ms: number;
  resolutionMs?: number;
  seed?: number;
  /** Depth of the rhythm, 0..1 (0.5). */
  rhythm?: number;
  /** Shape of the gamma distribution of the per-neuron rates, a whole number (2); larger is narrower. */
  shape?: number;
}

/** Spikes in (t0Ms, t1Ms], sorted by step. Expected count: sum of size × rate × duration. */
export function syntheticSpikes(o: SyntheticOptions): RasterSpikes {
  const h = o.resolutionMs ?? 0.1;
  const rnd = seededRandom(o.seed ?? 1);
  const rates = o.ratesHz ?? PD14_RATES_HZ;
  const depth = o.rhythm ?? 0.5;
  const shape = Math.max(1, Math.round(o.shape ?? 2));
  const durS = (o.t1Ms - o.t0Ms) / 1000;
  const stepLo = Math.floor(o.t0Ms / h) + 1;
  const stepHi = Math.floor(o.t1Ms / h);
  const nSteps = stepHi - stepLo + 1;
  let cap = 1024;
  let senders = new Uint32Array(cap);
  let steps = new Uint32Array(cap);
  let n = 0;
  // Gamma(shape, mean/shape) as a sum of exponentials.
  const gamma = (mean: number): number => {
    let x = 0;
    for (let k = 0; k < shape; k++) x -= Math.log(1 - rnd());
    return (mean * x) / shape;
  };
  o.populations.forEach((p, k) => {
    const mean = rates[k] ?? 1;
    // A rhythm per layer (the E and I of a layer share it), 6-14 Hz.
    const layer = k >> 1;
    const freq = 6 + 2.5 * layer;
    const phase = layer * 1.3;
    for (let id = p.firstId; id <= p.lastId; id++) {
      const r = gamma(mean);
      const peak = r * (1 + depth);
      if (peak * durS < 1e-6) continue;
      let t = 0;
      for (;;) {
        t += -Math.log(1 - rnd()) / peak;
        if (t >= durS) break;
        const accept = (1 + depth * Math.sin(2 * Math.PI * freq * t + phase)) / (1 + depth);
        if (rnd() >= accept) continue;
        if (n === cap) {
          cap *= 2;
          const s2 = new Uint32Array(cap);
          s2.set(senders);
          senders = s2;
          const t2 = new Uint32Array(cap);
          t2.set(steps);
          steps = t2;
        }
        senders[n] = id;
        steps[n] = Math.min(stepHi, stepLo + Math.floor((t * 1000) / h));
        n++;
      }
    }
  });
  // Counting sort by step: the engine streams time-ordered chunks.
  const count = new Uint32Array(nSteps + 1);
  for (let i = 0; i < n; i++) count[steps[i] - stepLo + 1]++;
  for (let s = 1; s <= nSteps; s++) count[s] += count[s - 1];
  const outSenders = new Uint32Array(n);
  const outSteps = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const j = count[steps[i] - stepLo]++;
    outSenders[j] = senders[i];
    outSteps[j] = steps[i];
  }
  return { senders: outSenders, steps: outSteps, resolutionMs: h };
}

/** Expected number of spikes of syntheticSpikes for these populations and window. */
export function expectedSpikes(populations: readonly RasterPopulation[], t0Ms: number, t1Ms: number, ratesHz: readonly number[] = PD14_RATES_HZ): number {
  return populations.reduce((sum, p, k) => sum + (p.lastId - p.firstId + 1) * (ratesHz[k] ?? 1) * ((t1Ms - t0Ms) / 1000), 0);
}

/** The spikes of each population as engine/analysis takes them (senders, times in ms), by its own loader. */
export function populationSpikes(spikes: RasterSpikes, populations: readonly RasterPopulation[]): PopulationSpikes[] {
  return splitByPopulation(spikes.senders, timesFromSteps(spikes.steps, spikes.resolutionMs), populations);
}
