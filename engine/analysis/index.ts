/** Statistics on spike data: the public surface of engine/analysis. */
export * from './spikes.ts';
export * from './descriptive.ts';
export * from './rates.ts';
export * from './counts.ts';
export * from './correlation.ts';
export * from './ks.ts';
export * from './statistics.ts';
export * from './spectrum.ts';
export * from './series.ts';
export * from './live-activity.ts';
export * from './histogram.ts';
export { fftPlan, MAX_FFT_LENGTH, type FftPlan } from './fft.ts';
export * from './population-stats.ts';
export * from './yardstick.ts';
export * from './seed-permutation.ts';
// The t test is welchT here: spectrum.ts's welch (Welch's PSD) keeps the name.
export { fCdf, incompleteBeta, logGamma, spreadRatio, type SpreadRatio, studentTCdf, studentTQuantile, welch as welchT, type WelchResult } from './student-t.ts';
export * from './ensemble.ts';
export * from './ensemble-comparison.ts';
export { Pcg64, choiceWithoutReplacement, seedSequencePool, seedSequenceState64 } from './numpy-random.ts';
