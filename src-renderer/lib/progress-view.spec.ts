import { describe, expect, it } from 'vitest';
import type { RunProgress } from '../../engine/api.ts';
import { endedTitle, progressView, RateWindow, realTimeWords } from './progress-view.ts';

const report = (o: Partial<RunProgress>): RunProgress => ({
  phase: 'sim',
  phaseFraction: 0.5,
  tModelMs: 150,
  tTotalMs: 250,
  wallS: 3,
  spikesSoFar: 1200,
  realTimeFactor: 20,
  recentRatesHz: [],
  ...o,
});

describe('progressView', () => {
  it('says the phase in words and where it is', () => {
    const v = progressView(report({}), { wallS: 1, tModelMs: 0 });
    expect(v.phaseLabel).toBe('Simulation');
    expect(v.phaseIndex).toBe(3);
    expect(v.modelFraction).toBeCloseTo(0.6);
    expect(v.realTimeFactor).toBe(20);
    // 150 ms took 2 s of wall clock; 100 ms remain.
    expect(v.remainingS).toBeCloseTo((100 * 2) / 150);
  });

  it('knows no remaining time while building, and no speed before stepping', () => {
    const v = progressView(report({ phase: 'building', tModelMs: 0, realTimeFactor: NaN }), null);
    expect(v.phaseLabel).toBe('Building network');
    expect(v.remainingS).toBeNull();
    expect(v.realTimeFactor).toBeNull();
  });

  it('done means nothing remains', () => {
    const v = progressView(report({ phase: 'done', tModelMs: 250 }), { wallS: 1, tModelMs: 0 });
    expect(v.remainingS).toBe(0);
    expect(v.modelFraction).toBe(1);
    expect(v.phaseLabel).toBe('Storing results');
  });

  it('real-time factor in words', () => {
    expect(realTimeWords(12.44)).toBe('12× slower than real time');
    expect(realTimeWords(2.5)).toBe('2.5× slower than real time');
    expect(realTimeWords(0.25)).toBe('4.0× faster than real time');
    expect(realTimeWords(null)).toBe('–');
  });
});

describe('RateWindow', () => {
  it('averages the reports of the last 500 ms of model time, weighted by the time each covers', () => {
    const w = new RateWindow(500);
    w.push(report({ phase: 'building', tModelMs: 0, recentRatesHz: [] }));
    w.push(report({ phase: 'presim', tModelMs: 0, recentRatesHz: [] }));
    expect(w.rates()).toBeNull();
    w.push(report({ tModelMs: 100, recentRatesHz: [2, 0] }));
    w.push(report({ tModelMs: 110, recentRatesHz: [0, 0] })); // a report before its spikes were counted
    w.push(report({ tModelMs: 200, recentRatesHz: [4, 1] }));
    expect(w.rates()).toEqual([(2 * 100 + 0 * 10 + 4 * 90) / 200, 90 / 200]);
    // Reports older than the window go.
    w.push(report({ tModelMs: 800, recentRatesHz: [1, 1] }));
    expect(w.rates()).toEqual([1, 1]);
  });
});

describe('endedTitle', () => {
  it('names how a run ended without completing', () => {
    expect(['failed', 'cancelled', 'interrupted'].map((s) => endedTitle(s as 'failed'))).toEqual(['The run failed', 'The run was cancelled', 'The run was interrupted']);
  });
});
