/**
 * Exact single-neuron and single-synapse checks (validation.md, "Beyond the statistics"): the
 * engine's own update and delivery code against analytic solutions of iaf_psc_exp.
 */
import { describe, expect, it } from 'vitest';
import { WEIGHT_LEVELS } from '../../engine/base/event-word.ts';
import { propagators } from '../../engine/models/iaf-psc-exp.ts';
import { makePlan, type NetworkPlan } from '../../engine/network/plan.ts';
import { delayBits, packRows } from '../../engine/network/rows.ts';
import { pscOverPsp, pspPeakTimeMs } from '../../engine/params/derive.ts';
import { defaultParams } from '../../engine/params/presets.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import { Partition } from '../../engine/sim/partition.ts';

const TAU_M = 10;
const TAU_S = 0.5;
const C_M = 250;

/** A network with no recurrent synapses and no background: every neuron is alone. */
function isolatedParams(mutate?: (p: ParamSet) => void): ParamSet {
  const p = defaultParams();
  p.net.N_scaling = 0.001;
  p.net.K_scaling = 1;
  p.net.conn_probs = p.net.conn_probs.map((r) => r.map(() => 0));
  p.net.bg_rate = 0;
  mutate?.(p);
  return p;
}

function setup(mutate?: (p: ParamSet) => void): { plan: NetworkPlan; part: Partition } {
  const plan = makePlan(isolatedParams(mutate));
  // No synapses means no delays in the plan: give the delay queue slots for the delays the tests wire by hand.
  plan.queueSlots = 64;
  const part = new Partition(plan, 0);
  part.build();
  for (const s of part.shards) s.state.V_m.fill(0);
  return { plan, part };
}

/** Wires source 0 to local target 0 of the first shard with weight J (pA) and a delay in steps. */
function wireOneSynapse(plan: NetworkPlan, part: Partition, weightPa: number, delaySteps: number): void {
  const s = part.shards[0];
  // One synapse, packed as construction packs them: key source 0 << dBits | delay, scratch word target 0 << 16 | level.
  part.kernels.storeRows(s, packRows(Uint32Array.of(delaySteps), Uint32Array.of((0 << 16) | WEIGHT_LEVELS), 1, plan.numSources, delayBits(delaySteps)));
  s.inScale = weightPa / WEIGHT_LEVELS;
}

describe('iaf_psc_exp update', () => {
  it('propagators are the exact-integration factors', () => {
    const h = 0.1;
    const pr = propagators(defaultParams().net.neuron_params, h);
    expect(pr.P22).toBeCloseTo(Math.exp(-h / TAU_M), 15);
    expect(pr.P11).toBeCloseTo(Math.exp(-h / TAU_S), 15);
    expect(pr.P20).toBeCloseTo((TAU_M / C_M) * (1 - Math.exp(-h / TAU_M)), 15);
    const p21 = ((TAU_S * TAU_M) / (C_M * (TAU_M - TAU_S))) * (Math.exp(-h / TAU_M) - Math.exp(-h / TAU_S));
    expect(Math.abs(pr.P21 - p21) / p21).toBeLessThan(1e-12);
  });

  it('a constant current gives the analytic trajectory and first spike time', () => {
    const { plan, part } = setup();
    const I0 = 400; // pA: V_inf = R I0 = 16 mV above E_L, threshold at 15 mV
    plan.iePa.fill(I0);
    const h = plan.hMs;
    const vInf = (TAU_M / C_M) * I0;
    const tCross = -TAU_M * Math.log(1 - 15 / vInf); // 27.726 ms
    const out = new Uint32Array(plan.numNeurons);
    const spikesAt: number[] = [];
    const s0 = part.shards[0];
    for (let k = 0; k < 700; k++) {
      const before = s0.state.V_m[0];
      const n = part.update(k, out, 0);
      if (out.subarray(0, n).includes(0)) spikesAt.push(k + 1);
      if (spikesAt.length === 0) {
        const exact = vInf * (1 - Math.exp((-(k + 1) * h) / TAU_M));
        expect(Math.abs(s0.state.V_m[0] - exact)).toBeLessThan(1e-9);
      }
      void before;
    }
    const firstStamp = Math.ceil(tCross / h - 1e-9);
    expect(spikesAt[0]).toBe(firstStamp);
    expect(spikesAt[0] * h).toBeCloseTo(27.8, 10);
    // Then 20 refractory steps and the same charging time again.
    expect(spikesAt[1] - spikesAt[0]).toBe(20 + firstStamp);
  });

  it('holds V at V_reset for exactly t_ref = 20 steps after a spike', () => {
    const { plan, part } = setup();
    plan.iePa.fill(2000); // strong drive: fires as soon as it may
    const out = new Uint32Array(plan.numNeurons);
    const s0 = part.shards[0];
    const v: number[] = [];
    const spikes: number[] = [];
    for (let k = 0; k < 200; k++) {
      const n = part.update(k, out, 0);
      if (out.subarray(0, n).includes(0)) spikes.push(k);
      v.push(s0.state.V_m[0]);
    }
    expect(plan.neuron.RefractoryCounts).toBe(20);
    const k0 = spikes[0];
    for (let j = 1; j <= 20; j++) expect(v[k0 + j]).toBe(0);
    expect(v[k0 + 21]).toBeGreaterThan(0);
    // Spike times are on the grid: the spike of update k is stamped (k + 1) h.
    expect(spikes[1] - spikes[0]).toBeGreaterThan(20);
  });

  it('one spike of 87.8085 pA gives a PSP of 0.15 mV peaking 1.5767 ms after the current jump', () => {
    const { plan, part } = setup();
    const J = pscOverPsp(C_M, TAU_M, TAU_S) * 0.15;
    const d = 15;
    const S = 100; // spike stamp
    wireOneSynapse(plan, part, J, d);
    const s0 = part.shards[0];
    const out = new Uint32Array(plan.numNeurons);
    const h = plan.hMs;
    const amp = (J * TAU_M * TAU_S) / (C_M * (TAU_M - TAU_S));
    const analytic = (t: number) => (t <= 0 ? 0 : amp * (Math.exp(-t / TAU_M) - Math.exp(-t / TAU_S)));
    let maxV = 0;
    for (let k = 0; k < 400; k++) {
      if (k === S) part.deliver(Uint32Array.of(0), 0, 1, S);
      part.update(k, out, 0);
      // The jump happens at the end of update S + d - 1, at time (S + d) h; V after update k is v((k + 1) h - (S + d) h).
      const t = (k + 1 - (S + d)) * h;
      // The weight is WEIGHT_LEVELS levels of J / WEIGHT_LEVELS pA: J but for rounding, so agreement is to ~1e-8 mV.
      expect(Math.abs(s0.state.V_m[0] - analytic(t))).toBeLessThan(1e-8);
      maxV = Math.max(maxV, s0.state.V_m[0]);
    }
    // The analytic peak is exactly the promised PSP; the grid samples it within 0.1 %.
    expect(analytic(pspPeakTimeMs(TAU_M, TAU_S))).toBeCloseTo(0.15, 12);
    expect(maxV).toBeGreaterThan(0.15 * 0.999);
    expect(maxV).toBeLessThanOrEqual(0.15);
  });

  it('a spike stamped S with delay d reaches the current exactly at the end of update S + d - 1', () => {
    for (const d of [1, 2, 7, 15, 40]) {
      const { plan, part } = setup();
      wireOneSynapse(plan, part, 100, d);
      const s0 = part.shards[0];
      const out = new Uint32Array(plan.numNeurons);
      const S = 10;
      let firstNonZero = -1;
      for (let k = 0; k < 80; k++) {
        if (k === S) part.deliver(Uint32Array.of(0), 0, 1, S);
        part.update(k, out, 0);
        if (firstNonZero < 0 && s0.state.i_syn[0] !== 0) firstNonZero = k;
      }
      expect(firstNonZero).toBe(S + d - 1);
    }
  });

  it('Poisson background starts acting 1.5 ms after the generator starts (first stamp 0.2 ms + delay)', () => {
    const { plan, part } = setup((p) => {
      p.net.bg_rate = 8;
    });
    expect(plan.poissonStartStep).toBe(16);
    const out = new Uint32Array(plan.numNeurons);
    const anyCurrent = () => part.shards.some((s) => s.state.i_syn.some((x) => x !== 0));
    for (let k = 0; k < 16; k++) {
      part.update(k, out, 0);
      expect(anyCurrent()).toBe(false);
    }
    part.update(16, out, 0);
    expect(anyCurrent()).toBe(true);
  });

  it('the Poisson drive has the mean and variance of K_ext inputs at bg_rate', () => {
    const { plan, part } = setup((p) => {
      p.net.N_scaling = 0.05;
      p.net.bg_rate = 8;
    });
    // Count the Poisson inputs arriving per neuron and step, from the current's jump in each update.
    const s = part.shards[0];
    const w = plan.derived.weightExtPa;
    const lambda = plan.poissonMean[s.shard.pop];
    let sum = 0;
    let sumSq = 0;
    let n = 0;
    const out = new Uint32Array(plan.numNeurons);
    for (let k = 16; k < 2016; k++) {
      const prevI = Float64Array.from(s.state.i_syn);
      part.update(k, out, 0);
      for (let j = 0; j < s.size; j++) {
        const c = (s.state.i_syn[j] - plan.neuron.P11 * prevI[j]) / w;
        sum += c;
        sumSq += c * c;
        n++;
      }
    }
    const mean = sum / n;
    const variance = sumSq / n - mean * mean;
    expect(lambda).toBeCloseTo((8 * 1600 * 0.1) / 1000, 12);
    const se = Math.sqrt(lambda / n);
    expect(Math.abs(mean - lambda)).toBeLessThan(5 * se);
    expect(Math.abs(variance - lambda) / lambda).toBeLessThan(0.03);
  });

  it('the DC stimulus acts in the updates [dc_start + 1 ms, dc_stop + 1 ms)', () => {
    const plan = makePlan(isolatedParams((p) => {
      p.stim.dc_input = true;
    }));
    // dc_generator: NEST activates current generators two steps ahead (StimulationDevice::is_active,
    // step + 2); sent in update s, the current reaches the slot of update s + 10 (1.0 ms default
    // delay) and acts on V from update s + 11. test/engine/dc-stimulus.test.ts checks the spikes.
    expect(plan.dcOnStep).toBe(6500 + 10);
    expect(plan.dcOffStep).toBe(7500 + 10);
  });

  it('the thalamic burst: 902 parrots at 120 Hz for 10 ms from 700 ms, re-emitted 1 ms later', () => {
    const plan = makePlan(isolatedParams((p) => {
      p.stim.thalamic_input = true;
    }));
    expect(plan.numParrots).toBe(902);
    const stamps = Array.from(plan.thStamp);
    expect(Math.min(...stamps)).toBeGreaterThanOrEqual(7002 + 10);
    expect(Math.max(...stamps)).toBeLessThanOrEqual(7101 + 10);
    const total = Array.from(plan.thMult).reduce((a, b) => a + b, 0);
    const expected = 902 * 100 * 120e-4;
    expect(Math.abs(total - expected)).toBeLessThan(4 * Math.sqrt(expected));
  });
});
