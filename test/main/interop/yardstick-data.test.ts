import { describe, expect, it } from 'vitest';
import * as shipped from '../../../src-main/interop/yardstick-data.ts';
import { generateYardstick, yardstickModule } from './gen-yardstick.ts';
import { readFileSync } from 'node:fs';

describe('the shipped NEST-vs-NEST yardstick (src-main/interop/yardstick-data.ts)', () => {
  const fresh = generateYardstick();

  it('is the one the seven NEST seed runs give today (regenerate with gen-yardstick.ts when they change)', () => {
    expect(shipped.NEST_YARDSTICK).toEqual(fresh.yardstick);
    expect(shipped.NEST_MEAN_RATE_RANGES_HZ).toEqual(fresh.meanRatesHz);
    expect(shipped.NEST_YARDSTICK_CONDITIONS).toEqual(fresh.conditions);
    expect(shipped.NEST_YARDSTICK_RUNS).toEqual(fresh.runs);
    expect(readFileSync(new URL('../../../src-main/interop/yardstick-data.ts', import.meta.url), 'utf8')).toBe(yardstickModule(fresh));
  });

  it('covers 8 populations x 3 statistics with 21 seed pairs each', () => {
    expect(shipped.NEST_YARDSTICK.nRuns).toBe(7);
    expect(shipped.NEST_YARDSTICK.entries).toHaveLength(24);
    for (const e of shipped.NEST_YARDSTICK.entries) {
      expect(e.distances).toHaveLength(21);
      expect(e.threshold).toBeGreaterThan(e.meanD);
    }
    expect(shipped.NEST_YARDSTICK_CONDITIONS).toEqual({ N_scaling: 0.1, K_scaling: 0.1, windowMs: 1000, resolutionMs: 0.1 });
    expect(shipped.NEST_MEAN_RATE_RANGES_HZ.L23E.min).toBeCloseTo(0.402, 3);
  });
});
