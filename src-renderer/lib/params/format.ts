/** Read-only numbers in the editor: counts, durations, derived values (bytes: lib/format.ts formatBytes). Pure. */

const counts = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const sig4 = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });

export function formatCount(n: number): string {
  return Number.isFinite(n) ? counts.format(n) : '—';
}

/** A derived real value with 4 significant digits ('—' when not finite). */
export function formatDerived(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (n === 0) return '0';
  return sig4.format(n);
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '—';
  if (s < 1) return '< 1 s';
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 90 * 60) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
