/**
 * Memory and time estimates from the parameters alone, before anything is built, and the guard
 * that refuses a run the machine cannot hold.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { estimateRun as estimatePure, type RunEstimate } from './params/estimate.ts';
import type { ParamSet } from './params/types.ts';

export type { RunEstimate } from './params/estimate.ts';

/** The estimate for this machine (its core count bounds the parallel build). */
export function estimateRun(p: ParamSet): RunEstimate {
  return estimatePure(p, os.cpus().length);
}

/** Memory available to a new allocation, bytes: MemAvailable on Linux, free memory elsewhere. */
export function availableMemoryBytes(): number {
  try {
    const text = readFileSync('/proc/meminfo', 'utf8');
    const m = /^MemAvailable:\s+(\d+) kB/m.exec(text);
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return os.freemem();
}

export class MemoryGuardError extends Error {
  readonly neededBytes: number;
  readonly availableBytes: number;
  constructor(needed: number, available: number) {
    super(
      `not enough memory for this network: it needs about ${gib(needed)} GiB, ` +
        `and ${gib(available)} GiB are available. Reduce net.N_scaling or net.K_scaling, ` +
        `record fewer devices (sim.rec_dev), or close other programs.`,
    );
    this.name = 'MemoryGuardError';
    this.neededBytes = needed;
    this.availableBytes = available;
  }
}

const gib = (b: number) => (b / 2 ** 30).toFixed(2);

/** Throws MemoryGuardError when the estimate exceeds 90 % of the available memory. */
export function guardMemory(p: ParamSet, available = availableMemoryBytes()): RunEstimate {
  const est = estimateRun(p);
  if (est.peakBytes > 0.9 * available) throw new MemoryGuardError(est.peakBytes, available);
  return est;
}
