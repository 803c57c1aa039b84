// The kernel arena's offsets beyond 2 GiB: a partition of a large network (N = 8, K = 1 on 6
// threads: about 2 GiB of synapses per thread) allocates past 2^31 bytes, where 32-bit bitwise
// arithmetic wraps to negative numbers. The arena's rounding must stay exact up to its 4 GiB.
import { describe, expect, it } from 'vitest';
import { align16, KernelArena } from '../../../engine/wasm/arena.ts';

describe('KernelArena beyond 2 GiB', () => {
  it('rounds offsets to 16 bytes exactly above 2^31 (no 32-bit wrap)', () => {
    expect(align16(0)).toBe(0);
    expect(align16(1)).toBe(16);
    expect(align16(2 ** 31 - 1)).toBe(2 ** 31);
    expect(align16(2 ** 31 + 1)).toBe(2 ** 31 + 16);
    expect(align16(2 ** 32 - 16)).toBe(2 ** 32 - 16);
  });

  it('allocates past 2 GiB and a view of the new block fits the memory (failed: "Invalid typed array length")', () => {
    const arena = new KernelArena(1 << 16);
    const first = arena.alloc(2 ** 31 - 64); // the memory grows (its pages are not touched)
    expect(first).toBe(0);
    const n = 10_000_000;
    const p = arena.alloc(4 * n);
    expect(p).toBe(2 ** 31 - 64);
    expect(arena.used).toBe(align16(2 ** 31 - 64 + 4 * n));
    expect(arena.memory.buffer.byteLength).toBeGreaterThanOrEqual(p + 4 * n);
    const view = new Uint32Array(arena.memory.buffer, p, n);
    view[n - 1] = 7;
    expect(view[n - 1]).toBe(7);
  });
});
