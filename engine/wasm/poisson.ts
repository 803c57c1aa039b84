/**
 * A Poisson background stream in a kernel arena, as the kernels read it (kernels.wat poisson, step,
 * step_simd): the table's cdf (f64), its guide (i32[1024]) and the sfc32 state (4 x i32).
 *
 * The guide differs from PoissonTable.guide in one way: an entry is k + 0x10000 where its bucket of
 * words (2^22 wide) holds a cdf boundary, and plain k where it does not. In the second, common case
 * every word of the bucket maps to k, so the kernels skip the comparison with cdf[k]; the counts
 * are exactly those of PoissonTable.sample.
 */
import type { PoissonTable, Rng } from '../rng/rng.ts';
import { align16, type KernelArena } from './arena.ts';

/** Byte offsets of a stream's table and state in the arena. */
export interface ArenaPoisson {
  cdf: number;
  guide: number;
  st: number;
}

/** Arena bytes of a stream with this table. */
export const poissonArenaBytes = (table: PoissonTable) => align16(8 * table.cdf.length) + align16(4 * table.guide.length) + 16;

/** The guide the kernels read (see above). */
function flaggedGuide(table: PoissonTable): Int32Array {
  const width = 2 ** 32 / table.guide.length;
  const out = new Int32Array(table.guide.length);
  for (let g = 0; g < table.guide.length; g++) {
    const k = table.guide[g];
    if (k >= 0x10000) throw new RangeError(`Poisson table of ${table.cdf.length} entries too long for the kernels`);
    out[g] = table.cdf[k] > (g + 1) * width - 1 ? k : k | 0x10000;
  }
  return out;
}

/** Places the table and the stream's current state in the arena. */
export function placePoisson(arena: KernelArena, table: PoissonTable, rng: Pick<Rng, 'a' | 'b' | 'c' | 'd'>): ArenaPoisson {
  const guide = flaggedGuide(table);
  const p = { cdf: arena.alloc(8 * table.cdf.length), guide: arena.alloc(4 * guide.length), st: arena.alloc(16) };
  const buf = arena.memory.buffer;
  new Float64Array(buf, p.cdf, table.cdf.length).set(table.cdf);
  new Int32Array(buf, p.guide, guide.length).set(guide);
  new Int32Array(buf, p.st, 4).set([rng.a, rng.b, rng.c, rng.d]);
  return p;
}
