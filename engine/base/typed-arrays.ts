/** Growing and joining typed arrays (spike senders, times, stamps): one copy each way, no per-item work. */

type NumberArray = Uint32Array | Int32Array | Float32Array | Float64Array;
type ArrayOfKind<T extends NumberArray> = new (length: number) => T;

/** A new array of `capacity` items holding the first `used` items of `a`. */
export function grown<T extends NumberArray>(a: T, capacity: number, used: number): T {
  const b = new (a.constructor as ArrayOfKind<T>)(capacity);
  (b as NumberArray).set((a as NumberArray).subarray(0, used));
  return b;
}

/** The parts one after the other, in a new array of `kind`. */
export function concatArrays<T extends NumberArray>(kind: ArrayOfKind<T>, parts: readonly ArrayLike<number>[]): T {
  const out = new kind(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    (out as NumberArray).set(p, o);
    o += p.length;
  }
  return out;
}
