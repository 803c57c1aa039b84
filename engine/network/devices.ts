/**
 * The devices of the NEST example, in steps (pd14.md 5.4 and 5.5): when the Poisson background
 * acts and with what mean count, the updates in which the DC stimulus acts, the thalamic spike
 * train (its parrots' emissions, drawn here once for every thread), and what is recorded.
 */
import type { Derived } from '../params/derive.ts';
import type { ParamSet } from '../params/types.ts';
import { PoissonTable, Purpose, Rng } from '../rng/rng.ts';
import { delayToSteps, msToStepsExact } from '../base/time.ts';

/** The Poisson background: the first update it acts in, and the expected count per neuron and step per population. */
export function poissonBackground(params: ParamSet, derived: Derived): { poissonStartStep: number; poissonMean: number[] } {
  const { net } = params;
  const h = params.sim.sim_resolution;
  // Generator active in steps s > 0, stamped s + 1, arriving after the delay.
  const poissonDelay = delayToSteps(net.delay_poisson, h);
  const poissonStartStep = net.poisson_input ? 2 + poissonDelay - 1 : Number.MAX_SAFE_INTEGER;
  const poissonMean = derived.poissonRateHz.map((r) => (net.poisson_input ? r * h * 1e-3 : 0));
  return { poissonStartStep, poissonMean };
}

/**
 * The DC stimulus (dc_generator, 1 ms default delay): amplitude per population (pA) and the updates
 * [on, off) in which V feels it. NEST activates current generators two steps ahead
 * (StimulationDevice::is_active tests step + 2 for CURRENT_GENERATOR): the generator sends in the
 * updates s with start - 1 <= s <= stop - 2, stamped s + 1; the event reaches the neuron's current
 * slot of update s + d, and the current stored there acts on V from update s + d + 1. So V feels it
 * in updates [start + d, stop + d), exactly dc_dur long (docs/model.md section 7).
 */
export function dcStimulus(params: ParamSet, derived: Derived): { dcStimPa: number[] | null; dcOnStep: number; dcOffStep: number } {
  const { stim } = params;
  const h = params.sim.sim_resolution;
  let dcOnStep = 0;
  let dcOffStep = 0;
  if (stim.dc_input) {
    const d = delayToSteps(1.0, h);
    const startS = msToStepsExact(stim.dc_start, h);
    const stopS = msToStepsExact(stim.dc_start + stim.dc_dur, h);
    dcOnStep = startS + d;
    dcOffStep = stopS + d;
  }
  return { dcStimPa: derived.dcStimAmpPa, dcOnStep, dcOffStep };
}

/** Thalamic spikes (parrot emissions): stamp (steps), parrot index, multiplicity; sorted by stamp. */
export interface ThalamicTrain {
  thStamp: Uint32Array;
  thParrot: Uint32Array;
  thMult: Uint32Array;
}

/**
 * The thalamic burst: a poisson_generator active in steps s with start < s <= stop sends stamp
 * s + 1 to each parrot (its own Poisson count), which re-emits 1.0 ms (default delay) later.
 */
export function thalamicTrain(params: ParamSet, numParrots: number): ThalamicTrain {
  const { stim } = params;
  const h = params.sim.sim_resolution;
  const thStamp: number[] = [];
  const thParrot: number[] = [];
  const thMult: number[] = [];
  if (numParrots > 0) {
    const startS = msToStepsExact(stim.th_start, h);
    const stopS = msToStepsExact(stim.th_start + stim.th_duration, h);
    const genDelay = delayToSteps(1.0, h);
    const table = new PoissonTable(stim.th_rate * h * 1e-3);
    const rng = new Rng(params.sim.rng_seed, Purpose.Thalamus, 0, 0);
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
  return { thStamp: Uint32Array.from(thStamp), thParrot: Uint32Array.from(thParrot), thMult: Uint32Array.from(thMult) };
}

/** What is recorded: spikes, and voltages every voltStepInterval steps (0: none). */
export function recording(params: ParamSet): { recordSpikes: boolean; voltStepInterval: number } {
  const { sim } = params;
  return {
    recordSpikes: sim.rec_dev.includes('spike_recorder'),
    voltStepInterval: sim.rec_dev.includes('voltmeter') ? msToStepsExact(sim.rec_V_int, sim.sim_resolution) : 0,
  };
}
