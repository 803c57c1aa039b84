import { describe, expect, it } from 'vitest';
import { deriveParams, pscOverPsp, pspPeakTimeMs, roundHalfEven } from '../../engine/params/derive.ts';
import { applySet, composeParams, diffParams, parsePath } from '../../engine/params/merge.ts';
import { defaultParams, fullParams } from '../../engine/params/presets.ts';
import { collectIssues, ParamValidationError, validateParams } from '../../engine/params/validate.ts';

/** pd14.md section 2: full-scale synapse totals K_ij (row = target, column = source). */
const K_FULL = [
  [45499805, 22323577, 20253647, 9670918, 3293578, 0, 2271404, 0],
  [17443694, 5018763, 4105338, 1690074, 2221213, 0, 353461, 0],
  [3503670, 756561, 24482849, 17413576, 714524, 7003, 14624432, 0],
  [8114254, 92832, 9933538, 5223272, 87836, 0, 8810905, 0],
  [10613575, 1817058, 5507804, 151900, 2040738, 2407889, 1438969, 0],
  [1241436, 169424, 607667, 12851, 319602, 430444, 132414, 0],
  [4681225, 556108, 6727570, 1320234, 4112225, 305029, 8372649, 10827677],
  [2260836, 17207, 220033, 8078, 401638, 25218, 2888426, 1354320],
];

describe('presets', () => {
  it('default is the NEST example as shipped and validates', () => {
    const p = validateParams(defaultParams());
    expect(p.net.N_scaling).toBe(0.1);
    expect(p.net.K_scaling).toBe(0.1);
    expect(p.sim.rng_seed).toBe(55);
    expect(p.sim.t_presim).toBe(500);
    expect(p.sim.t_sim).toBe(1000);
    expect(p.sim.sim_resolution).toBe(0.1);
    expect(p.net.poisson_input).toBe(true);
    expect(p.net.V0_type).toBe('optimized');
    expect(p.stim.thalamic_input).toBe(false);
    expect(p.stim.dc_input).toBe(false);
  });
  it('full is N = K = 1 and validates', () => {
    const p = validateParams(fullParams());
    expect([p.net.N_scaling, p.net.K_scaling]).toEqual([1, 1]);
  });
});

describe('derived parameters (pd14.md section 4)', () => {
  it('full-scale synapse totals from the log formula', () => {
    const d = deriveParams(fullParams());
    expect(d.numSynapses).toEqual(K_FULL);
    expect(d.totalSynapses).toBe(298880968);
    expect(d.totalNeurons).toBe(77169);
  });
  it('totals at N = K = 0.1 and at N = 0.1, K = 1', () => {
    expect(deriveParams(defaultParams()).totalSynapses).toBe(2988807);
    const p = defaultParams();
    p.net.K_scaling = 1;
    expect(deriveParams(p).totalSynapses).toBe(29888097);
    expect(deriveParams(defaultParams()).numNeurons).toEqual([2068, 583, 2192, 548, 485, 106, 1440, 295]);
  });
  it('mean in-degrees per target neuron', () => {
    const d = deriveParams(fullParams());
    const expected = [4995.1, 5285.0, 2806.4, 5888.4, 4943.9, 2736.0, 2563.6, 2434.1];
    d.numSynapses.forEach((row, i) => {
      const indeg = row.reduce((a, b) => a + b, 0) / d.numNeurons[i];
      expect(indeg).toBeCloseTo(expected[i], 1);
    });
  });
  it('PSP to PSC conversion and peak time', () => {
    expect(pscOverPsp(250, 10, 0.5)).toBeCloseTo(585.38996, 4);
    expect(pspPeakTimeMs(10, 0.5)).toBeCloseTo(1.5767, 4);
    const d = deriveParams(fullParams());
    expect(d.weightMeanPa[1][0]).toBeCloseTo(87.8085, 4);
    expect(d.weightMeanPa[0][2]).toBeCloseTo(175.617, 3);
    expect(d.weightMeanPa[0][1]).toBeCloseTo(-351.234, 3);
    expect(d.weightExtPa).toBeCloseTo(87.8085, 4);
    expect(d.dcAmpPa).toEqual(new Array(8).fill(0));
  });
  it('K_scaling 0.1 adjusts weights and DC as the NEST helper does', () => {
    const d = deriveParams(defaultParams());
    expect(d.weightMeanPa[1][0]).toBeCloseTo(277.675, 3);
    expect(d.weightMeanPa[1][1]).toBeCloseTo(-1110.699, 3);
    expect(d.weightMeanPa[0][2]).toBeCloseTo(555.350, 3);
    expect(d.weightExtPa).toBeCloseTo(277.675, 3);
    expect(d.poissonRateHz).toEqual([1280, 1200, 1680, 1520, 1600, 1520, 2320, 1680]);
    const dc = [29.035, 112.371, 112.970, 114.990, 125.418, 151.685, 43.847, 153.710];
    d.dcAmpPa.forEach((v, i) => expect(Math.abs(v - dc[i])).toBeLessThanOrEqual(0.0006));
    // The NEST run's own derived values (reference JSON) to 1e-9 relative.
    const nest = [29.035009174000606, 112.37119818355637, 112.96972161898731, 114.99034928139343, 125.41827675997979, 151.68446638693985, 43.84688963971723, 153.70971965061688];
    d.dcAmpPa.forEach((v, i) => expect(Math.abs(v - nest[i]) / nest[i]).toBeLessThan(1e-9));
  });
  it('DC compensation replaces the Poisson drive', () => {
    const p = fullParams();
    p.net.poisson_input = false;
    const expected = [561.974, 526.851, 737.591, 667.345, 702.468, 667.345, 1018.579, 737.591];
    deriveParams(p).dcAmpPa.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 3));
  });
  it('thalamic totals and the N_scaling quirk', () => {
    const p = fullParams();
    p.stim.thalamic_input = true;
    const d = deriveParams(p);
    expect(d.numThSynapses).toEqual([0, 0, 2045393, 315791, 0, 0, 682419, 52636]);
    expect(d.weightThPa).toBeCloseTo(87.8085, 4);
    const q = defaultParams();
    q.stim.thalamic_input = true;
    const dq = deriveParams(q);
    // K scaled, N not: 93.3 synapses per L4E neuron at N = K = 0.1 instead of 9.3.
    expect(dq.numThSynapses![2] / dq.numNeurons[2]).toBeCloseTo(93.3, 1);
    expect(dq.weightThPa).toBeCloseTo(277.675, 3);
  });
  it('DC stimulus amplitudes are dc_amp x full K_ext', () => {
    const p = defaultParams();
    p.stim.dc_input = true;
    expect(deriveParams(p).dcStimAmpPa!.map((x) => Math.round(x * 1000) / 1000)).toEqual([480, 450, 630, 570, 600, 570, 870, 630]);
  });
  it('rounds half to even like numpy', () => {
    expect([0.5, 1.5, 2.5, 3.5, 2.4999, 2.5001].map(roundHalfEven)).toEqual([0, 2, 2, 4, 2, 3]);
  });
});

describe('validation', () => {
  const issuesOf = (mutate: (p: ReturnType<typeof defaultParams>) => void) => {
    const p = defaultParams();
    mutate(p);
    return collectIssues(p);
  };
  it('names the field, the value and what is allowed', () => {
    const issues = issuesOf((p) => {
      p.net.full_num_neurons[3] = -5;
    });
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('net.full_num_neurons[3]');
    expect(issues[0].value).toBe(-5);
    expect(issues[0].message).toMatch(/integer in \[1, 10000000\]/);
  });
  it('rejects negative, non-integer and non-finite counts', () => {
    const issues = issuesOf((p) => {
      p.net.K_ext[0] = -1;
      p.net.K_ext[1] = 2.5;
      p.net.K_ext[2] = Number.NaN;
      p.net.K_ext[3] = Infinity;
      p.stim.num_th_neurons = 1.5;
    });
    expect(issues.map((i) => i.path)).toEqual(['net.K_ext[0]', 'net.K_ext[1]', 'net.K_ext[2]', 'net.K_ext[3]', 'stim.num_th_neurons']);
  });
  it('rejects probabilities outside [0, 1) and matrices of the wrong shape', () => {
    const issues = issuesOf((p) => {
      p.net.conn_probs[2][3] = 1.2;
      p.net.conn_probs[4][4] = -0.1;
      p.net.conn_probs[7] = [0.1, 0.2];
      p.stim.conn_probs_th = [0.1];
      p.net.PSP_matrix_mean = [[1]];
    });
    const paths = issues.map((i) => i.path);
    expect(paths).toContain('net.conn_probs[2][3]');
    expect(paths).toContain('net.conn_probs[4][4]');
    expect(paths).toContain('net.conn_probs[7]');
    expect(paths).toContain('stim.conn_probs_th');
    expect(paths).toContain('net.PSP_matrix_mean');
    expect(issues.find((i) => i.path === 'net.conn_probs[7]')!.message).toMatch(/row of 8 numbers/);
  });
  it('rejects a non-positive resolution and off-grid times', () => {
    expect(issuesOf((p) => (p.sim.sim_resolution = 0)).map((i) => i.path)).toEqual(['sim.sim_resolution']);
    expect(issuesOf((p) => (p.sim.sim_resolution = -0.1)).map((i) => i.path)).toEqual(['sim.sim_resolution']);
    const off = issuesOf((p) => {
      p.sim.t_sim = 1000.05;
      p.stim.th_start = 700.03;
      p.sim.rec_V_int = 0.25;
    });
    expect(off.map((i) => i.path).sort()).toEqual(['sim.rec_V_int', 'sim.t_sim', 'stim.th_start']);
    expect(off[0].message).toMatch(/multiple of sim.sim_resolution \(0.1 ms\)/);
  });
  it('rejects thread counts below 1 and bad enums', () => {
    const issues = issuesOf((p) => {
      p.sim.local_num_threads = 0;
      (p.net as { V0_type: string }).V0_type = 'optimised';
      (p.sim as { rec_dev: string[] }).rec_dev = ['spike_detector'];
    });
    expect(issues.map((i) => i.path)).toEqual(['sim.rec_dev[0]', 'sim.local_num_threads', 'net.V0_type']);
  });
  it('names the closest key of an unknown key', () => {
    const p = defaultParams() as unknown as Record<string, Record<string, unknown>>;
    p.net.N_scalling = 0.5;
    p.sim.rngseed = 3;
    const issues = collectIssues(p);
    expect(issues.find((i) => i.path === 'net.N_scalling')!.message).toBe('unknown key (did you mean "net.N_scaling"?)');
    expect(issues.find((i) => i.path === 'sim.rngseed')!.message).toBe('unknown key (did you mean "sim.rng_seed"?)');
  });
  it('reports all errors at once in one message', () => {
    const p = defaultParams();
    p.net.N_scaling = -1;
    p.net.bg_rate = -8;
    p.net.neuron_params.V_reset = -40;
    try {
      validateParams(p);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ParamValidationError);
      const err = e as ParamValidationError;
      expect(err.issues).toHaveLength(3);
      expect(err.message).toMatch(/^3 invalid parameters:/);
      expect(err.message).toContain('net.N_scaling = -1: must be a scaling factor in (0, 10]');
      expect(err.message).toContain('net.neuron_params.V_reset = -40: must be below net.neuron_params.V_th (-50 mV)');
    }
  });
  it('reports missing sections and wrong types', () => {
    const issues = collectIssues({ sim: {}, net: 3 });
    expect(issues.some((i) => i.path === 'stim' && i.message === 'is required')).toBe(true);
    expect(issues.some((i) => i.path === 'net')).toBe(true);
    expect(issues.some((i) => i.path === 'sim.t_sim' && i.message === 'is required')).toBe(true);
  });
});

describe('composing parameters', () => {
  it('parses indexed paths', () => {
    expect(parsePath('net.conn_probs[0][2]')).toEqual(['net', 'conn_probs', 0, 2]);
    expect(parsePath('net.conn_probs.0.2')).toEqual(['net', 'conn_probs', 0, 2]);
    expect(() => parsePath('net..x')).toThrow(/malformed/);
  });
  it('merges a file and --set assignments onto a preset', () => {
    const p = composeParams({ preset: 'full', file: { net: { N_scaling: 0.5 } }, sets: ['sim.rng_seed=7', 'net.conn_probs[0][2]=0.05', 'sim.rec_dev=["voltmeter"]'] }) as ReturnType<typeof defaultParams>;
    expect(p.net.N_scaling).toBe(0.5);
    expect(p.net.K_scaling).toBe(1);
    expect(p.sim.rng_seed).toBe(7);
    expect(p.net.conn_probs[0][2]).toBe(0.05);
    expect(p.net.conn_probs[0][1]).toBe(0.1689);
    expect(p.sim.rec_dev).toEqual(['voltmeter']);
    validateParams(p);
  });
  it('keeps unknown keys so that validation can name them', () => {
    const p = composeParams({ sets: ['net.typo_key=1'] });
    expect(collectIssues(p).map((i) => i.path)).toEqual(['net.typo_key']);
    const q = defaultParams() as unknown as Record<string, unknown>;
    expect(() => applySet(q, 'no-equals')).toThrow(/path=value/);
  });
  it('diffs two parameter sets by path', () => {
    const a = defaultParams();
    const b = defaultParams();
    b.net.conn_probs[1][2] = 0.5;
    b.sim.rng_seed = 1;
    expect(diffParams(a, b).map((d) => d.path)).toEqual(['sim.rng_seed', 'net.conn_probs[1][2]']);
  });
});
