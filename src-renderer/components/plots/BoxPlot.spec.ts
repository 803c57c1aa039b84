import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { boxplotStats } from '../../../engine/analysis/descriptive.ts';
import BoxPlot from './BoxPlot.svelte';

const names = ['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I'];
const rows = names.map((name, k) => ({
  name,
  // Integer rates 0..(k+4), one high outlier each.
  values: Float64Array.from([...Array.from({ length: 40 }, (_, i) => i % (k + 5)), 60 + k]),
}));

describe('BoxPlot', () => {
  it('draws one box per population, L2/3E at the top, with NEST labels and E/I fills', () => {
    render(BoxPlot, { rows, title: 'firing rate', unit: 'spikes/s' });
    const bands = screen.getAllByTestId('box-band');
    expect(bands.map((b) => b.getAttribute('data-population'))).toEqual(names);
    expect(bands.map((b) => b.querySelector('.pop-label')?.textContent)).toEqual(['L2/3E', 'L2/3I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I']);
    const ys = bands.map((b) => Number(b.querySelector('.pop-label')?.getAttribute('y')));
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    const fills = bands.map((b) => b.querySelector('rect.edge')?.getAttribute('fill'));
    expect(fills).toEqual(names.map((n) => (n.endsWith('E') ? '#595289' : '#af143c')));
    expect(screen.getByText('firing rate [spikes/s]')).toBeTruthy();
  });

  it('shows the numbers of boxplotStats: quartiles, median, mean, whiskers at 1.5 IQR, outliers', () => {
    render(BoxPlot, { rows });
    const boxes = screen.getAllByTestId('box');
    boxes.forEach((box, k) => {
      const s = boxplotStats(rows[k].values);
      expect(Number(box.dataset.q1)).toBe(s.q1);
      expect(Number(box.dataset.median)).toBe(s.median);
      expect(Number(box.dataset.q3)).toBe(s.q3);
      expect(Number(box.dataset.mean)).toBe(s.mean);
      expect(Number(box.dataset.whiskerHigh)).toBe(s.whiskerHigh);
      expect(Number(box.dataset.outliers)).toBe(s.outliers.length);
      expect(s.outliers.length).toBeGreaterThan(0);
      // The outlier pulls the mean (dashed line) right of the median (solid line).
      const med = Number(box.querySelector('line.median')?.getAttribute('x1'));
      const mean = Number(box.querySelector('line.mean')?.getAttribute('x1'));
      expect(mean).toBeGreaterThan(med);
    });
    expect(screen.getAllByTestId('box-outliers')).toHaveLength(8);
  });

  it('places the median and the whiskers on the axis scale', () => {
    render(BoxPlot, { rows: [{ name: 'L4E', values: Float64Array.from([0, 10, 20, 30, 40]) }] });
    const box = screen.getByTestId('box');
    const x = (sel: string, attr = 'x1'): number => Number(box.querySelector(sel)?.getAttribute(attr));
    const rect = box.querySelector('rect.edge');
    const q1 = Number(rect?.getAttribute('x'));
    const q3 = q1 + Number(rect?.getAttribute('width'));
    // q1 = 10, median = 20, q3 = 30: the median is halfway between the box's edges.
    expect(x('line.median')).toBeCloseTo((q1 + q3) / 2, 6);
    const ends = [...box.querySelectorAll('line.whisker')].flatMap((l) => [Number(l.getAttribute('x1')), Number(l.getAttribute('x2'))]);
    const lo = Math.min(...ends);
    const hi = Math.max(...ends);
    // Whiskers from 0 to q1 = 10 and from q3 = 30 to 40: equally long, each half the box.
    expect(q1 - lo).toBeCloseTo(hi - q3, 6);
    expect(2 * (q1 - lo)).toBeCloseTo(q3 - q1, 6);
  });

  it('groups runs per population, with a legend in the runs’ colours', () => {
    const groups = [
      { label: 'seed 55', color: '#2f6fb3', rows: rows.slice(0, 2) },
      { label: 'seed 56', color: '#e07b1a', rows: rows.slice(0, 2) },
    ];
    render(BoxPlot, { rows: [], groups, title: 'firing rate', unit: 'spikes/s' });
    expect(screen.getByTestId('box-legend').textContent).toContain('seed 55');
    expect(screen.getByTestId('box-legend').textContent).toContain('seed 56');
    const boxes = screen.getAllByTestId('box');
    expect(boxes.map((b) => [b.dataset.series, b.querySelector('rect.edge')?.getAttribute('fill')])).toEqual([
      ['seed 55', '#2f6fb3'],
      ['seed 56', '#e07b1a'],
      ['seed 55', '#2f6fb3'],
      ['seed 56', '#e07b1a'],
    ]);
  });

  it('says "no data" for an empty population', () => {
    render(BoxPlot, { rows: [{ name: 'L5I', values: new Float64Array(0) }] });
    expect(screen.getByText('no data')).toBeTruthy();
  });
});
