/**
 * The inlined generation loop draws exactly what the method-call version draws; the WebAssembly
 * generator, sort and pack give the same synapses as the JavaScript construction.
 */
import { describe, expect, it } from 'vitest';
import { delayDistribution } from '../../engine/network/delays.ts';
import { generateBlock } from '../../engine/network/generate.ts';
import { makePlan } from '../../engine/network/plan.ts';
import { FastAliasTable, Rng } from '../../engine/rng/rng.ts';
import { WasmGenerator } from '../../engine/wasm/generate.ts';
import { composeParams } from '../../engine/params/merge.ts';
import { validateParams } from '../../engine/params/validate.ts';
import { Partition } from '../../engine/sim/partition.ts';

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

describe('WasmGenerator', () => {
  it('draws exactly what generateBlock draws, with the same random stream after', { timeout: 30_000 }, () => {
    const gen = new WasmGenerator();
    // Excitatory, inhibitory, weights often redrawn (mean near 0), zero SD, a 1-column delay table, thalamic-sized sources.
    const cases = [
      { mean: 87.8, std: 8.78, nSrc: 20683, size: 4096, d: [1.5, 0.75] },
      { mean: -351.2, std: 35.12, nSrc: 583, size: 1880, d: [0.75, 0.375] },
      { mean: 0.5, std: 3, nSrc: 40, size: 7, d: [1.5, 0.75] },
      { mean: 12, std: 0, nSrc: 902, size: 300, d: [0.1, 0] },
    ];
    for (const c of cases) {
      const dd = delayDistribution(c.d[0], c.d[1], 0.1);
      const alias = new FastAliasTable(dd.probs);
      const spec = { n: 50_000, base: 77, nSrc: c.nSrc, size: c.size, mean: c.mean, std: c.std, positive: c.mean >= 0, inv: 1 / ((Math.abs(c.mean) * 1.8 + 1) / 16383), maxLevel: 16383, dmin: dd.minSteps, alias, dMul: 128 };
      const sd = new Uint32Array(spec.n + 5);
      const tw = new Uint32Array(spec.n + 5);
      const r1 = new Rng(55, 3, 7, 1);
      generateBlock(r1, spec, sd, tw, 5);
      gen.ensure(spec.n + 5);
      const r2 = new Rng(55, 3, 7, 1);
      expect(gen.generate(r2, spec, 7, 5)).toBe(spec.n + 5);
      expect(Buffer.from(gen.sdA.buffer, gen.sdA.byteOffset + 20, 4 * spec.n).equals(Buffer.from(sd.buffer, 20, 4 * spec.n)), `keys, mean ${c.mean}`).toBe(true);
      expect(Buffer.from(gen.twA.buffer, gen.twA.byteOffset + 20, 4 * spec.n).equals(Buffer.from(tw.buffer, 20, 4 * spec.n)), `words, mean ${c.mean}`).toBe(true);
      expect([r2.a, r2.b, r2.c, r2.d]).toEqual([r1.a, r1.b, r1.c, r1.d]);
    }
  });

  it('fails as generateBlock does when a weight cannot keep its sign', () => {
    const dd = delayDistribution(1.5, 0.75, 0.1);
    const spec = { n: 10, base: 0, nSrc: 10, size: 10, mean: 1e-9, std: 1e9, positive: true, inv: 1, maxLevel: 16383, dmin: dd.minSteps, alias: new FastAliasTable(dd.probs), dMul: 128 };
    // A weight of mean -1e9 pA and SD 1 pA that must stay positive never does.
    const bad = { ...spec, mean: -1e9, std: 1, positive: true };
    const gen = new WasmGenerator();
    gen.ensure(10);
    expect(() => generateBlock(new Rng(1, 1), bad, new Uint32Array(10), new Uint32Array(10), 0)).toThrow(/weight redraw failed after 1000 draws/);
    expect(() => gen.generate(new Rng(1, 1), bad, 7, 0)).toThrow(/weight redraw failed after 1000 draws/);
  });
});

describe('construction in WebAssembly', () => {
  it('builds the same network as the JavaScript construction (rows, words, runs), thalamus included', { timeout: 60_000 }, () => {
    const plan = makePlan(validateParams(composeParams({ sets: ['stim.thalamic_input=true', 'net.K_scaling=0.3'] })));
    const js = new Partition(plan, 0, { kernels: 'js' });
    const wasm = new Partition(plan, 0, { kernels: 'wasm' });
    js.build();
    wasm.build();
    expect(wasm.numSynapses).toBe(js.numSynapses);
    const bytes = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    js.shards.forEach((a, i) => {
      const b = wasm.shards[i];
      for (const k of ['rowPtr', 'syn', 'runPtr', 'runs'] as const) expect(bytes(b[k]).equals(bytes(a[k])), `shard ${i} ${k}`).toBe(true);
    });
    expect(js.shards.some((s) => s.rowPtr[plan.numSources] - s.rowPtr[plan.numNeurons] > 0)).toBe(true); // thalamic rows exist
  });
});
