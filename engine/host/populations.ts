/**
 * The population table of a run from its parameters alone (node ids as NEST numbers them: neurons
 * 1..N, contiguous per population in population order), the same table the engine's RunSummary
 * reports. The run store needs it when a run starts, before the engine has built anything. Pure.
 */
import type { PopulationInfo } from '../api.ts';
import { deriveParams } from '../params/derive.ts';
import type { ParamSet } from '../params/types.ts';

export function populationLayout(params: ParamSet): PopulationInfo[] {
  const { numNeurons } = deriveParams(params);
  const out: PopulationInfo[] = [];
  let last = 0;
  numNeurons.forEach((n, i) => {
    out.push({ name: params.net.populations[i], firstId: last + 1, lastId: last + n });
    last += n;
  });
  return out;
}
