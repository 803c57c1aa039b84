/** The result of `fn` and the wall-clock milliseconds it took (the benches' one timer). */
export function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}
