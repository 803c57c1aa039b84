/**
 * Number and name formatting exactly as NEST and numpy write them (pd14.md 4.7-4.8):
 * - spike times: C++ `std::fixed << std::setprecision(3)` (printf "%.3f": the exact binary value
 *   rounded to 3 decimals, ties to even);
 * - rates: numpy.savetxt's default '%.18e' (Python's correctly rounded repr machinery: 19
 *   significant digits, ties to even, exponent of at least 2 digits, 'nan'/'inf');
 * - file names: `<label>-<node id>-<vp>.dat` with zero-padding to the digits of the total number of
 *   nodes and of VPs.
 * The byte writers put ASCII straight into a caller's buffer, so writing millions of rows builds no
 * strings.
 */

/** Number of decimal digits of a positive integer: floor(log10(n)) + 1 (computed exactly). */
export function decimalDigits(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`expected a positive integer, got ${n}`);
  return String(n).length;
}

/** NEST's spike file name: `<label>-<id>-<vp>.dat`, id padded to digits(totalNodes), vp to digits(numVps). */
export function spikeFileName(recorderId: number, vp: number, totalNodes: number, numVps: number, label = 'spike_recorder'): string {
  if (recorderId > totalNodes) throw new RangeError(`recorder id ${recorderId} exceeds the number of nodes ${totalNodes}`);
  if (vp >= numVps) throw new RangeError(`vp ${vp} out of range for ${numVps} VPs`);
  const id = String(recorderId).padStart(decimalDigits(totalNodes), '0');
  const v = String(vp).padStart(decimalDigits(numVps), '0');
  return `${label}-${id}-${v}.dat`;
}

/** Digits of a non-negative safe integer written at pos, returns the new position. */
export function writeUintAscii(buf: Uint8Array, pos: number, n: number): number {
  if (n < 10) {
    buf[pos] = 48 + n;
    return pos + 1;
  }
  let len = 0;
  for (let x = n; x >= 1; x = Math.floor(x / 10)) len++;
  let p = pos + len - 1;
  let x = n;
  while (p >= pos) {
    const q = Math.floor(x / 10);
    buf[p--] = 48 + (x - q * 10);
    x = q;
  }
  return pos + len;
}

/**
 * Writes thousandths as a fixed 3-decimal number ("1234567" -> "1234.567"); returns the new position.
 * Negative values get a '-'.
 */
export function writeMillisAscii(buf: Uint8Array, pos: number, thousandths: number): number {
  let n = thousandths;
  if (n < 0) {
    buf[pos++] = 45;
    n = -n;
  }
  const whole = Math.floor(n / 1000);
  const frac = n - whole * 1000;
  pos = writeUintAscii(buf, pos, whole);
  buf[pos] = 46;
  buf[pos + 1] = 48 + Math.floor(frac / 100);
  buf[pos + 2] = 48 + (Math.floor(frac / 10) % 10);
  buf[pos + 3] = 48 + (frac % 10);
  return pos + 4;
}

/**
 * round(x·1000) to an integer, as printf("%.3f", x) rounds: the exact binary value of x, ties to
 * even. Fast path when x·1000 is clearly off a tie; exact ties (x = odd/16) handled explicitly.
 */
export function thousandthsOf(x: number): number {
  if (!Number.isFinite(x)) throw new RangeError(`cannot format ${x} as a time`);
  const y = x * 1000;
  const r = Math.round(y);
  if (Math.abs(Math.abs(y - r) - 0.5) > 1e-6) {
    // Not near a tie: below 2^32 the product is off by < 5e-7, which cannot change the result.
    if (Math.abs(y) < 2 ** 32) return r;
  }
  // Near a tie or huge: decide exactly. A tie needs x·1000 = k + 1/2 exactly, i.e. x = odd/16.
  const x16 = x * 16; // exact (power of two)
  if (Number.isInteger(x16) && Math.abs(x16 % 2) === 1) {
    const lo = Math.floor(y); // y = x16·62.5 is exact here
    return lo % 2 === 0 ? lo : lo + 1;
  }
  // Not a tie: Number.prototype.toFixed rounds the exact value correctly except at ties.
  return Math.round(Number(x.toFixed(3)) * 1000);
}

/** A spike time as NEST prints it, e.g. 503.5 -> "503.500". */
export function formatTimeMs(x: number): string {
  const buf = new Uint8Array(32);
  return new TextDecoder().decode(buf.subarray(0, writeMillisAscii(buf, 0, thousandthsOf(x))));
}

const BIG10 = 10n;

/** Exact round-half-even of x / 10^s for a finite double x >= 0 and integer s, as a BigInt. */
function exactScaledRound(x: number, s: number): bigint {
  // Decompose x = mant · 2^exp exactly.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (bexp === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = bexp - 1075;
  }
  let num = mant;
  let den = 1n;
  if (exp >= 0) num <<= BigInt(exp);
  else den <<= BigInt(-exp);
  if (s >= 0) den *= BIG10 ** BigInt(s);
  else num *= BIG10 ** BigInt(-s);
  const q = num / den;
  const rem2 = (num % den) * 2n;
  if (rem2 > den || (rem2 === den && q % 2n === 1n)) return q + 1n;
  return q;
}

/**
 * A double formatted as numpy.savetxt's default fmt '%.18e' (Python `'%.18e' % x`), e.g.
 * 3 -> "3.000000000000000000e+00", 2**-28 -> "3.725290298461914062e-09" (tie to even).
 */
export function formatNumpyE18(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  const neg = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  let s = ax.toExponential(18); // correctly rounded, but ties go up
  const probe = ax.toExponential(19);
  const mantissa20 = probe.slice(0, probe.indexOf('e'));
  if (ax !== 0 && mantissa20.endsWith('5')) {
    // Possibly an exact tie at the 20th significant digit: redo with exact arithmetic.
    const e10 = Number(probe.slice(probe.indexOf('e') + 1));
    let digits = exactScaledRound(ax, e10 - 18);
    let e = e10;
    if (digits >= 10n ** 19n) {
      digits /= 10n;
      e += 1;
    }
    const d = digits.toString();
    s = `${d[0]}.${d.slice(1)}e${e >= 0 ? '+' : '-'}${Math.abs(e)}`;
  }
  // JS writes e+0 / e-7: Python writes at least two exponent digits.
  const ePos = s.indexOf('e');
  const sign = s[ePos + 1];
  const expDigits = s.slice(ePos + 2).padStart(2, '0');
  return `${neg ? '-' : ''}${s.slice(0, ePos)}e${sign}${expDigits}`;
}
