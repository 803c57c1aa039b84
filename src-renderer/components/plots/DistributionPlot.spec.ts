import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { ksStatistic } from '../../../engine/analysis/ks.ts';
import DistributionPlot from './DistributionPlot.svelte';

const a = Float64Array.from({ length: 200 }, (_, i) => i / 20);
const b = Float64Array.from({ length: 150 }, (_, i) => 2 + i / 20);

/** Two runs' values, in the colours the assertions look for. */
const TWO_RUNS = [
  { label: 'run A', color: '#2f6fb3', values: a },
  { label: 'run B', color: '#e07b1a', values: b },
];

describe('DistributionPlot', () => {
  it('overlays one ECDF per series and marks the KS distance between the first two', () => {
    render(DistributionPlot, {
      title: 'Firing rate',
      unit: 'spikes/s',
      series: TWO_RUNS,
    });
    const paths = screen.getAllByTestId('dist-path');
    expect(paths.map((p) => p.getAttribute('stroke'))).toEqual(['#2f6fb3', '#e07b1a']);
    expect(paths.every((p) => p.getAttribute('fill') === 'none')).toBe(true);
    expect(screen.getByTestId('dist-ks').textContent).toBe(`D = ${ksStatistic(a, b).toFixed(3)}`);
    expect(screen.getByText('Firing rate [spikes/s]')).toBeTruthy();
    expect(screen.getByText('cumulative fraction')).toBeTruthy();
    expect(screen.getAllByTestId('dist-legend-item').map((e) => e.textContent?.replace(/\s+/g, ' ').trim())).toEqual(['run A n = 200', 'run B n = 150']);
  });

  it('draws histograms on shared bins', () => {
    render(DistributionPlot, {
      title: 'CV ISI',
      kind: 'hist',
      series: TWO_RUNS,
    });
    const paths = screen.getAllByTestId('dist-path');
    expect(paths.map((p) => p.getAttribute('fill'))).toEqual(['#2f6fb3', '#e07b1a']);
    expect(screen.queryByTestId('dist-ks')).toBeNull();
    expect(screen.getByText('fraction per bin')).toBeTruthy();
  });

  it('drops NaN values and says how many', () => {
    render(DistributionPlot, { title: 'Correlation', series: [{ label: 'run A', color: '#2f6fb3', values: Float64Array.from([0.1, NaN, 0.2, NaN]) }] });
    expect(screen.getByTestId('dist-legend-item').textContent).toContain('n = 2, 2 NaN dropped');
    expect(screen.getAllByTestId('dist-path')).toHaveLength(1);
  });

  it('shows "no data" when every series is empty or NaN', () => {
    render(DistributionPlot, {
      title: 'CV ISI',
      series: [
        { label: 'run A', color: '#2f6fb3', values: new Float64Array(0) },
        { label: 'run B', color: '#e07b1a', values: Float64Array.from([NaN]) },
      ],
    });
    expect(screen.getByTestId('dist-no-data').textContent).toBe('no data');
    expect(screen.queryAllByTestId('dist-path')).toHaveLength(0);
    expect(screen.getAllByTestId('dist-legend-item')[0].textContent).toContain('(no data)');
  });

  it('shows "no data" without any series', () => {
    render(DistributionPlot, { title: 'CV ISI', series: [] });
    expect(screen.getByTestId('dist-no-data')).toBeTruthy();
  });
});
