/** Population labels for rows and columns: the user's names where they are usable. Pure. */
import { POPULATION_NAMES, type ParamSet } from '../../../engine/params/types.ts';

export function populationLabels(p: ParamSet): string[] {
  const names: unknown = p.net.populations;
  return POPULATION_NAMES.map((fallback, i) => {
    const n = Array.isArray(names) ? (names[i] as unknown) : undefined;
    return typeof n === 'string' && n.trim() !== '' ? n : fallback;
  });
}

/** Row sums of a matrix. */
export function rowSums(m: number[][]): number[] {
  return m.map((row) => row.reduce((a, b) => a + b, 0));
}
