/**
 * Value parsers: how the text of an option or a positional becomes a typed value. A parser
 * throws UsageError with the bare reason ("must be one of default, full"); the argument parser
 * adds the name and the value ("--preset = "huge": must be one of default, full").
 */
import { UsageError } from './errors.ts';

export interface ValueParser<T> {
  /** The value's placeholder in usage texts: N, FILE, PATH=VALUE. */
  readonly metavar: string;
  /** What is allowed, in words ("a whole number >= 1"): said when the value is missing. */
  readonly allowed: string;
  parse(raw: string): T;
}

/** Builds a parser; `parse` throws UsageError(reason) for a refused value. */
export function parser<T>(metavar: string, allowed: string, parse: (raw: string) => T): ValueParser<T> {
  return { metavar, allowed, parse };
}

function range(min: number, max: number, what: string): string {
  if (min > Number.MIN_SAFE_INTEGER && max < Number.MAX_SAFE_INTEGER) return `${what} from ${min} to ${max}`;
  if (min > Number.MIN_SAFE_INTEGER) return `${what} >= ${min}`;
  if (max < Number.MAX_SAFE_INTEGER) return `${what} <= ${max}`;
  return what;
}

/** A whole number in decimal digits (no 0x10, 1e3, 2.0, +4 or blanks), within [min, max]. */
export function integer(o: { min?: number; max?: number; metavar?: string } = {}): ValueParser<number> {
  const min = o.min ?? Number.MIN_SAFE_INTEGER;
  const max = o.max ?? Number.MAX_SAFE_INTEGER;
  const allowed = range(min, max, 'a whole number');
  return parser(o.metavar ?? 'N', allowed, (raw) => {
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`must be ${allowed} in decimal digits`);
    return n;
  });
}

/** A finite decimal number (1, -0.5, 2.5e-3; no hex, no Infinity), within [min, max]. */
export function decimal(o: { min?: number; max?: number; metavar?: string } = {}): ValueParser<number> {
  const min = o.min ?? -Number.MAX_VALUE;
  const max = o.max ?? Number.MAX_VALUE;
  const bounds = [min > -Number.MAX_VALUE ? `>= ${min}` : '', max < Number.MAX_VALUE ? `<= ${max}` : ''].filter(Boolean).join(' and ');
  const allowed = `a decimal number${bounds ? ` ${bounds}` : ''}`;
  return parser(o.metavar ?? 'X', allowed, (raw) => {
    const n = Number(raw);
    if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw) || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`must be ${allowed}`);
    return n;
  });
}

/** One of a fixed list of words. */
export function choice<const T extends string>(values: readonly T[], metavar = values.join('|')): ValueParser<T> {
  const allowed = `one of ${values.join(', ')}`;
  return parser(metavar, allowed, (raw) => {
    if (!(values as readonly string[]).includes(raw)) throw new UsageError(`must be ${allowed}`);
    return raw as T;
  });
}

/** Any text, or text that passes `check` (which throws UsageError with the reason). */
export function text(metavar = 'TEXT', allowed = 'any text', check?: (raw: string) => string): ValueParser<string> {
  return parser(metavar, allowed, (raw) => (check ? check(raw) : raw));
}

/** A path to a file or folder: any text but the empty one (no check of the file system). */
export function filePath(metavar = 'FILE'): ValueParser<string> {
  return parser(metavar, `a path`, (raw) => {
    if (raw === '') throw new UsageError('must not be empty: a path is needed');
    return raw;
  });
}
