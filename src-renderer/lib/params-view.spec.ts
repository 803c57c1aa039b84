import { describe, expect, it } from 'vitest';
import { defaultParams, fullParams } from '../../engine/params/presets.ts';
import { summarizeParams } from './params-view.ts';

function row(groups: ReturnType<typeof summarizeParams>, id: string, key: string) {
  return groups.find((g) => g.id === id)?.rows.find((r) => r.key === key);
}

describe('summarizeParams', () => {
  it('groups key values as sim / net / stim with units', () => {
    const g = summarizeParams(defaultParams());
    expect(g.map((x) => x.id)).toEqual(['sim', 'net', 'stim']);
    expect(row(g, 'sim', 't_sim')).toEqual({ key: 't_sim', label: 'Simulated time', value: '1,000', unit: 'ms' });
    expect(row(g, 'sim', 'rng_seed')?.value).toBe('55');
    expect(row(g, 'net', 'N_scaling')?.value).toBe('0.1');
    expect(row(g, 'net', 'full_num_neurons')?.value).toBe('77,169');
    expect(row(g, 'net', 'g')?.value).toBe('-4');
    expect(row(g, 'net', 'poisson_input')?.value).toBe('Poisson');
    expect(row(g, 'stim', 'thalamic_input')?.value).toBe('off');
  });

  it('follows the parameter set', () => {
    const p = fullParams();
    p.sim.rec_dev = [];
    p.net.poisson_input = false;
    const g = summarizeParams(p);
    expect(row(g, 'net', 'N_scaling')?.value).toBe('1');
    expect(row(g, 'sim', 'rec_dev')?.value).toBe('nothing');
    expect(row(g, 'net', 'poisson_input')?.value).toBe('DC');
  });
});
