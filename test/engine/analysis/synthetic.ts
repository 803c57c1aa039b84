/** Synthetic spike data for the analysis tests. */
import type { PopulationSpikes } from '../../../engine/analysis/spikes.ts';

/** A small deterministic uniform generator in [0, 1) (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
  const rnd = mulberry32(seed);
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
