/** Planning a batch: axes (lists, ranges, paths), the spec's schema, the grid, seeds and every point checked by the engine's validator. */
import { describe, expect, it } from 'vitest';
import { presetParams } from '../../../engine/params/presets.ts';
import { collectIssues } from '../../../engine/params/validate.ts';
import { axisValues, parseAxisText, rangeCount, rangeValues, resolveNumericPath } from '../../../src-main/batches/axes.ts';
import { formatProblem, planBatch, runName, runParams } from '../../../src-main/batches/plan.ts';
import { parseBatchSpec, SpecError, type BatchSpec } from '../../../src-main/batches/spec.ts';
import { MAX_AXIS_VALUES, MAX_BATCH_POINTS, MAX_BATCH_RUNS, MAX_NAME_LENGTH } from '../../../src-main/common/limits.ts';

function specError(fn: () => unknown): SpecError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error('no SpecError was thrown');
}

describe('axes', () => {
  it('reads PATH=FROM:TO:STEP and PATH=V1,V2 from the command line', () => {
    expect(parseAxisText('net.g=-6:-3:0.5')).toEqual({ path: 'net.g', range: { from: -6, to: -3, step: 0.5 } });
    expect(parseAxisText('net.bg_rate=6,8,10')).toEqual({ path: 'net.bg_rate', values: [6, 8, 10] });
    expect(parseAxisText('net.conn_probs[4][5]=0.3')).toEqual({ path: 'net.conn_probs[4][5]', values: [0.3] });
    expect(() => parseAxisText('net.g')).toThrow(/PATH=FROM:TO:STEP or PATH=V1,V2/);
    expect(() => parseAxisText('net.g=')).toThrow(/net.g: no values/);
    expect(() => parseAxisText('net.g=1:2')).toThrow(/a range is FROM:TO:STEP, three numbers \(got "1:2"\)/);
    expect(() => parseAxisText('net.g=1,0x10')).toThrow(/the value "0x10" is not a decimal number/);
    expect(() => parseAxisText('net.g=1:Infinity:1')).toThrow(/TO "Infinity" is not a decimal number/);
  });

  it('makes a range with its end included, without binary noise, either way', () => {
    expect(rangeValues({ from: -6, to: -3, step: 0.5 }, 'r')).toEqual([-6, -5.5, -5, -4.5, -4, -3.5, -3]);
    expect(rangeValues({ from: 0, to: 1, step: 0.1 }, 'r')).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(rangeValues({ from: 1, to: 0, step: -0.25 }, 'r')).toEqual([1, 0.75, 0.5, 0.25, 0]);
    // An end off the grid is left out; one value when from = to.
    expect(rangeValues({ from: 6, to: 10, step: 3 }, 'r')).toEqual([6, 9]);
    expect(rangeValues({ from: 8, to: 8, step: 1 }, 'r')).toEqual([8]);
  });

  it('counts a range before making it: a huge one is refused without allocating', () => {
    expect(rangeCount({ from: 0, to: 99, step: 1 }, 'r')).toBe(100);
    expect(specError(() => rangeValues({ from: 0, to: 1e12, step: 1 }, 'vary[0].range')).message).toBe(
      `vary[0].range: 0:1000000000000:1 has 1000000000001 values; an axis has at most ${MAX_AXIS_VALUES}`,
    );
    expect(specError(() => rangeValues({ from: 0, to: 1, step: 0 }, 'vary[0].range')).message).toBe('vary[0].range.step: must not be 0');
    expect(specError(() => rangeValues({ from: 0, to: 1, step: -0.5 }, 'vary[0].range')).message).toMatch(/vary\[0\]\.range\.step: goes from 0 away from 1 \(step -0.5\)/);
  });

  it('checks a list: finite values, each once', () => {
    expect(axisValues({ path: 'net.g', values: [-4, -5] }, 'vary[0]')).toEqual([-4, -5]);
    expect(specError(() => axisValues({ path: 'net.g', values: [-4, -4] }, 'vary[0]')).message).toBe('vary[0].values[1]: -4 is listed twice');
    expect(specError(() => axisValues({ path: 'net.g' }, 'vary[0]')).message).toMatch(/give either values \(a list\) or range/);
    expect(specError(() => axisValues({ path: 'net.g', values: [1], range: { from: 0, to: 1, step: 1 } }, 'vary[0]')).message).toMatch(/not both/);
  });

  it('resolves any numeric field of sim, net or stim, one entry of a list or matrix included', () => {
    const base = presetParams('default');
    expect(resolveNumericPath(base, 'net.g', 'f')).toMatchObject({ path: 'net.g', value: -4 });
    expect(resolveNumericPath(base, 'net.conn_probs[4][5]', 'f')).toMatchObject({ path: 'net.conn_probs[4][5]', value: 0.3726, parts: ['net', 'conn_probs', 4, 5] });
    expect(resolveNumericPath(base, 'net.conn_probs.4.5', 'f').path).toBe('net.conn_probs[4][5]');
    expect(resolveNumericPath(base, 'net.neuron_params.tau_m', 'f').value).toBe(10);
    expect(resolveNumericPath(base, 'stim.dc_amp[2]', 'f').path).toBe('stim.dc_amp[2]');
    const refused: [string, string][] = [
      ['net.gg', 'vary[0].path: net.gg is not a parameter (did you mean net.g?)'],
      ['nett.g', 'vary[0].path: nett.g is not a parameter: a path starts with sim, net, stim'],
      ['net.poisson_input', 'vary[0].path: net.poisson_input is true or false, not a number: only numeric parameters can be varied'],
      ['net.K_ext', 'vary[0].path: net.K_ext is a list (vary one entry: add its index, e.g. [0]), not a number: only numeric parameters can be varied'],
      ['net.conn_probs[8][0]', 'vary[0].path: net.conn_probs[8]: the index is out of range (net.conn_probs has 8 entries)'],
      ['net.PSP_matrix_mean[0][1]', 'vary[0].path: net.PSP_matrix_mean is null (derived from other parameters; give the whole matrix in the base parameters to vary one entry)'],
      ['sim.rng_seed', 'vary[0].path: sim.rng_seed is not an axis: the seeds of a batch are set by seeds (count and first)'],
      ['net.__proto__.x', 'vary[0].path: net.__proto__ is not a parameter'],
      ['net..g', 'vary[0].path: "net..g" is not a parameter path'],
    ];
    for (const [path, message] of refused) expect(specError(() => resolveNumericPath(base, path, 'vary[0].path')).message, path).toContain(message);
  });
});

describe('the spec', () => {
  it('is checked by the schema validator: a bad field is named with its value and what is allowed', () => {
    expect(parseBatchSpec({ vary: [{ path: 'net.g', values: [1, 2] }], seeds: { count: 3 } })).toEqual({ vary: [{ path: 'net.g', values: [1, 2] }], seeds: { count: 3 } });
    const cases: [unknown, string][] = [
      [{ vary: [{ path: 'net.g', range: { from: 0, to: 1, step: 'x' } }] }, 'vary[0].range.step: got "x", allowed: a finite number'],
      [{ seeds: { count: 0 } }, 'seeds.count: got 0, allowed: an integer in [1, 100]'],
      [{ seeds: { count: 2, first: 0 } }, 'seeds.first: got 0, allowed: an integer in [1, 2147483647]'],
      [{ vary: [1, 2, 3].map((v) => ({ path: 'net.g', values: [v] })) }, 'vary: got [{"path":"net.g","values":[1]}'],
      [{ varry: [] }, 'varry: got an unknown field ([]), allowed: only the fields name, base, vary, seeds, tags'],
      [{ base: { preset: 'huge' } }, "base.preset: got \"huge\", allowed: one of 'default', 'full'"],
      [{ base: { set: ['N_scaling'] } }, 'base.set[0]: got "N_scaling"'],
      [[], 'the batch spec: got [], allowed: an object with fields'],
    ];
    for (const [value, message] of cases) expect(specError(() => parseBatchSpec(value)).message, JSON.stringify(value)).toContain(message);
  });
});

describe('planBatch', () => {
  const issueSpec: BatchSpec = { base: { preset: 'default' }, vary: [{ path: 'net.g', range: { from: -6, to: -3, step: 0.5 } }, { path: 'net.bg_rate', values: [6, 8, 10] }], seeds: { count: 3 } };

  it("makes the issue's sweep: 7 × 3 points, first axis outer, the same three seeds at every point", () => {
    const { plan, problems } = planBatch(issueSpec);
    expect(problems).toEqual([]);
    expect(plan.kind).toBe('sweep');
    expect(plan.points).toHaveLength(21);
    expect(plan.seeds).toEqual([55, 56, 57]);
    expect(plan.points[0].values).toEqual([-6, 6]);
    expect(plan.points[1].values).toEqual([-6, 8]);
    expect(plan.points[3].values).toEqual([-5.5, 6]);
    expect(plan.points[20].values).toEqual([-3, 10]);
    const p = runParams(plan, 4, 2);
    expect(p.net.g).toBe(-5.5);
    expect(p.net.bg_rate).toBe(8);
    expect(p.sim.rng_seed).toBe(57);
    // Everything else is the preset's.
    const preset = presetParams('default');
    expect({ ...p, net: { ...p.net, g: -4, bg_rate: 8 }, sim: { ...p.sim, rng_seed: 55 } }).toEqual(preset);
    expect(collectIssues(p)).toEqual([]);
    expect(plan.name).toBe('sweep net.g × net.bg_rate, 3 seeds (55–57)');
    expect(runName(plan, 4, 2)).toBe('sweep net.g × net.bg_rate, 3 seeds (55–57) · net.g = -5.5, net.bg_rate = 8 · seed 57');
  });

  it('is reproducible: the same spec gives the same runs, also after the plan is stored as JSON', () => {
    const a = planBatch(issueSpec).plan;
    const b = planBatch(structuredClone(issueSpec)).plan;
    expect(b).toEqual(a);
    const stored = JSON.parse(JSON.stringify(a));
    for (const [point, seed] of [[0, 0], [7, 1], [20, 2]]) expect(runParams(stored, point, seed)).toEqual(runParams(a, point, seed));
  });

  it('takes seeds.first, else the base seed; a base from a parameter file and assignments', () => {
    const { plan } = planBatch({ base: { params: { sim: { rng_seed: 7, t_sim: 500 } }, set: ['net.N_scaling=0.05'] }, seeds: { count: 4 } });
    expect(plan.kind).toBe('seeds');
    expect(plan.seeds).toEqual([7, 8, 9, 10]);
    expect(plan.points).toEqual([{ index: 0, values: [] }]);
    expect(runParams(plan, 0, 3)).toMatchObject({ sim: { rng_seed: 10, t_sim: 500 }, net: { N_scaling: 0.05 } });
    expect(plan.name).toBe('N_scaling 0.05, K_scaling 0.1, t_sim 500 ms: 4 seeds (7–10)');
    expect(planBatch({ seeds: { count: 2, first: 100 } }).plan.seeds).toEqual([100, 101]);
  });

  it('varies one entry of a matrix, leaving the rest of it alone', () => {
    const { plan, problems } = planBatch({ vary: [{ path: 'net.conn_probs[4][5]', values: [0.3, 0.4] }] });
    expect(problems).toEqual([]);
    const p = runParams(plan, 1, 0);
    expect(p.net.conn_probs[4][5]).toBe(0.4);
    expect(p.net.conn_probs[4][4]).toBe(0.0831);
    expect(plan.base.net.conn_probs[4][5]).toBe(0.3726);
  });

  it('checks every point with the engine validator: a bad point names the parameter and the value', () => {
    const { plan, problems } = planBatch({ vary: [{ path: 'net.N_scaling', values: [0.05, 0, 0.1] }, { path: 'net.conn_probs[0][0]', values: [0.1, 1.5] }] });
    const lines = problems.map((p) => formatProblem(plan, p));
    expect(lines).toEqual([
      'point 1 (net.N_scaling = 0.05, net.conn_probs[0][0] = 1.5): net.conn_probs[0][0] = 1.5: must be a probability in [0, 1)',
      'point 2 (net.N_scaling = 0, net.conn_probs[0][0] = 0.1): net.N_scaling = 0: must be a scaling factor in (0, 10]',
      'point 3 (net.N_scaling = 0, net.conn_probs[0][0] = 1.5): net.N_scaling = 0: must be a scaling factor in (0, 10]',
      'point 3 (net.N_scaling = 0, net.conn_probs[0][0] = 1.5): net.conn_probs[0][0] = 1.5: must be a probability in [0, 1)',
      'point 5 (net.N_scaling = 0.1, net.conn_probs[0][0] = 1.5): net.conn_probs[0][0] = 1.5: must be a probability in [0, 1)',
    ]);
    expect(problems[1]).toMatchObject({ point: 2, values: [0, 0.1], issue: { path: 'net.N_scaling', value: 0 } });
  });

  it('says a problem of the base once, as every point’s; a seed past the largest is refused', () => {
    const { plan, problems } = planBatch({ base: { set: ['sim.t_sim=-5'] }, vary: [{ path: 'net.g', values: [-4, -5] }] });
    expect(problems.map((p) => formatProblem(plan, p))).toEqual(['every point: sim.t_sim = -5: must be a time > 0 ms']);
    const noAxes = planBatch({ base: { set: ['net.N_scalling=0.2'] }, seeds: { count: 2 } });
    expect(noAxes.problems.map((p) => formatProblem(noAxes.plan, p))).toEqual(['the parameters: net.N_scalling = 0.2: unknown key (did you mean "net.N_scaling"?)']);
    expect(specError(() => planBatch({ seeds: { count: 5, first: 2 ** 31 - 3 } })).message).toBe(
      'seeds: seeds 2147483645…2147483649 go past the largest seed 2147483647; choose a smaller seeds.first',
    );
  });

  it('bounds points and runs before making the grid', () => {
    const big = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(specError(() => planBatch({ vary: [{ path: 'net.bg_rate', values: big }, { path: 'net.g', values: big.map((v) => -v) }] })).message).toBe(
      `vary: 100 × 100 = 10000 points; a batch has at most ${MAX_BATCH_POINTS}`,
    );
    expect(specError(() => planBatch({ vary: [{ path: 'net.bg_rate', values: big }], seeds: { count: 30 } })).message).toBe(
      `seeds.count: 100 points × 30 seeds = 3000 runs; a batch makes at most ${MAX_BATCH_RUNS}`,
    );
    expect(specError(() => planBatch({ vary: [{ path: 'net.g', values: [-4] }, { path: 'net.g', values: [-5] }] })).message).toBe('vary[1].path: net.g is varied twice; give each parameter one axis');
    expect(specError(() => planBatch({ base: { set: ['sim.t_sim=1', 'net..x=1'] } })).message).toMatch(/^base\.set\[1\]: malformed parameter path/);
    expect(specError(() => planBatch({ name: 'a\nb' })).message).toBe('name: a batch name must not contain control characters (newlines, tabs)');
  });

  it('keeps run names within the limit, the point and the seed always shown', () => {
    const { plan } = planBatch({ name: 'x'.repeat(MAX_NAME_LENGTH), vary: [{ path: 'net.g', values: [-4.25] }] });
    const name = runName(plan, 0, 0);
    expect(name.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    expect(name.endsWith(' · net.g = -4.25 · seed 55')).toBe(true);
  });
});
