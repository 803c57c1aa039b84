/** Numbers, times, sizes and statuses as the page shows them (units in every label). Pure. */
import type { RunStatus } from '../../src-main/store/types.ts';
import { binaryUnits } from '../../src-main/common/binary-units.ts';

const fixed = (n: number, digits: number): string => n.toFixed(digits);

/** Wall-clock seconds: "35 ms", "0.8 s", "42 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 0.095) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 10) return `${fixed(seconds, 1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const total = Math.round(seconds);
  if (total < 3600) {
    const m = Math.floor(total / 60);
    return `${m} min ${String(total % 60).padStart(2, '0')} s`;
  }
  const h = Math.floor(total / 3600);
  const m = Math.round((total % 3600) / 60);
  return m === 60 ? `${h + 1} h 00 min` : `${h} h ${String(m).padStart(2, '0')} min`;
}

/** Model time in ms: "250 ms", "1,500 ms" (NEST's unit for t_sim). */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const digits = Number.isInteger(ms) ? 0 : Math.abs(ms) < 10 ? 2 : 1;
  return `${ms.toLocaleString('en-US', { maximumFractionDigits: digits })} ms`;
}

/**
 * Bytes in binary units with three significant digits: "512 B", "3.50 MiB", "42.0 MiB", "214 MiB",
 * "12.0 GiB". The one byte format of the page: measured sizes (run detail) and estimates (editor).
 */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '–';
  const { value, unit } = binaryUnits(bytes);
  if (unit === 'B') return `${Math.round(value)} B`;
  // Decimals by the magnitude after rounding, so 9.999 reads "10.0", not "10.00".
  const decimals = value < 9.995 ? 2 : value < 99.95 ? 1 : 0;
  return `${fixed(value, decimals)} ${unit}`;
}

/** A rate in spikes/s with two decimals ("3.42"); '–' when unknown. */
export function formatRate(hz: number | null | undefined): string {
  if (hz === null || hz === undefined || !Number.isFinite(hz)) return '–';
  return fixed(hz, 2);
}

/** A plain count with thousands separators: "1,234,567". */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  return Math.round(n).toLocaleString('en-US');
}

/** A number with up to `digits` significant digits, no trailing zeros: 0.02, 0.1, 1500. */
export function formatValue(n: number | null | undefined, digits = 6): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  return Number(n.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 12 });
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Local date and time, "2025-11-26 14:03" (sortable, unambiguous in every locale). */
export function formatDateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** The time of day, to the second: 14:03:07. */
export function formatTimeOfDay(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

export type Tone = 'neutral' | 'busy' | 'good' | 'bad' | 'warn';

export const STATUS_WORDS: Record<RunStatus, string> = {
  queued: 'queued',
  running: 'running',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
  interrupted: 'interrupted',
};

/** Every status, in the order a run moves through them (for filters). */
export const STATUSES = Object.keys(STATUS_WORDS) as RunStatus[];

export function statusTone(status: RunStatus): Tone {
  switch (status) {
    case 'queued':
      return 'neutral';
    case 'running':
      return 'busy';
    case 'completed':
      return 'good';
    case 'failed':
      return 'bad';
    case 'cancelled':
    case 'interrupted':
      return 'warn';
    default: {
      const never: never = status;
      return never;
    }
  }
}

/** "L2/3E" for "L23E" (the label of NEST's plots). */
export function populationLabel(name: string): string {
  return name.replace(/^L23/, 'L2/3');
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, ... */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/** "all neurons", "every 2nd neuron", "every 16th neuron". */
export function everyNthNeuron(stride: number): string {
  return stride <= 1 ? 'all neurons' : `every ${ordinal(stride)} neuron`;
}

/** A phrase as the start of a sentence: its first letter in capitals ("the population's …" → "The population's …"). */
export function sentence(phrase: string): string {
  return phrase.length > 0 ? phrase[0]!.toUpperCase() + phrase.slice(1) : phrase;
}
