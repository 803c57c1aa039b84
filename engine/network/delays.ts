/**
 * Connection delays (pd14.md 4.5, 5.2): each (target, source) population pair draws its delays
 * from Normal(mean, std) redrawn below h/2 and rounded to steps as floor(d/h + 0.5). The engine
 * samples that distribution of steps exactly (construction draws from its alias table).
 */
import type { Derived } from '../params/derive.ts';
import { NUM_POPS, type ParamSet } from '../params/types.ts';
import type { ValidationIssue } from '../params/validate.ts';
import { MAX_DELAY_STEPS } from '../base/event-word.ts';
import { delayToSteps } from '../base/time.ts';

/** A discrete distribution of delays in steps (value = minSteps + index). */
export interface DelayDist {
  minSteps: number;
  probs: number[];
}

/** The delays of a pair without synapses (never drawn). */
const noDelays = (): DelayDist => ({ minSteps: 1, probs: [1] });

/** Largest number of distinct delays of a pair: construction samples them with one 32-bit word through an alias table of at most 2^12 outcomes. */
const MAX_DELAY_OUTCOMES = 4096;

function normalCdf(x: number): number {
  return 0.5 * erfcApprox(-x / Math.SQRT2);
}

/** erfc to ~1e-14 relative, by a continued fraction for large x and a series for small x. */
function erfcApprox(x: number): number {
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

/** Limits a delay distribution must keep to be simulated (both are what the engine can represent). */
export interface DelayLimits {
  /** Most distinct delays of a pair (MAX_DELAY_OUTCOMES). */
  maxOutcomes: number;
  /** Largest delay, steps (MAX_DELAY_STEPS: 16 bits of a run word). */
  maxSteps: number;
}

/** Standard deviations below the mean from which the normal CDF is exactly 0 in doubles (erfcApprox's exp(-x^2) underflows past x = 27.3). */
const ZERO_CDF_SD = 40;

/**
 * The distribution of a delay drawn as Normal(mean, std), redrawn until >= h/2, then rounded to
 * steps as floor(d/h + 0.5) (pd14.md 4.5 and 5.2). Outcomes with probability below 2^-44 are cut.
 * With `limits`, a distribution that exceeds them throws as soon as it is known to (the outcomes
 * are the same as without: only work on distributions that would be refused is saved).
 */
export function delayDistribution(meanMs: number, stdMs: number, hMs: number, limits?: DelayLimits): DelayDist {
  const lo = hMs / 2;
  if (stdMs === 0) {
    if (meanMs < lo) throw new Error(`a delay of ${meanMs} ms with no spread is below half a step (${lo} ms): NEST's redraw would fail`);
    return { minSteps: delayToSteps(meanMs, hMs), probs: [1] };
  }
  const cdf = (d: number) => normalCdf((d - meanMs) / stdMs);
  const tailAbove = 1 - cdf(lo);
  if (tailAbove < 1e-12) throw new Error(`delays Normal(${meanMs}, ${stdMs}) ms almost never reach half a step (${lo} ms): NEST's redraw would fail`);
  const minSteps = Math.max(1, delayToSteps(lo, hMs));
  // Outcomes whose whole interval lies ZERO_CDF_SD deviations below the mean have probability
  // exactly 0 (and would be trimmed below): start after them.
  const firstNonZero = Math.max(minSteps, Math.floor((meanMs - ZERO_CDF_SD * stdMs) / hMs - 0.5));
  const probs: number[] = [];
  let significant = -1;
  for (let k = firstNonZero; ; k++) {
    const a = Math.max(lo, (k - 0.5) * hMs);
    const b = (k + 0.5) * hMs;
    const pk = (cdf(b) - cdf(a)) / tailAbove;
    probs.push(Math.max(0, pk));
    if (significant < 0 && pk >= 2 ** -44) significant = probs.length - 1;
    if (b > meanMs && 1 - cdf(b) < 2 ** -44 * tailAbove) break;
    if (limits && significant >= 0 && probs.length - significant > limits.maxOutcomes) throw new Error(`more than ${limits.maxOutcomes} possible delays in steps`);
    if (limits && k >= limits.maxSteps) throw new Error(`delays beyond ${limits.maxSteps} steps`);
    if (probs.length > 100000) throw new Error('delay distribution too wide');
  }
  // Trim leading outcomes that are negligible (mean far above h).
  let first = 0;
  while (first < probs.length - 1 && probs[first] < 2 ** -44) first++;
  return { minSteps: firstNonZero + first, probs: probs.slice(first) };
}

/** The parameter that sets the delays of (target i, source j). */
function delayField(params: ParamSet, i: number, j: number): { path: string; value: unknown } {
  const m = params.net.delay_matrix_mean;
  if (m) return { path: `net.delay_matrix_mean[${i}][${j}]`, value: m[i][j] };
  return j % 2 === 0 ? { path: 'net.delay_exc_mean', value: params.net.delay_exc_mean } : { path: 'net.delay_inh_mean', value: params.net.delay_inh_mean };
}

/** The limits of every delay distribution of a network. */
const LIMITS: DelayLimits = { maxOutcomes: MAX_DELAY_OUTCOMES, maxSteps: MAX_DELAY_STEPS };

/** A delay distribution, or the issue naming the field when it cannot be sampled or stored. */
function delaysOrIssue(make: () => DelayDist, field: { path: string; value: unknown }, hMs: number): DelayDist | ValidationIssue {
  let d: DelayDist;
  try {
    d = make();
  } catch (e) {
    return { ...field, message: `delays this wide cannot be simulated (${(e as Error).message}): at most ${MAX_DELAY_OUTCOMES} distinct delays in steps of sim.sim_resolution, as in the NEST example's range, and none beyond ${MAX_DELAY_STEPS} steps (${MAX_DELAY_STEPS * hMs} ms)` };
  }
  if (d.probs.length > MAX_DELAY_OUTCOMES) {
    return { ...field, message: `delays this wide cannot be simulated (${d.probs.length} possible delays in steps): at most ${MAX_DELAY_OUTCOMES} distinct delays in steps of sim.sim_resolution, as in the NEST example's range` };
  }
  return d;
}

/** True when the thalamus connects to target population i. */
export function thalamusReaches(derived: Derived, numParrots: number, i: number): boolean {
  return numParrots > 0 && derived.weightThPa !== null && derived.numThSynapses !== null && derived.numThSynapses[i] > 0;
}

/**
 * Delay distributions per (target pop, source pop 0..7, thalamus 8), and the largest delay in
 * steps. A delay that cannot be sampled is an issue naming its field (once per field; the pair's
 * distribution is then a placeholder, and the plan is refused).
 */
export function delayTables(params: ParamSet, derived: Derived, numParrots: number): { delayDists: DelayDist[][]; maxDelaySteps: number; issues: ValidationIssue[] } {
  const h = params.sim.sim_resolution;
  const { stim } = params;
  const delayDists: DelayDist[][] = [];
  const issues: ValidationIssue[] = [];
  const refused = new Set<string>();
  const checked = (make: () => DelayDist, field: { path: string; value: unknown }): DelayDist => {
    if (refused.has(field.path)) return noDelays();
    const d = delaysOrIssue(make, field, h);
    if ('probs' in d) return d;
    refused.add(field.path);
    issues.push(d);
    return noDelays();
  };
  let maxDelaySteps = 1;
  for (let i = 0; i < NUM_POPS; i++) {
    const dd: DelayDist[] = [];
    for (let j = 0; j < NUM_POPS; j++) {
      dd.push(derived.numSynapses[i][j] > 0 ? checked(() => delayDistribution(derived.delayMeanMs[i][j], derived.delayStdMs[i][j], h, LIMITS), delayField(params, i, j)) : noDelays());
    }
    if (thalamusReaches(derived, numParrots, i)) {
      dd.push(checked(() => delayDistribution(stim.delay_th_mean, stim.delay_th_mean * stim.delay_th_rel_std, h, LIMITS), { path: 'stim.delay_th_mean', value: stim.delay_th_mean }));
    } else dd.push(noDelays());
    for (const d of dd) maxDelaySteps = Math.max(maxDelaySteps, d.minSteps + d.probs.length - 1);
    delayDists.push(dd);
  }
  return { delayDists, maxDelaySteps, issues };
}
