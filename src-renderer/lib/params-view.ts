/**
 * The parameter panel's rows: the key values of a ParamSet, grouped as the NEST example groups
 * them (sim / net / stim), with the NEST key names researchers know and their units. Pure.
 */
import type { ParamSet } from '../../engine/params/types.ts';

export interface ParamRow {
  /** NEST key name, e.g. `t_sim`. */
  key: string;
  label: string;
  value: string;
  unit?: string;
}

export interface ParamGroup {
  id: 'sim' | 'net' | 'stim';
  title: string;
  rows: ParamRow[];
}

const numberFormat = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 });

export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

function onOff(b: boolean): string {
  return b ? 'on' : 'off';
}

export function summarizeParams(p: ParamSet): ParamGroup[] {
  const fullNeurons = p.net.full_num_neurons.reduce((a, b) => a + b, 0);
  return [
    {
      id: 'sim',
      title: 'Simulation',
      rows: [
        { key: 't_presim', label: 'Presimulation', value: formatNumber(p.sim.t_presim), unit: 'ms' },
        { key: 't_sim', label: 'Simulated time', value: formatNumber(p.sim.t_sim), unit: 'ms' },
        { key: 'sim_resolution', label: 'Resolution', value: formatNumber(p.sim.sim_resolution), unit: 'ms' },
        { key: 'rng_seed', label: 'Seed', value: String(p.sim.rng_seed) },
        { key: 'local_num_threads', label: 'Threads', value: String(p.sim.local_num_threads) },
        { key: 'rec_dev', label: 'Recording', value: p.sim.rec_dev.length > 0 ? p.sim.rec_dev.join(', ') : 'nothing' },
      ],
    },
    {
      id: 'net',
      title: 'Network',
      rows: [
        { key: 'N_scaling', label: 'Neuron scaling', value: formatNumber(p.net.N_scaling) },
        { key: 'K_scaling', label: 'In-degree scaling', value: formatNumber(p.net.K_scaling) },
        { key: 'full_num_neurons', label: 'Neurons at full scale', value: formatNumber(fullNeurons) },
        { key: 'neuron_model', label: 'Neuron model', value: p.net.neuron_model },
        { key: 'PSP_exc_mean', label: 'Excitatory PSP', value: formatNumber(p.net.PSP_exc_mean), unit: 'mV' },
        { key: 'g', label: 'Relative inhibition', value: formatNumber(p.net.g) },
        { key: 'delay_exc_mean', label: 'Excitatory delay', value: formatNumber(p.net.delay_exc_mean), unit: 'ms' },
        { key: 'delay_inh_mean', label: 'Inhibitory delay', value: formatNumber(p.net.delay_inh_mean), unit: 'ms' },
        { key: 'poisson_input', label: 'Background input', value: p.net.poisson_input ? 'Poisson' : 'DC' },
        { key: 'bg_rate', label: 'Background rate', value: formatNumber(p.net.bg_rate), unit: 'spikes/s' },
        { key: 'V0_type', label: 'Initial potentials', value: p.net.V0_type },
      ],
    },
    {
      id: 'stim',
      title: 'Stimulus',
      rows: [
        { key: 'thalamic_input', label: 'Thalamic input', value: onOff(p.stim.thalamic_input) },
        { key: 'th_start', label: 'Thalamic start', value: formatNumber(p.stim.th_start), unit: 'ms' },
        { key: 'th_duration', label: 'Thalamic duration', value: formatNumber(p.stim.th_duration), unit: 'ms' },
        { key: 'th_rate', label: 'Thalamic rate', value: formatNumber(p.stim.th_rate), unit: 'spikes/s' },
        { key: 'dc_input', label: 'DC stimulus', value: onOff(p.stim.dc_input) },
      ],
    },
  ];
}
