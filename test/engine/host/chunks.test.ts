/** Splitting the engine's chunks into bounded messages keeps every spike, every chunk contract, and no shared buffers. */
import { describe, expect, it } from 'vitest';
import type { SpikeChunk } from '../../../engine/api.ts';
import { compact, splitSpikeChunk, splitVoltageChunk } from '../../../engine/host/chunks.ts';

/** `perStep[i]` spikes at step from + 1 + i, senders counting up. */
function chunkWith(fromStep: number, perStep: number[]): SpikeChunk {
  const n = perStep.reduce((a, b) => a + b, 0);
  const senders = new Uint32Array(n);
  const steps = new Uint32Array(n);
  let k = 0;
  perStep.forEach((c, i) => {
    for (let j = 0; j < c; j++) {
      senders[k] = j + 1;
      steps[k++] = fromStep + 1 + i;
    }
  });
  return { fromStep, toStep: fromStep + perStep.length, senders, steps };
}

function owns(a: Uint32Array | Float32Array): boolean {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength;
}

function checkPieces(c: SpikeChunk, pieces: SpikeChunk[], max: number): void {
  expect(pieces[0].fromStep).toBe(c.fromStep);
  expect(pieces.at(-1)!.toStep).toBe(c.toStep);
  let total = 0;
  pieces.forEach((p, i) => {
    if (i > 0) expect(p.fromStep).toBe(pieces[i - 1].toStep);
    expect(owns(p.senders) && owns(p.steps)).toBe(true);
    const outside = p.steps.filter((s) => s <= p.fromStep || s > p.toStep);
    expect(outside.length, `piece ${i} has spikes outside (${p.fromStep}, ${p.toStep}]`).toBe(0);
    // No step is split over two pieces.
    if (i > 0 && p.steps.length > 0 && pieces[i - 1].steps.length > 0) expect(p.steps[0]).not.toBe(pieces[i - 1].steps.at(-1));
    total += p.senders.length;
  });
  expect(total).toBe(c.senders.length);
  const all = (k: 'senders' | 'steps') => Array.from(pieces.flatMap((p) => Array.from(p[k])));
  expect(all('senders')).toEqual(Array.from(c.senders));
  expect(all('steps')).toEqual(Array.from(c.steps));
  expect(Math.max(...pieces.map((p) => p.senders.length))).toBeLessThanOrEqual(max);
}

describe('splitSpikeChunk', () => {
  it('cuts a large chunk between steps into pieces of at most max spikes covering consecutive ranges', () => {
    const c = chunkWith(500, Array.from({ length: 500 }, (_, i) => 37 + (i % 90)));
    const pieces = splitSpikeChunk(c, 1000);
    expect(pieces.length).toBeGreaterThan(c.senders.length / 1000);
    checkPieces(c, pieces, 1000);
  });

  it('keeps a chunk within the bound whole, and trailing empty steps in the last piece', () => {
    const c = chunkWith(0, [5, 0, 3, 0, 0]);
    expect(splitSpikeChunk(c, 100)).toEqual([c]);
    const pieces = splitSpikeChunk(c, 5);
    expect(pieces.map((p) => [p.fromStep, p.toStep, p.senders.length])).toEqual([
      [0, 1, 5],
      [1, 5, 3],
    ]);
  });

  it('puts a single step above the bound in one larger piece', () => {
    const c = chunkWith(0, [2, 10, 2]);
    const pieces = splitSpikeChunk(c, 4);
    expect(pieces.map((p) => p.senders.length)).toEqual([2, 10, 2]);
    checkPieces(c, pieces, 10);
  });

  it('copies views into larger buffers (structured clone would send the whole buffer)', () => {
    const big = new Uint32Array(1000);
    const c: SpikeChunk = { fromStep: 0, toStep: 10, senders: big.subarray(10, 12), steps: new Uint32Array([3, 4]) };
    const [p] = splitSpikeChunk(c);
    expect(p.senders.buffer.byteLength).toBe(8);
    expect(p.steps).toBe(c.steps);
    expect(compact(c.steps)).toBe(c.steps);
  });
});

describe('splitVoltageChunk', () => {
  it('splits by whole rows under the byte bound and keeps every value', () => {
    const rows = 50;
    const cols = 100;
    const vMv = Float32Array.from({ length: rows * cols }, (_, i) => i * 0.5);
    const c = { steps: Uint32Array.from({ length: rows }, (_, i) => (i + 1) * 10), senders: Uint32Array.from({ length: cols }, (_, i) => i + 1), vMv };
    const pieces = splitVoltageChunk(c, 7 * cols * 4 + 3);
    expect(pieces.map((p) => p.steps.length)).toEqual([7, 7, 7, 7, 7, 7, 7, 1]);
    for (const p of pieces) {
      expect(p.vMv.length).toBe(p.steps.length * cols);
      expect(owns(p.vMv) && owns(p.steps)).toBe(true);
    }
    expect(Array.from(pieces.flatMap((p) => Array.from(p.vMv)))).toEqual(Array.from(vMv));
    expect(Array.from(pieces.flatMap((p) => Array.from(p.steps)))).toEqual(Array.from(c.steps));
  });

  it('sends one row per message when a row alone is over the bound', () => {
    const c = { steps: new Uint32Array([1, 2, 3]), senders: new Uint32Array(10), vMv: new Float32Array(30) };
    expect(splitVoltageChunk(c, 8).map((p) => p.steps.length)).toEqual([1, 1, 1]);
  });
});
