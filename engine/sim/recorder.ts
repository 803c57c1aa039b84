/** Growable typed buffers for recorded spikes and voltages; flushed as transferable chunks. */
import { grown } from '../base/typed-arrays.ts';

export class SpikeBuffer {
  senders: Uint32Array;
  stamps: Uint32Array;
  length = 0;

  constructor(capacity = 1 << 14) {
    this.senders = new Uint32Array(capacity);
    this.stamps = new Uint32Array(capacity);
  }

  /** Appends src[from..to) (global neuron indices) with one stamp; stores NEST ids (index + 1). */
  append(src: Uint32Array, from: number, to: number, stamp: number): void {
    const n = to - from;
    if (n <= 0) return;
    if (this.length + n > this.senders.length) this.grow(this.length + n);
    const s = this.senders;
    let p = this.length;
    for (let x = from; x < to; x++) s[p++] = src[x] + 1;
    this.stamps.fill(stamp, this.length, p);
    this.length = p;
  }

  private grow(min: number): void {
    let cap = this.senders.length * 2;
    while (cap < min) cap *= 2;
    this.senders = grown(this.senders, cap, this.length);
    this.stamps = grown(this.stamps, cap, this.length);
  }

  /** Takes the content as exact-length arrays and empties the buffer. */
  take(): { senders: Uint32Array; stamps: Uint32Array } {
    const out = { senders: this.senders.slice(0, this.length), stamps: this.stamps.slice(0, this.length) };
    this.length = 0;
    return out;
  }
}

export class VoltBuffer {
  readonly neurons: number;
  steps: number[] = [];
  data: Float32Array;
  rows = 0;

  constructor(neurons: number) {
    this.neurons = neurons;
    this.data = new Float32Array(neurons * 8);
  }

  /** Reserves a row for a sample at `step`; returns the offset to write `neurons` values at. */
  row(step: number): number {
    if ((this.rows + 1) * this.neurons > this.data.length) {
      const d = new Float32Array(Math.max(this.data.length * 2, (this.rows + 1) * this.neurons));
      d.set(this.data.subarray(0, this.rows * this.neurons));
      this.data = d;
    }
    this.steps.push(step);
    return this.rows++ * this.neurons;
  }

  take(): { steps: Uint32Array; v: Float32Array } {
    const out = { steps: Uint32Array.from(this.steps), v: this.data.slice(0, this.rows * this.neurons) };
    this.steps = [];
    this.rows = 0;
    return out;
  }
}

/** Merges per-thread spike arrays into one list ordered by (stamp, sender). */
export function mergeSpikes(parts: { senders: Uint32Array; stamps: Uint32Array }[]): { senders: Uint32Array; stamps: Uint32Array } {
  let n = 0;
  for (const p of parts) n += p.senders.length;
  if (parts.length === 1) return parts[0];
  const keys = new Float64Array(n);
  let i = 0;
  for (const p of parts) for (let x = 0; x < p.senders.length; x++) keys[i++] = p.stamps[x] * 134217728 + p.senders[x];
  keys.sort();
  const senders = new Uint32Array(n);
  const stamps = new Uint32Array(n);
  for (let x = 0; x < n; x++) {
    const k = keys[x];
    const st = Math.floor(k / 134217728);
    stamps[x] = st;
    senders[x] = k - st * 134217728;
  }
  return { senders, stamps };
}
