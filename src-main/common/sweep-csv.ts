/**
 * The sweep table as CSV: one row per point and population, the axes' values, the runs that
 * gave values, and mean and SD over seeds of every statistic (`rate_hz_mean`, `rate_hz_sd`, …).
 * Empty cells where there is no value. Pure: the page exports it as the CLI does
 * (`npm run runs -- sweep-table ID --csv FILE`).
 */
import type { SweepTable } from '../batches/sweep-table.ts';

/** A value as CSV text: numbers in full precision (shortest round-trip form), null as an empty cell. */
function cell(v: number | null): string {
  return v === null || !Number.isFinite(v) ? '' : String(v);
}

/** Quotes a header that needs it (axis paths hold brackets and dots, never quotes or commas, but a name might). */
function header(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function sweepTableCsv(t: SweepTable): string {
  const head = [
    'point',
    ...t.axes.map((a) => header(a.path)),
    'population',
    'n_runs',
    ...t.statistics.flatMap((s) => [`${s.column}_mean`, `${s.column}_sd`]),
  ];
  const lines = [head.join(',')];
  for (const p of t.points) {
    for (const pop of p.populations) {
      const n = Math.max(0, ...t.statistics.map((s) => pop.stats[s.column]?.n ?? 0));
      lines.push(
        [
          String(p.point),
          ...p.values.map((v) => cell(v)),
          header(pop.name),
          String(n),
          ...t.statistics.flatMap((s) => [cell(pop.stats[s.column]?.mean ?? null), cell(pop.stats[s.column]?.sd ?? null)]),
        ].join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
