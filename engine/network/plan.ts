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
import { ParamValidationError, type ValidationIssue } from '../params/validate.ts';
import { msToStepsExact } from '../base/time.ts';
import { delayTables, type DelayDist } from './delays.ts';
import { delayBits } from './rows.ts';
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

/** The smallest N_scaling at which every population has a neuron (round half to even: n x N must exceed 0.5). */
function smallestNScaling(fullNumNeurons: readonly number[]): number {
  return 0.5 / Math.min(...fullNumNeurons);
}

/** Issues of a network whose populations round to no neurons (the store, the analysis and NEST's files need every population). */
function emptyPopulations(params: ParamSet, derived: Derived): ValidationIssue[] {
  const empty = derived.numNeurons.flatMap((n, i) => (n === 0 ? [params.net.populations[i]] : []));
  if (empty.length === 0) return [];
  const least = smallestNScaling(params.net.full_num_neurons);
  return [{
    path: 'net.N_scaling',
    value: params.net.N_scaling,
    message: `leaves ${empty.join(', ')} without neurons (net.full_num_neurons x N_scaling rounds to 0): must be above ${least.toPrecision(3)} so that every population has a neuron`,
  }];
}

/** The synapse sort key (source, delay) must fit 32 bits (./construct.ts). */
function keyIssue(params: ParamSet, numSources: number, maxDelaySteps: number): ValidationIssue[] {
  const sourceBits = Math.max(1, Math.ceil(Math.log2(numSources)));
  if (sourceBits + delayBits(maxDelaySteps) <= 32) return [];
  return [{
    path: 'sim.sim_resolution',
    value: params.sim.sim_resolution,
    message: `${numSources} neurons (and thalamic sources) with delays of up to ${maxDelaySteps} steps cannot be stored: the source and delay of a synapse share 32 bits (a coarser resolution, shorter delays or a smaller net.N_scaling)`,
  }];
}

/**
 * Everything of the plan that is cheap to compute and can refuse a parameter set: the shards,
 * synapse counts per shard, delay tables and thread ranges, and the issues found on the way
 * (populations without neurons, delays the engine cannot represent, too many neurons on a thread).
 */
function planParts(params: ParamSet, threadsOverride?: number) {
  const derived = deriveParams(params);
  const { sim, stim } = params;
  const popStart = [0];
  for (let i = 0; i < NUM_POPS; i++) popStart.push(popStart[i] + derived.numNeurons[i]);
  const shards = makeShards(derived.numNeurons, popStart);
  const numParrots = stim.thalamic_input ? stim.num_th_neurons : 0;
  const shardSynapses = shardSynapseCounts(derived, shards, sim.rng_seed, numParrots);
  const delays = delayTables(params, derived, numParrots);
  const issues: ValidationIssue[] = [...emptyPopulations(params, derived), ...delays.issues];
  // Synapse rows keep a delay in 16 bits of a run word (engine/base/event-word.ts).
  if (delays.maxDelaySteps > MAX_DELAY_STEPS) {
    issues.push({
      path: 'sim.sim_resolution',
      value: sim.sim_resolution,
      message: `delays of up to ${delays.maxDelaySteps} steps: at most ${MAX_DELAY_STEPS} steps of sim.sim_resolution are supported (a coarser resolution or shorter delays)`,
    });
  } else if (delays.issues.length === 0) {
    issues.push(...keyIssue(params, derived.totalNeurons + numParrots, delays.maxDelaySteps));
  }
  const threads = threadShards(params, shards, shardSynapses, threadsOverride);
  if (threads.issue) issues.push(threads.issue);
  return { derived, popStart, shards, numParrots, shardSynapses, delays, threads, issues };
}

/**
 * What planning this parameter set (validated) would refuse, without building anything: the
 * machine-independent part of the one validation (engine/runnable.ts). Empty when it plans.
 */
export function planIssues(params: ParamSet): ValidationIssue[] {
  return planParts(params).issues;
}

export function makePlan(params: ParamSet, threadsOverride?: number): NetworkPlan {
  const { derived, popStart, shards, numParrots, shardSynapses, delays, threads, issues } = planParts(params, threadsOverride);
  if (issues.length > 0) throw new ParamValidationError(issues);
  const { sim, net } = params;
  const h = sim.sim_resolution;
  const numNeurons = derived.totalNeurons;
  const { delayDists, maxDelaySteps } = delays;
  const { inputScale, weightScale } = weightScales(params, derived, numParrots);
  return {
    params,
    derived,
    seed: sim.rng_seed,
    hMs: h,
    presimSteps: msToStepsExact(sim.t_presim, h),
    simSteps: msToStepsExact(sim.t_sim, h),
    numNeurons,
    popStart,
    numParrots,
    numSources: numNeurons + numParrots,
    shards,
    threads: threads.threads,
    threadShards: threads.threadShards,
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
