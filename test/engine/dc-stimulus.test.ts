/**
 * The DC stimulus (`stim.dc_input`) acts exactly when NEST's dc_generator does (docs/model.md §7).
 *
 * NEST activates current generators two steps ahead (nestkernel/stimulation_device.cpp,
 * StimulationDevice::is_active: `step + 2` for CURRENT_GENERATOR): a dc_generator with start S and
 * stop E (in steps), connected with the default 1 ms delay (d steps), sends in the updates
 * s = S - 1 … E - 2, stamped s + 1; each event lands in the current slot of update s + d, and
 * iaf_psc_exp uses the current stored there from the next update on. The membrane potential
 * therefore feels the current in the updates [S + d, E + d): for 650 … 750 ms, from the update that
 * ends at 651.1 ms to the one that ends at 751.0 ms — exactly dc_dur long (the plan's window:
 * test/engine/neuron.test.ts; here the spikes it causes).
 */
import { describe, expect, it } from 'vitest';
import { composeParams } from '../../engine/params/merge.ts';
import { validateParams } from '../../engine/params/validate.ts';
import { runSimulation } from '../../engine/run.ts';

const NO_SYNAPSES = `net.conn_probs=${JSON.stringify(Array.from({ length: 8 }, () => new Array<number>(8).fill(0)))}`;

/** Isolated neurons at rest (V = E_L, no synapses, no background), DC stimulus of 0.3 pA x K_ext from 650 to 750 ms. */
const ISOLATED_AT_REST = [
  'net.N_scaling=0.01',
  'net.K_scaling=1',
  NO_SYNAPSES,
  'net.bg_rate=0',
  'net.V0_type=original',
  'net.neuron_params.V0_mean.original=-65',
  'net.neuron_params.V0_std.original=0',
  'stim.dc_input=true',
  'sim.t_presim=0',
  'sim.t_sim=800',
];

describe('DC stimulus timing (dc_generator)', () => {
  it('an isolated neuron at rest fires at the analytic times of a current switched on at 651.0 ms', async () => {
    const params = validateParams(composeParams({ sets: ISOLATED_AT_REST }));
    const firstL5E = params.net.full_num_neurons.slice(0, 4).reduce((a, n) => a + Math.round(n * 0.01), 0) + 1;
    const spikes: number[] = [];
    await runSimulation(params, {
      skipMemoryGuard: true,
      onSpikes: (c) => {
        for (let i = 0; i < c.senders.length; i++) if (c.senders[i] === firstL5E) spikes.push(c.steps[i]);
      },
    });
    // L5E: 0.3 pA x K_ext 2000 = 600 pA, V_inf = 600 pA x 10 ms / 250 pF = 24 mV above rest; from
    // V = 0 the threshold (15 mV) is reached tau_m ln(24 / 9) = 9.808 ms after integration starts.
    // The first integration with the current is the update from 651.0 ms; each spike is stamped at
    // the end of the step of the crossing, then 20 refractory steps pass before V integrates again.
    const { tau_m: tauM, C_m: cM, V_th: vTh, E_L: eL } = params.net.neuron_params;
    const vInf = (600 * tauM) / cM;
    const rise = tauM * Math.log(vInf / (vInf - (vTh - eL)));
    const expected: number[] = [];
    let startMs = 651.0;
    for (;;) {
      const stamp = Math.ceil((startMs + rise) / 0.1 - 1e-9);
      if (stamp > 7510) break;
      expected.push(stamp);
      startMs = stamp * 0.1 + 2.0;
    }
    // NEST 3.10 gives the same spikes for this neuron: 660.9, 672.8, 684.7, 696.6, 708.5, 720.4, 732.3, 744.2 ms.
    expect(expected).toEqual([6609, 6728, 6847, 6966, 7085, 7204, 7323, 7442]);
    expect(spikes).toEqual(expected);
  });
});
