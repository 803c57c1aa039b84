import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../../engine/params/presets.ts';
import { collectIssues } from '../../../engine/params/validate.ts';
import { draftsOf, draftTexts, entryIssues, NO_DRAFTS, unparsedPaths } from './drafts.ts';
import { setIn } from './paths.ts';

describe('drafts', () => {
  it('texts apply to the parameter set they were typed against (or an equal one), not to another', () => {
    const p = defaultParams();
    const d = draftsOf(p, { 'net.N_scaling': '0,1' });
    expect(draftTexts(d, p)).toEqual({ 'net.N_scaling': '0,1' });
    expect(draftTexts(d, defaultParams())).toEqual({ 'net.N_scaling': '0,1' });
    expect(draftTexts(d, setIn(p, 'sim.t_sim', 2000))).toEqual({});
    expect(draftsOf(p, {})).toBe(NO_DRAFTS);
    expect(draftTexts(NO_DRAFTS, p)).toEqual({});
  });

  it('names the fields whose text is not a number', () => {
    expect(unparsedPaths({ a: '0,1', b: '1.', c: 'Infinity', d: '1e3', e: '' })).toEqual(['a', 'c', 'e']);
  });

  it("the entry's problems: the validator's, the texts that are not numbers (in place of the old value's), the services'", () => {
    const p = setIn(defaultParams(), 'net.N_scaling', -1);
    const server = [{ path: 'sim.local_num_threads', value: 1, message: 'must be at most 1 on this machine' }];
    const issues = entryIssues(collectIssues(p), { 'net.N_scaling': '1/10', 'sim.t_sim': '0.1abc' }, server);
    expect(issues.map((i) => [i.path, i.value])).toEqual([
      ['net.N_scaling', '1/10'],
      ['sim.t_sim', '0.1abc'],
      ['sim.local_num_threads', 1],
    ]);
  });
});
