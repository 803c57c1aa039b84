/**
 * The network plan: everything about a run that every thread needs and that is cheap to compute,
 * assembled from its parts — the shards (./shards.ts), the synapse counts per shard
 * (./synapse-counts.ts), delays (./delays.ts) and weight scales (./weights.ts), the threads'
 * shard ranges (./threads.ts), the devices in steps (./devices.ts), NEST's node ids
 * (./nest-ids.ts) — and the neuron model's internal variables. It is plain data
 * (structured-cloneable), sent to worker threads as is. The synapses themselves are drawn from it
 * shard by shard (./construct.ts).
 */
import { MAX_DELAY_STEPS } from '../base/event-word.ts';
import { preRunHook, type Variables } from '../models/iaf-psc-exp.ts';
import { deriveParams, type Derived } from '../params/derive.ts';
import { NUM_POPS, type ParamSet } from '../params/types.ts';
import { ParamValidationError } from '../params/validate.ts';
import { msToStepsExact } from '../base/time.ts';
import { delayTables, type DelayDist } from './delays.ts';
import { dcStimulus, poissonBackground, recording, thalamicTrain } from './devices.ts';
import { nestIds } from './nest-ids.ts';
import { makeShards, type Shard } from './shards.ts';
import { shardSynapseCounts } from './synapse-counts.ts';
import { threadShards } from './threads.ts';
import { weightScales } from './weights.ts';

export interface NetworkPlan {
  params: ParamSet;
  derived: Derived;
  seed: number;
  hMs: number;
  /** Total steps of presim and of sim. */
  presimSteps: number;
  simSteps: number;
  numNeurons: number;
  /** First global neuron index of each population, plus the total at the end (length 9). */
  popStart: number[];
  numParrots: number;
  /** Sources: neurons 0..numNeurons-1, then parrots. */
  numSources: number;
  shards: Shard[];
  /** Shard index ranges [first, last) per thread. */
  threadShards: [number, number][];
  threads: number;
  /** The neuron model's internal variables (iaf_psc_exp's V_: propagators, refractory steps, threshold and reset from E_L). */
  neuron: Variables;
  /** Synapses per (target pop, source pop), split per shard: shardSynapses[shard][sourcePop] (sourcePop 8 = thalamus). */
  shardSynapses: number[][];
  /** Delay distributions per (target pop, source pop) and thalamus (index 8). */
  delayDists: DelayDist[][];
  /** Slots of the delay queue: the largest possible delay + 1. */
  queueSlots: number;
  maxDelaySteps: number;
  /**
   * pA per weight level, per target population: one scale for every source of a target, so that a
   * neuron's input is an exact integer sum of signed 15-bit levels (./weights.ts).
   */
  inputScale: number[];
  /** Signed weight scale (pA per level) per (target pop, source pop 0..8): inputScale with the sign of the weights. */
  weightScale: number[][];
  /** Poisson background: steps from which it acts, expected count per step per population. */
  poissonStartStep: number;
  poissonMean: number[];
  /** Constant current I_e per population, pA. */
  iePa: number[];
  /** DC stimulus: amplitude per population (pA) and the updates [on, off) in which V feels it. */
  dcStimPa: number[] | null;
  dcOnStep: number;
  dcOffStep: number;
  /** Thalamic spikes (parrot emissions): stamp (steps), parrot index, multiplicity; sorted by stamp. */
  thStamp: Uint32Array;
  thParrot: Uint32Array;
  thMult: Uint32Array;
  /** Voltmeter interval in steps (0 when not recording voltages). */
  voltStepInterval: number;
  recordSpikes: boolean;
  /** NEST numbering for output files. */
  spikeRecorderIds: number[];
  voltmeterIds: number[];
  totalNestNodes: number;
}

export function makePlan(params: ParamSet, threadsOverride?: number): NetworkPlan {
  const derived = deriveParams(params);
  const { sim, net, stim } = params;
  const h = sim.sim_resolution;
  const seed = sim.rng_seed;
  const numNeurons = derived.totalNeurons;
  const popStart = [0];
  for (let i = 0; i < NUM_POPS; i++) popStart.push(popStart[i] + derived.numNeurons[i]);
  const shards = makeShards(derived.numNeurons, popStart);
  const numParrots = stim.thalamic_input ? stim.num_th_neurons : 0;
  const shardSynapses = shardSynapseCounts(derived, shards, seed, numParrots);
  const { delayDists, maxDelaySteps } = delayTables(params, derived, numParrots);
  // Synapse rows keep a delay in 16 bits of a run word (engine/base/event-word.ts).
  if (maxDelaySteps > MAX_DELAY_STEPS) {
    throw new ParamValidationError([{
      path: 'sim.sim_resolution',
      value: sim.sim_resolution,
      message: `delays of up to ${maxDelaySteps} steps: at most ${MAX_DELAY_STEPS} steps of sim.sim_resolution are supported (a coarser resolution or shorter delays)`,
    }]);
  }
  const { inputScale, weightScale } = weightScales(params, derived, numParrots);
  const threads = threadShards(params, shards, shardSynapses, threadsOverride);
  return {
    params,
    derived,
    seed,
    hMs: h,
    presimSteps: msToStepsExact(sim.t_presim, h),
    simSteps: msToStepsExact(sim.t_sim, h),
    numNeurons,
    popStart,
    numParrots,
    numSources: numNeurons + numParrots,
    shards,
    ...threads,
    neuron: preRunHook(net.neuron_params, h),
    shardSynapses,
    delayDists,
    // One slot per possible delay (no power-of-two padding: the slot table is part of delivery's working set).
    queueSlots: maxDelaySteps + 1,
    maxDelaySteps,
    inputScale,
    weightScale,
    ...poissonBackground(params, derived),
    iePa: derived.dcAmpPa.slice(),
    ...dcStimulus(params, derived),
    ...thalamicTrain(params, numParrots),
    ...recording(params),
    ...nestIds(params, numNeurons),
  };
}
