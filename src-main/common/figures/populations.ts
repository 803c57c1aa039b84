/**
 * Population names, layers and colours as NEST's PD14 example plots them (pd14.md 4.6-4.7):
 * excitatory #595289, inhibitory #af143c, labels "L2/3", "L4", ... Names follow the engine's
 * population labels ("L23E" ... "L6I"); a name's last letter says E or I.
 */

/** NEST's colour of excitatory populations. */
export const EXC_COLOR = '#595289';
/** NEST's colour of inhibitory populations. */
export const INH_COLOR = '#af143c';

/** True for an excitatory population ("L23E"), false for an inhibitory one ("L23I"). */
export function isExcitatory(name: string): boolean {
  return !/I$/i.test(name);
}

/** NEST's colour of a population: E #595289, I #af143c. */
export function populationColor(name: string): string {
  return isExcitatory(name) ? EXC_COLOR : INH_COLOR;
}

/** The layer of a population: "L23E" -> "L23". */
export function layerOf(name: string): string {
  return name.replace(/[EI]$/i, '');
}

/** A layer as NEST labels it: "L23" -> "L2/3", "L4" -> "L4". */
export function layerLabel(layer: string): string {
  return layer.replace(/^L23$/i, 'L2/3');
}

/** A population as NEST's box plot labels it: "L23E" -> "L2/3E". */
export function populationLabel(name: string): string {
  return name.replace(/^L23/i, 'L2/3');
}

/** Consecutive populations of the same layer, in the given order: [["L23E","L23I"], ["L4E","L4I"], ...]. */
export function groupByLayer<T extends { name: string }>(populations: readonly T[]): { layer: string; members: T[] }[] {
  const out: { layer: string; members: T[] }[] = [];
  for (const p of populations) {
    const layer = layerOf(p.name);
    const last = out[out.length - 1];
    if (last && last.layer === layer) last.members.push(p);
    else out.push({ layer, members: [p] });
  }
  return out;
}

/** Colours for runs in a comparison (distinct from NEST's E/I pair), used when a run has none. */
export const RUN_COLORS = ['#2f6fb3', '#e07b1a', '#2a9d5c', '#9b59b6', '#c0392b', '#17a2b8', '#7f8c8d', '#b8860b'] as const;

/** The colour of the i-th run: its own, or the i-th of RUN_COLORS. */
export function runColor(i: number, own?: string): string {
  return own ?? RUN_COLORS[i % RUN_COLORS.length];
}
