import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { referenceCorrelationSample } from '../../../engine/analysis/correlation.ts';
import { choiceWithoutReplacement, Pcg64, seedSequencePool } from '../../../engine/analysis/numpy-random.ts';

interface RandomFixture {
  raw: Record<string, string[]>;
  choice: { seed: number; n: number; k: number; first: number[]; second: number[] }[];
  reference_sample: { sizes: number[]; samples: number[][] };
}
const fx = JSON.parse(readFileSync(new URL('./fixtures/numpy-random.json', import.meta.url), 'utf8')) as RandomFixture;

describe('numpy default_rng re-implementation (bit-exact)', () => {
  it('SeedSequence(12345).pool', () => {
    expect(Array.from(seedSequencePool(12345))).toEqual([4069775156, 4251353637, 4182767765, 2267058336]);
  });

  it.each(Object.entries(fx.raw))('PCG64 raw outputs, seed %s', (seed, words) => {
    const g = new Pcg64(BigInt(seed));
    expect(words.map(() => g.nextUint64().toString(16).padStart(16, '0'))).toEqual(words);
  });

  it.each(fx.choice.map((c) => [c.seed, c.n, c.k, c] as const))('choice(%i: n=%i, k=%i, replace=False), twice', (_s, _n, _k, c) => {
    const g = new Pcg64(c.seed);
    expect(Array.from(choiceWithoutReplacement(g, c.n, c.k))).toEqual(c.first);
    expect(Array.from(choiceWithoutReplacement(g, c.n, c.k))).toEqual(c.second);
  });

  it("the reference JSON's correlation sample (default_rng(12345), populations in order)", () => {
    const got = referenceCorrelationSample(fx.reference_sample.sizes, 200, 12345).map((s) => Array.from(s));
    expect(got).toEqual(fx.reference_sample.samples);
  });

  it('refuses impossible draws', () => {
    expect(() => choiceWithoutReplacement(new Pcg64(1), 3, 4)).toThrow(RangeError);
  });
});
