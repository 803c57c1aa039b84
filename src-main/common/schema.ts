/**
 * A small payload validator (no dependencies): each schema checks an unknown value and either
 * returns it typed or says which field is wrong, what it got and what is allowed. Used by the
 * contract (src-main/contract.ts) to validate every request payload before a handler sees it; pure,
 * so the renderer can use the same schemas to check a form before sending it.
 */

export interface SchemaIssue {
  /** Dotted path of the offending field, e.g. `preset` or `tags[2]`; '' for the payload itself. */
  field: string;
  /** The offending value, rendered short for a message. */
  got: string;
  /** What the field allows, in words: `one of 'default', 'full'`, `an integer in [1, 65535]`. */
  allowed: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issue: SchemaIssue };

export interface Schema<T> {
  /** Words for what this schema allows (used in messages). */
  readonly describe: string;
  parse(value: unknown, field?: string): ParseResult<T>;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

const MAX_SHOWN = 60;
/** Lists and objects deeper than this are shown as `…`. */
const MAX_SHOWN_DEPTH = 8;

/**
 * Renders a value for an error message: JSON where possible (typed arrays by their kind,
 * non-finite numbers by name), cut to a readable length. Only the part that is shown is visited,
 * so a refusal costs the same for a value of a thousand bytes or a gigabyte.
 */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text = '';
  /** Appends; false once the text is longer than what is shown (the walk then stops). */
  const put = (piece: string): boolean => {
    text += piece;
    return text.length <= MAX_SHOWN;
  };
  const quoted = (s: string): string => JSON.stringify(s.length > MAX_SHOWN ? s.slice(0, MAX_SHOWN) : s);
  const walk = (v: unknown, depth: number): boolean => {
    if (typeof v === 'string') return put(quoted(v));
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === null) return put(String(v));
    if (typeof v !== 'object') return put(typeof v === 'undefined' ? 'null' : String(typeof v));
    if (ArrayBuffer.isView(v)) return put(`a ${v.constructor.name}`);
    if (depth >= MAX_SHOWN_DEPTH) return put('…');
    if (Array.isArray(v)) {
      if (!put('[')) return false;
      for (let i = 0; i < v.length; i++) if ((i > 0 && !put(',')) || !walk(v[i], depth + 1)) return false;
      return put(']');
    }
    if (!put('{')) return false;
    let first = true;
    for (const key in v) {
      if (!Object.hasOwn(v, key)) continue;
      if ((!first && !put(',')) || !put(`${quoted(key)}:`) || !walk((v as Record<string, unknown>)[key], depth + 1)) return false;
      first = false;
    }
    return put('}');
  };
  walk(value, 0);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** One line for people: `preset: got "huge", allowed: one of 'default', 'full'`. */
export function formatIssue(issue: SchemaIssue): string {
  const where = issue.field === '' ? 'payload' : issue.field;
  return `${where}: got ${issue.got}, allowed: ${issue.allowed}`;
}

function fail<T>(field: string, value: unknown, allowed: string): ParseResult<T> {
  return { ok: false, issue: { field, got: showValue(value), allowed } };
}

function child(field: string, key: string | number): string {
  if (typeof key === 'number') return `${field}[${key}]`;
  return field === '' ? key : `${field}.${key}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A string of a length, optionally matching a pattern. `allowed` says in words what the string may
 * be (a user reads it in the refusal; the default names the pattern, for developers).
 */
export function string(opts: { minLength?: number; maxLength?: number; pattern?: RegExp; allowed?: string } = {}): Schema<string> {
  const min = opts.minLength ?? 0;
  const max = opts.maxLength ?? 10_000;
  const describe = opts.allowed ?? `a string of ${min}..${max} characters${opts.pattern ? ` matching ${String(opts.pattern)}` : ''}`;
  return {
    describe,
    parse(value, field = '') {
      if (typeof value !== 'string' || value.length < min || value.length > max) return fail(field, value, describe);
      if (opts.pattern && !opts.pattern.test(value)) return fail(field, value, describe);
      return { ok: true, value };
    },
  };
}

export function number(opts: { min?: number; max?: number; integer?: boolean } = {}): Schema<number> {
  const kind = opts.integer ? 'an integer' : 'a finite number';
  const lo = opts.min ?? -Infinity;
  const hi = opts.max ?? Infinity;
  const range = Number.isFinite(lo) || Number.isFinite(hi) ? ` in [${lo}, ${hi}]` : '';
  const describe = `${kind}${range}`;
  return {
    describe,
    parse(value, field = '') {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(field, value, describe);
      if (opts.integer && !Number.isInteger(value)) return fail(field, value, describe);
      if (value < lo || value > hi) return fail(field, value, describe);
      return { ok: true, value };
    },
  };
}

export function boolean(): Schema<boolean> {
  const describe = 'true or false';
  return {
    describe,
    parse: (value, field = '') => (typeof value === 'boolean' ? { ok: true, value } : fail(field, value, describe)),
  };
}

/** One of a fixed list of strings (or numbers). */
export function oneOf<const T extends string | number>(choices: readonly T[]): Schema<T> {
  const describe = `one of ${choices.map((c) => (typeof c === 'string' ? `'${c}'` : String(c))).join(', ')}`;
  return {
    describe,
    parse(value, field = '') {
      return (choices as readonly unknown[]).includes(value) ? { ok: true, value: value as T } : fail(field, value, describe);
    },
  };
}

export function array<T>(item: Schema<T>, opts: { minItems?: number; maxItems?: number } = {}): Schema<T[]> {
  const min = opts.minItems ?? 0;
  const max = opts.maxItems ?? 100_000;
  const describe = `a list of ${min}..${max} items, each ${item.describe}`;
  return {
    describe,
    parse(value, field = '') {
      if (!Array.isArray(value) || value.length < min || value.length > max) return fail(field, value, describe);
      const out: T[] = [];
      for (let i = 0; i < value.length; i++) {
        const r = item.parse(value[i], child(field, i));
        if (!r.ok) return r;
        out.push(r.value);
      }
      return { ok: true, value: out };
    },
  };
}

/** Marks an object field as optional (absent or undefined). */
export interface OptionalSchema<T> extends Schema<T | undefined> {
  readonly optional: true;
}

export function optional<T>(inner: Schema<T>): OptionalSchema<T> {
  return {
    optional: true,
    describe: `${inner.describe} (optional)`,
    parse: (value, field = '') => (value === undefined ? { ok: true, value: undefined } : inner.parse(value, field)),
  };
}

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<S extends Shape> = Simplify<
  { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }
>;

/**
 * A plain object with exactly these fields: missing required fields and unknown fields are both
 * refused, so a typo in a payload is an error rather than silently ignored.
 */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  const keys = Object.keys(shape);
  const describe = keys.length === 0 ? 'an empty object {}' : `an object with fields ${keys.join(', ')}`;
  return {
    describe,
    parse(value, field = '') {
      if (!isPlainObject(value)) return fail(field, value, describe);
      for (const key of Object.keys(value)) {
        if (!Object.hasOwn(shape, key)) {
          const allowed = keys.length === 0 ? 'no fields' : `only the fields ${keys.join(', ')}`;
          return { ok: false, issue: { field: child(field, key), got: `an unknown field (${showValue(value[key])})`, allowed } };
        }
      }
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        const schema = shape[key] as Schema<unknown>;
        const r = schema.parse(value[key], child(field, key));
        if (!r.ok) return r;
        if (r.value !== undefined) out[key] = r.value;
      }
      return { ok: true, value: out as ObjectOf<S> };
    },
  };
}

/** The payload of a request that takes no arguments: `{}` (or nothing at all). */
export function empty(): Schema<Record<string, never>> {
  const inner = object({});
  return {
    describe: inner.describe,
    parse: (value, field = '') => (value === undefined ? { ok: true, value: {} } : inner.parse(value, field)),
  };
}

const TYPED_ARRAYS = {
  Uint8Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;

/** A typed array of the given kind (binary payloads such as an imported spike file). */
export function typedArray<N extends TypedArrayName>(
  name: N,
  opts: { maxLength?: number } = {},
): Schema<InstanceType<(typeof TYPED_ARRAYS)[N]>> {
  const ctor = TYPED_ARRAYS[name];
  const max = opts.maxLength ?? 2 ** 31 - 1;
  const describe = `a ${name} of at most ${max} elements`;
  return {
    describe,
    parse(value, field = '') {
      if (!(value instanceof ctor) || value.length > max) return fail(field, value, describe);
      return { ok: true, value: value as InstanceType<(typeof TYPED_ARRAYS)[N]> };
    },
  };
}

/**
 * Any plain object, checked no further here: for payloads another validator judges in full (a
 * parameter set goes through the engine's validator, which reports every problem at once).
 */
export function plainObject(): Schema<Record<string, unknown>> {
  const describe = 'an object';
  return {
    describe,
    parse: (value, field = '') => (isPlainObject(value) ? { ok: true, value } : fail(field, value, describe)),
  };
}
