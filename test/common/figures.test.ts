// The figure module (src-main/common/figures): sizes for a paper, what each figure says (axes,
// units, labels, legends, keys), the raster drawn as density, and every figure rendered by resvg
// (a parse of the SVG, and pixels of the expected colours where the data is).
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { boxplotStats } from '../../engine/analysis/descriptive.ts';
import {
  activityFigure,
  BOX_KEY,
  boxPlotFigure,
  pngSize,
  rasterFigure,
  spectrumFigure,
  voltageDistributionFigure,
  voltageFigure,
  type Figure,
} from '../../src-main/common/figures/index.ts';
import { logAxis, powerOfTenLabel } from '../../src-main/common/figures/axes.ts';
import { EXC_COLOR, INH_COLOR } from '../../src-main/common/figures/populations.ts';
import type { PopulationActivity, PopulationSpectra, RunVoltages, VoltageDistributions } from '../../src-main/contract.ts';
import { FIGURE_FONT_FILE } from '../../src-main/figures/png.ts';

const POPS = ['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I'].map((name, i) => ({ name, firstId: 1 + 100 * i, lastId: 100 * (i + 1) }));

/** The figure rendered at `dpi`: its RGBA pixels and size (resvg refuses malformed SVG). */
function render(fig: Figure, dpi = 96): { pixels: Uint8Array; width: number; height: number } {
  const { widthPx } = pngSize(fig, dpi);
  const img = new Resvg(fig.svg, { fitTo: { mode: 'width', value: widthPx }, font: { fontFiles: [FIGURE_FONT_FILE], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' } }).render();
  return { pixels: new Uint8Array(img.pixels), width: img.width, height: img.height };
}

function countColor(img: { pixels: Uint8Array }, hex: string): number {
  const r = parseInt(hex.slice(1, 3), 16);
  const g = parseInt(hex.slice(3, 5), 16);
  const b = parseInt(hex.slice(5, 7), 16);
  let n = 0;
  for (let i = 0; i < img.pixels.length; i += 4) if (Math.abs(img.pixels[i] - r) < 4 && Math.abs(img.pixels[i + 1] - g) < 4 && Math.abs(img.pixels[i + 2] - b) < 4) n++;
  return n;
}

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

const activity: PopulationActivity = {
  id: 1,
  window: { t0Ms: 500, t1Ms: 600 },
  binMs: 1,
  rule: '1 ms bins from the window start (a last partial bin dropped), per neuron',
  timesMs: Float64Array.from({ length: 100 }, (_, k) => 500.5 + k),
  populations: POPS.map((p, i) => ({ name: p.name, nNeurons: 100, ratesHz: Float64Array.from({ length: 100 }, (_, k) => 5 + i + 4 * Math.sin(k / 3)) })),
};

function spectra(peakHz: number): PopulationSpectra {
  const f = Float64Array.from({ length: 129 }, (_, k) => (k * 1000) / 256);
  return {
    id: 1,
    window: { t0Ms: 500, t1Ms: 1500 },
    options: { binMs: 1, segmentMs: 256, overlap: 0.5, taper: 'hann', detrend: 'constant', peakBandHz: { minHz: 1, maxHz: 300 } },
    rule: 'Welch: activity in 1 ms bins, 256 ms hann segments overlapping 50 %, mean removed; peak searched in 1–300 Hz',
    frequenciesHz: f,
    segments: 6,
    segmentLength: 256,
    overlapLength: 128,
    resolutionHz: 1000 / 256,
    populations: POPS.map((p) => ({ name: p.name, psd: Float64Array.from(f, (x) => 0.001 + 0.5 * Math.exp(-(((x - peakHz) / 4) ** 2))), peakHz, peakPower: 0.501 })),
  };
}

describe('sizes for a paper', () => {
  it('is 8.5 cm wide with 8-pt text by default, its user unit the point', () => {
    const fig = activityFigure([{ label: 'run 1', data: activity }]);
    expect(fig.widthCm).toBe(8.5);
    expect(fig.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" version="1.1" width="8.5cm" height="[\d.]+cm" viewBox="0 0 240.94 [\d.]+"/);
    expect(fig.svg).toContain('font-size="8"');
    expect(fig.heightCm).toBeGreaterThan(6);
    expect(fig.heightCm).toBeLessThan(13);
    const wide = activityFigure([{ label: 'run 1', data: activity }], { widthCm: 17.8, heightCm: 9, fontPt: 7 });
    expect(wide.svg).toMatch(/width="17.8cm" height="9cm" viewBox="0 0 504.57 255.12"/);
  });

  it('gives PNG sizes at 2× a screen or any DPI, and refuses sizes outside the bounds, naming them', () => {
    const fig = { widthCm: 8.5, heightCm: 6 };
    expect(pngSize(fig)).toEqual({ widthPx: 643, heightPx: 454 });
    expect(pngSize(fig, 300)).toEqual({ widthPx: 1004, heightPx: 709 });
    expect(() => pngSize(fig, 20)).toThrow('dpi: got 20 dpi, allowed: 50 to 1200 dpi');
    expect(() => activityFigure([{ label: 'a', data: activity }], { widthCm: 2 })).toThrow('widthCm: got 2 cm, allowed: 4 to 40 cm');
    expect(() => activityFigure([{ label: 'a', data: activity }], { fontPt: 30 })).toThrow('fontPt: got 30 pt, allowed: 5 to 14 pt');
    expect(() => activityFigure([{ label: 'a', data: activity }], { heightCm: 3.5 })).toThrow(/heightCm: got 3.5 cm, allowed: enough for 4 rows/);
  });
});

describe('the raster', () => {
  const spikes = { senders: Uint32Array.of(1, 50, 150, 399, 800, 5000), steps: Uint32Array.of(5001, 5500, 6000, 9000, 14990, 6000), resolutionMs: 0.1 };

  it('draws each population as one path of density cells, with layer labels, time axis and an E/I legend', () => {
    const fig = rasterFigure({ populations: POPS, window: { t0Ms: 500, t1Ms: 1500 }, spikes });
    const paths = [...fig.svg.matchAll(/<path d="([^"]*)" stroke="(#[0-9a-f]+)"[^>]*data-population="(\w+)"/g)].map((m) => ({ d: m[1], color: m[2], pop: m[3] }));
    expect(paths.map((p) => [p.pop, p.color])).toEqual([
      ['L23E', EXC_COLOR],
      ['L23I', INH_COLOR],
      ['L4I', INH_COLOR],
      ['L6I', INH_COLOR],
    ]);
    // L23E: two spikes (neurons 1 and 50) in different rows: two cells.
    expect(paths[0].d.match(/M/g)).toHaveLength(2);
    expect(texts(fig.svg)).toEqual(expect.arrayContaining(['L2/3', 'L4', 'L5', 'L6', 'Time (ms)', 'Layer', 'excitatory', 'inhibitory', '500', '1000', '1500']));
    expect(fig.svg).toContain('<desc>Spike raster, 5 spikes in [500, 1500] ms; drawn as density');
    const img = render(fig, 192);
    expect(countColor(img, EXC_COLOR)).toBeGreaterThan(2);
    expect(countColor(img, INH_COLOR)).toBeGreaterThan(3);
  });

  it('writes a million spikes as density, not a mark per spike, in a bounded size', () => {
    const n = 1_000_000;
    const senders = new Uint32Array(n);
    const steps = new Uint32Array(n);
    let s = 12345;
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      senders[i] = 1 + (s % 800);
      steps[i] = 5000 + (i % 10000);
    }
    const fig = rasterFigure({ populations: POPS, window: { t0Ms: 500, t1Ms: 1500 }, spikes: { senders, steps, resolutionMs: 0.1 } });
    expect(fig.svg.length).toBeLessThan(3_000_000);
    expect(fig.svg.match(/<path d=/g)?.length).toBe(8);
    const segments = fig.svg.match(/M[\d.]+ [\d.]+h/g)?.length ?? 0;
    expect(segments).toBeLessThan(n / 5);
    expect(fig.svg).toContain('1000000 spikes');
  });

  it('refuses an empty window and cells out of range', () => {
    expect(() => rasterFigure({ populations: POPS, window: { t0Ms: 5, t1Ms: 5 }, spikes })).toThrow('window: got (5, 5] ms, allowed: t1Ms > t0Ms');
    expect(() => rasterFigure({ populations: POPS, window: { t0Ms: 0, t1Ms: 5 }, spikes, cellPt: 0 })).toThrow('cellPt: got 0, allowed: 0.1 to 5');
  });
});

describe('the box plot', () => {
  const rows = POPS.map((p, i) => ({ name: p.name, stats: boxplotStats(Float64Array.from({ length: 50 }, (_, k) => i + (k % 10) / 2 + (k === 0 ? 30 : 0))) }));

  it('says what its marks mean, labels populations and its axis with the unit', () => {
    const fig = boxPlotFigure({ title: 'Firing rate', unit: 'spikes/s', rule: 'every neuron, silent ones as 0', rows });
    const t = texts(fig.svg).join(' ');
    expect(t).toContain('Firing rate (spikes/s)');
    expect(t).toContain('L2/3E');
    expect(t).toContain('whiskers: the furthest values within 1.5 × the box');
    expect(t).toContain('Counted: every neuron, silent ones as 0.');
    expect(fig.svg).toContain(`<desc>${BOX_KEY} Counted: every neuron, silent ones as 0.</desc>`);
    expect(fig.svg.match(/<g data-population=/g)).toHaveLength(8);
    expect(fig.svg).toMatch(/stroke="#ff0000"/); // the outliers (30 + i)
    const img = render(fig);
    expect(countColor(img, EXC_COLOR)).toBeGreaterThan(50);
    expect(countColor(img, INH_COLOR)).toBeGreaterThan(50);
  });

  it('gives each run a box and a legend entry in its colour; no data where a run lacks a population', () => {
    const fig = boxPlotFigure({
      title: 'CV ISI',
      unit: '',
      groups: [
        { label: 'run 1', color: '#2f6fb3', rows },
        { label: 'run 2', color: '#e07b1a', rows: rows.slice(0, 4) },
      ],
    });
    expect(fig.svg.match(/<g data-population=/g)).toHaveLength(16);
    expect(texts(fig.svg)).toEqual(expect.arrayContaining(['run 1', 'run 2', 'CV ISI', 'no data']));
    expect(countColor(render(fig), '#e07b1a')).toBeGreaterThan(20);
  });
});

describe('activity, spectra and voltages', () => {
  it('activity: panels by layer, axis titles with units, runs overlaid with a legend', () => {
    const other = { ...activity, populations: activity.populations.map((p) => ({ ...p, ratesHz: p.ratesHz.map((v) => v + 1) })) };
    const fig = activityFigure([
      { label: 'seed 55', data: activity },
      { label: 'seed 1', data: other },
    ]);
    const t = texts(fig.svg);
    expect(t).toEqual(expect.arrayContaining(['Time (ms)', 'Rate (spikes/s)', 'L2/3E', 'L6I', 'seed 55', 'seed 1']));
    expect(fig.svg.match(/stroke="#2f6fb3"/g)!.length).toBeGreaterThanOrEqual(9); // 8 curves + the legend
    expect(fig.svg).toContain('<desc>Population activity: 1 ms bins from the window start');
    render(fig);
  });

  it('an ensemble (one set with bands): the band shaded, the description says what curve and shading are', () => {
    const bands = Object.fromEntries(activity.populations.map((p) => [p.name, { lo: p.ratesHz.map((v) => v - 1), hi: p.ratesHz.map((v) => v + 1) }]));
    const fig = activityFigure([{ label: 'mean ± SD of 3 runs', data: activity, bands }], { caption: true });
    expect(fig.svg).toContain('Mean ± SD of 3 runs: the mean drawn, ± one SD shaded.</desc>');
    expect(fig.svg.match(/fill-opacity="0.2"/g)).toHaveLength(8);
    expect(activityFigure([{ label: 'run 1', data: activity }]).svg).not.toContain('SD shaded');
  });

  it('spectra: log–log, decades labelled, the peak marked and named for one run', () => {
    const fig = spectrumFigure([{ label: 'run 1', data: spectra(82.03) }], { caption: true });
    const t = texts(fig.svg);
    expect(t).toEqual(expect.arrayContaining(['Frequency (Hz)', 'PSD ((spikes/s)²/Hz)', '82.0 Hz', '10', '100', '10⁻³']));
    expect(fig.svg).toContain('▼ marks the peak');
    expect(fig.svg).toContain('<tspan');
    const img = render(fig, 150);
    expect(countColor(img, EXC_COLOR)).toBeGreaterThan(30);
  });

  it('a peak label stays inside its plot: right of a low peak, left of one near the right edge', () => {
    const anchors = (hz: number): string[] => [...spectrumFigure([{ label: 'run 1', data: spectra(hz) }]).svg.matchAll(/<text[^>]*text-anchor="(\w+)"[^>]*>[\d.]+ Hz</g)].map((m) => m[1]!);
    expect(anchors(82.03)).toEqual(Array(8).fill('start'));
    expect(anchors(113.3)).toEqual(Array(8).fill('end'));
  });

  it('a log axis reaches above a marked peak, so that its marker and label are not cut off', () => {
    // Peaks of 0.501 (spectra()): without room the axis would end at 1, the marker half outside.
    const fig = spectrumFigure([{ label: 'run 1', data: spectra(82.03) }]);
    // '10' is a tick of the two x axes (1–1000 Hz) and, with the room, the top of each panel's y axis.
    expect(texts(fig.svg).filter((t) => t === '10')).toHaveLength(2 + 8);
  });

  it('log axes span whole decades and write them as numbers or powers of ten', () => {
    expect(logAxis(0.004, 0.6)).toMatchObject({ lo: 0.001, hi: 1 });
    expect(logAxis(3.9, 500).ticks.map((t) => t.label)).toEqual(['1', '10', '100', '1000']);
    expect([powerOfTenLabel(-4), powerOfTenLabel(-2), powerOfTenLabel(0), powerOfTenLabel(5)]).toEqual(['10⁻⁴', '0.01', '1', '10⁵']);
  });

  it('voltages: the traces of the chosen neurons per population, and the distribution of V', () => {
    const v: RunVoltages = {
      id: 2,
      window: { t0Ms: 0, t1Ms: 10 },
      resolutionMs: 0.1,
      steps: Uint32Array.from({ length: 10 }, (_, k) => 10 * (k + 1)),
      populations: [
        { name: 'L23E', recorded: 4, senders: Uint32Array.of(1, 3), vMv: Float32Array.from({ length: 20 }, (_, i) => -65 + (i % 2) - i / 10) },
        { name: 'L23I', recorded: 2, senders: Uint32Array.of(5), vMv: Float32Array.from({ length: 10 }, (_, i) => -60 + i / 5) },
      ],
    };
    const fig = voltageFigure(v);
    expect(texts(fig.svg)).toEqual(expect.arrayContaining(['V (mV)', 'Time (ms)', 'L2/3E', '2 of 4 neurons', '1 of 2 neurons']));
    expect(fig.svg).toContain('L23E: neurons 1, 3; L23I: neurons 5');
    render(fig);
    const d: VoltageDistributions = {
      id: 2,
      window: { t0Ms: 0, t1Ms: 10 },
      binMv: 0.5,
      rule: 'every sample',
      populations: [{ name: 'L23E', neuronsRecorded: 4, neuronsUsed: 4, neuronStride: 1, samples: 10, box: { ...boxplotStats([1, 2, 3]), outlierCount: 0 }, histogram: { loMv: -70, binMv: 0.5, counts: Uint32Array.of(1, 4, 2) } }],
    };
    const h = voltageDistributionFigure(d);
    expect(texts(h.svg)).toEqual(expect.arrayContaining(['V (mV)', 'Fraction of samples', 'median 2.0 mV']));
    render(h);
  });
});
