/**
 * The discrete Fourier transform of any length, for the spectra (spectrum.ts): an iterative radix-2
 * FFT for powers of two, and Bluestein's chirp-z algorithm (three power-of-two FFTs) for every other
 * length, so a Welch segment of 1000 samples is transformed exactly, not zero-padded.
 *
 * A plan is made once per length (twiddles, bit reversal, Bluestein's chirp and its transform) and
 * reused for every segment; transforms run in place on caller-owned Float64Arrays (real and
 * imaginary parts) and allocate nothing. Forward transform, no scaling: X[k] = Σ x[n]·e^(-2πi·kn/N).
 */

/** An FFT of one length: `transform(re, im)` replaces the arrays with their DFT. */
export interface FftPlan {
  readonly length: number;
  transform(re: Float64Array, im: Float64Array): void;
}

/** The largest transform length accepted (2^24 samples: 1.7 hours of a 1 kHz signal in one segment). */
export const MAX_FFT_LENGTH = 2 ** 24;

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

class Radix2Plan implements FftPlan {
  readonly length: number;
  readonly #cos: Float64Array;
  readonly #sin: Float64Array;
  readonly #swap: Uint32Array;

  constructor(n: number) {
    this.length = n;
    this.#cos = new Float64Array(n >> 1);
    this.#sin = new Float64Array(n >> 1);
    for (let k = 0; k < n >> 1; k++) {
      const a = (-2 * Math.PI * k) / n;
      this.#cos[k] = Math.cos(a);
      this.#sin[k] = Math.sin(a);
    }
    // Pairs (i, j) with j = bit-reverse(i) > i, flattened.
    const pairs: number[] = [];
    const bits = Math.log2(n);
    for (let i = 0; i < n; i++) {
      let j = 0;
      for (let b = 0, x = i; b < bits; b++, x >>= 1) j = (j << 1) | (x & 1);
      if (j > i) pairs.push(i, j);
    }
    this.#swap = Uint32Array.from(pairs);
  }

  transform(re: Float64Array, im: Float64Array): void {
    const n = this.length;
    const swap = this.#swap;
    for (let p = 0; p < swap.length; p += 2) {
      const i = swap[p];
      const j = swap[p + 1];
      const tr = re[i];
      re[i] = re[j];
      re[j] = tr;
      const ti = im[i];
      im[i] = im[j];
      im[j] = ti;
    }
    const cos = this.#cos;
    const sin = this.#sin;
    for (let size = 2; size <= n; size <<= 1) {
      const half = size >> 1;
      const step = n / size;
      for (let start = 0; start < n; start += size) {
        for (let k = 0; k < half; k++) {
          const wr = cos[k * step];
          const wi = sin[k * step];
          const a = start + k;
          const b = a + half;
          const xr = re[b] * wr - im[b] * wi;
          const xi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
  }
}

/**
 * Bluestein: X[k] = conj(c[k]) · Σ (x[n]·conj(c[n])) · c[k-n], c[n] = e^(iπn²/N), the convolution done
 * with power-of-two FFTs of length M >= 2N - 1.
 */
class BluesteinPlan implements FftPlan {
  readonly length: number;
  readonly #inner: Radix2Plan;
  /** The chirp e^(-iπn²/N), n = 0..N-1. */
  readonly #wr: Float64Array;
  readonly #wi: Float64Array;
  /** The FFT of the conjugate chirp, wrapped to length M. */
  readonly #br: Float64Array;
  readonly #bi: Float64Array;
  readonly #ar: Float64Array;
  readonly #ai: Float64Array;

  constructor(n: number) {
    this.length = n;
    let m = 1;
    while (m < 2 * n - 1) m <<= 1;
    this.#inner = new Radix2Plan(m);
    this.#wr = new Float64Array(n);
    this.#wi = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      // k² mod 2N keeps the angle small (exact for k < 2^26).
      const a = (Math.PI * ((k * k) % (2 * n))) / n;
      this.#wr[k] = Math.cos(a);
      this.#wi[k] = -Math.sin(a);
    }
    this.#br = new Float64Array(m);
    this.#bi = new Float64Array(m);
    this.#br[0] = this.#wr[0];
    this.#bi[0] = -this.#wi[0];
    for (let k = 1; k < n; k++) {
      this.#br[k] = this.#br[m - k] = this.#wr[k];
      this.#bi[k] = this.#bi[m - k] = -this.#wi[k];
    }
    this.#inner.transform(this.#br, this.#bi);
    this.#ar = new Float64Array(m);
    this.#ai = new Float64Array(m);
  }

  transform(re: Float64Array, im: Float64Array): void {
    const n = this.length;
    const m = this.#inner.length;
    const ar = this.#ar;
    const ai = this.#ai;
    const wr = this.#wr;
    const wi = this.#wi;
    for (let k = 0; k < n; k++) {
      ar[k] = re[k] * wr[k] - im[k] * wi[k];
      ai[k] = re[k] * wi[k] + im[k] * wr[k];
    }
    ar.fill(0, n);
    ai.fill(0, n);
    this.#inner.transform(ar, ai);
    const br = this.#br;
    const bi = this.#bi;
    for (let k = 0; k < m; k++) {
      // (a · b), then conjugated, so that the forward FFT below computes the inverse (up to 1/M).
      const r = ar[k] * br[k] - ai[k] * bi[k];
      const i = ar[k] * bi[k] + ai[k] * br[k];
      ar[k] = r;
      ai[k] = -i;
    }
    this.#inner.transform(ar, ai);
    for (let k = 0; k < n; k++) {
      const r = ar[k] / m;
      const i = -ai[k] / m;
      re[k] = r * wr[k] - i * wi[k];
      im[k] = r * wi[k] + i * wr[k];
    }
  }
}

/** A plan for transforms of `length` samples (1 .. MAX_FFT_LENGTH). */
export function fftPlan(length: number): FftPlan {
  if (!Number.isInteger(length) || length < 1 || length > MAX_FFT_LENGTH) {
    throw new RangeError(`an FFT length must be a whole number from 1 to ${MAX_FFT_LENGTH}, got ${length}`);
  }
  return isPowerOfTwo(length) ? new Radix2Plan(length) : new BluesteinPlan(length);
}
