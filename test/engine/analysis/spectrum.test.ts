// The FFT against the defining sum, Welch's PSD against scipy.signal.welch (fixtures made by
// fixtures/make_spectrum_fixtures.py) and against analytic cases: a sinusoid's peak and power,
// Parseval's identity, the total power of white noise.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fftPlan } from '../../../engine/analysis/fft.ts';
import { spectralPeak, taperWindow, welch, type Detrend, type Taper } from '../../../engine/analysis/spectrum.ts';
import { seededRandom } from '../../../src-renderer/lib/plots/test-support/pd14-synthetic.ts';

interface Fixture {
  signals: Record<string, string[]>;
  cases: { signal: string; fs: number; nperseg: number; noverlap: number; taper: Taper; detrend: Detrend; f: string[]; psd: string[] }[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/spectrum.json', import.meta.url), 'utf8')) as Fixture;

function naiveDft(re: Float64Array, im: Float64Array): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * ((k * j) % n)) / n;
      outRe[k] += re[j] * Math.cos(a) - im[j] * Math.sin(a);
      outIm[k] += re[j] * Math.sin(a) + im[j] * Math.cos(a);
    }
  }
  return [outRe, outIm];
}

/** Gaussian noise from the test PRNG (Box–Muller). */
function noise(n: number, seed: number, sd = 1): Float64Array {
  const r = seededRandom(seed);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = sd * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return x;
}

describe('FFT of any length', () => {
  it.each([1, 2, 3, 5, 8, 12, 64, 100, 127, 256, 1000])('matches the defining sum for N = %i', (n) => {
    const r = seededRandom(n);
    const re = Float64Array.from({ length: n }, () => r() - 0.5);
    const im = Float64Array.from({ length: n }, () => r() - 0.5);
    const [wantRe, wantIm] = naiveDft(re, im);
    fftPlan(n).transform(re, im);
    const scale = Math.sqrt(n);
    for (let k = 0; k < n; k++) {
      expect(Math.abs(re[k] - wantRe[k]), `re[${k}]`).toBeLessThan(1e-11 * scale);
      expect(Math.abs(im[k] - wantIm[k]), `im[${k}]`).toBeLessThan(1e-11 * scale);
    }
  });

  it('refuses a length that is not a whole number in range', () => {
    expect(() => fftPlan(0)).toThrow(/whole number from 1/);
    expect(() => fftPlan(2.5)).toThrow(/got 2.5/);
  });
});

describe("Welch's PSD", () => {
  it.each(fixture.cases.map((c) => [`${c.signal} ${c.nperseg}/${c.noverlap} ${c.taper} ${c.detrend}`, c] as const))('equals scipy.signal.welch: %s', (_, c) => {
    const x = Float64Array.from(fixture.signals[c.signal], Number);
    const s = welch(x, c.fs, { segmentLength: c.nperseg, overlapLength: c.noverlap, taper: c.taper, detrend: c.detrend });
    const f = c.f.map(Number);
    const psd = c.psd.map(Number);
    expect(Array.from(s.frequenciesHz)).toEqual(f);
    const top = Math.max(...psd);
    expect(s.psd.length).toBe(psd.length);
    for (let k = 0; k < psd.length; k++) expect(Math.abs(s.psd[k] - psd[k]), `f = ${f[k]} Hz`).toBeLessThan(1e-10 * top);
  });

  it("puts a sinusoid's power at its frequency: A²/2 over the bins of the peak", () => {
    const fs = 1000;
    const fHz = 125; // a whole number of cycles per 256-sample segment (32 bins of 3.906 Hz)
    const amp = 3;
    const x = Float64Array.from({ length: 4096 }, (_, i) => amp * Math.sin((2 * Math.PI * fHz * i) / fs));
    const s = welch(x, fs, { segmentLength: 256, overlapLength: 128, taper: 'hann', detrend: 'constant' });
    const peak = spectralPeak(s, { minHz: 1, maxHz: 500 });
    expect(peak.frequencyHz).toBe(125);
    // Hann spreads a bin-centred tone over the peak bin and its two neighbours; the sum is A²/2.
    const power = (s.psd[peak.index - 1] + s.psd[peak.index] + s.psd[peak.index + 1]) * s.resolutionHz;
    expect(power).toBeCloseTo((amp * amp) / 2, 10);
    expect(s.segments).toBe(31);
  });

  it('finds an off-bin sinusoid in the nearest bin, and only inside the band', () => {
    const x = Float64Array.from({ length: 1000 }, (_, i) => Math.sin((2 * Math.PI * 82.4 * i) / 1000) + 0.3 * Math.sin((2 * Math.PI * 330 * i) / 1000));
    const s = welch(x, 1000, { segmentLength: 1000, overlapLength: 0, taper: 'hann', detrend: 'constant' });
    expect(spectralPeak(s, { minHz: 1, maxHz: 300 }).frequencyHz).toBe(82);
    expect(spectralPeak(s, { minHz: 200, maxHz: 500 }).frequencyHz).toBe(330);
    expect(spectralPeak(s, { minHz: 600, maxHz: 700 })).toEqual({ frequencyHz: NaN, power: NaN, index: -1 });
  });

  it('obeys Parseval: Σ psd·Δf is the mean over segments of Σ (w·x)² / Σ w²', () => {
    const x = noise(3000, 7, 2);
    for (const taper of ['hann', 'hamming', 'rectangular'] as const) {
      const s = welch(x, 500, { segmentLength: 300, overlapLength: 100, taper, detrend: 'none' });
      const w = taperWindow(taper, 300);
      const w2 = w.reduce((a, v) => a + v * v, 0);
      let want = 0;
      for (let seg = 0; seg < s.segments; seg++) {
        let e = 0;
        for (let i = 0; i < 300; i++) e += (w[i] * x[seg * 200 + i]) ** 2;
        want += e / w2;
      }
      want /= s.segments;
      const got = s.psd.reduce((a, v) => a + v, 0) * s.resolutionHz;
      expect(got, taper).toBeCloseTo(want, 9);
    }
  });

  it('gives white noise a flat density whose integral is its variance', () => {
    const sd = 1.5;
    const fs = 1000;
    const s = welch(noise(200_000, 11, sd), fs, { segmentLength: 256, overlapLength: 128, taper: 'hann', detrend: 'constant' });
    const total = s.psd.reduce((a, v) => a + v, 0) * s.resolutionHz;
    // 1561 segments average out: within 2 % of sd² (about 6 standard errors).
    expect(Math.abs(total / (sd * sd) - 1)).toBeLessThan(0.02);
    // Flat: the one-sided level 2·sd²/fs, within 15 % in every bin but the lowest two (the mean removed
    // from each segment takes 0 Hz and, through the taper's leakage, part of the first bin) and Nyquist.
    const level = (2 * sd * sd) / fs;
    for (let k = 2; k < s.psd.length - 1; k++) expect(Math.abs(s.psd[k] / level - 1), `${s.frequenciesHz[k]} Hz`).toBeLessThan(0.15);
  });

  it('detrends: a linear ramp has no power left after linear detrending, a constant none after constant', () => {
    const ramp = Float64Array.from({ length: 512 }, (_, i) => 4 + 0.5 * i);
    const lin = welch(ramp, 1000, { segmentLength: 128, overlapLength: 64, taper: 'hann', detrend: 'linear' });
    expect(Math.max(...lin.psd)).toBeLessThan(1e-20);
    const flat = welch(new Float64Array(512).fill(7), 1000, { segmentLength: 128, overlapLength: 0, taper: 'rectangular', detrend: 'constant' });
    expect(Math.max(...flat.psd)).toBe(0);
    const kept = welch(new Float64Array(512).fill(7), 1000, { segmentLength: 128, overlapLength: 0, taper: 'rectangular', detrend: 'none' });
    expect(kept.psd[0]).toBeCloseTo((49 * 128) / 1000, 9);
  });

  it('names the option, its value and what is allowed', () => {
    const x = new Float64Array(100);
    const base = { segmentLength: 50, overlapLength: 25, taper: 'hann', detrend: 'constant' } as const;
    expect(() => welch(x, 0, base)).toThrow(/sample rate must be a positive number of Hz, got 0/);
    expect(() => welch(x, 1000, { ...base, segmentLength: 0 })).toThrow(/segmentLength must be a whole number >= 1, got 0/);
    expect(() => welch(x, 1000, { ...base, overlapLength: 50 })).toThrow(/overlapLength must be a whole number from 0 to segmentLength - 1 = 49, got 50/);
    expect(() => welch(x, 1000, { ...base, taper: 'kaiser' as Taper })).toThrow(/taper must be one of hann, hamming, rectangular, got kaiser/);
    expect(() => welch(new Float64Array(0), 1000, base)).toThrow(/at least one sample/);
  });
});
