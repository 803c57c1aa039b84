/**
 * The options that make a parameter set, shared by every command that runs the engine
 * (`simulate` now; `sweep` and ensembles next): --preset, --params FILE, --set PATH=VALUE
 * (repeatable), --threads, --seed. `paramsFromOptions` composes and checks them exactly as the
 * app does (engine/params, engine/runnable.ts).
 */
import { composeParams, parsePath } from '../../engine/params/merge.ts';
import { PRESET_NAMES } from '../../engine/params/presets.ts';
import type { ParamSet, PresetName } from '../../engine/params/types.ts';
import type { ValidationIssue } from '../../engine/params/validate.ts';
import { assertRunnable, thisMachine, type MachineFacts } from '../../engine/runnable.ts';
import { choice, integer, jsonFile, option, optionWithDefault, parser, repeatable, UsageError } from './framework/index.ts';

/** The largest parameter file read (the full-scale set with every matrix is a few KiB). */
export const MAX_PARAMS_FILE_BYTES = 16 * 2 ** 20;

/** `path=value`: the path checked now (net.N_scaling, net.conn_probs[0][2]), the value as JSON or text later. */
const assignment = parser('PATH=VALUE', 'PATH=VALUE, e.g. net.N_scaling=0.5', (raw) => {
  const eq = raw.indexOf('=');
  if (eq <= 0) throw new UsageError('must be PATH=VALUE, e.g. net.N_scaling=0.5');
  try {
    parsePath(raw.slice(0, eq).trim());
  } catch {
    throw new UsageError(`the path ${JSON.stringify(raw.slice(0, eq))} is malformed: sections and keys separated by dots, indices in brackets (net.conn_probs[0][2])`);
  }
  return raw;
});

export const PARAM_OPTIONS = {
  preset: optionWithDefault<PresetName>(choice(PRESET_NAMES, 'NAME'), 'default', 'start from a preset: default (the NEST example as shipped, N = K = 0.1) or full'),
  params: option(
    jsonFile({ maxBytes: MAX_PARAMS_FILE_BYTES, what: 'a parameter file', metavar: 'FILE.json' }),
    'parameter file with sections sim, net, stim (NEST example key names)',
  ),
  set: repeatable(assignment, `override one parameter, e.g. --set net.N_scaling=0.5; JSON values: --set 'sim.rec_dev=["spike_recorder","voltmeter"]'`),
  threads: option(integer({ min: 1 }), 'shortcut for --set sim.local_num_threads=N'),
  seed: option(integer({ min: 1, max: 2 ** 31 - 1 }), 'shortcut for --set sim.rng_seed=N'),
};

export interface ParamOptionValues {
  preset: PresetName;
  params: { path: string; value: unknown } | undefined;
  set: string[];
  threads: number | undefined;
  seed: number | undefined;
}

/** The assignments the options make, in order: --set, then --threads and --seed. */
export function paramAssignments(o: Pick<ParamOptionValues, 'set' | 'threads' | 'seed'>): string[] {
  const sets = [...o.set];
  if (o.threads !== undefined) sets.push(`sim.local_num_threads=${o.threads}`);
  if (o.seed !== undefined) sets.push(`sim.rng_seed=${o.seed}`);
  return sets;
}

/**
 * The parameter set, checked by the engine's one validation for this machine (engine/runnable.ts,
 * as runs.start checks it), and its warnings; throws ParamValidationError listing every problem.
 */
export function paramsFromOptions(o: ParamOptionValues, machine: MachineFacts = thisMachine()): { params: ParamSet; warnings: ValidationIssue[] } {
  return assertRunnable(composeParams({ preset: o.preset, file: o.params?.value, sets: paramAssignments(o) }), machine);
}
