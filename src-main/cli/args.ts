/**
 * Strict argument parsing for our CLIs: every mistake becomes a UsageError naming the argument,
 * the value given and what is allowed (the caller prints it and exits with code 2).
 */
import { parseArgs } from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in help: the value's name (string options) and what the option does. */
  value?: string;
  help: string;
}

export interface ParsedArgs {
  positionals: Record<string, string | undefined>;
  values: Record<string, string | boolean | string[] | undefined>;
}

/**
 * Parses `argv` against named positionals (a trailing '?' marks an optional one) and options.
 * Unknown options, missing or extra positionals, and options without values are refused.
 */
export function parseCommandArgs(
  command: string,
  argv: readonly string[],
  positionals: readonly string[],
  options: Record<string, OptionSpec>,
): ParsedArgs {
  const config = Object.fromEntries(
    Object.entries(options).map(([name, o]) => [
      name,
      { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: config, allowPositionals: true, strict: true });
  } catch (e) {
    const err = e as Error & { code?: string };
    const known = Object.keys(options).map((o) => `--${o}`).join(', ') || 'none';
    switch (err.code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
        const opt = /'([^']+)'/.exec(err.message)?.[1] ?? err.message;
        throw new UsageError(`${command}: unknown option ${opt}; the options of ${command} are ${known}`);
      }
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
        const opt = /'(-[^' ]+)/.exec(err.message)?.[1];
        throw new UsageError(`${command}: option ${opt || err.message} needs a value`);
      }
      default:
        throw new UsageError(`${command}: ${err.message}`);
    }
  }
  const names = positionals.map((p) => p.replace(/\?$/, ''));
  const required = positionals.filter((p) => !p.endsWith('?')).length;
  const given = parsed.positionals;
  if (given.length < required) {
    throw new UsageError(`${command}: missing ${names.slice(given.length, required).join(' and ')} (usage: ${command} ${names.join(' ')})`);
  }
  if (given.length > names.length) {
    throw new UsageError(
      `${command}: unexpected argument ${JSON.stringify(given[names.length])} (usage: ${command} ${names.join(' ')}; quote a name with spaces)`,
    );
  }
  return {
    positionals: Object.fromEntries(names.map((n, i) => [n, given[i]])),
    values: parsed.values as ParsedArgs['values'],
  };
}

/** A run id: a whole number >= 1. */
export function runId(argName: string, raw: string | undefined): number {
  const n = Number(raw);
  if (raw === undefined || !/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`${argName} = ${JSON.stringify(raw ?? '')}: a run id is a whole number >= 1 (see the ID column of 'list')`);
  }
  return n;
}

/** A whole number >= min. */
export function wholeNumber(argName: string, raw: string, min: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${argName} = ${JSON.stringify(raw)}: must be a whole number >= ${min}`);
  }
  return n;
}

export function oneOf<T extends string>(argName: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new UsageError(`${argName} = ${JSON.stringify(raw)}: allowed values are ${allowed.join(', ')}`);
  }
  return raw as T;
}

export function strings(v: string | boolean | string[] | undefined): string[] {
  if (v === undefined || typeof v === 'boolean') return [];
  return Array.isArray(v) ? v : [v];
}
