/**
 * The live raster's feed: the spikes of the last moments, thinned to at most `maxSpikesPerS` per
 * second of wall-clock time, batched every `intervalMs`. Thinning keeps whole neurons (node ids
 * with (id - 1) % stride === 0, stride a power of two, so coarser samples nest in finer ones),
 * never cuts time ranges. Pure apart from the injected clock.
 */
import type { SpikeChunk } from '../../engine/api.ts';

export interface SpikePreview {
  /** Covers stamps in (fromStep, toStep]. */
  fromStep: number;
  toStep: number;
  senders: Uint32Array;
  steps: Uint32Array;
  /** Every stride-th neuron is shown (1: all). */
  stride: number;
  /** Spikes in the window before thinning. */
  totalSpikes: number;
}

export interface PreviewOptions {
  maxSpikesPerS?: number;
  intervalMs?: number;
  /** Milliseconds, monotonic. */
  now?: () => number;
}

const nextPowerOfTwo = (x: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, x)));

export class PreviewThinner {
  readonly #maxPerS: number;
  readonly #intervalMs: number;
  readonly #now: () => number;
  #pending: SpikeChunk[] = [];
  #count = 0;
  #lastFlush: number;

  constructor(o: PreviewOptions = {}) {
    this.#maxPerS = o.maxSpikesPerS ?? 20_000;
    this.#intervalMs = o.intervalMs ?? 100;
    this.#now = o.now ?? (() => performance.now());
    this.#lastFlush = this.#now();
  }

  /** Adds a chunk; returns a preview when the interval has passed since the last one. */
  push(c: SpikeChunk): SpikePreview | null {
    this.#pending.push(c);
    this.#count += c.senders.length;
    return this.#now() - this.#lastFlush >= this.#intervalMs ? this.flush() : null;
  }

  /** The pending spikes as a preview (null when there are none), e.g. at the end of a run. */
  flush(): SpikePreview | null {
    const now = this.#now();
    const elapsedS = Math.min(1, Math.max(this.#intervalMs, now - this.#lastFlush) / 1000);
    this.#lastFlush = now;
    const chunks = this.#pending;
    const total = this.#count;
    this.#pending = [];
    this.#count = 0;
    if (chunks.length === 0) return null;
    const budget = Math.max(1, Math.floor(this.#maxPerS * elapsedS));
    let stride = nextPowerOfTwo(total / budget);
    let kept = countKept(chunks, stride);
    // Neuron 1 is in every sample: a single neuron above the budget ends the search.
    while (kept > budget && stride < 2 ** 31) {
      stride *= 2;
      kept = countKept(chunks, stride);
    }
    const senders = new Uint32Array(kept);
    const steps = new Uint32Array(kept);
    let k = 0;
    for (const c of chunks) {
      for (let i = 0; i < c.senders.length; i++) {
        if ((c.senders[i] - 1) % stride !== 0) continue;
        senders[k] = c.senders[i];
        steps[k++] = c.steps[i];
      }
    }
    return { fromStep: chunks[0].fromStep, toStep: chunks[chunks.length - 1].toStep, senders, steps, stride, totalSpikes: total };
  }
}

function countKept(chunks: readonly SpikeChunk[], stride: number): number {
  if (stride === 1) return chunks.reduce((a, c) => a + c.senders.length, 0);
  let n = 0;
  for (const c of chunks) for (let i = 0; i < c.senders.length; i++) if ((c.senders[i] - 1) % stride === 0) n++;
  return n;
}
