/**
 * Derived parameters exactly as the NEST example's helpers compute them (pd14.md section 4).
 * Pure functions on a validated ParamSet.
 */
import { NUM_POPS, type ParamSet } from './types.ts';

/** numpy's np.round: round half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // Math.round rounds .5 up; fix exact ties to even.
  if (Math.abs(x % 1) === 0.5) return 2 * Math.round(x / 2);
  return r;
}

/**
 * Total synapse count from a connection probability with multapses (pd14.md 4.1), real-valued:
 * K = ln(1 - p) / ln((Ns Nt - 1) / (Ns Nt)).
 */
export function synapsesFromConnProb(p: number, nSource: number, nTarget: number): number {
  if (p === 0) return 0;
  const prod = nSource * nTarget;
  return Math.log(1 - p) / Math.log((prod - 1) / prod);
}

/** PSC amplitude (pA) per PSP peak (mV) for exponential currents on an LIF membrane (pd14.md 4.2). */
export function pscOverPsp(cmPf: number, tauMMs: number, tauSynMs: number): number {
  if (tauMMs === tauSynMs) {
    // Limit tau_s -> tau_m: v(t) = J t/C exp(-t/tau), peak at t = tau: J tau / (C e).
    return (cmPf * Math.E) / tauMMs;
  }
  const sub = 1 / (tauSynMs - tauMMs);
  const pre = ((tauMMs * tauSynMs) / cmPf) * sub;
  const frac = (tauMMs / tauSynMs) ** sub;
  return 1 / (pre * (frac ** tauMMs - frac ** tauSynMs));
}

/** Time of the PSP peak after the current jump, ms. */
export function pspPeakTimeMs(tauMMs: number, tauSynMs: number): number {
  if (tauMMs === tauSynMs) return tauMMs;
  return ((tauMMs * tauSynMs) / (tauMMs - tauSynMs)) * Math.log(tauMMs / tauSynMs);
}

export function meanPspMatrix(p: ParamSet): number[][] {
  if (p.net.PSP_matrix_mean) return p.net.PSP_matrix_mean.map((r) => r.slice());
  const exc = p.net.PSP_exc_mean;
  const inh = p.net.PSP_exc_mean * p.net.g;
  const m: number[][] = [];
  for (let i = 0; i < NUM_POPS; i++) {
    m.push([]);
    for (let j = 0; j < NUM_POPS; j++) m[i].push(j % 2 === 0 ? exc : inh);
  }
  m[0][2] = 2 * exc;
  return m;
}

export function meanDelayMatrix(p: ParamSet): number[][] {
  if (p.net.delay_matrix_mean) return p.net.delay_matrix_mean.map((r) => r.slice());
  const m: number[][] = [];
  for (let i = 0; i < NUM_POPS; i++) {
    m.push([]);
    for (let j = 0; j < NUM_POPS; j++) m[i].push(j % 2 === 0 ? p.net.delay_exc_mean : p.net.delay_inh_mean);
  }
  return m;
}

export interface Derived {
  /** Neurons per population (rounded, half to even). */
  numNeurons: number[];
  /** Full-scale real-valued synapse totals K_full[target][source]. */
  fullNumSynapses: number[][];
  /** Synapses per (target, source) as built: round(K_full * N_scaling * K_scaling). */
  numSynapses: number[][];
  /** External in-degrees round(K_ext * K_scaling). */
  extIndegrees: number[];
  pscOverPsp: number;
  /** Mean weights, pA, [target][source], after the K_scaling adjustment. */
  weightMeanPa: number[][];
  /** Standard deviations of the weights, pA (weight_rel_std * |mean|). */
  weightStdPa: number[][];
  /** Mean delays, ms, [target][source], and their standard deviations. */
  delayMeanMs: number[][];
  delayStdMs: number[][];
  /** Weight of the Poisson background input, pA. */
  weightExtPa: number;
  /** DC current per population (I_e), pA: Poisson compensation and the K_scaling adjustment. */
  dcAmpPa: number[];
  /** Poisson generator rate per population, spikes/s (bg_rate * ext in-degree). */
  poissonRateHz: number[];
  /** Thalamic synapses per target population (null when thalamic input is off). */
  numThSynapses: number[] | null;
  weightThPa: number | null;
  /** Amplitude of the DC stimulus per population, pA (dc_amp * K_ext), null when off. */
  dcStimAmpPa: number[] | null;
  /** Total neurons and recurrent synapses. */
  totalNeurons: number;
  totalSynapses: number;
}

export function deriveParams(p: ParamSet): Derived {
  const { net, stim } = p;
  const full = net.full_num_neurons;
  const fullNumSynapses: number[][] = [];
  for (let i = 0; i < NUM_POPS; i++) {
    fullNumSynapses.push([]);
    for (let j = 0; j < NUM_POPS; j++) fullNumSynapses[i].push(synapsesFromConnProb(net.conn_probs[i][j], full[j], full[i]));
  }
  const numNeurons = full.map((n) => roundHalfEven(n * net.N_scaling));
  const numSynapses = fullNumSynapses.map((row) => row.map((k) => roundHalfEven(k * net.N_scaling * net.K_scaling)));
  const extIndegrees = net.K_ext.map((k) => roundHalfEven(k * net.K_scaling));

  const tauSyn = net.neuron_params.tau_syn;
  const ratio = pscOverPsp(net.neuron_params.C_m, net.neuron_params.tau_m, tauSyn);
  const psp = meanPspMatrix(p);
  let weightMean = psp.map((row) => row.map((v) => v * ratio));
  let weightExt = net.PSP_exc_mean * ratio;

  let dcAmp: number[] = net.poisson_input
    ? new Array<number>(NUM_POPS).fill(0)
    : net.K_ext.map((k) => net.bg_rate * k * tauSyn * 0.001 * weightExt);

  const k = net.K_scaling;
  if (k !== 1) {
    const sq = Math.sqrt(k);
    const unscaled = weightMean;
    const unscaledExt = weightExt;
    weightMean = unscaled.map((row) => row.map((w) => w / sq));
    weightExt = unscaledExt / sq;
    dcAmp = dcAmp.map((dc, i) => {
      let inputRec = 0;
      for (let j = 0; j < NUM_POPS; j++) inputRec += unscaled[i][j] * (fullNumSynapses[i][j] / full[i]) * net.full_mean_rates[j];
      let out = dc + 0.001 * tauSyn * (1 - sq) * inputRec;
      if (net.poisson_input) out += 0.001 * tauSyn * (1 - sq) * unscaledExt * net.K_ext[i] * net.bg_rate;
      return out;
    });
  }
  const weightStd = weightMean.map((row) => row.map((w) => Math.abs(w * net.weight_rel_std)));
  const delayMean = meanDelayMatrix(p);
  const delayStd = delayMean.map((row) => row.map((d) => d * net.delay_rel_std));

  let numTh: number[] | null = null;
  let weightTh: number | null = null;
  if (stim.thalamic_input) {
    let th = stim.conn_probs_th.map((pr, i) => synapsesFromConnProb(pr, stim.num_th_neurons, full[i]));
    weightTh = stim.PSP_th * ratio;
    if (k !== 1) {
      th = th.map((x) => x * k);
      weightTh /= Math.sqrt(k);
    }
    numTh = th.map(roundHalfEven);
  }
  const dcStim = stim.dc_input ? stim.dc_amp.map((a, i) => a * net.K_ext[i]) : null;

  return {
    numNeurons,
    fullNumSynapses,
    numSynapses,
    extIndegrees,
    pscOverPsp: ratio,
    weightMeanPa: weightMean,
    weightStdPa: weightStd,
    delayMeanMs: delayMean,
    delayStdMs: delayStd,
    weightExtPa: weightExt,
    dcAmpPa: dcAmp,
    poissonRateHz: extIndegrees.map((kx) => net.bg_rate * kx),
    numThSynapses: numTh,
    weightThPa: weightTh,
    dcStimAmpPa: dcStim,
    totalNeurons: numNeurons.reduce((a, b) => a + b, 0),
    totalSynapses: numSynapses.reduce((a, row) => a + row.reduce((x, y) => x + y, 0), 0),
  };
}
