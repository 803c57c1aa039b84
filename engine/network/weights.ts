/**
 * Weight scales: weights are stored as integer levels (engine/base/event-word.ts), on one scale per
 * target population — pA per level — so that a neuron's input is an exact integer sum of the
 * levels of its events, whatever their order. The scale covers the widest |mean| + WEIGHT_RANGE_SD
 * standard deviations among the target's source populations in WEIGHT_LEVELS levels (about 0.2 %
 * of a weight's SD per level).
 */
import { WEIGHT_LEVELS } from '../base/event-word.ts';
import type { Derived } from '../params/derive.ts';
import { NUM_POPS, type ParamSet } from '../params/types.ts';
import { thalamusReaches } from './delays.ts';

/** The quantisation range covers |mean| + WEIGHT_RANGE_SD standard deviations. */
const WEIGHT_RANGE_SD = 8;

export interface WeightScales {
  /** pA per weight level, per target population. */
  inputScale: number[];
  /** inputScale with the sign of the weights, per (target pop, source pop 0..7, thalamus 8). */
  weightScale: number[][];
}

export function weightScales(params: ParamSet, derived: Derived, numParrots: number): WeightScales {
  const inputScale: number[] = [];
  const weightScale: number[][] = [];
  for (let i = 0; i < NUM_POPS; i++) {
    const ws: number[] = [];
    for (let j = 0; j < NUM_POPS; j++) {
      const mean = derived.weightMeanPa[i][j];
      const range = Math.abs(mean) + WEIGHT_RANGE_SD * derived.weightStdPa[i][j];
      ws.push(((mean < 0 ? -1 : 1) * range) / WEIGHT_LEVELS);
    }
    if (thalamusReaches(derived, numParrots, i)) {
      const wth = derived.weightThPa!;
      ws.push((wth + WEIGHT_RANGE_SD * wth * params.net.weight_rel_std) / WEIGHT_LEVELS);
    } else ws.push(0);
    // One scale for the target population: the widest range of its sources, with each source's sign.
    const widest = Math.max(...ws.map(Math.abs));
    inputScale.push(widest);
    weightScale.push(ws.map((x) => (x < 0 ? -widest : widest)));
  }
  return { inputScale, weightScale };
}
