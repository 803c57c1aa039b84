/**
 * iaf_psc_exp as NEST calibrates it (pd14.md 5.1): exact-integration propagators, times converted
 * to steps through NEST's tics. Pure functions of the parameters; the update loop lives in shard.ts.
 */
import type { NeuronParams } from '../params/types.ts';

/** NEST's default time base: 1000 tics per ms. */
export const TICS_PER_MS = 1000;

/** Steps for a time, as NEST converts a parameter time: tics = floor(t*1000 + 0.5), rounded up to whole steps. */
export function msToStepsCeil(tMs: number, hMs: number): number {
  const tics = Math.floor(tMs * TICS_PER_MS + 0.5);
  const ticsPerStep = Math.round(hMs * TICS_PER_MS);
  return Math.ceil(tics / ticsPerStep);
}

/** Steps for a time that is on the grid (validated), e.g. t_sim or device start/stop. */
export function msToStepsExact(tMs: number, hMs: number): number {
  return Math.round(tMs / hMs);
}

/** Steps for a connection delay: floor(d/h + 0.5) (round half up), pd14.md 5.2. */
export function delayToSteps(dMs: number, hMs: number): number {
  return Math.floor(dMs / hMs + 0.5);
}

export interface Propagators {
  /** Decay of the synaptic current over one step. */
  P11: number;
  /** Decay of the membrane potential over one step. */
  P22: number;
  /** Synaptic current to membrane potential, mV/pA. */
  P21: number;
  /** Constant current to membrane potential, mV/pA. */
  P20: number;
}

export function propagators(np: NeuronParams, hMs: number): Propagators {
  const { tau_m: tauM, tau_syn: tauS, C_m: cm } = np;
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
