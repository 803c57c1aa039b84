import { describe, expect, it } from 'vitest';
import { formatNumber, formatTick, niceTicks } from './ticks.ts';

describe('ticks', () => {
  it('chooses round steps that cover the range', () => {
    const t = niceTicks(0, 33, 6);
    expect(t.step).toBe(5);
    expect(t.values).toEqual([0, 5, 10, 15, 20, 25, 30, 35]);
    expect(niceTicks(0, 1, 4).values).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(-0.02, 0.11, 5).values).toEqual([-0.05, 0, 0.05, 0.1, 0.15]);
    expect(Object.is(niceTicks(-0.02, 0.11, 5).values[1], -0)).toBe(false);
  });

  it('widens a degenerate range', () => {
    const t = niceTicks(3, 3);
    expect(t.lo).toBeLessThan(3);
    expect(t.hi).toBeGreaterThan(3);
    expect(niceTicks(NaN, 1).values).toEqual([0, 1]);
  });

  it('formats ticks with the decimals the step needs', () => {
    expect(formatTick(10, 5)).toBe('10');
    expect(formatTick(0.5, 0.25)).toBe('0.50');
    expect(formatTick(2.5, 2.5)).toBe('2.5');
    expect(formatTick(0.3, 0.1)).toBe('0.3');
    expect(formatTick(-0, 1)).toBe('0');
  });

  it('formats table numbers, with a dash for missing', () => {
    expect(formatNumber(0.1234)).toBe('0.123');
    expect(formatNumber(12.345)).toBe('12.35');
    expect(formatNumber(NaN)).toBe('–');
    expect(formatNumber(null)).toBe('–');
  });
});
