/** How a history row shows its numbers: key parameters in one line, mean rates as E / I per layer. Pure. */
import type { KeyParams, RunListItem } from '../../src-main/contract.ts';
import { formatRate, formatValue } from './format.ts';

export interface LayerRates {
  layer: string;
  e: string;
  i: string;
}

/** Layers of the microcircuit from population names (L23E, L23I, ... -> L2/3, L4, ...), E and I side by side. */
export function layerRates(item: Pick<RunListItem, 'populations' | 'ratesHz'>): LayerRates[] {
  const out: LayerRates[] = [];
  const pops = item.populations;
  for (let k = 0; k + 1 < pops.length; k += 2) {
    const layer = pops[k]!.name.replace(/E$/, '').replace(/^L23$/, 'L2/3');
    out.push({ layer, e: formatRate(item.ratesHz?.[k]), i: formatRate(item.ratesHz?.[k + 1]) });
  }
  return out;
}

/** The layer names of the table's header, from the first run that has populations. */
export function layerNames(items: readonly Pick<RunListItem, 'populations'>[]): string[] {
  const withPops = items.find((r) => r.populations.length > 0);
  if (!withPops) return ['L2/3', 'L4', 'L5', 'L6'];
  return layerRates({ populations: withPops.populations, ratesHz: null }).map((l) => l.layer);
}

export function keyParamsLines(k: KeyParams): [string, string] {
  const threads = `${k.local_num_threads} ${k.local_num_threads === 1 ? 'thread' : 'threads'}`;
  return [`N ${formatValue(k.N_scaling, 4)} · K ${formatValue(k.K_scaling, 4)}`, `seed ${k.rng_seed} · ${threads} · ${formatValue(k.t_sim)} ms`];
}
