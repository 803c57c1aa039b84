/** The live raster's feed stays under its spike budget per wall-clock second by dropping whole neurons, never time. */
import { describe, expect, it } from 'vitest';
import type { SpikeChunk } from '../../../engine/api.ts';
import { PreviewThinner } from '../../../src-main/runs/preview.ts';

/** `n` spikes spread over neurons 1..neurons and steps (from, from + 500]. */
function chunk(from: number, n: number, neurons: number): SpikeChunk {
  const senders = new Uint32Array(n);
  const steps = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    senders[i] = 1 + ((i * 7919) % neurons);
    steps[i] = from + 1 + Math.floor((i * 500) / n);
  }
  return { fromStep: from, toStep: from + 500, senders, steps };
}

describe('PreviewThinner', () => {
  it('batches chunks until the interval has passed, and passes all spikes under the budget', () => {
    let now = 0;
    const t = new PreviewThinner({ maxSpikesPerS: 20_000, intervalMs: 100, now: () => now });
    expect(t.push(chunk(0, 300, 1000))).toBeNull();
    now = 100;
    const p = t.push(chunk(500, 300, 1000))!;
    expect(p).toMatchObject({ fromStep: 0, toStep: 1000, stride: 1, totalSpikes: 600 });
    expect(p.senders.length).toBe(600);
    expect(t.flush()).toBeNull();
  });

  it('keeps at most ~20k spikes per second of wall time, whole neurons (power-of-two strides), the whole time range', () => {
    let now = 0;
    const t = new PreviewThinner({ now: () => now });
    let shown = 0;
    for (let k = 0; k < 50; k++) {
      now += 100;
      const p = t.push(chunk(k * 500, 30_000, 77_000))!;
      shown += p.senders.length;
      expect(p.senders.length).toBeLessThanOrEqual(2000);
      expect(Math.log2(p.stride) % 1).toBe(0);
      expect(p.senders.every((s) => (s - 1) % p.stride === 0)).toBe(true);
      expect(p.steps[0]).toBeLessThan(k * 500 + 20);
      expect(p.steps.at(-1)!).toBeGreaterThan(k * 500 + 480);
    }
    expect(shown).toBeLessThanOrEqual(20_000 * 5);
    expect(shown).toBeGreaterThan(20_000 * 5 * 0.4);
  });

  it('terminates when one neuron alone is over the budget', () => {
    const t = new PreviewThinner({ maxSpikesPerS: 10, intervalMs: 100, now: () => 0 });
    t.push({ fromStep: 0, toStep: 10, senders: new Uint32Array(50).fill(1), steps: new Uint32Array(50).fill(5) });
    const p = t.flush()!;
    expect(p.senders.length).toBe(50);
    expect(p.stride).toBeGreaterThanOrEqual(2 ** 31);
  });
});
