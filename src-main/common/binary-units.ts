/**
 * A byte count in binary units (KiB = 1024 B): the scaled value and its unit. The page, the CLI and
 * the run writer each round it as their text needs; the scaling is written here once.
 */
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

export function binaryUnits(bytes: number): { value: number; unit: (typeof UNITS)[number] } {
  let value = bytes;
  let u = 0;
  while (value >= 1024 && u < UNITS.length - 1) {
    value /= 1024;
    u++;
  }
  return { value, unit: UNITS[u] };
}
