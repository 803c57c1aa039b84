/**
 * The Poisson background of a shard in JavaScript (the reference of kernels.wat `poisson`): one
 * count per neuron and step from the shard's stream — sfc32 inlined, one 32-bit word a draw,
 * inverted through the table (PoissonTable.sample with its guide).
 */

/** Draws counts into pcnt[0..n) from the sfc32 state st (a, b, c, d; advanced in place). */
export function drawPoisson(pcnt: Uint8Array, n: number, cdf: Float64Array, guide: Int32Array, st: Int32Array): void {
  let a = st[0];
  let b = st[1];
  let c = st[2];
  let d = st[3];
  for (let i = 0; i < n; i++) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    const u = t >>> 0;
    let cnt = guide[u >>> 22];
    while (u >= cdf[cnt]) cnt++;
    pcnt[i] = cnt;
  }
  st[0] = a;
  st[1] = b;
  st[2] = c;
  st[3] = d;
}
