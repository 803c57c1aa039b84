import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../../engine/params/presets.ts';
import { basePath, deleteIn, getIn, hasIn, isUnder, nestKey, pathsAndAncestors, setIn } from './paths.ts';

describe('paths', () => {
  it('getIn reads nested keys and indices', () => {
    const p = defaultParams();
    expect(getIn(p, 'net.conn_probs[2][3]')).toBe(0.135);
    expect(getIn(p, 'net.neuron_params.V0_mean.optimized[0]')).toBe(-68.28);
    expect(getIn(p, 'net.nope.deeper')).toBeUndefined();
  });

  it('setIn copies the containers along the path and shares the rest', () => {
    const p = defaultParams();
    const frozen = structuredClone(p);
    const q = setIn(p, 'net.conn_probs[2][3]', 0.2);
    expect(q.net.conn_probs[2][3]).toBe(0.2);
    expect(p).toEqual(frozen);
    expect(q).not.toBe(p);
    expect(q.net).not.toBe(p.net);
    expect(q.net.conn_probs[2]).not.toBe(p.net.conn_probs[2]);
    expect(Array.isArray(q.net.conn_probs[2])).toBe(true);
    expect(q.net.conn_probs[1]).toBe(p.net.conn_probs[1]);
    expect(q.sim).toBe(p.sim);
    expect(q.net.neuron_params).toBe(p.net.neuron_params);
  });

  it('deleteIn removes a key without touching the original', () => {
    const p = { net: { N_scalling: 0.2, K_scaling: 1 }, sim: {} };
    const q = deleteIn(p, 'net.N_scalling');
    expect(q).toEqual({ net: { K_scaling: 1 }, sim: {} });
    expect(p.net.N_scalling).toBe(0.2);
    expect(q.sim).toBe(p.sim);
    expect(hasIn(p, 'net.N_scalling')).toBe(true);
    expect(hasIn(q, 'net.N_scalling')).toBe(false);
  });

  it('names paths as researchers know them', () => {
    expect(basePath('net.conn_probs[2][3]')).toBe('net.conn_probs');
    expect(isUnder('net.K_ext[3]', 'net.K_ext')).toBe(true);
    expect(isUnder('net.K_ext_x', 'net.K_ext')).toBe(false);
    expect(isUnder('net.neuron_params.E_L', 'net.neuron_params')).toBe(true);
    expect(nestKey('net.neuron_params.V0_mean.original')).toBe('V0_mean.original');
    expect(nestKey('sim.t_sim')).toBe('t_sim');
    expect([...pathsAndAncestors(['net.neuron_params.V0_mean.optimized[4]'])]).toEqual([
      'net.neuron_params.V0_mean.optimized[4]',
      'net.neuron_params.V0_mean.optimized',
      'net.neuron_params.V0_mean',
      'net.neuron_params',
      'net',
    ]);
  });
});
