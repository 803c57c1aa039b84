/**
 * The parameter set of a NEST import, pure: mapping a parameter file (ours, or the NEST example's
 * sim/net/stim dicts dumped as JSON) onto a valid ParamSet, and inferring what the output files
 * tell when there is no file (N_scaling from the population sizes, the resolution and the window
 * from the spike times). Everything it changes or assumes is said in a note.
 */
import { deriveParams, meanDelayMatrix, meanPspMatrix, roundHalfEven } from '../../engine/params/derive.ts';
import { composeParams } from '../../engine/params/merge.ts';
import { defaultParams } from '../../engine/params/presets.ts';
import { NUM_POPS, type ParamSet } from '../../engine/params/types.ts';
import { collectIssues, formatIssue } from '../../engine/params/validate.ts';

/** Where the stored parameters came from. */
export type ParamsSource =
  /** A complete, valid parameter file in our format, used as it is. */
  | 'file'
  /** A parameter file mapped onto our format (the NEST example's dicts, missing or invalid keys): see the notes. */
  | 'mapped'
  /** No parameter file: the default preset with N_scaling, resolution and window inferred from the files. */
  | 'inferred';

export interface MappedParams {
  params: ParamSet;
  source: ParamsSource;
  notes: string[];
}

/** A parameter file that cannot be read as one (not an object, no sections). */
export class ParamsFileError extends Error {}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const SECTIONS = [
  ['sim', 'sim_dict'],
  ['net', 'net_dict'],
  ['stim', 'stim_dict'],
] as const;

function list(keys: string[], max = 8): string {
  return keys.length <= max ? keys.join(', ') : `${keys.slice(0, max).join(', ')} and ${keys.length - max} more`;
}

function sameMatrix(a: unknown, b: number[][]): boolean {
  return (
    Array.isArray(a) &&
    a.length === b.length &&
    a.every(
      (row, i) =>
        Array.isArray(row) &&
        row.length === b[i].length &&
        row.every((x, j) => typeof x === 'number' && Math.abs(x - b[i][j]) <= 1e-12 * Math.max(1, Math.abs(b[i][j]))),
    )
  );
}

/** Copies the keys of `raw` that `known` has (recursing into objects), collecting the others. */
function copyKnown(raw: Obj, known: Obj, path: string, unknown: string[]): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(raw)) {
    const p = `${path}.${k}`;
    if (!(k in known)) {
      unknown.push(p);
      continue;
    }
    out[k] = isObj(known[k]) && isObj(v) ? copyKnown(v, known[k] as Obj, p, unknown) : v;
  }
  return out;
}

/** Dotted paths of the leaves of `known` (arrays whole) that `given` lacks. */
function missingKeys(known: Obj, given: Obj, path: string): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(known)) {
    const p = path ? `${path}.${k}` : k;
    if (!(k in given)) out.push(p);
    else if (isObj(v) && isObj(given[k])) out.push(...missingKeys(v, given[k] as Obj, p));
  }
  return out;
}

/** The top-level key of an issue path: `net.conn_probs[2][3]` -> ['net', 'conn_probs']; neuron_params one deeper. */
function keyOfIssue(path: string): string[] {
  const parts = path.replace(/\[\d+\]/g, '').split('.');
  if (parts[1] === 'neuron_params') return parts.slice(0, parts[2] === 'V0_mean' || parts[2] === 'V0_std' ? 4 : 3);
  return parts.slice(0, 2);
}

function getAt(o: unknown, keys: string[]): unknown {
  return keys.reduce<unknown>((x, k) => (isObj(x) ? x[k] : undefined), o);
}

function setAt(o: Obj, keys: string[], v: unknown): void {
  let x = o;
  for (const k of keys.slice(0, -1)) {
    if (!isObj(x[k])) x[k] = {};
    x = x[k] as Obj;
  }
  x[keys[keys.length - 1]] = structuredClone(v);
}

/**
 * Maps a parsed parameter file onto a valid ParamSet. Accepts our format (sections sim, net, stim)
 * and the NEST example's dicts dumped as JSON (sim_dict, net_dict, stim_dict, or the same under
 * sim/net/stim): the example's `data_path` is dropped, a scalar `dc_amp` becomes one factor per
 * population, PSP and delay matrices equal to the ones derived from PSP_exc_mean, g and the mean
 * delays become null (derived), `bg_input_type` of the INM-6 successor maps to poisson_input. Keys we
 * do not know are dropped; missing or invalid ones take the default preset's values. All of that is
 * noted. Throws ParamsFileError when `raw` has none of the sections.
 */
export function mapParamsFile(raw: unknown): MappedParams {
  if (!isObj(raw)) throw new ParamsFileError('a parameter file must hold a JSON object with sections sim, net, stim');
  const preset = defaultParams() as unknown as Obj;
  const notes: string[] = [];
  const unknown: string[] = [];
  let changed = false;
  const over: Obj = {};
  let found = 0;
  for (const [ours, theirs] of SECTIONS) {
    const section = isObj(raw[ours]) ? raw[ours] : isObj(raw[theirs]) ? raw[theirs] : undefined;
    if (section === undefined) continue;
    found++;
    if (!isObj(raw[ours])) changed = true;
    const s: Obj = { ...section };
    if (ours === 'sim' && 'data_path' in s) {
      delete s.data_path;
      notes.push(`sim.data_path (${JSON.stringify(section.data_path)}) is where NEST wrote its files; not kept`);
      changed = true;
    }
    if (ours === 'net' && 'bg_input_type' in s && !('poisson_input' in s)) {
      s.poisson_input = s.bg_input_type === 'poisson' ? true : s.bg_input_type === 'dc' ? false : s.bg_input_type;
      delete s.bg_input_type;
      notes.push(`net.bg_input_type ${JSON.stringify(section.bg_input_type)} is net.poisson_input ${JSON.stringify(s.poisson_input)}`);
      changed = true;
    }
    if (ours === 'stim' && typeof s.dc_amp === 'number') {
      s.dc_amp = new Array<number>(NUM_POPS).fill(s.dc_amp);
      changed = true;
    }
    over[ours] = copyKnown(s, preset[ours] as Obj, ours, unknown);
  }
  if (found === 0) {
    throw new ParamsFileError('found none of the sections sim, net, stim (nor the NEST example\'s sim_dict, net_dict, stim_dict)');
  }
  if (unknown.length > 0) {
    notes.push(`unknown keys dropped: ${list(unknown)}`);
    changed = true;
  }
  const missing = missingKeys(preset, over, '');
  if (missing.length > 0) {
    notes.push(`not in the file, the default preset's values are used: ${list(missing)}`);
    changed = true;
  }
  const merged = composeParams({ preset: 'default', file: over }) as Obj;
  // Invalid values: each key with a problem takes the preset's value.
  for (let round = 0; round < 3; round++) {
    const issues = collectIssues(merged);
    if (issues.length === 0) break;
    const reverted = new Set<string>();
    for (const issue of issues) {
      const keys = keyOfIssue(issue.path);
      const id = keys.join('.');
      if (reverted.has(id)) continue;
      reverted.add(id);
      setAt(merged, keys, getAt(preset, keys));
      notes.push(`${formatIssue(issue)}: the default preset's ${id} is used`);
    }
    changed = true;
  }
  if (collectIssues(merged).length > 0) throw new ParamsFileError('the parameter file cannot be mapped onto a valid parameter set');
  const params = merged as unknown as ParamSet;
  // Matrices that the example computes from scalars (its net_dict always holds them): null, i.e.
  // derived, when they agree with the derived ones, which builds the same network.
  const net = params.net;
  if (net.PSP_matrix_mean !== null && sameMatrix(net.PSP_matrix_mean, meanPspMatrix({ ...params, net: { ...net, PSP_matrix_mean: null } }))) {
    net.PSP_matrix_mean = null;
  }
  if (net.delay_matrix_mean !== null && sameMatrix(net.delay_matrix_mean, meanDelayMatrix({ ...params, net: { ...net, delay_matrix_mean: null } }))) {
    net.delay_matrix_mean = null;
  }
  return { params, source: changed ? 'mapped' : 'file', notes };
}

/**
 * The N_scaling that turns the full-scale population sizes into `sizes` (numpy rounding), preferring
 * the shortest decimal; null when none does.
 */
export function inferNScaling(sizes: readonly number[], full: readonly number[]): number | null {
  if (sizes.length !== full.length || sizes.length === 0) return null;
  const total = sizes.reduce((a, b) => a + b, 0);
  const fullTotal = full.reduce((a, b) => a + b, 0);
  const exact = total / fullTotal;
  const fits = (n: number): boolean => n > 0 && full.every((f, i) => roundHalfEven(f * n) === sizes[i]);
  for (let digits = 1; digits <= 8; digits++) {
    const candidate = Number(exact.toPrecision(digits));
    if (fits(candidate)) return candidate;
  }
  return fits(exact) ? exact : null;
}

/** Resolutions tried when no parameter file gives one, coarsest first. */
export const CANDIDATE_RESOLUTIONS_MS = [0.1, 0.05, 0.025, 0.02, 0.01, 0.005, 0.002, 0.001] as const;

/** True when t is a whole number of steps of h (times printed with 3 decimals). */
export function onStepGrid(tMs: number, hMs: number): boolean {
  const q = tMs / hMs;
  return Math.abs(q - Math.round(q)) <= 1e-6;
}

/** The coarsest candidate resolution every time lies on (null when none fits). */
export function inferResolution(times: readonly Float64Array[]): number | null {
  for (const h of CANDIDATE_RESOLUTIONS_MS) {
    if (times.every((ts) => ts.every((t) => onStepGrid(t, h)))) return h;
  }
  return null;
}

/**
 * The analysis window when no parameter file gives it. NEST's files hold only the simulation phase
 * (t_presim, t_presim + t_sim], so the first spike lies just after t_presim and the last at or just
 * before the end: the preset's window when the spikes fit it snugly, else the spikes' range widened
 * to whole 100 ms.
 */
export function inferWindow(tFirstMs: number, tLastMs: number, hMs: number, preset: { t_presim: number; t_sim: number }): { t_presim: number; t_sim: number } {
  const end = preset.t_presim + preset.t_sim;
  if (tFirstMs > preset.t_presim && tFirstMs <= preset.t_presim + 100 && tLastMs <= end + 1e-9 && tLastMs > end - 100) {
    return { t_presim: preset.t_presim, t_sim: preset.t_sim };
  }
  const us = (ms: number): number => Math.round(ms * 1000);
  const t0 = Math.floor((us(tFirstMs) - us(hMs)) / 100_000) * 100_000;
  const t1 = Math.max(t0 + 100_000, Math.ceil(us(tLastMs) / 100_000) * 100_000);
  return { t_presim: t0 / 1000, t_sim: (t1 - t0) / 1000 };
}

/** Neurons per population that a parameter set builds (for checking it against population_nodeids.dat). */
export function populationSizes(params: ParamSet): number[] {
  return deriveParams(params).numNeurons;
}
