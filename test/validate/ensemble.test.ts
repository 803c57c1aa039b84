/**
 * The ensemble comparison (docs/validation.md) on synthetic runs whose answer is known: draws from
 * one distribution pass, a shifted distribution fails the KS rule, a shifted mean rate falls out of
 * NEST's band, and the band is never narrower than +- 1 %.
 */
import { describe, expect, it } from 'vitest';
import type { PopulationValues } from '../../engine/analysis/index.ts';
import { Rng } from '../../engine/rng/rng.ts';
import { compareEnsembles, compareKs, compareRates, formatEnsembleTable, KS_RATIO, KS_SLACK, type EnsembleRun } from './ensemble.ts';

const NAMES = ['A', 'B'];

/** A run of two populations: rates ~ Normal(mu, 1) (n values), CVs and correlations from fixed laws. */
function syntheticRun(label: string, seed: number, muA: number, n = 2000): EnsembleRun {
  const rng = new Rng(seed, 77, 0, 0);
  const draw = (m: number, s: number, k: number) => Float64Array.from({ length: k }, () => m + s * rng.normal());
  const dists: PopulationValues[] = NAMES.map((name, p) => {
    const rates = draw(p === 0 ? muA : 5, 1, n);
    const rateMean = rates.reduce((a, b) => a + b, 0) / rates.length;
    return {
      name,
      distributions: { rates, cv_isi: draw(0.9, 0.1, n / 2), corr_2ms: draw(0.01, 0.02, n) },
      scalars: { rate_mean: rateMean, peak_freq: NaN, peak_power: NaN },
    };
  });
  return { label, distributions: dists, rateMeansHz: dists.map((d) => d.scalars.rate_mean) };
}

/** The run with population A's mean rate replaced (for the band rule, which reads only the means). */
function withMeanA(r: EnsembleRun, m: number): EnsembleRun {
  return { ...r, rateMeansHz: [m, ...r.rateMeansHz.slice(1)] };
}

const nest = [1, 2, 3, 4, 5].map((s) => syntheticRun(`nest ${s}`, s, 5));

describe('ensemble comparison', () => {
  it('passes runs drawn from the same distributions, with a KS ratio near 1', () => {
    const ours = [11, 12, 13, 14].map((s) => syntheticRun(`ours ${s}`, s, 5));
    const c = compareEnsembles(ours, nest);
    expect(c.problems).toEqual([]);
    expect(c.ks).toHaveLength(6);
    for (const k of c.ks) {
      expect(k.nNestPairs).toBe(10);
      expect(k.nCrossPairs).toBe(20);
      expect(k.limit).toBeCloseTo(KS_RATIO * k.nestMeanD + KS_SLACK, 15);
      expect(k.ratio).toBeGreaterThan(0.6);
      expect(k.ratio).toBeLessThan(1.4);
    }
    expect(formatEnsembleTable(c).split('\n')).toHaveLength(3);
  });

  it('fails a shift of the rate distribution that single seeds would hide in their noise', () => {
    // A shift of 0.1 SD: the KS distance of 2000 vs 2000 values from one law is about 0.027.
    const ours = [11, 12, 13, 14].map((s) => syntheticRun(`ours ${s}`, s, 5.1));
    const ks = compareKs(ours, nest);
    const a = ks.find((k) => k.population === 'A' && k.statistic === 'rates')!;
    expect(a.pass).toBe(false);
    expect(a.ratio).toBeGreaterThan(KS_RATIO);
    expect(ks.filter((k) => !k.pass)).toEqual([a]);
  });

  it('judges mean rates against the seed band, at least +- 1 % wide', () => {
    // NEST runs within +- 0.4 % of 5: the 1 % floor sets the band.
    const tight = [4.98, 5, 5.02].map((m, i) => withMeanA(nest[i], m));
    const a = compareRates([withMeanA(nest[3], 5.04)], tight)[0];
    expect(a.nestMeanHz).toBeCloseTo(5, 12);
    expect(a.bandLoHz).toBeCloseTo(4.95, 12);
    expect(a.bandHiHz).toBeCloseTo(5.05, 12);
    expect(a.pass).toBe(true);
    expect(a.relDiff).toBeCloseTo(0.008, 12);
    const shifted = compareRates([withMeanA(nest[3], 5.06)], tight)[0];
    expect(shifted.pass).toBe(false);
    expect(shifted.text).toContain('outside');
  });

  it('widens the band to the range of NEST runs that scatter more than 1 %', () => {
    const wide = [4.8, 5, 5.2].map((m, i) => withMeanA(nest[i], m));
    const r = compareRates([withMeanA(nest[3], 5.15)], wide)[0];
    expect(r.bandLoHz).toBe(4.8);
    expect(r.bandHiHz).toBe(5.2);
    expect(r.pass).toBe(true);
    // z: the difference in units of its standard error (SD 0.2 over 3 NEST runs; one run of ours has no SD).
    expect(Number.isNaN(r.z)).toBe(true);
    const two = compareRates([withMeanA(nest[3], 5.1), withMeanA(nest[4], 5.3)], wide)[0];
    expect(two.z).toBeCloseTo(0.2 / Math.sqrt(0.02 / 2 + 0.04 / 3), 12);
  });

  it('treats statistics without values on either side as passing, and one-sided data as a failure', () => {
    const empty = (r: EnsembleRun): EnsembleRun => ({ ...r, distributions: r.distributions.map((d) => ({ ...d, distributions: { ...d.distributions, cv_isi: new Float64Array(0) } })) });
    const ok = compareKs([empty(syntheticRun('o', 3, 5))], nest.map(empty));
    expect(ok.filter((k) => k.statistic === 'cv_isi').every((k) => k.pass && k.text.includes('no values'))).toBe(true);
    const bad = compareKs([empty(syntheticRun('o', 3, 5))], nest);
    expect(bad.filter((k) => k.statistic === 'cv_isi').every((k) => !k.pass && k.text.includes('cannot be compared'))).toBe(true);
  });

  it('refuses too few NEST runs and runs of different populations', () => {
    expect(() => compareKs([nest[0]], [nest[1]])).toThrow(/at least 2 NEST runs/);
    const other: EnsembleRun = { ...nest[0], distributions: nest[0].distributions.map((d, i) => ({ ...d, name: i === 0 ? 'Z' : d.name })) };
    expect(() => compareKs([other], nest)).toThrow(/populations Z,B differ/);
  });
});
