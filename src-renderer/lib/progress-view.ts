/**
 * What the Run view says about a run in progress, from the engine's progress reports: the phase in
 * words, model time done of total, the real-time factor, the time remaining and the live rates.
 * Pure: the live state keeps the reports, this turns them into text and numbers.
 */
import type { RunPhase, RunProgress } from '../../engine/api.ts';
import type { RunStatus } from '../../src-main/store/types.ts';

export const PHASES: { id: Exclude<RunPhase, 'done'>; label: string }[] = [
  { id: 'validating', label: 'Checking parameters' },
  { id: 'building', label: 'Building network' },
  { id: 'presim', label: 'Presimulation' },
  { id: 'sim', label: 'Simulation' },
];

function phaseLabel(phase: RunPhase): string {
  return phase === 'done' ? 'Storing results' : (PHASES.find((p) => p.id === phase)?.label ?? phase);
}

/** Where stepping began (the first report past the build): the base of the time-remaining estimate. */
export interface SteppingStart {
  wallS: number;
  tModelMs: number;
}

export interface ProgressView {
  phase: RunPhase;
  phaseLabel: string;
  /** Index of the phase in PHASES (4 when done). */
  phaseIndex: number;
  /** Fraction of the current phase, 0..1. */
  phaseFraction: number;
  modelDoneMs: number;
  modelTotalMs: number;
  /** Model time done over total, 0..1. */
  modelFraction: number;
  /** Wall-clock seconds per model second, over the last report; null when unknown. */
  realTimeFactor: number | null;
  /** Wall-clock seconds left, from the mean speed since stepping began; null when unknown. */
  remainingS: number | null;
  elapsedS: number;
  spikes: number;
}

export function isStepping(p: RunProgress): boolean {
  return p.phase === 'presim' || p.phase === 'sim' || p.phase === 'done';
}

export function progressView(p: RunProgress, start: SteppingStart | null): ProgressView {
  const index = p.phase === 'done' ? PHASES.length : PHASES.findIndex((x) => x.id === p.phase);
  let remainingS: number | null = null;
  if (p.phase === 'done') remainingS = 0;
  else if (start && isStepping(p)) {
    const model = p.tModelMs - start.tModelMs;
    const wall = p.wallS - start.wallS;
    if (model > 0 && wall > 0) remainingS = Math.max(0, ((p.tTotalMs - p.tModelMs) * wall) / model);
  }
  return {
    phase: p.phase,
    phaseLabel: phaseLabel(p.phase),
    phaseIndex: index,
    phaseFraction: clamp01(p.phaseFraction),
    modelDoneMs: p.tModelMs,
    modelTotalMs: p.tTotalMs,
    modelFraction: p.tTotalMs > 0 ? clamp01(p.tModelMs / p.tTotalMs) : 0,
    realTimeFactor: Number.isFinite(p.realTimeFactor) && p.realTimeFactor > 0 ? p.realTimeFactor : null,
    remainingS,
    elapsedS: p.wallS,
    spikes: p.spikesSoFar,
  };
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

/** "12.4× slower than real time" / "3.1× faster than real time". */
export function realTimeWords(rtf: number | null): string {
  if (rtf === null) return '–';
  if (rtf >= 1) return `${rtf < 10 ? rtf.toFixed(1) : Math.round(rtf)}× slower than real time`;
  const f = 1 / rtf;
  return `${f < 10 ? f.toFixed(1) : Math.round(f)}× faster than real time`;
}

/** How a run that ended without completing is announced, before its reason. */
export function endedTitle(status: RunStatus): string {
  return status === 'failed' ? 'The run failed' : status === 'cancelled' ? 'The run was cancelled' : 'The run was interrupted';
}

/** Model time the live population rates average over, ms. */
export const RATE_WINDOW_MS = 500;

/**
 * The populations' rates over the last `windowMs` of model time, from the engine's per-interval
 * reports (each a rate over the model time since the previous report), weighted by the model time
 * each covers. Single reports scatter (a report may come before its spikes were counted, the next
 * one then counts them); the window evens that out. Pure apart from holding the reports.
 */
export class RateWindow {
  readonly windowMs: number;
  #last: number | null = null;
  #entries: { tMs: number; dMs: number; rates: readonly number[] }[] = [];

  constructor(windowMs = RATE_WINDOW_MS) {
    this.windowMs = windowMs;
  }

  push(p: RunProgress): void {
    if (p.phase !== 'presim' && p.phase !== 'sim') return;
    const prev = this.#last;
    this.#last = p.tModelMs;
    if (prev === null || p.tModelMs <= prev || p.recentRatesHz.length === 0) return;
    this.#entries.push({ tMs: p.tModelMs, dMs: p.tModelMs - prev, rates: p.recentRatesHz });
    const from = p.tModelMs - this.windowMs;
    while (this.#entries.length > 1 && this.#entries[0]!.tMs - this.#entries[0]!.dMs < from && this.#entries[1]!.tMs - this.#entries[1]!.dMs <= from) this.#entries.shift();
  }

  /** The weighted mean rate per population, spikes/s; null before two stepping reports. */
  rates(): number[] | null {
    if (this.#entries.length === 0) return null;
    const n = this.#entries[this.#entries.length - 1]!.rates.length;
    const sum = new Array<number>(n).fill(0);
    let total = 0;
    for (const e of this.#entries) {
      if (e.rates.length !== n) continue;
      total += e.dMs;
      for (let i = 0; i < n; i++) sum[i]! += e.rates[i]! * e.dMs;
    }
    return total > 0 ? sum.map((s) => s / total) : null;
  }
}
