/** A linear map from a data domain to pixels, and the values worth drawing at pixel resolution. */

export interface LinearScale {
  (v: number): number;
  domain: [number, number];
  range: [number, number];
}

export function linearScale(d0: number, d1: number, r0: number, r1: number): LinearScale {
  const k = d1 !== d0 ? (r1 - r0) / (d1 - d0) : 0;
  const f = ((v: number) => r0 + (v - d0) * k) as LinearScale;
  f.domain = [d0, d1];
  f.range = [r0, r1];
  return f;
}

/**
 * Of ascending values, those that land on distinct pixels (rounded): thousands of tied outliers
 * (rates are spike counts / T) become one marker each, and the picture does not change.
 */
export function distinctPixels(sortedValues: ArrayLike<number>, scale: (v: number) => number): number[] {
  const out: number[] = [];
  let last = NaN;
  for (let i = 0; i < sortedValues.length; i++) {
    const px = Math.round(scale(sortedValues[i]));
    if (px !== last) {
      out.push(sortedValues[i]);
      last = px;
    }
  }
  return out;
}

/** The finite values of an array (NaN and ±Infinity dropped), as a new Float64Array. */
export function finiteValues(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  if (n === values.length && values instanceof Float64Array) return values;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[k++] = values[i];
  return out;
}
