import { describe, expect, it } from 'vitest';
import { roundHalfEven } from '../../../engine/params/derive.ts';
import { defaultParams, fullParams } from '../../../engine/params/presets.ts';
import type { ParamSet } from '../../../engine/params/types.ts';
import { inferNScaling, inferResolution, inferWindow, mapParamsFile, ParamsFileError } from '../../../src-main/interop/nest-params.ts';

/** The NEST example's three dicts as `json.dump` writes them (numpy arrays as lists, computed matrices). */
function nestDicts(): Record<string, Record<string, unknown>> {
  const p = defaultParams();
  const exc = 0.15;
  return {
    sim_dict: { ...p.sim, local_num_threads: 4, data_path: '/home/me/data/' },
    net_dict: {
      ...p.net,
      PSP_matrix_mean: p.net.conn_probs.map((row, i) => row.map((_, j) => (i === 0 && j === 2 ? 2 * exc : j % 2 ? exc * -4 : exc))),
      delay_matrix_mean: p.net.conn_probs.map((row) => row.map((_, j) => (j % 2 ? 0.75 : 1.5))),
    },
    stim_dict: { ...p.stim, dc_amp: 0.3 },
  };
}

describe('mapParamsFile', () => {
  it('our format, complete and valid: used as it is', () => {
    const p = fullParams();
    const m = mapParamsFile(JSON.parse(JSON.stringify(p)));
    expect(m).toEqual({ params: p, source: 'file', notes: [] });
  });

  it('the NEST example\'s dicts: mapped, with data_path dropped, dc_amp spread, derived matrices null', () => {
    const m = mapParamsFile(nestDicts());
    const want = defaultParams();
    want.sim.local_num_threads = 4;
    expect(m.params).toEqual(want);
    expect(m.source).toBe('mapped');
    expect(m.notes).toEqual(['sim.data_path ("/home/me/data/") is where NEST wrote its files; not kept']);
  });

  it('a matrix that differs from the derived one is kept', () => {
    const raw = nestDicts();
    (raw.net_dict.PSP_matrix_mean as number[][])[3][3] = -0.5;
    const m = mapParamsFile(raw);
    expect(m.params.net.PSP_matrix_mean?.[3][3]).toBe(-0.5);
    expect(m.params.net.delay_matrix_mean).toBeNull();
  });

  it('unknown keys are dropped, missing and invalid ones take the preset\'s values: each noted', () => {
    const m = mapParamsFile({
      sim: { t_sim: 2000, colour: 'blue' },
      net: { N_scaling: 'half', bg_input_type: 'dc', neuron_params: { tau_syn: 0.5, tau_syn_ex: 0.5 } },
    });
    const want: ParamSet = defaultParams();
    want.sim.t_sim = 2000;
    want.net.poisson_input = false;
    expect(m.params).toEqual(want);
    expect(m.source).toBe('mapped');
    expect(m.notes[0]).toBe('net.bg_input_type "dc" is net.poisson_input false');
    expect(m.notes[1]).toBe('unknown keys dropped: sim.colour, net.neuron_params.tau_syn_ex');
    expect(m.notes[2]).toMatch(/^not in the file, the default preset's values are used: sim\.t_presim, sim\.sim_resolution, .* and \d+ more$/);
    expect(m.notes[3]).toBe('net.N_scaling = "half": must be a scaling factor in (0, 10], got string: the default preset\'s net.N_scaling is used');
  });

  it('refuses what is no parameter file', () => {
    expect(() => mapParamsFile([1, 2])).toThrow(ParamsFileError);
    expect(() => mapParamsFile({ network: {} })).toThrow(/none of the sections sim, net, stim/);
  });
});

describe('inference from the output files', () => {
  const full = defaultParams().net.full_num_neurons;
  it.each([
    [0.1, [2068, 583, 2192, 548, 485, 106, 1440, 295]],
    [1, full],
    [0.25, full.map((n) => roundHalfEven(n * 0.25))],
    [0.05, [1034, 292, 1096, 274, 242, 53, 720, 147]],
  ])('N_scaling %s from the population sizes', (n, sizes) => {
    expect(inferNScaling(sizes, full)).toBe(n);
  });

  it('no N_scaling for sizes the model cannot have', () => {
    expect(inferNScaling([10, 10, 10, 10, 10, 10, 10, 10], full)).toBeNull();
    expect(inferNScaling([1, 2], full)).toBeNull();
  });

  it('resolution: the coarsest grid every spike time lies on', () => {
    expect(inferResolution([Float64Array.of(500.1, 612.3), Float64Array.of(1500)])).toBe(0.1);
    expect(inferResolution([Float64Array.of(500.1, 612.35)])).toBe(0.05);
    expect(inferResolution([Float64Array.of(500.125)])).toBe(0.025);
    expect(inferResolution([Float64Array.of(500.001)])).toBe(0.001);
  });

  it('window: the preset\'s when the spikes fit it snugly, else whole 100 ms around them', () => {
    const preset = { t_presim: 500, t_sim: 1000 };
    expect(inferWindow(500.1, 1500, 0.1, preset)).toEqual(preset);
    expect(inferWindow(500.1, 1499.7, 0.1, preset)).toEqual(preset);
    expect(inferWindow(100.1, 1100, 0.1, preset)).toEqual({ t_presim: 100, t_sim: 1000 });
    expect(inferWindow(500.1, 4500, 0.1, preset)).toEqual({ t_presim: 500, t_sim: 4000 });
    expect(inferWindow(0.1, 250.3, 0.1, preset)).toEqual({ t_presim: 0, t_sim: 300 });
  });
});
