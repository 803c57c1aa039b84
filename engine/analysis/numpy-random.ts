/**
 * A bit-exact re-implementation of the parts of numpy's random module that the reference statistics
 * use: `np.random.default_rng(seed)` (SeedSequence -> PCG64) and `Generator.choice(n, k, replace=False)`.
 *
 * Why: the NEST reference JSON draws the neurons for the pairwise correlations with
 * `default_rng(12345)` and `choice(..., 200, replace=False)`, one call per population in order
 * L23E..L6I (also for populations with <= 200 neurons, which then use all of them). Drawing the same
 * neurons lets our `corr_2ms` statistics match the reference exactly, not just within sampling error.
 *
 * Sources mirrored (numpy 1.17 .. 2.x, unchanged since): `numpy/random/bit_generator.pyx`
 * (SeedSequence), `numpy/random/src/pcg64/pcg64.h` (PCG64 XSL-RR 128/64),
 * `numpy/random/src/distributions/distributions.c` (random_bounded_uint64, Lemire's method on the
 * buffered 32-bit stream) and `numpy/random/_generator.pyx` (choice: Floyd's algorithm with a hash
 * set, or a partial Fisher-Yates "tail shuffle", then a shuffle of the result).
 *
 * Only a few thousand numbers are drawn per run, so 128-bit arithmetic uses BigInt for clarity.
 */

const MASK32 = 0xffffffff;
const MASK64 = (1n << 64n) - 1n;
const MASK128 = (1n << 128n) - 1n;
const PCG_MULT = 0x2360ed051fc65da44385df649fccf645n;

// SeedSequence constants (numpy/random/bit_generator.pyx).
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const XSHIFT = 16;
const POOL_SIZE = 4;

/** 32-bit unsigned product. */
function mul32(a: number, b: number): number {
  return Math.imul(a, b) >>> 0;
}

/** Little-endian 32-bit words of a non-negative integer seed (numpy `_int_to_uint32_array`). */
function seedWords(seed: number | bigint): number[] {
  let n = BigInt(seed);
  if (n < 0n) throw new RangeError(`seed must be non-negative, got ${seed}`);
  if (n === 0n) return [0];
  const words: number[] = [];
  while (n > 0n) {
    words.push(Number(n & 0xffffffffn));
    n >>= 32n;
  }
  return words;
}

/** numpy's `SeedSequence(seed).pool` (4 uint32 words), for a seed without spawn key. */
export function seedSequencePool(seed: number | bigint): Uint32Array {
  const entropy = seedWords(seed);
  const pool = new Uint32Array(POOL_SIZE);
  let hashConst = INIT_A;
  const hashmix = (value: number): number => {
    let v = (value ^ hashConst) >>> 0;
    hashConst = mul32(hashConst, MULT_A);
    v = mul32(v, hashConst);
    return (v ^ (v >>> XSHIFT)) >>> 0;
  };
  const mix = (x: number, y: number): number => {
    const r = (mul32(MIX_MULT_L, x) - mul32(MIX_MULT_R, y)) >>> 0;
    return (r ^ (r >>> XSHIFT)) >>> 0;
  };
  for (let i = 0; i < POOL_SIZE; i++) pool[i] = hashmix(i < entropy.length ? entropy[i] : 0);
  for (let src = 0; src < POOL_SIZE; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) {
      if (src !== dst) pool[dst] = mix(pool[dst], hashmix(pool[src]));
    }
  }
  for (let src = POOL_SIZE; src < entropy.length; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) pool[dst] = mix(pool[dst], hashmix(entropy[src]));
  }
  return pool;
}

/** numpy's `SeedSequence(seed).generate_state(nWords64, np.uint64)`, as BigInts. */
export function seedSequenceState64(seed: number | bigint, nWords64: number): bigint[] {
  const pool = seedSequencePool(seed);
  let hashConst = INIT_B;
  const words32: number[] = [];
  for (let i = 0; i < 2 * nWords64; i++) {
    let v = (pool[i % POOL_SIZE] ^ hashConst) >>> 0;
    hashConst = mul32(hashConst, MULT_B);
    v = mul32(v, hashConst);
    words32.push((v ^ (v >>> XSHIFT)) >>> 0);
  }
  const out: bigint[] = [];
  for (let i = 0; i < nWords64; i++) out.push((BigInt(words32[2 * i + 1]) << 32n) | BigInt(words32[2 * i]));
  return out;
}

/**
 * numpy's PCG64 bit generator (XSL-RR 128/64), including its buffered 32-bit output: a 64-bit draw
 * serves two 32-bit draws, low half first.
 */
export class Pcg64 {
  private state = 0n;
  private inc = 0n;
  private hasUint32 = false;
  private uinteger = 0;

  /** Seeded as `np.random.PCG64(seed)` / `np.random.default_rng(seed)` are. */
  constructor(seed: number | bigint) {
    const [s0, s1, i0, i1] = seedSequenceState64(seed, 4);
    const initState = (s0 << 64n) | s1;
    const initSeq = (i0 << 64n) | i1;
    this.inc = ((initSeq << 1n) | 1n) & MASK128;
    this.state = 0n;
    this.step();
    this.state = (this.state + initState) & MASK128;
    this.step();
  }

  private step(): void {
    this.state = (this.state * PCG_MULT + this.inc) & MASK128;
  }

  /** The next raw 64-bit output (`bit_generator.random_raw()`). */
  nextUint64(): bigint {
    this.step();
    const s = this.state;
    const xored = ((s >> 64n) ^ s) & MASK64;
    const rot = s >> 122n;
    return ((xored >> rot) | (xored << ((64n - rot) & 63n))) & MASK64;
  }

  /** The next 32-bit output, as an unsigned number. */
  nextUint32(): number {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.uinteger;
    }
    const next = this.nextUint64();
    this.hasUint32 = true;
    this.uinteger = Number(next >> 32n);
    return Number(next & 0xffffffffn);
  }

  /**
   * A uniform integer in [0, rng] (inclusive), as numpy's `random_bounded_uint64(state, 0, rng, 0, 0)`
   * (Lemire's rejection method). Only ranges below 2^32 are supported (all we need).
   */
  boundedInclusive(rng: number): number {
    if (!Number.isInteger(rng) || rng < 0 || rng > MASK32) throw new RangeError(`range out of bounds: ${rng}`);
    if (rng === 0) return 0;
    if (rng === MASK32) return this.nextUint32();
    const rngExcl = rng + 1;
    // m = u32 * rngExcl < 2^64: split into high and low 32-bit words without losing bits.
    let m = BigInt(this.nextUint32()) * BigInt(rngExcl);
    let leftover = Number(m & 0xffffffffn);
    if (leftover < rngExcl) {
      const threshold = (MASK32 - rng) % rngExcl;
      while (leftover < threshold) {
        m = BigInt(this.nextUint32()) * BigInt(rngExcl);
        leftover = Number(m & 0xffffffffn);
      }
    }
    return Number(m >> 32n);
  }
}

/** Smallest 2^k - 1 >= max (numpy `_gen_mask`). */
function genMask(max: number): number {
  let mask = max;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  return mask >>> 0;
}

/** In-place shuffle of data[first..n) from the top, as numpy's `_shuffle_int(n, first, data)`. */
function shuffleInt(rng: Pcg64, n: number, first: number, data: Float64Array): void {
  for (let i = n - 1; i >= first; i--) {
    const j = rng.boundedInclusive(i);
    const tmp = data[j];
    data[j] = data[i];
    data[i] = tmp;
  }
}

/**
 * `rng.choice(n, k, replace=False)` (shuffle=True) of numpy's Generator: k distinct indices in
 * [0, n), in numpy's order, consuming the generator exactly as numpy does.
 */
export function choiceWithoutReplacement(rng: Pcg64, n: number, k: number): Uint32Array {
  if (!Number.isInteger(n) || !Number.isInteger(k) || n < 0 || k < 0) throw new RangeError(`bad choice(${n}, ${k})`);
  if (k > n) throw new RangeError(`cannot take a larger sample (${k}) than the population (${n}) without replacement`);
  if (n > MASK32) throw new RangeError(`population too large: ${n}`);
  let idx: Float64Array;
  if (n > 10000 && k > Math.floor(n / 50)) {
    // Tail shuffle: shuffle the last k places of 0..n-1 and keep them.
    const all = new Float64Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    shuffleInt(rng, n, Math.max(n - k, 1), all);
    idx = all.slice(n - k);
  } else {
    // Floyd's algorithm with an open-addressing hash set.
    idx = new Float64Array(k);
    if (k > 0) {
      const mask = genMask(Math.floor(1.2 * k));
      const setSize = mask + 1;
      const hashSet = new Float64Array(setSize).fill(-1);
      for (let j = n - k; j < n; j++) {
        const val = rng.boundedInclusive(j);
        let loc = val & mask;
        while (hashSet[loc] !== -1 && hashSet[loc] !== val) loc = (loc + 1) & mask;
        if (hashSet[loc] === -1) {
          hashSet[loc] = val;
          idx[j - n + k] = val;
        } else {
          loc = j & mask;
          while (hashSet[loc] !== -1) loc = (loc + 1) & mask;
          hashSet[loc] = j;
          idx[j - n + k] = j;
        }
      }
      shuffleInt(rng, k, 1, idx);
    }
  }
  return Uint32Array.from(idx);
}
