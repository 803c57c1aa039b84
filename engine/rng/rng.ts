/**
 * Random streams keyed by what they draw for.
 *
 * Every stream is an sfc32 generator (Chris Doty-Humphrey's Small Fast Counting generator, 128 bits
 * of state, 32-bit output, passes PractRand to terabytes) seeded by hashing (master seed, purpose,
 * key a, key b). A stream therefore depends only on what it is for (e.g. "the synapses of source
 * population 3 onto shard 17"), never on which thread draws it: the same seed gives the same
 * network and the same spikes for any thread count.
 *
 * All arithmetic is 32-bit integer or double; no allocation per draw.
 */

/** Purposes of the random streams (the second key of every stream). */
export const Purpose = {
  V0: 1,
  ConnSplit: 2,
  Conn: 3,
  Poisson: 4,
  Thalamus: 5,
  ThalSplit: 6,
  ThalConn: 7,
  CorrSample: 8,
  ConnSrc: 9,
  ThalSrc: 10,
  /** The relabellings sampled by the seed-permutation tests (engine/analysis/seed-permutation.ts). */
  SeedSplits: 11,
} as const;

const TWO32 = 4294967296;

/** A 32-bit integer hash with good avalanche (lowbias32, C. Wellons). */
export function hash32(x: number): number {
  x = x >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

function combine(h: number, v: number): number {
  return hash32((h ^ Math.imul(hash32(v >>> 0) + 0x9e3779b9, 0x85ebca6b)) >>> 0);
}

export class Rng {
  a = 0;
  b = 0;
  c = 0;
  d = 0;
  private spareNormal = 0;
  private hasSpare = false;

  /** A stream for (seed, purpose, k1, k2). */
  constructor(seed: number, purpose: number, k1 = 0, k2 = 0) {
    let h = combine(0x243f6a88, seed);
    h = combine(h, purpose);
    h = combine(h, k1);
    h = combine(h, k2);
    this.a = h | 0;
    this.b = hash32(h ^ 0x13198a2e) | 0;
    this.c = hash32(h ^ 0x03707344) | 0;
    this.d = 1;
    for (let i = 0; i < 15; i++) this.nextU32();
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform double in (0, 1). */
  nextOpenDouble(): number {
    let u = this.nextDouble();
    while (u === 0) u = this.nextDouble();
    return u;
  }

  /** Uniform integer in [0, n), exactly uniform (Lemire's method with rejection), 1 <= n <= 2^32. */
  uniformInt(n: number): number {
    if (n <= 2097152) {
      for (;;) {
        const m = this.nextU32() * n; // < 2^53: exact
        const hi = Math.floor(m / TWO32);
        const lo = m - hi * TWO32;
        if (lo >= n || lo >= (TWO32 - n) % n) return hi;
      }
    }
    // Large n: rejection on the smallest power-of-two mask.
    const bits = Math.ceil(Math.log2(n));
    for (;;) {
      const x = bits >= 32 ? this.nextU32() : this.nextU32() & ((1 << bits) - 1 || -1);
      const v = x >>> 0;
      if (v < n) return v;
    }
  }

  /** Standard normal deviate (ziggurat, 128 layers; layer and magnitude from independent words). */
  normal(): number {
    for (;;) {
      const iz = this.nextU32() & 127;
      const hz = this.nextU32() | 0;
      if (Math.abs(hz) < ZIG_K[iz]) return hz * ZIG_W[iz];
      if (iz === 0) {
        // Tail beyond R.
        let x: number;
        let y: number;
        do {
          x = -Math.log(this.nextOpenDouble()) / ZIG_R;
          y = -Math.log(this.nextOpenDouble());
        } while (y + y < x * x);
        return hz > 0 ? ZIG_R + x : -ZIG_R - x;
      }
      const x = hz * ZIG_W[iz];
      if (ZIG_F[iz] + this.nextDouble() * (ZIG_F[iz - 1] - ZIG_F[iz]) < Math.exp(-0.5 * x * x)) return x;
    }
  }

  /**
   * Standard normal from one 32-bit word in the common case (ziggurat: layer from the low 7 bits,
   * signed magnitude from the other 25), for bulk draws such as synaptic weights.
   */
  normal1(): number {
    for (;;) {
      const u = this.nextU32();
      const iz = u & 127;
      const hz = (u | 0) >> 7; // signed 25-bit
      const m = hz * 128; // scale to the 32-bit layer tables
      if (Math.abs(m) < ZIG_K[iz]) return m * ZIG_W[iz];
      const z = zigSlow(this, iz, hz);
      if (!Number.isNaN(z)) return z;
    }
  }

  /** Standard normal by the polar method (slower; used where few draws are made). */
  normalPolar(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareNormal;
    }
    for (;;) {
      const u = 2 * this.nextDouble() - 1;
      const v = 2 * this.nextDouble() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spareNormal = v * f;
        this.hasSpare = true;
        return u * f;
      }
    }
  }

  /** Gamma(shape, 1) by Marsaglia & Tsang (2000). */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.nextOpenDouble(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normalPolar();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.nextOpenDouble();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Beta(a, b). */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  /**
   * Binomial(n, p), exact for any n: the k-th order statistic of n uniforms is Beta(k, n + 1 - k),
   * which splits the problem in half (Knuth, TAOCP 3.4.1); small n by counting.
   */
  binomial(n: number, p: number): number {
    let acc = 0;
    for (;;) {
      if (n <= 0 || p <= 0) return acc;
      if (p >= 1) return acc + n;
      if (n < 48) {
        for (let i = 0; i < n; i++) if (this.nextDouble() < p) acc++;
        return acc;
      }
      const k = (n >> 1) + 1;
      const x = this.beta(k, n + 1 - k);
      if (x >= p) {
        n = k - 1;
        p = p / x;
      } else {
        acc += k;
        n = n - k;
        p = (p - x) / (1 - x);
      }
    }
  }

  /** Poisson(lambda) by inversion (for the few draws made outside the hot loop). */
  poissonSmall(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) {
      // Split to keep exp(-lambda) representable; sum of Poissons is Poisson.
      const half = lambda / 2;
      return this.poissonSmall(half) + this.poissonSmall(lambda - half);
    }
    let k = 0;
    let p = Math.exp(-lambda);
    let s = p;
    const u = this.nextDouble();
    while (u > s && p > 0) {
      k++;
      p *= lambda / k;
      s += p;
    }
    return k;
  }
}

// Ziggurat tables (Marsaglia & Tsang 2000, 128 layers, 32-bit signed words).
const ZIG_R = 3.442619855899;
export const ZIG_K = new Float64Array(128);
export const ZIG_W = new Float64Array(128);
const ZIG_F = new Float64Array(128);

/**
 * The ziggurat's slow path for a word whose fast test failed (layer iz, signed 25-bit magnitude hz):
 * the tail for layer 0, else the wedge test. Returns the deviate, or NaN when the word is rejected
 * (the caller draws a new one).
 */
export function zigSlow(rng: Rng, iz: number, hz: number): number {
  if (iz === 0) {
    let x: number;
    let y: number;
    do {
      x = -Math.log(rng.nextOpenDouble()) / ZIG_R;
      y = -Math.log(rng.nextOpenDouble());
    } while (y + y < x * x);
    return hz > 0 ? ZIG_R + x : -ZIG_R - x;
  }
  const x = hz * 128 * ZIG_W[iz];
  if (ZIG_F[iz] + rng.nextDouble() * (ZIG_F[iz - 1] - ZIG_F[iz]) < Math.exp(-0.5 * x * x)) return x;
  return Number.NaN;
}
(function setupZiggurat() {
  const m1 = 2147483648;
  const vn = 9.91256303526217e-3;
  let dn = ZIG_R;
  let tn = dn;
  const q = vn / Math.exp(-0.5 * dn * dn);
  ZIG_K[0] = (dn / q) * m1;
  ZIG_K[1] = 0;
  ZIG_W[0] = q / m1;
  ZIG_W[127] = dn / m1;
  ZIG_F[0] = 1;
  ZIG_F[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    ZIG_K[i + 1] = (dn / tn) * m1;
    tn = dn;
    ZIG_F[i] = Math.exp(-0.5 * dn * dn);
    ZIG_W[i] = dn / m1;
  }
})();

/**
 * Poisson sampler by table inversion for one fixed mean, driven by one 32-bit word per draw: a guide
 * table on the top 10 bits finds the answer in about one comparison. Probabilities are resolved to
 * 2^-32 (outcomes rarer than that, e.g. k >= 16 at a mean of 2.3, are never drawn).
 */
export class PoissonTable {
  readonly lambda: number;
  /** cdf[k] = P(X <= k) * 2^32; last entry is +Infinity. */
  readonly cdf: Float64Array;
  /** guide[b] = smallest k with cdf[k] > b * 2^22. */
  readonly guide: Int32Array;

  constructor(lambda: number) {
    this.lambda = lambda;
    const vals: number[] = [];
    let p = Math.exp(-lambda);
    let s = 0;
    for (let k = 0; k < 1000; k++) {
      s += p;
      vals.push(s * TWO32);
      if (1 - s < 1e-16 || (k > lambda && p < 1e-300)) break;
      p *= lambda / (k + 1);
    }
    vals.push(Infinity);
    this.cdf = Float64Array.from(vals);
    this.guide = new Int32Array(1024);
    let k = 0;
    for (let b = 0; b < 1024; b++) {
      const start = b * 4194304;
      while (this.cdf[k] <= start) k++;
      this.guide[b] = k;
    }
  }

  /** The count for a uniform 32-bit word u. */
  sample(u: number): number {
    let k = this.guide[u >>> 22];
    const cdf = this.cdf;
    while (u >= cdf[k]) k++;
    return k;
  }
}

/**
 * Walker's alias table for a discrete distribution over 0..n-1, exact to 2^-32 per outcome.
 */
export class AliasTable {
  readonly n: number;
  readonly threshold: Float64Array;
  readonly alias: Int32Array;

  constructor(probs: ArrayLike<number>) {
    const n = probs.length;
    this.n = n;
    let total = 0;
    for (let i = 0; i < n; i++) total += probs[i];
    const scaled = new Float64Array(n);
    for (let i = 0; i < n; i++) scaled[i] = (probs[i] / total) * n;
    this.threshold = new Float64Array(n);
    this.alias = new Int32Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) (scaled[i] < 1 ? small : large).push(i);
    while (small.length && large.length) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.threshold[s] = scaled[s] * TWO32;
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of large) {
      this.threshold[i] = Infinity;
      this.alias[i] = i;
    }
    for (const i of small) {
      this.threshold[i] = Infinity;
      this.alias[i] = i;
    }
  }

  sample(rng: Rng): number {
    const col = rng.uniformInt(this.n);
    return rng.nextU32() < this.threshold[col] ? col : this.alias[col];
  }
}

/**
 * An alias table padded to a power-of-two number of columns (at most 2^12), sampled with a single
 * 32-bit word: the top bits pick the column, the remaining bits decide between it and its alias.
 * Probabilities are resolved to 2^-32.
 */
export class FastAliasTable {
  readonly bits: number;
  /** Thresholds on the low (32 - bits) bits; +Infinity = always the column itself. */
  readonly threshold: Float64Array;
  readonly alias: Int32Array;

  constructor(probs: ArrayLike<number>) {
    let bits = 0;
    while (1 << bits < probs.length) bits++;
    if (bits > 12) throw new RangeError(`alias table of ${probs.length} outcomes is too large for single-word sampling`);
    this.bits = bits;
    const n = 1 << bits;
    const padded = new Float64Array(n);
    for (let i = 0; i < probs.length; i++) padded[i] = probs[i];
    const inner = new AliasTable(padded);
    const lowRange = 2 ** (32 - bits);
    this.threshold = new Float64Array(n);
    this.alias = inner.alias;
    for (let i = 0; i < n; i++) this.threshold[i] = inner.threshold[i] === Infinity ? Infinity : (inner.threshold[i] / TWO32) * lowRange;
  }

  /** The outcome for a uniform 32-bit word u. */
  sample(u: number): number {
    const bits = this.bits;
    if (bits === 0) return 0;
    const col = u >>> (32 - bits);
    const low = u & ((1 << (32 - bits)) - 1 || -1);
    return (low >>> 0) < this.threshold[col] ? col : this.alias[col];
  }
}
