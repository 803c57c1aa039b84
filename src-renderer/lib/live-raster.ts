/**
 * The live raster's data: the spike previews of a running run (run.spikes events), kept for the
 * most recent `windowMs` of model time. Previews are thinned to every stride-th neuron with
 * (id - 1) % stride === 0, strides powers of two, so a coarser preview's neurons are a subset of a
 * finer one's: the window shows the coarsest stride it holds, and finer chunks are thinned to it.
 * Pure apart from holding the chunks; snapshot() builds new arrays (for $state.raw).
 */
import type { SpikePreview } from '../../src-main/runs/preview.ts';

export interface LiveSpikes {
  senders: Uint32Array;
  steps: Uint32Array;
  /** Every stride-th neuron is shown (counted from node id 1). */
  stride: number;
  /** The window shown, ms: [t0Ms, t1Ms]. */
  t0Ms: number;
  t1Ms: number;
}

export class LiveRasterBuffer {
  readonly windowMs: number;
  readonly resolutionMs: number;
  #chunks: SpikePreview[] = [];

  constructor(windowMs: number, resolutionMs: number) {
    this.windowMs = windowMs;
    this.resolutionMs = resolutionMs;
  }

  /** Adds a preview and drops chunks that ended before the window. */
  push(p: SpikePreview): void {
    this.#chunks.push(p);
    const lastStep = p.toStep;
    const firstKept = lastStep - Math.round(this.windowMs / this.resolutionMs);
    while (this.#chunks.length > 0 && this.#chunks[0]!.toStep <= firstKept) this.#chunks.shift();
  }

  get isEmpty(): boolean {
    return this.#chunks.length === 0;
  }

  snapshot(): LiveSpikes {
    const h = this.resolutionMs;
    if (this.#chunks.length === 0) return { senders: new Uint32Array(0), steps: new Uint32Array(0), stride: 1, t0Ms: 0, t1Ms: this.windowMs };
    const toStep = this.#chunks[this.#chunks.length - 1]!.toStep;
    const fromStep = Math.max(0, toStep - Math.round(this.windowMs / h));
    const stride = this.#chunks.reduce((s, c) => Math.max(s, c.stride), 1);
    let n = 0;
    for (const c of this.#chunks) for (let i = 0; i < c.senders.length; i++) if (keep(c, i, stride, fromStep)) n++;
    const senders = new Uint32Array(n);
    const steps = new Uint32Array(n);
    let k = 0;
    for (const c of this.#chunks) {
      for (let i = 0; i < c.senders.length; i++) {
        if (!keep(c, i, stride, fromStep)) continue;
        senders[k] = c.senders[i]!;
        steps[k++] = c.steps[i]!;
      }
    }
    // Until a full window has run, show [0, windowMs] so the raster fills from the left.
    const t1Ms = Math.max(toStep * h, this.windowMs);
    return { senders, steps, stride, t0Ms: t1Ms - this.windowMs, t1Ms };
  }

  clear(): void {
    this.#chunks = [];
  }
}

function keep(c: SpikePreview, i: number, stride: number, fromStep: number): boolean {
  return c.steps[i]! > fromStep && (stride === c.stride || (c.senders[i]! - 1) % stride === 0);
}
