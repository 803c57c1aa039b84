/** One line per group, shown in its header while it is collapsed. Pure; copes with invalid values. */
import type { Derived } from '../../../engine/params/derive.ts';
import type { ParamSet } from '../../../engine/params/types.ts';
import type { GroupId } from './field-specs.ts';
import { formatCount } from './format.ts';

const num = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? String(v) : '?');
const secs = (ms: unknown): string => (typeof ms === 'number' && Number.isFinite(ms) ? `${ms / 1000} s` : '?');

export function groupSummaries(p: ParamSet, d: Derived | null): Record<GroupId, string> {
  const { sim, net, stim } = p;
  const np = net.neuron_params;
  const rec = Array.isArray(sim.rec_dev) ? sim.rec_dev : [];
  return {
    populations: `${d ? formatCount(d.totalNeurons) : '?'} neurons · N_scaling ${num(net.N_scaling)}`,
    connectivity: `${d ? formatCount(d.totalSynapses) : '?'} synapses · K_scaling ${num(net.K_scaling)}`,
    synapses: `PSP ${num(net.PSP_exc_mean)} mV · g ${num(net.g)} · delays ${num(net.delay_exc_mean)} / ${num(net.delay_inh_mean)} ms`,
    neurons: `V_th ${num(np.V_th)} mV · τ_m ${num(np.tau_m)} ms · V0 ${String(net.V0_type)}`,
    external: net.poisson_input === false ? `DC equivalent of ${num(net.bg_rate)} spikes/s` : `Poisson, ${num(net.bg_rate)} spikes/s per input`,
    stimuli: `thalamic ${stim.thalamic_input === true ? 'on' : 'off'} · DC ${stim.dc_input === true ? 'on' : 'off'}`,
    simulation: `${secs(sim.t_presim)} + ${secs(sim.t_sim)} at ${num(sim.sim_resolution)} ms · seed ${num(sim.rng_seed)}`,
    recording: rec.length > 0 ? rec.join(', ') : 'nothing recorded',
  };
}
