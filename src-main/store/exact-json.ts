/**
 * JSON that keeps what statistics objects hold and plain JSON loses: NaN and +-Infinity (written as
 * {"$num":"NaN"} etc.) and typed arrays (written as plain arrays, read back as arrays). Pure.
 */
const NON_FINITE_KEY = '$num';

function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return { [NON_FINITE_KEY]: String(value) };
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>); // elements pass through the replacer again
  }
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === NON_FINITE_KEY) {
      const s = (value as Record<string, unknown>)[NON_FINITE_KEY];
      if (s === 'NaN') return NaN;
      if (s === 'Infinity') return Infinity;
      if (s === '-Infinity') return -Infinity;
    }
  }
  return value;
}

export function toExactJson(value: unknown): string {
  const text = JSON.stringify(value, replacer);
  if (text === undefined) throw new TypeError('value cannot be written as JSON');
  return text;
}

export function fromExactJson(text: string): unknown {
  return JSON.parse(text, reviver);
}
