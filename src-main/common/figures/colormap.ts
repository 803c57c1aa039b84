/**
 * The colour scale of heatmaps: viridis (perceptually uniform, readable in grey and by most
 * colour-blind readers), interpolated between 9 of its stops. Pure: the page's heatmaps and the
 * figures written to files colour a value the same way.
 */

/** Viridis at t = 0, 1/8, …, 1 (matplotlib's table). */
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [71, 45, 123],
  [59, 82, 139],
  [44, 114, 142],
  [33, 145, 140],
  [40, 174, 128],
  [94, 201, 98],
  [173, 220, 48],
  [253, 231, 37],
];

const hex2 = (v: number): string => Math.round(v).toString(16).padStart(2, '0');

/** The colour at t in [0, 1] (clamped; NaN gives the lowest colour) as #rrggbb. */
export function viridis(t: number): string {
  const x = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  const pos = x * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(pos));
  const f = pos - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  return `#${hex2(a[0] + (b[0] - a[0]) * f)}${hex2(a[1] + (b[1] - a[1]) * f)}${hex2(a[2] + (b[2] - a[2]) * f)}`;
}

/** Black or white, whichever reads better on the colour at t (text inside a heatmap cell). */
export function textOnViridis(t: number): '#000000' | '#ffffff' {
  return Number.isFinite(t) && t > 0.55 ? '#000000' : '#ffffff';
}

/** Where a value lies on a scale from lo to hi, in [0, 1] (0.5 when the scale has no width). */
export function scaleFraction(v: number, lo: number, hi: number): number {
  if (!(hi > lo)) return 0.5;
  return Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
}
