/**
 * Reading and immutably writing a parameter set by path, in the validator's notation
 * (`net.conn_probs[2][3]`, `net.neuron_params.V0_mean.optimized[4]`). Pure.
 */
import { parsePath } from '../../../engine/params/merge.ts';

type PathSegments = (string | number)[];

const parsed = new Map<string, PathSegments>();

/** parsePath, memoised (the editor asks for the same few hundred paths on every edit). */
function segmentsOf(path: string): PathSegments {
  let s = parsed.get(path);
  if (!s) {
    s = parsePath(path);
    parsed.set(path, s);
  }
  return s;
}

function isContainer(v: unknown): v is Record<string | number, unknown> {
  return typeof v === 'object' && v !== null;
}

/** The value at `path`, or undefined when any step is missing. */
export function getIn(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const key of segmentsOf(path)) {
    if (!isContainer(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** True when `path` names an existing key (an unknown key from a file included). */
export function hasIn(root: unknown, path: string): boolean {
  const segs = segmentsOf(path);
  let node: unknown = root;
  for (let i = 0; i < segs.length; i++) {
    if (!isContainer(node) || !(segs[i] in node)) return false;
    node = node[segs[i]];
  }
  return true;
}

function copyOf(node: unknown, nextKey: string | number): Record<string | number, unknown> {
  if (Array.isArray(node)) return node.slice() as unknown as Record<number, unknown>;
  if (isContainer(node)) return { ...node };
  return (typeof nextKey === 'number' ? [] : {}) as Record<string | number, unknown>;
}

/**
 * A copy of `root` with `value` at `path`: the objects and arrays along the path are copied,
 * everything else is shared. `root` is not modified.
 */
export function setIn<T>(root: T, path: string, value: unknown): T {
  const segs = segmentsOf(path);
  const write = (node: unknown, i: number): unknown => {
    const out = copyOf(node, segs[i]);
    out[segs[i]] = i === segs.length - 1 ? value : write(isContainer(node) ? node[segs[i]] : undefined, i + 1);
    return out;
  };
  return write(root, 0) as T;
}

/** A copy of `root` without the key at `path` (for an unknown key read from a file). */
export function deleteIn<T>(root: T, path: string): T {
  const segs = segmentsOf(path);
  const drop = (node: unknown, i: number): unknown => {
    if (!isContainer(node) || !(segs[i] in node)) return node;
    const out = copyOf(node, segs[i]);
    if (i === segs.length - 1) {
      if (Array.isArray(out)) out.splice(segs[i] as number, 1);
      else delete out[segs[i]];
    } else out[segs[i]] = drop(node[segs[i]], i + 1);
    return out;
  };
  return drop(root, 0) as T;
}

/** `net.conn_probs` + 2 -> `net.conn_probs[2]`. */
export function indexPath(base: string, ...indices: number[]): string {
  return base + indices.map((i) => `[${i}]`).join('');
}

/** The path without its trailing indices (written once, beside the field specs). */
export { basePath } from '../../../engine/params/field-specs.ts';

/** True when `path` is `prefix` or lies below it (`net.K_ext[3]` is under `net.K_ext`). */
export function isUnder(path: string, prefix: string): boolean {
  if (path === prefix) return true;
  if (!path.startsWith(prefix)) return false;
  const next = path.charAt(prefix.length);
  return next === '[' || next === '.';
}

/** `net.conn_probs[2][3]`, `net.conn_probs[2]`, `net.conn_probs`, `net`. */
function pathAndAncestors(path: string): string[] {
  const out: string[] = [];
  for (let p = path; p !== ''; p = p.replace(/(\[\d+\]|\.[^.[\]]+|^[^.[\]]+)$/, '')) out.push(p);
  return out;
}

/** The paths given and every path above them, for an O(1) "is this or something below it listed?". */
export function pathsAndAncestors(paths: string[]): ReadonlySet<string> {
  return new Set(paths.flatMap(pathAndAncestors));
}

/** A DOM id fragment for a path (ids may not hold brackets comfortably in selectors). */
export function pathId(path: string): string {
  return path.replace(/[^A-Za-z0-9_]+/g, '-').replace(/-+$/, '');
}

/** The NEST key a researcher knows a field by: `net.neuron_params.V0_mean.original` -> `V0_mean.original`. */
export function nestKey(path: string): string {
  return path.replace(/^(net\.neuron_params|sim|net|stim)\./, '');
}
