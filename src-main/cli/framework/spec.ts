/**
 * How a command is declared: its options, positionals, help and what it runs. Options and
 * positionals are records of specs; the parser gives the command's `run` their typed values:
 *
 *   export const show = command({
 *     name: 'show',
 *     summary: 'show one run in detail',
 *     positionals: { ID: arg(RUN_ID, 'the run (see list)') },
 *     options: { json: flag('print the run record as JSON'), limit: option(integer({ min: 1 }), 'at most N') },
 *     run({ positionals, options }, ctx) { ... },   // positionals.ID: number, options.json: boolean, options.limit: number | undefined
 *   });
 *
 * A group gathers commands (and groups) under one word: `runs list`, `runs notes add`.
 */
import type { UsageError } from './errors.ts';
import type { CliIo } from './io.ts';
import type { ValueParser } from './values.ts';

/** A switch: present or not. It takes no value (`--quiet=no` is refused). */
export interface FlagSpec {
  readonly kind: 'flag';
  readonly help: string;
  readonly short?: string;
}

/** 'one': at most once, undefined when absent; 'default': at most once, a default when absent; 'many': repeatable. */
export type OptionMode = 'one' | 'default' | 'many';

/** What options and positionals that take a value share: how often, how it is parsed, what it is. */
interface ValueSpec<T, M extends string> {
  readonly mode: M;
  readonly parser: ValueParser<T>;
  readonly help: string;
}

export interface OptionSpec<T = unknown, M extends OptionMode = OptionMode> extends ValueSpec<T, M> {
  readonly kind: 'option';
  readonly short?: string;
  /** Placeholder in usage texts (default: the parser's). */
  readonly metavar: string;
  readonly default?: T;
}

export type PositionalMode = 'required' | 'optional' | 'many';

export interface PositionalSpec<T = unknown, M extends PositionalMode = PositionalMode> extends ValueSpec<T, M> {
  readonly kind: 'positional';
  /** For 'many': how many values at least and at most. */
  readonly min: number;
  readonly max: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OptionSpecs = Record<string, FlagSpec | OptionSpec<any, OptionMode>>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PositionalSpecs = Record<string, PositionalSpec<any, PositionalMode>>;

export type OptionValue<S> = S extends FlagSpec
  ? boolean
  : S extends OptionSpec<infer T, infer M>
    ? M extends 'many'
      ? T[]
      : M extends 'default'
        ? T
        : T | undefined
    : never;

export type PositionalValue<S> = S extends PositionalSpec<infer T, infer M> ? (M extends 'many' ? T[] : M extends 'optional' ? T | undefined : T) : never;

/** What a command's `run` gets: the typed values of its options and positionals. */
export interface Args<O extends OptionSpecs, P extends PositionalSpecs> {
  options: { -readonly [K in keyof O]: OptionValue<O[K]> };
  positionals: { -readonly [K in keyof P]: PositionalValue<P[K]> };
}

export interface CommandContext {
  io: CliIo;
  /**
   * Aborted on Ctrl-C, SIGTERM or a closed output. Reading it takes over Ctrl-C (runMain): a
   * command that reads it must stop when it is aborted; one that never does is simply ended.
   */
  readonly signal: AbortSignal;
  /** How this command is invoked ('npm run runs -- show'), for messages that point at others. */
  invocation: string;
}

/** What `run` returns: an exit status (0 when nothing is returned). */
export type RunResult = number | void;

export interface CommandSpec<O extends OptionSpecs, P extends PositionalSpecs> {
  name: string;
  /** One line, lower case, no full stop: "list the runs, newest first". */
  summary: string;
  /** Paragraphs for --help, after the summary. */
  description?: string;
  examples?: readonly string[];
  options: O;
  positionals?: P;
  run(args: Args<O, P>, ctx: CommandContext): RunResult | Promise<RunResult>;
}

/** A declared command, its value types erased (what groups and the runner hold). */
export interface Command {
  readonly kind: 'command';
  readonly name: string;
  readonly summary: string;
  readonly description?: string;
  readonly examples?: readonly string[];
  readonly options: OptionSpecs;
  readonly positionals: PositionalSpecs;
  run(args: Args<OptionSpecs, PositionalSpecs>, ctx: CommandContext): RunResult | Promise<RunResult>;
}

export interface Group {
  readonly kind: 'group';
  readonly name: string;
  readonly summary: string;
  readonly description?: string;
  readonly commands: readonly Entry[];
  /** Lines after the command list in the group's help (computed when shown). */
  footer?(): string;
}

export type Entry = Command | Group;

/** A program: what one npm script runs (a command, or a group of them). */
export interface Program {
  /** Prefix of its messages: "runs", "simulate". */
  readonly name: string;
  /** How users start it, shown in usage texts: "npm run runs --". */
  readonly invocation: string;
  readonly root: Entry;
  /**
   * Says what a domain error means: a UsageError (exit status 2), a message (exit status 1), or
   * undefined (the error's own message, exit status 1).
   */
  explain?(error: unknown): UsageError | string | undefined;
}

export function flag(help: string, o: { short?: string } = {}): FlagSpec {
  return { kind: 'flag', help, ...(o.short ? { short: o.short } : {}) };
}

interface OptionExtras {
  short?: string;
  metavar?: string;
}

/** An option taking one value: undefined when absent. */
export function option<T>(parser: ValueParser<T>, help: string, o: OptionExtras = {}): OptionSpec<T, 'one'> {
  return { kind: 'option', mode: 'one', parser, help, metavar: o.metavar ?? parser.metavar, ...(o.short ? { short: o.short } : {}) };
}

/** An option taking one value, `fallback` when absent (shown in help). */
export function optionWithDefault<T>(parser: ValueParser<T>, fallback: T, help: string, o: OptionExtras = {}): OptionSpec<T, 'default'> {
  return { kind: 'option', mode: 'default', parser, help, default: fallback, metavar: o.metavar ?? parser.metavar, ...(o.short ? { short: o.short } : {}) };
}

/** An option that may be given several times: the values in order ([] when absent). */
export function repeatable<T>(parser: ValueParser<T>, help: string, o: OptionExtras = {}): OptionSpec<T, 'many'> {
  return { kind: 'option', mode: 'many', parser, help, metavar: o.metavar ?? parser.metavar, ...(o.short ? { short: o.short } : {}) };
}

/** A required positional. */
export function arg<T>(parser: ValueParser<T>, help: string): PositionalSpec<T, 'required'> {
  return { kind: 'positional', mode: 'required', parser, help, min: 1, max: 1 };
}

/** An optional positional (only after the required ones). */
export function optionalArg<T>(parser: ValueParser<T>, help: string): PositionalSpec<T, 'optional'> {
  return { kind: 'positional', mode: 'optional', parser, help, min: 0, max: 1 };
}

/** The last positional, repeated: between min and max values. */
export function restArgs<T>(parser: ValueParser<T>, help: string, o: { min?: number; max?: number } = {}): PositionalSpec<T, 'many'> {
  return { kind: 'positional', mode: 'many', parser, help, min: o.min ?? 0, max: o.max ?? Number.POSITIVE_INFINITY };
}

/** Declares a command; its options and positionals type the arguments `run` gets. */
export function command<const O extends OptionSpecs, const P extends PositionalSpecs = Record<never, never>>(spec: CommandSpec<O, P>): Command {
  const positionals: PositionalSpecs = spec.positionals ?? {};
  const modes = Object.values(positionals).map((p) => p.mode);
  const misplaced = modes.findIndex((m, i) => (m === 'required' && modes.slice(0, i).some((x) => x !== 'required')) || (m === 'many' && i !== modes.length - 1));
  if (misplaced >= 0) throw new Error(`command ${spec.name}: required positionals come first, a repeated one last`);
  for (const name of Object.keys(spec.options)) {
    if (name === 'help' || !/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`command ${spec.name}: option name --${name} is reserved or malformed`);
  }
  return {
    kind: 'command',
    name: spec.name,
    summary: spec.summary,
    description: spec.description,
    examples: spec.examples,
    options: spec.options,
    positionals,
    run: spec.run as Command['run'],
  };
}

export function group(spec: Omit<Group, 'kind'>): Group {
  return { kind: 'group', ...spec };
}
