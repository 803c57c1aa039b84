/**
 * Validation of a complete parameter set, before anything is built. Every problem is reported at
 * once, each naming the field, the value and what is allowed; unknown keys get the closest known key.
 */
import { NUM_POPS, type ParamSet } from './types.ts';

export interface ValidationIssue {
  /** Dotted path of the field, e.g. `net.conn_probs[2][3]`. */
  path: string;
  /** The offending value, as given (JSON-able). */
  value: unknown;
  /** What is allowed, e.g. `must be a probability in [0, 1)`. */
  message: string;
}

export class ParamValidationError extends Error {
  readonly issues: ValidationIssue[];
  constructor(issues: ValidationIssue[]) {
    super(formatIssues(issues));
    this.name = 'ParamValidationError';
    this.issues = issues;
  }
}

export function formatIssue(i: ValidationIssue): string {
  return `${i.path} = ${showValue(i.value)}: ${i.message}`;
}

export function formatIssues(issues: ValidationIssue[]): string {
  const head = issues.length === 1 ? '1 invalid parameter' : `${issues.length} invalid parameters`;
  return `${head}:\n` + issues.map((i) => `  - ${formatIssue(i)}`).join('\n');
}

function showValue(v: unknown): string {
  if (v === undefined) return '(missing)';
  v = issueValue(v);
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  let s: string;
  try {
    s = JSON.stringify(v);
  } catch {
    s = String(v);
  }
  if (s === undefined) s = String(v);
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}

// ---------------------------------------------------------------------------------------------
// Bounds: whatever the input holds, the issues and their messages stay short

/** Longest string an issue keeps whole (longer ones are cut, with their length said). */
const MAX_SHOWN_CHARS = 200;
/** Most leaves (numbers, strings, ...) and depth of a list or object an issue keeps as given. */
const MAX_SHOWN_LEAVES = 100;
const MAX_SHOWN_DEPTH = 4;
/** Unknown keys reported one by one per object; the rest are counted in one issue. */
const MAX_UNKNOWN_KEYS = 20;
/** Keys longer than this are cut in an issue's path and get no "did you mean". */
const MAX_KEY_CHARS = 64;

/** Whether a value is small enough to keep in an issue as given: visits at most `budget` leaves, never the whole of a large value. */
function isSmall(v: unknown, depth: number, budget: { leaves: number }): boolean {
  if (typeof v === 'string') return v.length <= MAX_SHOWN_CHARS && --budget.leaves >= 0;
  if (typeof v !== 'object' || v === null) return --budget.leaves >= 0;
  if (depth >= MAX_SHOWN_DEPTH) return false;
  if (Array.isArray(v)) {
    if (v.length > budget.leaves) return false;
    for (let i = 0; i < v.length; i++) if (!isSmall(v[i], depth + 1, budget)) return false;
    return true;
  }
  const keys = Object.keys(v);
  if (keys.length > budget.leaves) return false;
  return keys.every((k) => k.length <= MAX_KEY_CHARS && isSmall((v as Record<string, unknown>)[k], depth + 1, budget));
}

/**
 * The value an issue keeps: as given when it is small, else words that describe it (`a list of
 * 50000001 entries`, a string's start and length), so that no issue, message or reply grows with
 * what it is about.
 */
export function issueValue(v: unknown): unknown {
  if (isSmall(v, 0, { leaves: MAX_SHOWN_LEAVES })) return v;
  if (typeof v === 'string') return `${v.slice(0, MAX_SHOWN_CHARS)}… (${v.length} characters)`;
  if (Array.isArray(v)) return `a list of ${v.length} entries`;
  if (typeof v === 'object' && v !== null) {
    const keys = Object.keys(v);
    const some = keys.slice(0, 5).map((k) => JSON.stringify(cut(k)));
    return `an object with ${keys.length} keys (${some.join(', ')}${keys.length > some.length ? ', …' : ''})`;
  }
  return v;
}

function cut(key: string): string {
  return key.length > MAX_KEY_CHARS ? `${key.slice(0, MAX_KEY_CHARS)}…` : key;
}

/** An issue whose value is bounded (issueValue). */
function issue(path: string, value: unknown, message: string): ValidationIssue {
  return { path, value: issueValue(value), message };
}

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

interface NumRule {
  kind: 'num';
  integer?: boolean;
  min?: number;
  max?: number;
  /** Lower bound excluded. */
  gt?: number;
  /** Upper bound excluded. */
  lt?: number;
  /** Must be a multiple of sim.sim_resolution (checked after the leaves). */
  onGrid?: boolean;
  what?: string;
}
interface BoolRule {
  kind: 'bool';
}
interface EnumRule {
  kind: 'enum';
  values: readonly string[];
}
interface ArrayRule {
  kind: 'array';
  length: number;
  item: NumRule;
}
interface MatrixRule {
  kind: 'matrix';
  rows: number;
  cols: number;
  item: NumRule;
  nullable?: boolean;
}
interface StrArrayRule {
  kind: 'strarray';
  length: number;
}
interface SetRule {
  kind: 'set';
  values: readonly string[];
}
interface ObjRule {
  kind: 'obj';
  fields: Record<string, Rule>;
}
type Rule = NumRule | BoolRule | EnumRule | ArrayRule | MatrixRule | StrArrayRule | SetRule | ObjRule;

const num = (r: Omit<NumRule, 'kind'> = {}): NumRule => ({ kind: 'num', ...r });
const count = (): NumRule => num({ integer: true, min: 0, what: 'a non-negative integer' });
const prob = (): NumRule => num({ min: 0, lt: 1, what: 'a probability in [0, 1)' });
const nonneg = (): NumRule => num({ min: 0, what: 'a number >= 0' });
const positive = (): NumRule => num({ gt: 0, what: 'a number > 0' });
const gridTime = (): NumRule => num({ min: 0, onGrid: true, what: 'a time >= 0 ms' });
const arr8 = (item: NumRule): ArrayRule => ({ kind: 'array', length: NUM_POPS, item });
const bool = (): BoolRule => ({ kind: 'bool' });

export const PARAM_SCHEMA: ObjRule = {
  kind: 'obj',
  fields: {
    sim: {
      kind: 'obj',
      fields: {
        t_presim: gridTime(),
        t_sim: num({ gt: 0, onGrid: true, what: 'a time > 0 ms' }),
        sim_resolution: num({ gt: 0, max: 10, what: 'a step > 0 ms (and <= 10 ms), a multiple of 0.001 ms' }),
        rec_dev: { kind: 'set', values: ['spike_recorder', 'voltmeter'] },
        rng_seed: num({ integer: true, min: 1, max: 2 ** 31 - 1, what: 'an integer in [1, 2147483647]' }),
        local_num_threads: num({ integer: true, min: 1, max: 256, what: 'an integer in [1, 256]' }),
        rec_V_int: num({ gt: 0, onGrid: true, what: 'an interval > 0 ms' }),
        overwrite_files: bool(),
        print_time: bool(),
      },
    },
    net: {
      kind: 'obj',
      fields: {
        N_scaling: num({ gt: 0, max: 10, what: 'a scaling factor in (0, 10]' }),
        K_scaling: num({ gt: 0, max: 10, what: 'a scaling factor in (0, 10]' }),
        neuron_model: { kind: 'enum', values: ['iaf_psc_exp'] },
        populations: { kind: 'strarray', length: NUM_POPS },
        full_num_neurons: arr8(num({ integer: true, min: 1, max: 10_000_000, what: 'an integer in [1, 10000000]' })),
        full_mean_rates: arr8(nonneg()),
        conn_probs: { kind: 'matrix', rows: NUM_POPS, cols: NUM_POPS, item: prob() },
        PSP_exc_mean: num({ what: 'a PSP amplitude in mV' }),
        weight_rel_std: nonneg(),
        g: num({ what: 'a relative strength' }),
        delay_exc_mean: positive(),
        delay_inh_mean: positive(),
        delay_rel_std: nonneg(),
        PSP_matrix_mean: { kind: 'matrix', rows: NUM_POPS, cols: NUM_POPS, item: num({ what: 'a PSP in mV' }), nullable: true },
        delay_matrix_mean: { kind: 'matrix', rows: NUM_POPS, cols: NUM_POPS, item: positive(), nullable: true },
        poisson_input: bool(),
        K_ext: arr8(count()),
        bg_rate: nonneg(),
        delay_poisson: positive(),
        V0_type: { kind: 'enum', values: ['optimized', 'original'] },
        neuron_params: {
          kind: 'obj',
          fields: {
            V0_mean: { kind: 'obj', fields: { original: num(), optimized: arr8(num()) } },
            V0_std: { kind: 'obj', fields: { original: nonneg(), optimized: arr8(nonneg()) } },
            E_L: num(),
            V_th: num(),
            V_reset: num(),
            C_m: positive(),
            tau_m: positive(),
            tau_syn: positive(),
            t_ref: nonneg(),
          },
        },
      },
    },
    stim: {
      kind: 'obj',
      fields: {
        thalamic_input: bool(),
        th_start: gridTime(),
        th_duration: gridTime(),
        th_rate: nonneg(),
        num_th_neurons: num({ integer: true, min: 0, max: 1_000_000, what: 'an integer in [0, 1000000]' }),
        conn_probs_th: arr8(prob()),
        PSP_th: num({ min: 0, what: 'a PSP >= 0 mV' }),
        delay_th_mean: positive(),
        delay_th_rel_std: nonneg(),
        dc_input: bool(),
        dc_start: gridTime(),
        dc_dur: gridTime(),
        dc_amp: arr8(num({ what: 'a current factor in pA' })),
      },
    },
  },
};

// ---------------------------------------------------------------------------------------------

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}

export function closestKey(key: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const k = key.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(k, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface GridCheck {
  path: string;
  value: number;
}

function checkNum(rule: NumRule, v: unknown, path: string, issues: ValidationIssue[], grid: GridCheck[]): void {
  const what = rule.what ?? 'a finite number';
  if (typeof v !== 'number') {
    issues.push(issue(path, v, `must be ${what}, got ${v === null ? 'null' : typeof v}`));
    return;
  }
  if (!Number.isFinite(v)) {
    issues.push(issue(path, v, `must be ${what} (finite)`));
    return;
  }
  if (rule.integer && !Number.isInteger(v)) {
    issues.push(issue(path, v, `must be ${what} (an integer)`));
    return;
  }
  if ((rule.min !== undefined && v < rule.min) || (rule.max !== undefined && v > rule.max) ||
    (rule.gt !== undefined && v <= rule.gt) || (rule.lt !== undefined && v >= rule.lt)) {
    issues.push(issue(path, v, `must be ${what}`));
    return;
  }
  if (rule.onGrid) grid.push({ path, value: v });
}

function checkRule(rule: Rule, v: unknown, path: string, issues: ValidationIssue[], grid: GridCheck[]): void {
  switch (rule.kind) {
    case 'num':
      checkNum(rule, v, path, issues, grid);
      return;
    case 'bool':
      if (typeof v !== 'boolean') issues.push(issue(path, v, 'must be true or false'));
      return;
    case 'enum':
      if (typeof v !== 'string' || !rule.values.includes(v)) {
        issues.push(issue(path, v, `must be one of ${rule.values.map((s) => `"${s}"`).join(', ')}`));
      }
      return;
    case 'set': {
      if (!Array.isArray(v)) {
        issues.push(issue(path, v, `must be a list of ${rule.values.map((s) => `"${s}"`).join(', ')} (may be empty)`));
        return;
      }
      if (v.length > rule.values.length) {
        issues.push(issue(path, v, `must list each of ${rule.values.map((s) => `"${s}"`).join(', ')} at most once, got ${v.length} entries`));
        return;
      }
      const seen = new Set<string>();
      v.forEach((x, i) => {
        if (typeof x !== 'string' || !rule.values.includes(x)) {
          issues.push(issue(`${path}[${i}]`, x, `must be one of ${rule.values.map((s) => `"${s}"`).join(', ')}`));
        } else if (seen.has(x)) {
          issues.push(issue(`${path}[${i}]`, x, 'is listed twice'));
        } else seen.add(x);
      });
      return;
    }
    case 'strarray':
      if (!Array.isArray(v) || v.length !== rule.length) {
        issues.push(issue(path, v, `must be a list of ${rule.length} names`));
        return;
      }
      v.forEach((x, i) => {
        if (typeof x !== 'string' || x.length === 0) issues.push(issue(`${path}[${i}]`, x, 'must be a non-empty name'));
      });
      return;
    case 'array':
      if (!Array.isArray(v) || v.length !== rule.length) {
        issues.push(issue(path, v, `must be a list of ${rule.length} numbers (one per population L23E..L6I), got ${Array.isArray(v) ? `${v.length} entries` : typeof v}`));
        return;
      }
      v.forEach((x, i) => checkNum(rule.item, x, `${path}[${i}]`, issues, grid));
      return;
    case 'matrix': {
      if (v === null && rule.nullable) return;
      const shape = `a ${rule.rows}x${rule.cols} matrix [target][source]${rule.nullable ? ' or null (derived)' : ''}`;
      if (!Array.isArray(v) || v.length !== rule.rows) {
        issues.push(issue(path, v, `must be ${shape}, got ${Array.isArray(v) ? `${v.length} rows` : v === null ? 'null' : typeof v}`));
        return;
      }
      v.forEach((row, r) => {
        if (!Array.isArray(row) || row.length !== rule.cols) {
          issues.push(issue(`${path}[${r}]`, row, `must be a row of ${rule.cols} numbers (${shape}), got ${Array.isArray(row) ? `${row.length} entries` : typeof row}`));
          return;
        }
        row.forEach((x, c) => checkNum(rule.item, x, `${path}[${r}][${c}]`, issues, grid));
      });
      return;
    }
    case 'obj': {
      if (!isPlainObject(v)) {
        issues.push(issue(path || '(root)', v, `must be an object with keys ${Object.keys(rule.fields).join(', ')}`));
        return;
      }
      const known = Object.keys(rule.fields);
      // Own keys only: `constructor`, `toString` or `__proto__` are unknown keys like any other.
      const unknown = Object.keys(v).filter((key) => !Object.hasOwn(rule.fields, key));
      for (const key of unknown.slice(0, MAX_UNKNOWN_KEYS)) {
        const near = key.length <= MAX_KEY_CHARS ? closestKey(key, known) : undefined;
        const shown = cut(key);
        issues.push(issue(path ? `${path}.${shown}` : shown, v[key], `unknown key${near ? ` (did you mean "${path ? path + '.' : ''}${near}"?)` : ''}`));
      }
      if (unknown.length > MAX_UNKNOWN_KEYS) {
        issues.push(issue(path || '(root)', `${unknown.length} unknown keys`, `has ${unknown.length - MAX_UNKNOWN_KEYS} more unknown keys: only ${known.join(', ')} are allowed`));
      }
      for (const key of known) {
        const sub = path ? `${path}.${key}` : key;
        if (!Object.hasOwn(v, key)) {
          issues.push(issue(sub, undefined, 'is required'));
          continue;
        }
        checkRule(rule.fields[key], v[key], sub, issues, grid);
      }
      return;
    }
    default: {
      const never: never = rule;
      throw new Error(`unhandled rule ${JSON.stringify(never)}`);
    }
  }
}

/** True when t is an integer multiple of h (to 1e-9 relative). */
export function onGrid(tMs: number, hMs: number): boolean {
  const q = tMs / hMs;
  return Math.abs(q - Math.round(q)) <= 1e-9 * Math.max(1, Math.abs(q));
}

/**
 * Validates a complete parameter set (e.g. a preset with overrides merged in). Returns it typed, or
 * throws a ParamValidationError listing every problem.
 */
export function validateParams(input: unknown): ParamSet {
  const issues = collectIssues(input);
  if (issues.length > 0) throw new ParamValidationError(issues);
  return input as ParamSet;
}

/** All problems of a parameter set (empty when valid). */
export function collectIssues(input: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const grid: GridCheck[] = [];
  checkRule(PARAM_SCHEMA, input, '', issues, grid);
  if (!isPlainObject(input)) return issues;
  const p = input as unknown as ParamSet;
  const bad = new Set(issues.map((i) => i.path));
  const h = p.sim?.sim_resolution;
  if (typeof h === 'number' && !bad.has('sim.sim_resolution')) {
    if (!onGrid(h, 0.001)) {
      issues.push(issue('sim.sim_resolution', h, 'must be a multiple of 0.001 ms (NEST\'s time base)'));
    } else {
      for (const g of grid) {
        if (!onGrid(g.value, h)) {
          issues.push(issue(g.path, g.value, `must be a multiple of sim.sim_resolution (${h} ms)`));
        }
      }
    }
  }
  const np = p.net?.neuron_params;
  if (np && typeof np.V_reset === 'number' && typeof np.V_th === 'number' && np.V_reset >= np.V_th) {
    issues.push(issue('net.neuron_params.V_reset', np.V_reset, `must be below net.neuron_params.V_th (${np.V_th} mV)`));
  }
  if (typeof h === 'number' && h > 0) {
    const check = (path: string, v: unknown) => {
      if (typeof v === 'number' && Number.isFinite(v) && v > 0 && v < h && !bad.has(path)) {
        issues.push(issue(path, v, `must be >= sim.sim_resolution (${h} ms): a delay shorter than one step cannot be represented`));
      }
    };
    check('net.delay_poisson', p.net?.delay_poisson);
  }
  return issues;
}
