import { describe, expect, it } from 'vitest';
import { presetParams } from '../../../engine/params/presets.ts';
import { FIELDS } from '../params/field-specs.ts';
import { axisLabel, axisPath, axisTarget, axisUnit, currentValue, suggestValues, SWEEP_FIELDS, sweepField, sweepFieldGroups } from './sweep-fields.ts';

describe('sweep fields', () => {
  it('offers every numeric field of the editor, list and matrix entries, but not the seed or the thread count', () => {
    const paths = SWEEP_FIELDS.map((f) => f.path);
    const numeric = FIELDS.filter((f) => ['number', 'integer', 'vector', 'matrix'].includes(f.kind)).map((f) => f.path);
    expect(paths).toEqual(numeric.filter((p) => p !== 'sim.rng_seed' && p !== 'sim.local_num_threads'));
    expect(paths).toContain('net.g');
    expect(paths).toContain('stim.th_rate');
    expect(sweepField('net.conn_probs')).toMatchObject({ shape: 'matrix', unit: 'prob.' });
    expect(sweepField('net.K_ext')).toMatchObject({ shape: 'vector', integer: true });
    expect(sweepField('net.PSP_matrix_mean')?.nullable).toBe(true);
    expect(sweepField('net.neuron_model')).toBeUndefined();
    expect(sweepField('stim.thalamic_input')).toBeUndefined();
    // Grouped as the editor groups them, in its order.
    expect(sweepFieldGroups().map((g) => g.title)).toEqual(['Populations', 'Connectivity', 'Synapses', 'Neurons', 'External input', 'Stimuli', 'Simulation', 'Recording']);
  });

  it('makes the path of an axis and reads it back', () => {
    expect(axisPath({ field: 'net.g', row: 3, col: 2 })).toBe('net.g');
    expect(axisPath({ field: 'net.K_ext', row: 3, col: 2 })).toBe('net.K_ext[3]');
    expect(axisPath({ field: 'net.conn_probs', row: 4, col: 5 })).toBe('net.conn_probs[4][5]');
    expect(axisTarget('net.conn_probs[4][5]')).toEqual({ field: 'net.conn_probs', row: 4, col: 5 });
    expect(axisTarget('net.g')).toEqual({ field: 'net.g', row: 0, col: 0 });
  });

  it('says the value in the editor, or why a derived matrix has none', () => {
    const p = presetParams('default');
    expect(currentValue(p, { field: 'net.g', row: 0, col: 0 })).toEqual({ value: -4 });
    expect(currentValue(p, { field: 'net.conn_probs', row: 0, col: 0 })).toEqual({ value: p.net.conn_probs[0][0] });
    expect(currentValue(p, { field: 'net.PSP_matrix_mean', row: 0, col: 0 })).toEqual({ missing: expect.stringMatching(/derived from other parameters; switch it on in the editor/) });
  });

  it('labels an axis with the field, the populations (target ← source) and the unit', () => {
    expect(axisLabel('net.g')).toBe('Relative inhibition g');
    expect(axisLabel('net.conn_probs[2][0]')).toBe('Connection probabilities L4E ← L2/3E');
    expect(axisLabel('net.K_ext[7]')).toBe('External inputs L6I');
    expect(axisLabel('net.unknown')).toBe('net.unknown');
    expect(axisUnit('net.bg_rate')).toBe('spikes/s');
    expect(axisUnit('net.unknown')).toBe('');
  });

  it('suggests values around the one in the editor', () => {
    expect(suggestValues(-4, false)).toBe('-3.2,-4,-4.8');
    expect(suggestValues(8, false)).toBe('6.4,8,9.6');
    expect(suggestValues(2, true)).toBe('2');
    expect(suggestValues(1000, true)).toBe('800,1000,1200');
    expect(suggestValues(0, false)).toBe('0,0.5,1');
  });
});
