/** Plain-text formatting for the CLI: tables, dates, sizes. Pure. */

import { binaryUnits } from '../common/binary-units.ts';

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local time, to the minute: 2026-03-14 09:26. */
export function dateTime(ms: number | null): string {
  if (ms === null) return '-';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

export function count(n: number | null): string {
  return n === null ? '-' : n.toLocaleString('en-US');
}

export function bytes(n: number): string {
  const { value, unit } = binaryUnits(n);
  return `${unit === 'B' ? value : value.toFixed(1)} ${unit}`;
}

export function seconds(s: number): string {
  return s < 10 ? `${s.toFixed(2)} s` : s < 600 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`;
}

/** Cuts a string to `max` characters with an ellipsis. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
