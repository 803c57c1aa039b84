/**
 * The localhost transport's message encoding. Plain values travel as JSON text. A value holding
 * typed arrays (spike senders and steps, voltage traces) travels as one binary frame, so large
 * arrays are not inflated by JSON or base64:
 *
 *   bytes 0..3   magic "MCS1"
 *   bytes 4..7   header length H (uint32, little endian)
 *   bytes 8..    header: UTF-8 JSON of the value, each typed array replaced by
 *                {"$typed": [kind, byteOffset, length]} (byteOffset into the body)
 *   then         zero padding to a multiple of 8, then the body: the arrays' bytes, each
 *                starting at a multiple of 8 (so every kind can be viewed without copying)
 *
 * Numbers JSON cannot hold (NaN, Infinity, -Infinity: statistics of silent populations) travel as
 * {"$num": "NaN"} and come back as numbers, in text and frames alike, so both transports deliver
 * what structured clone would.
 *
 * Over Electron IPC none of this is needed: structured clone carries typed arrays as they are.
 * Pure code: runs in the renderer (browser) and in Node alike. Little-endian byte order is assumed
 * on both ends (every platform Electron supports).
 */

import { jsonTooDeepAt, MAX_JSON_DEPTH } from './json-limits.ts';

const MAGIC = [0x4d, 0x43, 0x53, 0x31]; // "MCS1"
const TYPED_KEY = '$typed';
const NUM_KEY = '$num';

/** JSON.stringify replacer part: non-finite numbers as {"$num": "NaN" | "Infinity" | "-Infinity"}. */
function keepNumber(v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? { [NUM_KEY]: String(v) } : v;
}

/** JSON.parse reviver part: {"$num": ...} back to the number; anything else unchanged. */
function reviveNumber(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || !Object.hasOwn(v, NUM_KEY)) return v;
  const keys = Object.keys(v);
  const text = (v as Record<string, unknown>)[NUM_KEY];
  if (keys.length !== 1) return v;
  if (text === 'NaN') return NaN;
  if (text === 'Infinity') return Infinity;
  if (text === '-Infinity') return -Infinity;
  throw new WireError(`bad number ${JSON.stringify(text)}`);
}

const textReplacer = (_key: string, v: unknown): unknown => keepNumber(v);
const textReviver = (_key: string, v: unknown): unknown => reviveNumber(v);

const KINDS = {
  Int8Array,
  Uint8Array,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
} as const;
type Kind = keyof typeof KINDS;
type AnyTypedArray = InstanceType<(typeof KINDS)[Kind]>;

export const WIRE_CONTENT_TYPE = 'application/vnd.microcircuit.wire';

function kindOf(value: unknown): Kind | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  const name = value.constructor.name;
  return Object.hasOwn(KINDS, name) ? (name as Kind) : null;
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

/** Whether the value holds typed arrays anywhere (then it needs a binary frame). */
function hasBinary(value: unknown): boolean {
  if (kindOf(value)) return true;
  if (Array.isArray(value)) return value.some(hasBinary);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasBinary);
  return false;
}

/** Encodes a value: JSON text when it has no typed arrays, else a binary frame. */
export function encodeWire(value: unknown): string | Uint8Array<ArrayBuffer> {
  if (!hasBinary(value)) return JSON.stringify(value ?? null, textReplacer);
  const arrays: AnyTypedArray[] = [];
  const offsets: number[] = [];
  let bodyLength = 0;
  const header = JSON.stringify(value, (_key, v: unknown) => {
    const kind = kindOf(v);
    if (!kind) return keepNumber(v);
    const arr = v as AnyTypedArray;
    arrays.push(arr);
    offsets.push(bodyLength);
    const at = bodyLength;
    bodyLength = align8(bodyLength + arr.byteLength);
    return { [TYPED_KEY]: [kind, at, arr.length] };
  });
  const headerBytes = new TextEncoder().encode(header);
  const bodyStart = align8(8 + headerBytes.length);
  const out = new Uint8Array(bodyStart + bodyLength);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  for (let i = 0; i < arrays.length; i++) {
    const a = arrays[i] as AnyTypedArray;
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), bodyStart + (offsets[i] as number));
  }
  return out;
}

/** Whether these bytes start a binary frame. */
function isWireFrame(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && MAGIC.every((b, i) => bytes[i] === b);
}

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

/** Bounds a decoder applies to what it is given (the server's to every request). */
export interface WireLimits {
  /** Largest JSON text, or JSON header of a frame, in bytes (default: none). Typed arrays travel in a frame's body, copied one to one. */
  maxTextBytes?: number;
  /** Deepest nesting of lists and objects (default MAX_JSON_DEPTH). */
  maxDepth?: number;
}

/** Refuses JSON text (or a frame's header) of more bytes than the limit, before it is decoded. */
function checkTextBytes(bytes: number, limits: WireLimits): void {
  if (limits.maxTextBytes !== undefined && bytes > limits.maxTextBytes) {
    throw new WireError(`the JSON part is ${bytes} bytes: at most ${limits.maxTextBytes} (large data travels as typed arrays in a binary frame)`);
  }
}

/** The text, once its nesting is known to be within the limit (before it is parsed). */
function checkedDepth(text: string, limits: WireLimits): string {
  const maxDepth = limits.maxDepth ?? MAX_JSON_DEPTH;
  const at = jsonTooDeepAt(text, maxDepth);
  if (at >= 0) throw new WireError(`the JSON part is nested more than ${maxDepth} levels deep (at character ${at})`);
  return text;
}

/**
 * Decodes JSON text or a binary frame (ArrayBuffer or a Uint8Array view, e.g. a Node Buffer).
 * Every size is checked before it is allocated: the text's length and nesting (limits), each
 * array's range within the body, and the arrays in body order without overlap, so that the
 * arrays decoded never hold more bytes than the body.
 */
export function decodeWire(data: string | ArrayBuffer | Uint8Array, limits: WireLimits = {}): unknown {
  if (typeof data === 'string') {
    checkTextBytes(data.length, limits);
    return JSON.parse(checkedDepth(data, limits), textReviver) as unknown;
  }
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (!isWireFrame(bytes)) {
    checkTextBytes(bytes.length, limits);
    return JSON.parse(checkedDepth(new TextDecoder().decode(bytes), limits), textReviver) as unknown;
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (8 + headerLength > bytes.length) throw new WireError('binary frame: header runs past the end');
  checkTextBytes(headerLength, limits);
  const header = checkedDepth(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)), limits);
  const bodyStart = align8(8 + headerLength);
  // Arrays lie in the body in the order the header names them (as encodeWire writes them), each
  // after the end of the one before: no byte of the body is decoded twice.
  let bodyUsed = bodyStart;
  return JSON.parse(header, (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, TYPED_KEY)) return reviveNumber(v);
    const spec = (v as Record<string, unknown>)[TYPED_KEY];
    if (!Array.isArray(spec) || spec.length !== 3) throw new WireError('binary frame: bad typed-array reference');
    const [kind, offset, length] = spec as [unknown, unknown, unknown];
    if (typeof kind !== 'string' || !Object.hasOwn(KINDS, kind)) throw new WireError(`binary frame: unknown kind ${JSON.stringify(String(kind).slice(0, 40))}`);
    if (!Number.isInteger(offset) || !Number.isInteger(length) || (offset as number) < 0 || (length as number) < 0) {
      throw new WireError('binary frame: bad offset or length');
    }
    const ctor = KINDS[kind as Kind];
    const start = bodyStart + (offset as number);
    const end = start + (length as number) * ctor.BYTES_PER_ELEMENT;
    if (end > bytes.length) throw new WireError('binary frame: array runs past the end');
    if (start < bodyUsed) throw new WireError('binary frame: the arrays overlap or are out of order (each must follow the one before in the body)');
    bodyUsed = end;
    // Copy out, so the result owns an aligned buffer whatever the source's byteOffset was (not
    // bytes.slice: on a Node Buffer that is a view into a shared pool, not a copy).
    const copy = new Uint8Array(end - start);
    copy.set(bytes.subarray(start, end));
    return new ctor(copy.buffer, 0, length as number);
  }) as unknown;
}
