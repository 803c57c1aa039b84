import type { ParamSet, PresetName } from './types.ts';

/** The NEST example as shipped (N_scaling = K_scaling = 0.1), pd14.md sections 1-3. */
export function defaultParams(): ParamSet {
  return {
    sim: {
      t_presim: 500.0,
      t_sim: 1000.0,
      sim_resolution: 0.1,
      rec_dev: ['spike_recorder'],
      rng_seed: 55,
      local_num_threads: 1,
      rec_V_int: 1.0,
      overwrite_files: true,
      print_time: true,
    },
    net: {
      N_scaling: 0.1,
      K_scaling: 0.1,
      neuron_model: 'iaf_psc_exp',
      populations: ['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I'],
      full_num_neurons: [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948],
      full_mean_rates: [0.903, 2.965, 4.414, 5.876, 7.569, 8.633, 1.105, 7.829],
      conn_probs: [
        [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0],
        [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0],
        [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0],
        [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0],
        [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0],
        [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0],
        [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
        [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443],
      ],
      PSP_exc_mean: 0.15,
      weight_rel_std: 0.1,
      g: -4.0,
      delay_exc_mean: 1.5,
      delay_inh_mean: 0.75,
      delay_rel_std: 0.5,
      PSP_matrix_mean: null,
      delay_matrix_mean: null,
      poisson_input: true,
      K_ext: [1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100],
      bg_rate: 8.0,
      delay_poisson: 1.5,
      V0_type: 'optimized',
      neuron_params: {
        V0_mean: { original: -58.0, optimized: [-68.28, -63.16, -63.33, -63.45, -63.11, -61.66, -66.72, -61.43] },
        V0_std: { original: 10.0, optimized: [5.36, 4.57, 4.74, 4.94, 4.94, 4.55, 5.46, 4.48] },
        E_L: -65.0,
        V_th: -50.0,
        V_reset: -65.0,
        C_m: 250.0,
        tau_m: 10.0,
        tau_syn: 0.5,
        t_ref: 2.0,
      },
    },
    stim: {
      thalamic_input: false,
      th_start: 700.0,
      th_duration: 10.0,
      th_rate: 120.0,
      num_th_neurons: 902,
      conn_probs_th: [0.0, 0.0, 0.0983, 0.0619, 0.0, 0.0, 0.0512, 0.0196],
      PSP_th: 0.15,
      delay_th_mean: 1.5,
      delay_th_rel_std: 0.5,
      dc_input: false,
      dc_start: 650.0,
      dc_dur: 100.0,
      dc_amp: [0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3],
    },
  };
}

/** Full scale: N_scaling = K_scaling = 1 (77,169 neurons, 298,880,968 synapses), 2 threads. */
export function fullParams(): ParamSet {
  const p = defaultParams();
  p.net.N_scaling = 1;
  p.net.K_scaling = 1;
  p.sim.local_num_threads = 2;
  p.sim.print_time = false;
  return p;
}

export const PRESET_NAMES: readonly PresetName[] = ['default', 'full'];

export const PRESET_DESCRIPTIONS: Record<PresetName, string> = {
  default: 'The NEST example as shipped: N_scaling = K_scaling = 0.1 (7,717 neurons), seed 55, 0.5 s presim + 1 s sim',
  full: 'Full scale: N_scaling = K_scaling = 1 (77,169 neurons, about 300 million synapses)',
};

export function presetParams(name: PresetName): ParamSet {
  switch (name) {
    case 'default':
      return defaultParams();
    case 'full':
      return fullParams();
    default: {
      const never: never = name;
      throw new Error(`unknown preset ${String(never)}`);
    }
  }
}
