/**
 * The one argument parser. Options may come anywhere among the positionals; `--name value` and
 * `--name=value` both work, a flag takes no value, `--` ends the options. Every refusal is a
 * UsageError naming the option or positional, the value and what is allowed.
 */
import { quote, UsageError } from './errors.ts';
import type { Args, Command, FlagSpec, OptionSpec, OptionSpecs, PositionalSpecs } from './spec.ts';

/** Words that read as options: --anything, -x (not -5, -0.5, a lone - or --). */
export function looksLikeOption(word: string): boolean {
  return /^--./.test(word) || /^-[A-Za-z]/.test(word);
}

/** Whether the words ask for help (-h, --help before any `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((w) => w === '--help' || w === '-h');
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

/** The candidate closest to `word` when it is a likely typo, for "(did you mean X?)". */
export function didYouMean(word: string, candidates: readonly string[]): string {
  let best = '';
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return bestD <= Math.max(1, Math.min(2, Math.floor(best.length / 3))) ? ` (did you mean ${best}?)` : '';
}

type AnyOption = FlagSpec | OptionSpec;

/** Applies a value parser, prefixing its reason with the name and the value. */
function parseValue<T>(label: string, raw: string, spec: { parser: { parse(raw: string): T } }): T {
  try {
    return spec.parser.parse(raw);
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`${label} = ${quote(raw)}: ${e.message}`, { usage: e.showUsage });
    throw e;
  }
}

function optionList(options: OptionSpecs): string {
  return [...Object.keys(options).map((n) => `--${n}`), '--help'].join(', ');
}

/** Parses `argv` (the words after the command's name) against the command's declaration. */
export function parseArgs(cmd: Command, argv: readonly string[]): Args<OptionSpecs, PositionalSpecs> {
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(cmd.options)) if (spec.short) byShort.set(spec.short, name);
  const raw = new Map<string, string[]>();
  const flags = new Set<string>();
  const words: string[] = [];

  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (!looksLikeOption(word)) {
      words.push(word);
      continue;
    }
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const written = eq > 0 ? word.slice(0, eq) : word;
    const inline = eq > 0 ? word.slice(eq + 1) : undefined;
    const name = written.startsWith('--') ? written.slice(2) : byShort.get(written.slice(1));
    const spec: AnyOption | undefined = name === undefined ? undefined : cmd.options[name];
    if (name === undefined || spec === undefined) {
      const known = Object.keys(cmd.options).map((n) => `--${n}`);
      throw new UsageError(`unknown option ${written}${didYouMean(written, known)}; the options of ${cmd.name} are ${optionList(cmd.options)}`);
    }
    const label = `--${name}`;
    if (spec.kind === 'flag') {
      if (inline !== undefined) throw new UsageError(`${label} = ${quote(inline)}: takes no value; write ${label} to turn it on, or leave it out`);
      flags.add(name);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next === '--' || looksLikeOption(next)) {
        throw new UsageError(`${label} needs a value: ${spec.parser.allowed} (write ${label}=VALUE for a value that starts with -)`);
      }
      value = next;
      i++;
    }
    const list = raw.get(name) ?? [];
    list.push(value);
    raw.set(name, list);
    if (spec.mode !== 'many' && list.length > 1) {
      throw new UsageError(`${label} is given more than once (${list.map(quote).join(', ')}); it takes one value`);
    }
  }

  const options: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(cmd.options)) {
    if (spec.kind === 'flag') {
      options[name] = flags.has(name);
      continue;
    }
    const values = (raw.get(name) ?? []).map((v) => parseValue(`--${name}`, v, spec));
    options[name] = spec.mode === 'many' ? values : values.length > 0 ? values[0] : spec.default;
  }

  const positionals: Record<string, unknown> = {};
  const names = Object.keys(cmd.positionals);
  let next = 0;
  for (const name of names) {
    const spec = cmd.positionals[name];
    if (spec.mode === 'many') {
      const rest = words.slice(next);
      next = words.length;
      if (rest.length < spec.min) throw new UsageError(`missing ${name}: at least ${spec.min} value(s)`);
      if (rest.length > spec.max) throw new UsageError(`${name}: at most ${spec.max} value(s), got ${rest.length}`);
      positionals[name] = rest.map((w) => parseValue(name, w, spec));
      continue;
    }
    const word = words[next];
    if (word === undefined) {
      if (spec.mode === 'required') {
        const missing = names.filter((n, k) => k >= next && cmd.positionals[n].mode === 'required');
        throw new UsageError(`missing ${missing.join(' and ')}`);
      }
      positionals[name] = undefined;
      continue;
    }
    next++;
    positionals[name] = parseValue(name, word, spec);
  }
  if (next < words.length) {
    throw new UsageError(`unexpected argument ${quote(words[next])} (quote a value with spaces; write -- before a value that starts with -)`);
  }
  return { options, positionals } as Args<OptionSpecs, PositionalSpecs>;
}
