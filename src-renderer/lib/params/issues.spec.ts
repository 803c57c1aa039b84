import { describe, expect, it } from 'vitest';
import { deepMerge } from '../../../engine/params/merge.ts';
import { defaultParams } from '../../../engine/params/presets.ts';
import { collectIssues } from '../../../engine/params/validate.ts';
import { combineIssues, draftIssues, placeIssue, sortIssues, structuralIssues, suggestionOf } from './issues.ts';

describe('issues', () => {
  it('a field whose text does not parse shows that instead of the validator on the old value', () => {
    const drafts = draftIssues({ 'net.neuron_params.C_m': 'abc', 'sim.t_sim': '12' });
    expect(drafts).toEqual([{ path: 'net.neuron_params.C_m', value: 'abc', message: 'not a number: "abc"' }]);
    const validator = [
      { path: 'net.neuron_params.C_m', value: -1, message: 'must be a number > 0' },
      { path: 'sim.t_sim', value: 0, message: 'must be a time > 0 ms' },
    ];
    const server = [{ path: 'sim.t_sim', value: 0, message: 'must be a time > 0 ms' }];
    expect(combineIssues(validator, drafts, server).map((i) => i.message)).toEqual(['not a number: "abc"', 'must be a time > 0 ms']);
  });

  it('places issues at their group, unknown keys among the other problems, and sorts them as laid out', () => {
    const issues = collectIssues(deepMerge(defaultParams(), { sim: { rec_V_int: 0 }, net: { N_scalling: 1, conn_probs: [[2]] } }));
    const placed = issues.map((i) => [i.path, placeIssue(i).group]);
    expect(placed).toContainEqual(['net.N_scalling', 'other']);
    expect(placed).toContainEqual(['sim.rec_V_int', 'recording']);
    const sorted = sortIssues(issues).map((i) => placeIssue(i).group);
    expect(sorted[0]).toBe('other');
    expect(sorted.indexOf('recording')).toBeGreaterThan(sorted.indexOf('connectivity'));
    const inGroup = sortIssues([
      { path: 'net.neuron_params.tau_m', value: 'x', message: 'not a number: "x"' },
      { path: 'net.conn_probs[3][1]', value: 2, message: 'must be a probability in [0, 1)' },
      { path: 'net.neuron_params.C_m', value: -1, message: 'must be a number > 0' },
      { path: 'net.conn_probs[1][5]', value: 2, message: 'must be a probability in [0, 1)' },
    ]).map((i) => i.path);
    expect(inGroup).toEqual(['net.conn_probs[1][5]', 'net.conn_probs[3][1]', 'net.neuron_params.C_m', 'net.neuron_params.tau_m']);
    expect(suggestionOf(issues.find((i) => i.path === 'net.N_scalling')!)).toBe('net.N_scaling');
  });

  it('structural issues: wrong shapes of sections, lists and matrices, not wrong leaves', () => {
    const bad = collectIssues(deepMerge(defaultParams(), { net: { conn_probs: [[0.1]], K_ext: 5, N_scaling: 'x', PSP_matrix_mean: [[1, 2], [3]] }, stim: 3 }));
    expect(structuralIssues(bad).map((i) => i.path).sort()).toEqual(['net.K_ext', 'net.PSP_matrix_mean', 'net.conn_probs', 'stim']);
    const fine = collectIssues(deepMerge(defaultParams(), { net: { conn_probs: [[0.1, 0, 0, 0, 0, 0, 0, 0], ...defaultParams().net.conn_probs.slice(1)], N_scalling: 1, K_ext: [1, 2, 3, 4, 5, 6, 7, -8] } }));
    expect(structuralIssues(fine)).toEqual([]);
  });
});
