/** The inlined generation loop draws exactly what the method-call version draws. */
import { describe, expect, it } from 'vitest';
import { generateBlock } from '../../engine/build/generate.ts';
import { delayDistribution } from '../../engine/build/plan.ts';
import { FastAliasTable, Rng } from '../../engine/rng/rng.ts';

describe('generateBlock', () => {
  it('matches Rng.uniformInt / normal1 / FastAliasTable.sample draw for draw', { timeout: 30_000 }, () => {
    for (const [mean, std] of [[87.8, 8.78], [-351.2, 35.12], [0.5, 3]] as const) {
      const dd = delayDistribution(1.5, 0.75, 0.1);
      const alias = new FastAliasTable(dd.probs);
      const spec = { n: 8000, base: 100, nSrc: 20683, size: 1880, mean, std, positive: mean >= 0, inv: 1 / (Math.abs(mean) * 1.8 / 16383), maxLevel: 16383, dmin: dd.minSteps, alias, dMul: 128 };
      const sd = new Uint32Array(spec.n);
      const tw = new Uint32Array(spec.n);
      const r1 = new Rng(7, 3, 1, 2);
      generateBlock(r1, spec, sd, tw, 0);
      const r2 = new Rng(7, 3, 1, 2);
      const sd2 = new Uint32Array(spec.n);
      const tw2 = new Uint32Array(spec.n);
      for (let q = 0; q < spec.n; q++) {
        const s = spec.base + r2.uniformInt(spec.nSrc);
        const t = r2.uniformInt(spec.size);
        let w = mean + std * r2.normal1();
        while (mean >= 0 ? w < 0 : w > 0) w = mean + std * r2.normal1();
        const level = Math.min(16383, Math.round(Math.abs(w) * spec.inv));
        const d = spec.dmin + alias.sample(r2.nextU32());
        sd2[q] = s * 128 + d;
        // Signed 16-bit level: negative for inhibitory weights.
        tw2[q] = (t << 16) | ((mean >= 0 ? level : -level) & 0xffff);
      }
      expect(Array.from(sd)).toEqual(Array.from(sd2));
      expect(Array.from(tw)).toEqual(Array.from(tw2));
      expect([r1.a, r1.b, r1.c, r1.d]).toEqual([r2.a, r2.b, r2.c, r2.d]);
    }
  });
});
