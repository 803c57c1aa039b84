import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRateMeans, formatRateMeans, FULL_SCALE_SEED_RATES, loadSeedRates, RATE_Z_MAX } from './nest-rates.ts';
import { FIXTURE_ROOT } from './reference.ts';

const POPS = ['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I'];

/** n runs whose rate of population p is base[p] * (1 + sd * a deterministic spread around 0). */
function runs(n: number, base: number[], sd: number, shift = 0): number[][] {
  return Array.from({ length: n }, (_, i) => base.map((b) => b * (1 + shift + sd * Math.sin(1 + 2.7 * i))));
}

describe('mean rates against a large NEST ensemble', () => {
  const base = [0.47, 2.1, 4.0, 5.0, 6.7, 7.8, 0.85, 7.0];

  it('computes z with the SD pooled over both ensembles and passes ensembles drawn alike', () => {
    const rows = compareRateMeans(runs(6, base, 0.04), runs(99, base, 0.04), POPS);
    expect(rows).toHaveLength(8);
    for (const r of rows) {
      const pooled = Math.sqrt((5 * r.oursSdHz ** 2 + 98 * r.nestSdHz ** 2) / 103);
      expect(r.z).toBeCloseTo((r.oursMeanHz - r.nestMeanHz) / (pooled * Math.sqrt(1 / 6 + 1 / 99)), 12);
      expect(r.seRel).toBeCloseTo((pooled * Math.sqrt(1 / 6 + 1 / 99)) / r.nestMeanHz, 12);
      expect(r.pass).toBe(Math.abs(r.z) <= RATE_Z_MAX);
    }
    expect(rows.every((r) => r.pass)).toBe(true);
  });

  it('does not trust a small ensemble\'s own small SD', () => {
    // Six of our runs that happen to agree closely, 1.5 % above NEST's mean; NEST's seeds scatter by about 3 %:
    const ours = runs(6, base, 0.001, 0.015);
    const rows = compareRateMeans(ours, runs(99, base, 0.04), POPS);
    const naive = Math.abs(rows[4].oursMeanHz - rows[4].nestMeanHz) / Math.sqrt(rows[4].oursSdHz ** 2 / 6 + rows[4].nestSdHz ** 2 / 99);
    expect(naive).toBeGreaterThan(RATE_Z_MAX);
    expect(rows.every((r) => r.pass)).toBe(true);
  });

  it('fails a population shifted by many standard errors, and only that one', () => {
    const ours = runs(40, base, 0.01);
    for (const r of ours) r[4] *= 1.05;
    const rows = compareRateMeans(ours, runs(99, base, 0.01), POPS);
    expect(rows[4].pass).toBe(false);
    expect(rows[4].z).toBeGreaterThan(RATE_Z_MAX);
    expect(rows[4].diffRel).toBeCloseTo(0.05, 2);
    expect(rows.filter((r) => !r.pass).map((r) => r.population)).toEqual(['L5E']);
    expect(formatRateMeans(rows)).toMatch(/L5E .* OUT/);
  });

  it('reports how the two seed-to-seed spreads compare (F test), without judging them', () => {
    const rows = compareRateMeans(runs(60, base, 0.03), runs(10, base, 0.01), POPS);
    for (const r of rows) {
      expect(r.sdRatio).toBeCloseTo(r.oursSdHz / r.nestSdHz, 12);
      expect(r.sdRatio).toBeGreaterThan(2);
      expect(r.sdRatioP).toBeLessThan(0.01);
    }
    expect(rows.every((r) => r.pass)).toBe(true);
    const alike = compareRateMeans(runs(60, base, 0.02), runs(99, base, 0.02), POPS);
    expect(alike.every((r) => r.sdRatioP > 0.05)).toBe(true);
    expect(formatRateMeans(rows)).toMatch(/L5E .* ok\s+\d\.\d\d \((< 0\.001|0\.0\d\d)\)/);
  });

  it('refuses ensembles too small for a standard error', () => {
    expect(() => compareRateMeans([base], runs(5, base, 0.01), POPS)).toThrow(/at least 2 runs a side \(ours 1, NEST 5\)/);
  });

  it('reads the NEST seeds of the shipped configuration, its options and full scale, and refuses malformed files', () => {
    const j = loadSeedRates();
    expect(j.populations).toEqual(POPS);
    expect(j.runs.length).toBeGreaterThanOrEqual(90);
    expect(j.runs.map((r) => r.seed)).toEqual(expect.arrayContaining([55, 1, 2, 3, 4, 5, 6]));
    const full = loadSeedRates(FULL_SCALE_SEED_RATES);
    expect(full.runs.length).toBeGreaterThanOrEqual(10);
    expect(full.runs.map((r) => r.seed)).toEqual(expect.arrayContaining([55, 1, 3, 12, 13, 14, 15, 16, 17]));
    for (const option of ['thalamic', 'dcinput', 'v0original']) {
      const o = loadSeedRates(join(FIXTURE_ROOT, `${option}-seed-rates.json`));
      expect(o.populations, option).toEqual(POPS);
      // Seeds 1, 2, ... in order, none left out: 100 of each option (200 of the DC stimulus).
      expect(o.runs.length, option).toBeGreaterThanOrEqual(100);
      expect(o.runs.map((r) => r.seed), option).toEqual(Array.from({ length: o.runs.length }, (_, i) => i + 1));
    }
    const t4 = loadSeedRates(join(FIXTURE_ROOT, 'shipped-seed-rates-4threads.json'));
    expect(t4.runs.length).toBeGreaterThanOrEqual(100);
    // NEST on 4 threads (as at full scale) against NEST on 1 thread: the same law (docs/validation.md 4.2).
    expect(compareRateMeans(t4.runs.map((r) => r.rates_hz), j.runs.map((r) => r.rates_hz), POPS).every((r) => r.pass)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'mcs-seed-rates-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...j, runs: [j.runs[0], { seed: 9, rates_hz: [1, 2, 3] }] }));
    expect(() => loadSeedRates(bad)).toThrow(/seed 9 must have 8 finite, non-negative rates/);
    writeFileSync(bad, JSON.stringify({ ...j, runs: [j.runs[0], j.runs[0]] }));
    expect(() => loadSeedRates(bad)).toThrow(/seed 55 is not a distinct integer/);
  });
});
