/**
 * NEST's node ids for the network as the example creates it (pd14.md 4.5), for output file names:
 * neurons first, then spike recorders, voltmeters, Poisson generators, parrots + their generator,
 * DC generators.
 */
import { NUM_POPS, type ParamSet } from '../params/types.ts';

export interface NestIds {
  spikeRecorderIds: number[];
  voltmeterIds: number[];
  totalNestNodes: number;
}

export function nestIds(params: ParamSet, numNeurons: number): NestIds {
  const { sim, net, stim } = params;
  let next = numNeurons + 1;
  const spikeRecorderIds: number[] = [];
  const voltmeterIds: number[] = [];
  if (sim.rec_dev.includes('spike_recorder')) for (let i = 0; i < NUM_POPS; i++) spikeRecorderIds.push(next++);
  if (sim.rec_dev.includes('voltmeter')) for (let i = 0; i < NUM_POPS; i++) voltmeterIds.push(next++);
  if (net.poisson_input) next += NUM_POPS;
  if (stim.thalamic_input) next += stim.num_th_neurons + 1;
  if (stim.dc_input) next += NUM_POPS;
  return { spikeRecorderIds, voltmeterIds, totalNestNodes: next - 1 };
}
