/**
 * The neuron model iaf_psc_exp (pd14.md 5.1), in the shape of NEST's models/iaf_psc_exp.{h,cpp}:
 *
 *   P_  Parameters   the model's parameters (the parameter set's net.neuron_params)
 *   V_  Variables    what pre_run_hook derives from them for a resolution h: the exact-integration
 *                    propagators, the refractory period in steps, threshold and reset from E_L
 *   S_  State        the state, one array element per neuron (a shard's neurons side by side)
 *   B_  Buffers      what arrives for a step: the summed weight levels of its synaptic events and
 *                    its Poisson background counts
 *   update           one step of every neuron of a shard, NEST's update loop body
 *
 * `update` here is the JavaScript reference. The WebAssembly kernels (engine/wasm/kernels.wat:
 * update, update_simd, step, step_simd) compute the same operations in the same order, so state
 * and spikes are bit-identical (test/engine/wasm/kernels.test.ts); engine/sim/kernels-js.ts and
 * kernels-wasm.ts call them. engine/README.md says how to add a second model beside this one.
 *
 * Differences from NEST's iaf_psc_exp, all of the PD14 example's making: one synaptic current for
 * excitation and inhibition (tau_syn_ex = tau_syn_in, so i_syn = i_syn_ex + i_syn_in evolves as
 * one), no current input i_1 (no step_current_generator), and the current of the DC stimulus enters
 * through I_e (engine/network/devices.ts gives the updates in which it acts).
 */
import type { NeuronParams } from '../params/types.ts';
import { msToStepsCeil } from '../base/time.ts';

/** P_: membrane (E_L, V_th, V_reset: mV; C_m: pF; tau_m, tau_syn, t_ref: ms). */
export type Parameters = Pick<NeuronParams, 'E_L' | 'V_th' | 'V_reset' | 'C_m' | 'tau_m' | 'tau_syn' | 't_ref'>;

export interface Propagators {
  /** Decay of the synaptic current over one step (NEST's P11ex_ = P11in_). */
  P11: number;
  /** Decay of the membrane potential over one step. */
  P22: number;
  /** Synaptic current to membrane potential, mV/pA (P21ex_ = P21in_). */
  P21: number;
  /** Constant current to membrane potential, mV/pA. */
  P20: number;
}

/** V_: the internal variables of a run at resolution h. */
export interface Variables extends Propagators {
  /** Steps a neuron stays refractory after a spike (t_ref in steps, as NEST converts it). */
  RefractoryCounts: number;
  /** Threshold and reset potential relative to E_L, mV (NEST's P_.Theta_ and P_.V_reset_). */
  Theta: number;
  V_reset: number;
}

/** The exact-integration propagators for a step of hMs, as NEST's IAFPropagatorExp computes them. */
export function propagators(p: Parameters, hMs: number): Propagators {
  const { tau_m: tauM, tau_syn: tauS, C_m: cm } = p;
  const P11 = Math.exp(-hMs / tauS);
  const P22 = Math.exp(-hMs / tauM);
  // NEST's IAFPropagatorExp: numerically safe form with expm1; fallback for tau_m ~ tau_syn.
  const beta = (tauS * tauM) / (tauM - tauS);
  const gamma = beta / cm;
  const invBeta = (tauM - tauS) / (tauS * tauM);
  let P21 = gamma * Math.exp(-hMs / tauS) * Math.expm1(hMs * invBeta);
  if (!Number.isFinite(P21) || P21 <= 0 || Math.abs(P21) < 2.2250738585072014e-308) {
    P21 = (hMs / cm) * Math.exp(-hMs / tauM);
  }
  const P20 = (-tauM / cm) * Math.expm1(-hMs / tauM);
  return { P11, P22, P21, P20 };
}

/** V_ from P_ for a resolution of hMs (NEST's pre_run_hook). */
export function preRunHook(p: Parameters, hMs: number): Variables {
  return {
    ...propagators(p, hMs),
    RefractoryCounts: msToStepsCeil(p.t_ref, hMs),
    Theta: p.V_th - p.E_L,
    V_reset: p.V_reset - p.E_L,
  };
}

/**
 * S_: the state variables and the array type each is kept in, one element per neuron. Whoever
 * holds a shard allocates them from this list (engine/sim/kernels-js.ts as typed arrays,
 * kernels-wasm.ts in the kernels' memory).
 */
export const STATE_ARRAYS = { V_m: Float64Array, i_syn: Float64Array, r_ref: Int32Array } as const;

export interface State {
  /** Membrane potential relative to E_L, mV (NEST's V_m_). */
  V_m: Float64Array;
  /** Synaptic current, pA (NEST's i_syn_ex_ + i_syn_in_). */
  i_syn: Float64Array;
  /** Refractory steps left (NEST's r_ref_). */
  r_ref: Int32Array;
}

/** B_: this step's input, one element per neuron; update reads it and zeroes `input`. */
export interface Buffers {
  /** Summed weight levels of the synaptic events of this step (engine/base/event-word.ts). */
  input: Int32Array;
  /** Poisson background inputs of this step. */
  pcnt: Uint8Array;
}

/** What one update of a shard reads besides its state and buffers: V_ and the step's inputs. */
export interface StepConstants extends Variables {
  /** P20 times the constant current of the step (I_e + DC stimulus), mV. */
  ieTerm: number;
  /** pA per weight level of the shard's inputs, and per Poisson input. */
  inScale: number;
  wExt: number;
}

/** The constants of a shard's update: V_, the step's inputs zero until stepInputs sets them. */
export function stepConstants(V: Variables): StepConstants {
  return { ...V, ieTerm: 0, inScale: 0, wExt: 0 };
}

/**
 * Sets the step's inputs of a shard in c: the constant current iePa (pA: I_e and the DC stimulus,
 * NEST's I_e_ + i_0_) and the pA of a weight level and of a Poisson input.
 */
export function stepInputs(c: StepConstants, iePa: number, inScale: number, wExt: number): void {
  c.ieTerm = c.P20 * iePa;
  c.inScale = inScale;
  c.wExt = wExt;
}

/**
 * One update of neurons 0..n-1, from grid time k*h to (k+1)*h, as iaf_psc_exp::update does it:
 * V_m integrated unless refractory, the current decayed and this step's input added, the threshold
 * tested. The spikes (stamp k + 1) are written as start + neuron to out[pos..]; returns the new pos.
 */
export function update(S: State, B: Buffers, c: StepConstants, n: number, start: number, out: Uint32Array, pos: number): number {
  const V = S.V_m;
  const I = S.i_syn;
  const refr = S.r_ref;
  const input = B.input;
  const pcnt = B.pcnt;
  const { P22, P21, P11, ieTerm, inScale, wExt, Theta, V_reset, RefractoryCounts } = c;
  for (let i = 0; i < n; i++) {
    let v = V[i];
    const r = refr[i];
    if (r === 0) v = P22 * v + P21 * I[i] + ieTerm;
    else refr[i] = r - 1;
    I[i] = P11 * I[i] + input[i] * inScale + pcnt[i] * wExt;
    input[i] = 0;
    if (v >= Theta) {
      refr[i] = RefractoryCounts;
      v = V_reset;
      out[pos++] = start + i;
    }
    V[i] = v;
  }
  return pos;
}

/** Sets V_m from absolute membrane potentials, mV (NEST's State_::set). */
export function setMembranePotentials(S: State, vMv: ArrayLike<number>, E_L: number): void {
  for (let i = 0; i < vMv.length; i++) S.V_m[i] = vMv[i] - E_L;
}

/** Writes the absolute membrane potentials, mV, to out[pos..] (the recordable V_m); returns the new pos. */
export function recordMembranePotentials(S: State, E_L: number, out: Float32Array, pos: number): number {
  const V = S.V_m;
  for (let i = 0; i < V.length; i++) out[pos++] = V[i] + E_L;
  return pos;
}
