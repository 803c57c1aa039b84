/**
 * A kernel arena: one WebAssembly.Memory and the kernels instantiated over it, with a bump
 * allocator of 16-byte-aligned blocks. A partition (thread) has one, sized up front for its
 * shards' state, synapses and delay queue (engine/sim/kernels-wasm.ts lays them out); only the
 * queue's chunk pool may grow it during a run (a burst of activity). Growing detaches every
 * typed-array view of the memory, so whoever holds views re-takes them when `generation` changes.
 * Pages never written are not resident: sizing generously costs address space, not memory.
 */
import { growableMemory, instantiateKernels, MAX_PAGES, type KernelExports, type WasmMemory } from './module.ts';

const PAGE = 65536;
/**
 * x rounded up to a multiple of 16, exact up to the arena's 4 GiB (not `(x + 15) & ~15`: 32-bit
 * bitwise arithmetic wraps past 2^31, which a thread of a large network reaches).
 */
export const align16 = (x: number) => Math.ceil(x / 16) * 16;

export class KernelArena {
  readonly memory: WasmMemory;
  readonly exports: KernelExports;
  /** Current size in bytes. */
  bytes: number;
  /** Bumped whenever the memory grows (every view taken before is detached). */
  generation = 0;
  private top = 0;

  /** An arena of at least `bytes` bytes. */
  constructor(bytes: number) {
    const pages = Math.max(1, Math.ceil(bytes / PAGE));
    if (pages > MAX_PAGES) throw new RangeError(`kernel arena of ${bytes} bytes exceeds the 4 GiB of a 32-bit WebAssembly memory`);
    this.memory = growableMemory(pages);
    this.bytes = pages * PAGE;
    this.exports = instantiateKernels(this.memory);
  }

  /** Byte offset of a new zeroed 16-byte-aligned block; grows the memory (a new generation) when full. */
  alloc(bytes: number): number {
    const p = this.top;
    const end = align16(p + bytes);
    if (end > this.bytes) {
      const pages = Math.ceil((end - this.bytes) / PAGE);
      const current = this.bytes / PAGE;
      if (current + pages > MAX_PAGES) throw new RangeError(`kernel arena cannot grow to ${end} bytes: over the 4 GiB of a 32-bit WebAssembly memory`);
      // Grow by at least an eighth, so that a queue growing chunk by chunk grows the memory rarely.
      const add = Math.min(MAX_PAGES - current, Math.max(pages, Math.ceil(current / 8)));
      this.memory.grow(add);
      this.bytes += add * PAGE;
      this.generation++;
    }
    this.top = end;
    return p;
  }

  get used(): number {
    return this.top;
  }
}
