/**
 * The synapse generation loop of shard construction (./construct.ts), with the random stream inlined (sfc32 state in
 * locals, Lemire's bounded integers, the ziggurat's fast path): the same draws, in the same order, as
 * `Rng.uniformInt`, `Rng.normal1` and `FastAliasTable.sample`, without a method call per draw.
 * `test/engine/generate.test.ts` checks it against the method-call version draw for draw.
 */
import { type FastAliasTable, type Rng, zigSlow, ZIG_K, ZIG_W } from '../rng/rng.ts';

const TWO32 = 4294967296;

export interface BlockSpec {
  /** Number of synapses to draw. */
  n: number;
  /** First source index and number of sources of the source population. */
  base: number;
  nSrc: number;
  /** Neurons of the target shard. */
  size: number;
  /** Weight mean and SD (pA), the sign to keep, and 1 / (pA per level). */
  mean: number;
  std: number;
  positive: boolean;
  inv: number;
  maxLevel: number;
  /** Delay distribution: minimum steps and the alias table of the offsets. */
  dmin: number;
  alias: FastAliasTable;
  /** Key = source * dMul + delay. */
  dMul: number;
}

/**
 * Draws spec.n synapses into sd[pos..] (source * dMul + delay) and tw[pos..] (scratch words,
 * engine/base/event-word.ts: target << 16 | level as a signed 16-bit number, negative for inhibitory
 * weights); returns the new position. Leaves `rng` in the state after the last draw.
 */
export function generateBlock(rng: Rng, spec: BlockSpec, sd: Uint32Array, tw: Uint32Array, pos: number): number {
  const { n, base, nSrc, size, mean, std, positive, inv, maxLevel, dmin, alias, dMul } = spec;
  const thrSrc = (TWO32 - nSrc) % nSrc;
  const thrTgt = (TWO32 - size) % size;
  const aBits = alias.bits;
  const aShift = 32 - aBits;
  const aMask = aBits === 0 ? 0 : (1 << aShift) - 1 || -1;
  const aThr = alias.threshold;
  const aAlias = alias.alias;
  let a = rng.a;
  let b = rng.b;
  let c = rng.c;
  let d = rng.d;
  for (let q = 0; q < n; q++) {
    // source: uniform in [0, nSrc)
    let s: number;
    for (;;) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      const m = (t >>> 0) * nSrc;
      const hi = Math.floor(m / TWO32);
      const lo = m - hi * TWO32;
      if (lo >= nSrc || lo >= thrSrc) {
        s = hi;
        break;
      }
    }
    // target: uniform in [0, size)
    let tg: number;
    for (;;) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      const m = (t >>> 0) * size;
      const hi = Math.floor(m / TWO32);
      const lo = m - hi * TWO32;
      if (lo >= size || lo >= thrTgt) {
        tg = hi;
        break;
      }
    }
    // weight: normal, redrawn until it keeps its sign
    let w: number;
    for (let tries = 0; ; ) {
      let z: number;
      for (;;) {
        const t = (((a + b) | 0) + d) | 0;
        d = (d + 1) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = (c << 21) | (c >>> 11);
        c = (c + t) | 0;
        const iz = t & 127;
        const hz = t >> 7;
        const mm = hz * 128;
        if (Math.abs(mm) < ZIG_K[iz]) {
          z = mm * ZIG_W[iz];
          break;
        }
        rng.a = a;
        rng.b = b;
        rng.c = c;
        rng.d = d;
        z = zigSlow(rng, iz, hz);
        a = rng.a;
        b = rng.b;
        c = rng.c;
        d = rng.d;
        if (!Number.isNaN(z)) break;
      }
      w = mean + std * z;
      if (std <= 0 || (positive ? w >= 0 : w <= 0)) break;
      if (++tries >= 1000) throw new Error(`weight redraw failed after 1000 draws (mean ${mean} pA, std ${std} pA), as NEST would`);
    }
    let level = Math.round(Math.abs(w) * inv);
    if (level > maxLevel) level = maxLevel;
    // delay: one word through the power-of-two alias table
    let delay = dmin;
    {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      if (aBits > 0) {
        const u = t >>> 0;
        const col = u >>> aShift;
        delay += ((u & aMask) >>> 0) < aThr[col] ? col : aAlias[col];
      }
    }
    sd[pos] = (base + s) * dMul + delay;
    tw[pos] = (tg << 16) | (positive ? level : -level & 0xffff); // the scratch word (engine/base/event-word.ts)
    pos++;
  }
  rng.a = a;
  rng.b = b;
  rng.c = c;
  rng.d = d;
  return pos;
}
