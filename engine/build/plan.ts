/**
 * The network plan: everything about a run that every thread needs and that is cheap to compute —
 * population layout, the partition of target neurons into shards (independent of the thread count),
 * the assignment of shards to threads, delay and weight tables, device windows in steps, the
 * thalamic spike train. It is plain data (structured-cloneable) so it is sent to worker threads as is.
 */
import { deriveParams, type Derived } from '../params/derive.ts';
import { NUM_POPS, type ParamSet, SHARD_MAX_NEURONS } from '../params/types.ts';
import { ParamValidationError } from '../params/validate.ts';
import { MAX_QUEUE_INPUTS } from '../sim/queue.ts';

export { SHARD_MAX_NEURONS };
import { Purpose, Rng, PoissonTable } from '../rng/rng.ts';
import { delayToSteps, msToStepsCeil, msToStepsExact, propagators, type Propagators } from '../sim/neuron.ts';

/** Largest number of neurons in a shard (targets are 16-bit local indices; small shards keep ring buffers in cache). */

/** Weights are stored as 16-bit magnitudes on a per-(target shard, source population) scale. */
export const WEIGHT_LEVELS = 16383;
/** The quantisation range covers |mean| + WEIGHT_RANGE_SD standard deviations. */
export const WEIGHT_RANGE_SD = 8;

export interface Shard {
  /** Index of the shard (global order = neuron order). */
  id: number;
  pop: number;
  /** Global 0-based index of the first neuron, and the number of neurons. */
  start: number;
  size: number;
  /** Index within its population's shards. */
  indexInPop: number;
}

/** A discrete distribution of delays in steps (value = minSteps + index). */
export interface DelayDist {
  minSteps: number;
  probs: number[];
}

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
  prop: Propagators;
  refractorySteps: number;
  /** Threshold and reset relative to E_L, mV. */
  vThRel: number;
  vResetRel: number;
  /** Synapses per (target pop, source pop), split per shard: shardSyn[shard][sourcePop] (sourcePop 8 = thalamus). */
  shardSynapses: number[][];
  /** Delay distributions per (target pop, source pop) and thalamus (index 8). */
  delayDists: DelayDist[][];
  /** Ring buffer slots: the largest possible delay + 1. */
  ringSlots: number;
  maxDelaySteps: number;
  /**
   * pA per weight level, per target population: one scale for every source of a target, so that a
   * neuron's input is an exact integer sum of signed 15-bit levels (the delay queue stores 4-byte
   * events). Covers the largest |mean| + WEIGHT_RANGE_SD SDs of the target's source weights.
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

function normalCdf(x: number): number {
  // Via erfc with a high-accuracy rational approximation is overkill here; integrate instead (see delayDistribution).
  return 0.5 * erfcApprox(-x / Math.SQRT2);
}

/** erfc to ~1e-14 relative, by a continued fraction for large x and a series for small x. */
export function erfcApprox(x: number): number {
  if (x < 0) return 2 - erfcApprox(-x);
  if (x < 2.5) {
    // erf series: erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
    let sum = x;
    let term = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Continued fraction (Lentz) for erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
  let f = x;
  let c = x;
  let d = 0;
  const tiny = 1e-300;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

/**
 * The distribution of a delay drawn as Normal(mean, std), redrawn until >= h/2, then rounded to
 * steps as floor(d/h + 0.5) (pd14.md 4.5 and 5.2). Outcomes with probability below 2^-44 are cut.
 */
export function delayDistribution(meanMs: number, stdMs: number, hMs: number): DelayDist {
  const lo = hMs / 2;
  if (stdMs === 0) {
    if (meanMs < lo) throw new Error(`a delay of ${meanMs} ms with no spread is below half a step (${lo} ms): NEST's redraw would fail`);
    return { minSteps: delayToSteps(meanMs, hMs), probs: [1] };
  }
  const cdf = (d: number) => normalCdf((d - meanMs) / stdMs);
  const tailAbove = 1 - cdf(lo);
  if (tailAbove < 1e-12) throw new Error(`delays Normal(${meanMs}, ${stdMs}) ms almost never reach half a step (${lo} ms): NEST's redraw would fail`);
  const minSteps = Math.max(1, delayToSteps(lo, hMs));
  const probs: number[] = [];
  for (let k = minSteps; ; k++) {
    const a = Math.max(lo, (k - 0.5) * hMs);
    const b = (k + 0.5) * hMs;
    const pk = (cdf(b) - cdf(a)) / tailAbove;
    probs.push(Math.max(0, pk));
    if (b > meanMs && 1 - cdf(b) < 2 ** -44 * tailAbove) break;
    if (probs.length > 100000) throw new Error('delay distribution too wide');
  }
  // Trim leading outcomes that are negligible (mean far above h).
  let first = 0;
  while (first < probs.length - 1 && probs[first] < 2 ** -44) first++;
  return { minSteps: minSteps + first, probs: probs.slice(first) };
}

function splitEvenly(n: number, parts: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < parts; i++) out.push(Math.floor((n * (i + 1)) / parts) - Math.floor((n * i) / parts));
  return out;
}

/** Multinomial split of `total` over bins proportional to `sizes`, by sequential binomials. */
export function multinomialSplit(rng: Rng, total: number, sizes: number[]): number[] {
  let remaining = total;
  let remSize = sizes.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  for (let i = 0; i < sizes.length; i++) {
    if (i === sizes.length - 1) {
      out.push(remaining);
      break;
    }
    const k = remSize > 0 ? rng.binomial(remaining, sizes[i] / remSize) : 0;
    out.push(k);
    remaining -= k;
    remSize -= sizes[i];
  }
  return out;
}

/** Assigns contiguous shard ranges to threads, balancing the expected work (synapses + neurons). */
/**
 * Typical rates (spikes/s) of the eight populations, from NEST's full-scale microcircuit: the
 * weights of the thread split only (thalamic input is off or brief, so it weighs nothing).
 */
const TYPICAL_RATE_HZ = [0.9, 3.0, 4.4, 5.9, 7.7, 8.7, 1.1, 7.8];

function assignShards(work: number[], threads: number): [number, number][] {
  const total = work.reduce((a, b) => a + b, 0);
  const out: [number, number][] = [];
  let first = 0;
  let acc = 0;
  for (let t = 0; t < threads; t++) {
    let last = first;
    if (t === threads - 1) last = work.length;
    else {
      const goal = (total * (t + 1)) / threads;
      const remainingThreads = threads - t - 1;
      while (last < work.length - remainingThreads) {
        if (last > first && Math.abs(acc + work[last] - goal) > Math.abs(acc - goal)) break;
        acc += work[last];
        last++;
      }
    }
    for (let s = first; s < last && t === threads - 1; s++) acc += work[s];
    out.push([first, last]);
    first = last;
  }
  return out;
}

/** The parameter that sets the delays of (target i, source j). */
function delayField(params: ParamSet, i: number, j: number): { path: string; value: unknown } {
  const m = params.net.delay_matrix_mean;
  if (m) return { path: `net.delay_matrix_mean[${i}][${j}]`, value: m[i][j] };
  return j % 2 === 0 ? { path: 'net.delay_exc_mean', value: params.net.delay_exc_mean } : { path: 'net.delay_inh_mean', value: params.net.delay_inh_mean };
}

/** A delay distribution, or a ParamValidationError naming the field when it cannot be sampled. */
function delaysOrRefusal(make: () => DelayDist, field: { path: string; value: unknown }): DelayDist {
  let d: DelayDist;
  try {
    d = make();
    // The engine samples delays with one 32-bit word through an alias table of at most 2^12 outcomes.
    if (d.probs.length > 4096) throw new Error(`${d.probs.length} possible delays in steps`);
  } catch (e) {
    throw new ParamValidationError([{ ...field, message: `delays this wide cannot be simulated (${(e as Error).message}): at most 4096 distinct delays in steps of sim.sim_resolution, as in the NEST example's range` }]);
  }
  return d;
}

export function makePlan(params: ParamSet, threadsOverride?: number): NetworkPlan {
  const derived = deriveParams(params);
  const { sim, net, stim } = params;
  const h = sim.sim_resolution;
  const seed = sim.rng_seed;
  const numNeurons = derived.totalNeurons;
  const popStart = [0];
  for (let i = 0; i < NUM_POPS; i++) popStart.push(popStart[i] + derived.numNeurons[i]);

  // Shards: each population split evenly into blocks of at most SHARD_MAX_NEURONS.
  const shards: Shard[] = [];
  for (let i = 0; i < NUM_POPS; i++) {
    const n = derived.numNeurons[i];
    if (n === 0) continue;
    const sizes = splitEvenly(n, Math.ceil(n / SHARD_MAX_NEURONS));
    let start = popStart[i];
    sizes.forEach((size, m) => {
      shards.push({ id: shards.length, pop: i, start, size, indexInPop: m });
      start += size;
    });
  }

  // Synapse counts per shard: multinomial split of each (target, source) total over the target's shards.
  const numParrots = stim.thalamic_input ? stim.num_th_neurons : 0;
  const shardSynapses: number[][] = shards.map(() => new Array<number>(NUM_POPS + 1).fill(0));
  for (let i = 0; i < NUM_POPS; i++) {
    const mine = shards.filter((s) => s.pop === i);
    if (mine.length === 0) continue;
    const sizes = mine.map((s) => s.size);
    for (let j = 0; j <= NUM_POPS; j++) {
      let total: number;
      if (j < NUM_POPS) total = derived.numNeurons[j] > 0 ? derived.numSynapses[i][j] : 0;
      else total = numParrots > 0 && derived.numThSynapses ? derived.numThSynapses[i] : 0;
      if (total === 0) continue;
      const split = multinomialSplit(new Rng(seed, j < NUM_POPS ? Purpose.ConnSplit : Purpose.ThalSplit, i, j), total, sizes);
      mine.forEach((s, m) => (shardSynapses[s.id][j] = split[m]));
    }
  }

  // Delay distributions and weight scales.
  const delayDists: DelayDist[][] = [];
  const weightScale: number[][] = [];
  const inputScale: number[] = [];
  let maxDelay = 1;
  for (let i = 0; i < NUM_POPS; i++) {
    const dd: DelayDist[] = [];
    const ws: number[] = [];
    for (let j = 0; j < NUM_POPS; j++) {
      dd.push(derived.numSynapses[i][j] > 0 ? delaysOrRefusal(() => delayDistribution(derived.delayMeanMs[i][j], derived.delayStdMs[i][j], h), delayField(params, i, j)) : { minSteps: 1, probs: [1] });
      const mean = derived.weightMeanPa[i][j];
      const range = Math.abs(mean) + WEIGHT_RANGE_SD * derived.weightStdPa[i][j];
      ws.push(((mean < 0 ? -1 : 1) * range) / WEIGHT_LEVELS);
    }
    if (numParrots > 0 && derived.weightThPa !== null && derived.numThSynapses && derived.numThSynapses[i] > 0) {
      dd.push(delaysOrRefusal(() => delayDistribution(stim.delay_th_mean, stim.delay_th_mean * stim.delay_th_rel_std, h), { path: 'stim.delay_th_mean', value: stim.delay_th_mean }));
      const wth = derived.weightThPa;
      ws.push((wth + WEIGHT_RANGE_SD * wth * net.weight_rel_std) / WEIGHT_LEVELS);
    } else {
      dd.push({ minSteps: 1, probs: [1] });
      ws.push(0);
    }
    for (const d of dd) maxDelay = Math.max(maxDelay, d.minSteps + d.probs.length - 1);
    delayDists.push(dd);
    // One scale for the target population: the widest range of its sources, with each source's sign.
    const widest = Math.max(...ws.map(Math.abs));
    inputScale.push(widest);
    weightScale.push(ws.map((x) => (x < 0 ? -widest : widest)));
  }
  // One slot per possible delay (no power-of-two padding: the rings are most of the working set of delivery).
  const ringSlots = maxDelay + 1;
  // Synapse rows keep a delay in 16 bits of a run word (engine/sim/shard.ts).
  if (maxDelay > 65535) {
    throw new ParamValidationError([{
      path: 'sim.sim_resolution',
      value: sim.sim_resolution,
      message: `delays of up to ${maxDelay} steps: at most 65535 steps of sim.sim_resolution are supported (a coarser resolution or shorter delays)`,
    }]);
  }

  const threads = Math.max(1, Math.min(threadsOverride ?? sim.local_num_threads, shards.length || 1));
  // Threads get contiguous shard ranges of about equal work per model second: synaptic events
  // (synapses x typical rate of their source population) plus neuron updates, an update costing
  // about 0.56 of an event (both measured per thread: npm run bench, worker phases). The split changes speed
  // only: the spikes do not depend on it.
  const updatesPerS = 1000 / h;
  const work = shards.map((s, idx) => {
    let events = 0;
    for (let j = 0; j < NUM_POPS; j++) events += shardSynapses[idx][j] * TYPICAL_RATE_HZ[j];
    return events + 0.56 * updatesPerS * s.size;
  });
  const threadShards = assignShards(work, threads);
  // A thread's delay queue addresses at most MAX_QUEUE_INPUTS neurons (17 bits of an event word).
  const mostOnAThread = Math.max(...threadShards.map(([a, b]) => shards.slice(a, b).reduce((n, s) => n + s.size, 0)));
  if (mostOnAThread > MAX_QUEUE_INPUTS) {
    const need = Math.ceil(numNeurons / (MAX_QUEUE_INPUTS * 0.9));
    throw new ParamValidationError([{
      path: 'sim.local_num_threads',
      value: sim.local_num_threads,
      message: `${numNeurons} neurons on ${threads} thread(s) put ${mostOnAThread} on one thread; a thread can own at most ${MAX_QUEUE_INPUTS}: use at least ${need} threads (or a smaller net.N_scaling)`,
    }]);
  }

  // Poisson background (pd14.md 5.4): generator active in steps s > 0, stamped s + 1, arriving after the delay.
  const poissonDelay = delayToSteps(net.delay_poisson, h);
  const poissonStartStep = net.poisson_input ? 2 + poissonDelay - 1 : Number.MAX_SAFE_INTEGER;
  const poissonMean = derived.poissonRateHz.map((r) => (net.poisson_input ? r * h * 1e-3 : 0));

  // DC stimulus (dc_generator, 1 ms default delay). NEST activates current generators two steps
  // ahead (StimulationDevice::is_active tests step + 2 for CURRENT_GENERATOR): the generator sends in
  // the updates s with start - 1 <= s <= stop - 2, stamped s + 1; the event reaches the neuron's
  // current slot of update s + d, and the current stored there acts on V from update s + d + 1. So V
  // feels it in updates [start + d, stop + d), exactly dc_dur long (docs/model.md section 7).
  let dcOn = 0;
  let dcOff = 0;
  if (stim.dc_input) {
    const d = delayToSteps(1.0, h);
    const startS = msToStepsExact(stim.dc_start, h);
    const stopS = msToStepsExact(stim.dc_start + stim.dc_dur, h);
    dcOn = startS + d;
    dcOff = stopS + d;
  }

  // Thalamic burst: a poisson_generator active in steps s with start < s <= stop sends stamp s+1 to each
  // parrot (its own Poisson count), which re-emits 1.0 ms (default delay) later.
  const thStamp: number[] = [];
  const thParrot: number[] = [];
  const thMult: number[] = [];
  if (numParrots > 0) {
    const startS = msToStepsExact(stim.th_start, h);
    const stopS = msToStepsExact(stim.th_start + stim.th_duration, h);
    const genDelay = delayToSteps(1.0, h);
    const table = new PoissonTable(stim.th_rate * h * 1e-3);
    const rng = new Rng(seed, Purpose.Thalamus, 0, 0);
    for (let s = startS + 1; s <= stopS; s++) {
      for (let p = 0; p < numParrots; p++) {
        const n = table.sample(rng.nextU32());
        if (n > 0) {
          thStamp.push(s + 1 + genDelay);
          thParrot.push(p);
          thMult.push(n);
        }
      }
    }
  }

  const refractorySteps = msToStepsCeil(net.neuron_params.t_ref, h);
  const recordSpikes = sim.rec_dev.includes('spike_recorder');
  const recordV = sim.rec_dev.includes('voltmeter');
  // NEST node ids: neurons first, then spike recorders, voltmeters, Poisson generators, parrots + generator, DC generators.
  let next = numNeurons + 1;
  const spikeRecorderIds: number[] = [];
  const voltmeterIds: number[] = [];
  if (recordSpikes) for (let i = 0; i < NUM_POPS; i++) spikeRecorderIds.push(next++);
  if (recordV) for (let i = 0; i < NUM_POPS; i++) voltmeterIds.push(next++);
  if (net.poisson_input) next += NUM_POPS;
  if (stim.thalamic_input) next += stim.num_th_neurons + 1;
  if (stim.dc_input) next += NUM_POPS;

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
    threadShards,
    threads,
    prop: propagators(net.neuron_params, h),
    refractorySteps,
    vThRel: net.neuron_params.V_th - net.neuron_params.E_L,
    vResetRel: net.neuron_params.V_reset - net.neuron_params.E_L,
    shardSynapses,
    delayDists,
    ringSlots,
    maxDelaySteps: maxDelay,
    inputScale,
    weightScale,
    poissonStartStep,
    poissonMean,
    iePa: derived.dcAmpPa.slice(),
    dcStimPa: derived.dcStimAmpPa,
    dcOnStep: dcOn,
    dcOffStep: dcOff,
    thStamp: Uint32Array.from(thStamp),
    thParrot: Uint32Array.from(thParrot),
    thMult: Uint32Array.from(thMult),
    voltStepInterval: recordV ? msToStepsExact(sim.rec_V_int, h) : 0,
    recordSpikes,
    spikeRecorderIds,
    voltmeterIds,
    totalNestNodes: next - 1,
  };
}
