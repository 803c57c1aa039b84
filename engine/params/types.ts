/**
 * The parameter set of the PD14 microcircuit, with the NEST example's sections (`sim`, `net`,
 * `stim`) and key names, so that researchers recognise them. Units are in every doc comment.
 *
 * Population order everywhere: L23E, L23I, L4E, L4I, L5E, L5I, L6E, L6I (even = excitatory).
 * Matrices are indexed [target][source], as in the NEST example.
 */

/** Number of populations of the microcircuit. */
export const NUM_POPS = 8;
/**
 * Largest shard (block of one population's neurons that the engine builds, owns and updates as a
 * unit; threads get whole shards). Larger shards mean fewer, longer synapse rows per spike: at
 * full scale on 2 threads 4096 simulated 25 % faster than 2048 (engine/README.md).
 */
export const SHARD_MAX_NEURONS = 4096;

export const POPULATION_NAMES = ['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I'] as const;
export type PopulationName = (typeof POPULATION_NAMES)[number];

export type RecordingDevice = 'spike_recorder' | 'voltmeter';
export type V0Type = 'optimized' | 'original';

export interface SimParams {
  /** Presimulation time, ms. Spikes of this phase are not analysed (transient). Multiple of sim_resolution. */
  t_presim: number;
  /** Simulation time, ms (the analysed window follows t_presim). Multiple of sim_resolution. */
  t_sim: number;
  /** Integration step h, ms. */
  sim_resolution: number;
  /** Devices to record with: 'spike_recorder' and/or 'voltmeter'; empty records nothing. */
  rec_dev: RecordingDevice[];
  /** Master seed of all random streams (integer >= 1, < 2^31). */
  rng_seed: number;
  /** Worker threads of the engine (integer >= 1). The spikes do not depend on it. */
  local_num_threads: number;
  /** Voltmeter sampling interval, ms. Multiple of sim_resolution. */
  rec_V_int: number;
  /** Overwrite existing output files (kept for NEST compatibility; the CLI honours it). */
  overwrite_files: boolean;
  /** Print progress to the console (CLI). */
  print_time: boolean;
}

export interface NeuronParams {
  /** Initial membrane potential mean, mV: one value for 'original', one per population for 'optimized'. */
  V0_mean: { original: number; optimized: number[] };
  /** Initial membrane potential standard deviation, mV (same structure as V0_mean). */
  V0_std: { original: number; optimized: number[] };
  /** Leak (resting) potential, mV. */
  E_L: number;
  /** Spike threshold, mV. */
  V_th: number;
  /** Reset potential after a spike, mV. */
  V_reset: number;
  /** Membrane capacitance, pF. */
  C_m: number;
  /** Membrane time constant, ms. */
  tau_m: number;
  /** Time constant of the (excitatory and inhibitory) postsynaptic currents, ms. */
  tau_syn: number;
  /** Absolute refractory period, ms. */
  t_ref: number;
}

export interface NetParams {
  /** Factor scaling the number of neurons (0 < N_scaling <= 1 in practice). */
  N_scaling: number;
  /** Factor scaling the in-degrees (number of synapses per neuron); weights are adjusted by 1/sqrt. */
  K_scaling: number;
  /** Neuron model; only 'iaf_psc_exp' is available. */
  neuron_model: 'iaf_psc_exp';
  /** Names of the 8 populations (labels only). */
  populations: string[];
  /** Number of neurons per population at full scale. */
  full_num_neurons: number[];
  /** Mean firing rates at full scale, spikes/s: used for the DC compensation when K_scaling != 1. */
  full_mean_rates: number[];
  /** Connection probabilities, 8x8, [target][source], each in [0, 1]. */
  conn_probs: number[][];
  /** Mean amplitude of an excitatory postsynaptic potential, mV. */
  PSP_exc_mean: number;
  /** Relative standard deviation of the weight (std = weight_rel_std * |mean|). */
  weight_rel_std: number;
  /** Relative inhibitory strength (inhibitory PSP = g * PSP_exc_mean). */
  g: number;
  /** Mean delay of connections from excitatory sources, ms. */
  delay_exc_mean: number;
  /** Mean delay of connections from inhibitory sources, ms. */
  delay_inh_mean: number;
  /** Relative standard deviation of the delays (std = delay_rel_std * mean). */
  delay_rel_std: number;
  /**
   * Mean PSP matrix, mV, 8x8 [target][source]. null: derived as NEST does from PSP_exc_mean and g,
   * with L4E -> L23E doubled.
   */
  PSP_matrix_mean: number[][] | null;
  /** Mean delay matrix, ms, 8x8 [target][source]. null: derived from delay_exc_mean / delay_inh_mean. */
  delay_matrix_mean: number[][] | null;
  /** Poisson background input (true) or an equivalent DC current (false). */
  poisson_input: boolean;
  /** Number of external (background) inputs per neuron at full scale, per population. */
  K_ext: number[];
  /** Rate of each background input, spikes/s. */
  bg_rate: number;
  /** Delay of the Poisson background input, ms. */
  delay_poisson: number;
  /** Initial membrane potentials: population-specific ('optimized') or common ('original'). */
  V0_type: V0Type;
  /** Neuron model parameters. */
  neuron_params: NeuronParams;
}

export interface StimParams {
  /** Thalamic input (902 parrot neurons firing a Poisson burst). */
  thalamic_input: boolean;
  /** Start of the thalamic input, ms. */
  th_start: number;
  /** Duration of the thalamic input, ms. */
  th_duration: number;
  /** Rate of each thalamic neuron during the input, spikes/s. */
  th_rate: number;
  /** Number of thalamic neurons (never scaled with N_scaling). */
  num_th_neurons: number;
  /** Connection probabilities from the thalamus to each population, in [0, 1]. */
  conn_probs_th: number[];
  /** Mean PSP of thalamic synapses, mV. */
  PSP_th: number;
  /** Mean delay of thalamic synapses, ms. */
  delay_th_mean: number;
  /** Relative standard deviation of the thalamic delays. */
  delay_th_rel_std: number;
  /** DC stimulus (one dc_generator per population). */
  dc_input: boolean;
  /** Start of the DC stimulus, ms. */
  dc_start: number;
  /** Duration of the DC stimulus, ms. */
  dc_dur: number;
  /** DC amplitude factor, pA per external input: amplitude of population i is dc_amp[i] * K_ext[i]. */
  dc_amp: number[];
}

export interface ParamSet {
  sim: SimParams;
  net: NetParams;
  stim: StimParams;
}

/** A partial parameter set, as read from a parameter file or typed by a user: deep-merged onto a preset. */
export type ParamOverrides = {
  sim?: Partial<SimParams>;
  net?: Partial<Omit<NetParams, 'neuron_params'>> & { neuron_params?: Partial<NeuronParams> };
  stim?: Partial<StimParams>;
};

export type PresetName = 'default' | 'full';
