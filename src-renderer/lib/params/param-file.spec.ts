import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../../engine/params/presets.ts';
import { collectIssues } from '../../../engine/params/validate.ts';
import { loadParamFileText, paramFileName, paramFileText } from './param-file.ts';

describe('parameter files', () => {
  it('a saved file loads back to the same parameters', () => {
    const p = defaultParams();
    p.net.conn_probs[1][2] = 0.05;
    p.net.delay_matrix_mean = p.net.conn_probs.map((r) => r.map(() => 1.2));
    const r = loadParamFileText(paramFileText(p), defaultParams());
    expect(r).toEqual({ ok: true, params: p, issues: [] });
  });

  it('a partial file is merged onto the preset; its invalid values and unknown keys come with it', () => {
    const r = loadParamFileText('{"sim": {"t_sim": -1}, "stim": {"th_rat": 100}}', defaultParams());
    if (!r.ok) throw new Error(r.reason);
    expect(r.params.sim.t_sim).toBe(-1);
    expect(r.params.sim.t_presim).toBe(500);
    expect(r.issues).toEqual(collectIssues(r.params));
    expect(r.issues.map((i) => i.message)).toContain('unknown key (did you mean "stim.th_rate"?)');
  });

  it('refuses what is not a parameter object', () => {
    expect(loadParamFileText('[1, 2]', defaultParams())).toMatchObject({ ok: false, reason: expect.stringContaining('JSON object') });
    expect(loadParamFileText('{', defaultParams())).toMatchObject({ ok: false, reason: expect.stringContaining('not JSON') });
    expect(loadParamFileText('{"net": {"populations": "L23E"}}', defaultParams())).toMatchObject({ ok: false, issues: [{ path: 'net.populations' }] });
  });

  it('names the file after the preset and the time', () => {
    expect(paramFileName('full', new Date('2026-01-02T03:04:05Z'))).toBe('pd14-params-full-2026-01-02-03-04-05.json');
  });
});
