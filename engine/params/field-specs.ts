/**
 * Every parameter of a ParamSet as the editor shows it, in the order it lays them out: the group a researcher looks for it in, a
 * label, its unit (from the doc comments of types.ts) and one line of meaning.
 * Keys are paths in the validator's notation, so an issue finds its field. Pure data, shared by the
 * page's editor and the services (a run's parameters grouped as in the editor: runs.parameters).
 */

/** The path without its trailing indices: `net.conn_probs[2][3]` -> `net.conn_probs`. */
export function basePath(path: string): string {
  return path.replace(/(\[\d+\])+$/, '');
}

export type GroupId = 'populations' | 'connectivity' | 'synapses' | 'neurons' | 'external' | 'stimuli' | 'simulation' | 'recording';

export interface GroupSpec {
  id: GroupId;
  title: string;
}

export const GROUPS: readonly GroupSpec[] = [
  { id: 'populations', title: 'Populations' },
  { id: 'connectivity', title: 'Connectivity' },
  { id: 'synapses', title: 'Synapses' },
  { id: 'neurons', title: 'Neurons' },
  { id: 'external', title: 'External input' },
  { id: 'stimuli', title: 'Stimuli' },
  { id: 'simulation', title: 'Simulation' },
  { id: 'recording', title: 'Recording' },
];

/**
 * number / integer: one numeric input; bool: a checkbox; choice: a select or radios; names: the 8
 * population labels; set: rec_dev's checkboxes; vector: one number per population; matrix: 8x8
 * [target][source]; fixed: shown, not editable (one possible value).
 */
export type FieldKind = 'number' | 'integer' | 'bool' | 'choice' | 'names' | 'set' | 'vector' | 'matrix' | 'fixed';

export interface FieldSpec {
  path: string;
  group: GroupId;
  kind: FieldKind;
  /** Short label; the NEST key is shown beside it. */
  label: string;
  /** Unit shown next to the input ('' for none). */
  unit: string;
  /** One line: what it means. */
  doc: string;
  /** Integer-valued items of a vector. */
  integer?: boolean;
  /** null allowed: derived from other fields (PSP / delay matrices). */
  nullable?: boolean;
}

const f = (group: GroupId, kind: FieldKind, path: string, label: string, unit: string, doc: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  path,
  group,
  kind,
  label,
  unit,
  doc,
  ...extra,
});

export const FIELDS: readonly FieldSpec[] = [
  // Populations
  f('populations', 'number', 'net.N_scaling', 'Neuron scaling', 'factor', 'Scales the number of neurons (0 < N_scaling ≤ 1 in practice).'),
  f('populations', 'names', 'net.populations', 'Name', '', 'Labels of the 8 populations (order L23E … L6I; even = excitatory).'),
  f('populations', 'vector', 'net.full_num_neurons', 'Neurons at full scale', 'neurons', 'Number of neurons per population at N_scaling = 1.', { integer: true }),
  f('populations', 'vector', 'net.full_mean_rates', 'Mean rate at full scale', 'spikes/s', 'Rates of a full-scale run; only used for the DC compensation when K_scaling ≠ 1.'),
  // Connectivity
  f('connectivity', 'number', 'net.K_scaling', 'In-degree scaling', 'factor', 'Scales the synapses per neuron; weights are divided by √K_scaling and a DC current compensates.'),
  f('connectivity', 'matrix', 'net.conn_probs', 'Connection probabilities', 'prob.', 'Probability that a source neuron connects to a target neuron, in [0, 1).'),
  // Synapses
  f('synapses', 'number', 'net.PSP_exc_mean', 'Excitatory PSP', 'mV', 'Mean peak PSP of an excitatory synapse (L4E → L23E gets twice this).'),
  f('synapses', 'number', 'net.g', 'Relative inhibition g', '× PSP', 'Inhibitory PSP = g · PSP_exc_mean.'),
  f('synapses', 'number', 'net.weight_rel_std', 'Weight spread', '× |mean|', 'Standard deviation of each weight relative to its mean.'),
  f('synapses', 'matrix', 'net.PSP_matrix_mean', 'Mean PSP matrix', 'mV', 'Mean PSP per [target][source]. Off: derived from PSP_exc_mean and g.', { nullable: true }),
  f('synapses', 'number', 'net.delay_exc_mean', 'Excitatory delay', 'ms', 'Mean delay of connections from excitatory sources.'),
  f('synapses', 'number', 'net.delay_inh_mean', 'Inhibitory delay', 'ms', 'Mean delay of connections from inhibitory sources.'),
  f('synapses', 'number', 'net.delay_rel_std', 'Delay spread', '× mean', 'Standard deviation of the delays relative to their mean.'),
  f('synapses', 'matrix', 'net.delay_matrix_mean', 'Mean delay matrix', 'ms', 'Mean delay per [target][source]. Off: derived from the two mean delays.', { nullable: true }),
  // Neurons
  f('neurons', 'fixed', 'net.neuron_model', 'Neuron model', '', 'Leaky integrate-and-fire with exponential currents; the only model available.'),
  f('neurons', 'number', 'net.neuron_params.E_L', 'Resting potential E_L', 'mV', 'Leak (resting) potential.'),
  f('neurons', 'number', 'net.neuron_params.V_th', 'Threshold V_th', 'mV', 'Spike threshold.'),
  f('neurons', 'number', 'net.neuron_params.V_reset', 'Reset V_reset', 'mV', 'Potential after a spike; must be below V_th.'),
  f('neurons', 'number', 'net.neuron_params.C_m', 'Capacitance C_m', 'pF', 'Membrane capacitance (used for the PSP → PSC conversion).'),
  f('neurons', 'number', 'net.neuron_params.tau_m', 'Membrane τ_m', 'ms', 'Membrane time constant (used for the PSP → PSC conversion).'),
  f('neurons', 'number', 'net.neuron_params.tau_syn', 'Synaptic τ_syn', 'ms', 'Decay of the excitatory and inhibitory postsynaptic currents.'),
  f('neurons', 'number', 'net.neuron_params.t_ref', 'Refractory t_ref', 'ms', 'Absolute refractory period.'),
  f('neurons', 'choice', 'net.V0_type', 'Initial potentials', '', 'Normal draws per neuron: one mean and std per population (optimized) or one for all (original).'),
  f('neurons', 'number', 'net.neuron_params.V0_mean.original', 'V0 mean (original)', 'mV', 'Mean initial membrane potential, all populations.'),
  f('neurons', 'number', 'net.neuron_params.V0_std.original', 'V0 std (original)', 'mV', 'Standard deviation of the initial potential, all populations.'),
  f('neurons', 'vector', 'net.neuron_params.V0_mean.optimized', 'V0 mean', 'mV', 'Mean initial potential per population (optimized).'),
  f('neurons', 'vector', 'net.neuron_params.V0_std.optimized', 'V0 std', 'mV', 'Standard deviation of the initial potential per population (optimized).'),
  // External input
  f('external', 'choice', 'net.poisson_input', 'Background', '', 'Poisson spike trains, or an equivalent DC current.'),
  f('external', 'number', 'net.bg_rate', 'Rate per input', 'spikes/s', 'Rate of each external (background) input.'),
  f('external', 'number', 'net.delay_poisson', 'Poisson delay', 'ms', 'Delay of the Poisson background input.'),
  f('external', 'vector', 'net.K_ext', 'External inputs', 'inputs', 'External inputs per neuron at full scale.', { integer: true }),
  // Stimuli
  f('stimuli', 'bool', 'stim.thalamic_input', 'Thalamic input', '', '902 thalamic neurons fire a Poisson burst into L4 and L6.'),
  f('stimuli', 'number', 'stim.th_start', 'Start', 'ms', 'Start of the thalamic burst (multiple of sim_resolution).'),
  f('stimuli', 'number', 'stim.th_duration', 'Duration', 'ms', 'Duration of the thalamic burst (multiple of sim_resolution).'),
  f('stimuli', 'number', 'stim.th_rate', 'Rate', 'spikes/s', 'Rate of each thalamic neuron during the burst.'),
  f('stimuli', 'integer', 'stim.num_th_neurons', 'Thalamic neurons', 'neurons', 'Number of thalamic neurons (never scaled with N_scaling).'),
  f('stimuli', 'number', 'stim.PSP_th', 'Thalamic PSP', 'mV', 'Mean PSP of thalamic synapses.'),
  f('stimuli', 'number', 'stim.delay_th_mean', 'Thalamic delay', 'ms', 'Mean delay of thalamic synapses.'),
  f('stimuli', 'number', 'stim.delay_th_rel_std', 'Thalamic delay spread', '× mean', 'Standard deviation of the thalamic delays relative to their mean.'),
  f('stimuli', 'vector', 'stim.conn_probs_th', 'Conn. prob. from thalamus', 'prob.', 'Connection probability from the thalamus to each population, in [0, 1).'),
  f('stimuli', 'bool', 'stim.dc_input', 'DC stimulus', '', 'A step current into every population.'),
  f('stimuli', 'number', 'stim.dc_start', 'Start', 'ms', 'Start of the DC stimulus (multiple of sim_resolution).'),
  f('stimuli', 'number', 'stim.dc_dur', 'Duration', 'ms', 'Duration of the DC stimulus (multiple of sim_resolution).'),
  f('stimuli', 'vector', 'stim.dc_amp', 'DC factor', 'pA/input', 'Amplitude per external input: population i gets dc_amp[i] · K_ext[i].'),
  // Simulation
  f('simulation', 'number', 'sim.t_presim', 'Presimulation', 'ms', 'Transient before the analysed window; its spikes are not analysed.'),
  f('simulation', 'number', 'sim.t_sim', 'Simulation', 'ms', 'Analysed time after the presimulation.'),
  f('simulation', 'number', 'sim.sim_resolution', 'Resolution h', 'ms', 'Integration step; times must be multiples of it.'),
  f('simulation', 'integer', 'sim.rng_seed', 'Seed', 'integer', 'Master seed of all random streams (1 … 2147483647).'),
  f('simulation', 'integer', 'sim.local_num_threads', 'Threads', 'threads', 'Worker threads of the engine; the spikes do not depend on it.'),
  f('simulation', 'bool', 'sim.overwrite_files', 'Overwrite files', '', 'Overwrite existing output files (command line; kept for NEST compatibility).'),
  f('simulation', 'bool', 'sim.print_time', 'Print progress', '', 'Print progress to the console (command line).'),
  // Recording
  f('recording', 'set', 'sim.rec_dev', 'Devices', '', 'What to record; none records nothing.'),
  f('recording', 'number', 'sim.rec_V_int', 'Voltmeter interval', 'ms', 'Sampling interval of the voltmeter (multiple of sim_resolution).'),
];

const FIELD_BY_PATH: ReadonlyMap<string, FieldSpec> = new Map(FIELDS.map((s) => [s.path, s]));

export function fieldSpec(path: string): FieldSpec {
  const s = FIELD_BY_PATH.get(path);
  if (!s) throw new Error(`no field spec for ${path}`);
  return s;
}

/** The field an issue path belongs to (`net.conn_probs[2][3]` -> conn_probs), or undefined (unknown key). */
export function fieldOfPath(path: string): FieldSpec | undefined {
  return FIELD_BY_PATH.get(path) ?? FIELD_BY_PATH.get(basePath(path));
}

export const GROUP_ORDER: ReadonlyMap<GroupId, number> = new Map(GROUPS.map((g, i) => [g.id, i]));

/** Position of each field in the layout (FIELDS order). */
export const FIELD_ORDER: ReadonlyMap<string, number> = new Map(FIELDS.map((s, i) => [s.path, i]));
