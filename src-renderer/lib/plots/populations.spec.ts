import { describe, expect, it } from 'vitest';
import { EXC_COLOR, INH_COLOR, groupByLayer, isExcitatory, layerLabel, layerOf, populationColor, populationLabel, runColor } from './populations.ts';

describe('populations', () => {
  it('colours E #595289 and I #af143c, as NEST', () => {
    expect(EXC_COLOR).toBe('#595289');
    expect(INH_COLOR).toBe('#af143c');
    expect(['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I'].map(populationColor)).toEqual([
      EXC_COLOR, INH_COLOR, EXC_COLOR, INH_COLOR, EXC_COLOR, INH_COLOR, EXC_COLOR, INH_COLOR,
    ]);
    expect(isExcitatory('L5E')).toBe(true);
    expect(isExcitatory('L5I')).toBe(false);
  });

  it('labels layers and populations as NEST: L2/3', () => {
    expect(layerOf('L23I')).toBe('L23');
    expect(layerLabel('L23')).toBe('L2/3');
    expect(layerLabel('L6')).toBe('L6');
    expect(populationLabel('L23E')).toBe('L2/3E');
    expect(populationLabel('L4I')).toBe('L4I');
  });

  it('groups consecutive populations by layer', () => {
    const g = groupByLayer([{ name: 'L23E' }, { name: 'L23I' }, { name: 'L4E' }, { name: 'L4I' }]);
    expect(g.map((x) => [x.layer, x.members.map((m) => m.name)])).toEqual([
      ['L23', ['L23E', 'L23I']],
      ['L4', ['L4E', 'L4I']],
    ]);
  });

  it('gives runs their own colour or one of the palette', () => {
    expect(runColor(0, '#123456')).toBe('#123456');
    expect(runColor(0)).not.toBe(runColor(1));
    expect(runColor(8)).toBe(runColor(0));
  });
});
