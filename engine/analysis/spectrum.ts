/**
 * Power spectral density by Welch's method, as scipy.signal.welch computes it (average='mean',
 * scaling='density', return_onesided=True, nfft = the segment length): the signal is cut into
 * segments of `segmentLength` samples that start every `segmentLength - overlapLength` samples
 * (trailing samples that do not fill a segment are dropped), each segment is detrended, multiplied
 * by the taper and transformed; the periodograms |X[k]|² / (fs · Σ w²) are averaged, and every
 * frequency but 0 Hz and the Nyquist frequency is doubled (one-sided). The result integrates to the
 * signal's variance (Parseval): Σ psd · Δf is the mean over segments of Σ (w·x)² / Σ w².
 *
 * Units: a signal in U gives a density in U²/Hz (spikes/s → (spikes/s)²/Hz).
 * Pure: no I/O, shared with the page.
 */
import { fftPlan } from './fft.ts';

/** The taper each segment is multiplied by (scipy's periodic, "DFT-even" windows). */
export const TAPERS = ['hann', 'hamming', 'rectangular'] as const;
export type Taper = (typeof TAPERS)[number];

/** What is removed from each segment before the taper: its mean, its least-squares line, or nothing. */
export const DETRENDS = ['constant', 'linear', 'none'] as const;
export type Detrend = (typeof DETRENDS)[number];

export interface WelchOptions {
  /** Samples per segment (scipy's nperseg), >= 1; a signal shorter than this is one segment of its own length. */
  segmentLength: number;
  /** Samples shared by consecutive segments (noverlap), 0 <= overlapLength < segmentLength. */
  overlapLength: number;
  taper: Taper;
  detrend: Detrend;
}

export interface Spectrum {
  /** k · fs / segmentLength, k = 0 .. floor(segmentLength / 2). */
  frequenciesHz: Float64Array;
  /** One-sided power spectral density at each frequency, (signal unit)²/Hz. */
  psd: Float64Array;
  sampleRateHz: number;
  /** The segment length and overlap used (the segment shortened to a short signal's length). */
  segmentLength: number;
  overlapLength: number;
  /** Segments averaged. */
  segments: number;
  taper: Taper;
  detrend: Detrend;
  /** Frequency resolution fs / segmentLength, Hz. */
  resolutionHz: number;
}

/** The taper's samples: periodic windows, w[n] for n = 0..N-1 of an N+1-point symmetric one. */
export function taperWindow(taper: Taper, n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.cos((2 * Math.PI * i) / n);
    w[i] = taper === 'hann' ? 0.5 - 0.5 * c : taper === 'hamming' ? 0.54 - 0.46 * c : 1;
  }
  return w;
}

/** Removes the mean (constant) or the least-squares line (linear) of x in place. */
function detrendInPlace(x: Float64Array, how: Detrend): void {
  const n = x.length;
  if (how === 'none' || n === 0) return;
  let sx = 0;
  for (let i = 0; i < n; i++) sx += x[i];
  const mx = sx / n;
  if (how === 'constant' || n < 2) {
    for (let i = 0; i < n; i++) x[i] -= mx;
    return;
  }
  const mt = (n - 1) / 2;
  let stt = 0;
  let stx = 0;
  for (let i = 0; i < n; i++) {
    const dt = i - mt;
    stt += dt * dt;
    stx += dt * (x[i] - mx);
  }
  const slope = stx / stt;
  for (let i = 0; i < n; i++) x[i] -= mx + slope * (i - mt);
}

function checkOptions(n: number, fs: number, o: WelchOptions): void {
  if (!(fs > 0) || !Number.isFinite(fs)) throw new RangeError(`the sample rate must be a positive number of Hz, got ${fs}`);
  if (!Number.isInteger(o.segmentLength) || o.segmentLength < 1) throw new RangeError(`segmentLength must be a whole number >= 1, got ${o.segmentLength}`);
  if (!Number.isInteger(o.overlapLength) || o.overlapLength < 0 || o.overlapLength >= o.segmentLength) {
    throw new RangeError(`overlapLength must be a whole number from 0 to segmentLength - 1 = ${o.segmentLength - 1}, got ${o.overlapLength}`);
  }
  if (!(TAPERS as readonly string[]).includes(o.taper)) throw new RangeError(`taper must be one of ${TAPERS.join(', ')}, got ${String(o.taper)}`);
  if (!(DETRENDS as readonly string[]).includes(o.detrend)) throw new RangeError(`detrend must be one of ${DETRENDS.join(', ')}, got ${String(o.detrend)}`);
  if (n < 1) throw new RangeError('a spectrum needs at least one sample');
}

/**
 * Welch's PSD of `signal` sampled at `sampleRateHz`. A signal shorter than the segment is one
 * segment of its own length, as scipy does.
 */
export function welch(signal: ArrayLike<number>, sampleRateHz: number, options: WelchOptions): Spectrum {
  checkOptions(signal.length, sampleRateHz, options);
  let seg = options.segmentLength;
  let overlap = options.overlapLength;
  if (seg > signal.length) {
    // One segment of the whole signal (scipy shortens nperseg likewise; the overlap then cannot matter).
    seg = signal.length;
    overlap = 0;
  }
  const step = seg - overlap;
  const segments = Math.floor((signal.length - overlap) / step);
  const w = taperWindow(options.taper, seg);
  let wPower = 0;
  for (let i = 0; i < seg; i++) wPower += w[i] * w[i];
  const nFreq = Math.floor(seg / 2) + 1;
  const sum = new Float64Array(nFreq);
  const re = new Float64Array(seg);
  const im = new Float64Array(seg);
  const plan = fftPlan(seg);
  for (let s = 0; s < segments; s++) {
    const start = s * step;
    for (let i = 0; i < seg; i++) re[i] = signal[start + i];
    detrendInPlace(re, options.detrend);
    for (let i = 0; i < seg; i++) re[i] *= w[i];
    im.fill(0);
    plan.transform(re, im);
    for (let k = 0; k < nFreq; k++) sum[k] += re[k] * re[k] + im[k] * im[k];
  }
  const scale = 1 / (sampleRateHz * wPower * segments);
  const psd = new Float64Array(nFreq);
  const frequenciesHz = new Float64Array(nFreq);
  const lastDoubled = seg % 2 === 0 ? nFreq - 2 : nFreq - 1;
  for (let k = 0; k < nFreq; k++) {
    psd[k] = sum[k] * scale * (k >= 1 && k <= lastDoubled ? 2 : 1);
    frequenciesHz[k] = (k * sampleRateHz) / seg;
  }
  return {
    frequenciesHz,
    psd,
    sampleRateHz,
    segmentLength: seg,
    overlapLength: overlap,
    segments,
    taper: options.taper,
    detrend: options.detrend,
    resolutionHz: sampleRateHz / seg,
  };
}

/** A band of frequencies [minHz, maxHz] (both included). */
export interface FrequencyBand {
  minHz: number;
  maxHz: number;
}

export interface SpectralPeak {
  /** The frequency of the largest density in the band, Hz (the lowest one on a tie); NaN when the band holds none. */
  frequencyHz: number;
  /** The density there, (signal unit)²/Hz. */
  power: number;
  /** Its index in the spectrum; -1 when none. */
  index: number;
}

/** The largest density of the spectrum among the frequencies in the band. */
export function spectralPeak(spectrum: Pick<Spectrum, 'frequenciesHz' | 'psd'>, band: FrequencyBand): SpectralPeak {
  const { frequenciesHz: f, psd } = spectrum;
  let index = -1;
  for (let k = 0; k < f.length; k++) {
    if (f[k] < band.minHz || f[k] > band.maxHz || Number.isNaN(psd[k])) continue;
    if (index < 0 || psd[k] > psd[index]) index = k;
  }
  return index < 0 ? { frequencyHz: NaN, power: NaN, index } : { frequencyHz: f[index], power: psd[index], index };
}
