import { describe, expect, it } from 'vitest';
import { boxFigureOf, distributionFigure, ecdfPoints, rasterFigureOf } from './ui-figures.ts';

const pops = [
  { name: 'L23E', firstId: 1, lastId: 4 },
  { name: 'L23I', firstId: 5, lastId: 6 },
];

describe('the page plots as figures', () => {
  it('the ECDF of many values is kept to a few hundred points, its ends exact', () => {
    const sorted = Float64Array.from({ length: 10_000 }, (_, i) => i / 10);
    const { x, y } = ecdfPoints(sorted, 100);
    expect(x.length).toBe(101);
    expect([x[0], y[0]]).toEqual([0, 0]);
    expect([x[1], y[1]]).toEqual([0, 1 / 10_000]);
    expect([x[100], y[100]]).toEqual([999.9, 1]);
    for (let i = 1; i < x.length; i++) expect(x[i]! >= x[i - 1]! && y[i]! >= y[i - 1]!).toBe(true);
    const few = ecdfPoints(Float64Array.from([1, 2, 3]));
    expect(Array.from(few.y)).toEqual([0, 1 / 3, 2 / 3, 1]);
    expect(ecdfPoints(new Float64Array(0)).x.length).toBe(0);
  });

  it('distributions of one statistic: a panel per population, runs overlaid with a legend, the rule in the description', () => {
    const series = (k: number) => [
      { label: 'run a', color: '#2f6fb3', values: Float64Array.from([1, 2, 3, NaN].map((v) => v * k)) },
      { label: 'run b', color: '#e07b1a', values: Float64Array.from([2, 3, 4].map((v) => v * k)) },
    ];
    const stat = { label: 'Firing rate', unit: 'spikes/s', rule: 'every neuron, silent ones as 0' };
    const ecdf = distributionFigure(stat, [{ name: 'L23E', series: series(1) }, { name: 'L23I', series: series(2) }], 'ecdf', { widthCm: 8.5 });
    expect(ecdf.title).toBe('Firing rate: empirical CDFs per population');
    expect(ecdf.svg).toContain('>L2/3E<');
    expect(ecdf.svg).toContain('>L2/3I<');
    expect(ecdf.svg).toContain('>run a<');
    expect(ecdf.svg).toContain('Cumulative fraction');
    expect(ecdf.svg).toContain('Firing rate (spikes/s)');
    expect(ecdf.svg).toContain('n = 3 / 3');
    expect(ecdf.svg).toContain('(every neuron, silent ones as 0)');
    const hist = distributionFigure(stat, [{ name: 'L23E', series: series(1).slice(0, 1) }], 'hist', { widthCm: 8.5 });
    expect(hist.svg).toContain('Fraction per bin');
    expect(hist.svg).not.toContain('>run a<');
  });

  it('box plots of one run or of runs grouped, with the key; the raster of the window on show', () => {
    const rows = [{ name: 'L23E', values: Float64Array.from([1, 2, 3, 4, 50]) }];
    const one = boxFigureOf({ label: 'CV ISI', unit: '', rule: 'only neurons with ≥ 3 spikes' }, rows, { widthCm: 8.5 });
    expect(one.title).toBe('CV ISI per population');
    expect(one.svg).toContain('Box: quartiles');
    expect(one.svg).toContain('n = 5');
    const grouped = boxFigureOf({ label: 'Firing rate', unit: 'spikes/s' }, [], { widthCm: 8.5, title: 'Rates', groups: [{ label: 'r1', color: '#2f6fb3', rows }, { label: 'r2', color: '#e07b1a', rows }] });
    expect(grouped.title).toBe('Rates');
    expect(grouped.svg).toContain('>r2<');
    const raster = rasterFigureOf(
      { title: 'Spike raster of run 1: x', spikes: { senders: Uint32Array.from([1, 5]), steps: Uint32Array.from([5005, 5010]), resolutionMs: 0.1 }, populations: pops, window: { t0Ms: 500, t1Ms: 502 }, stride: 1 },
      { widthCm: 8.5 },
    );
    expect(raster.title).toBe('Spike raster of run 1: x');
    expect(raster.svg).toContain('2 spikes in [500, 502] ms');
  });
});
