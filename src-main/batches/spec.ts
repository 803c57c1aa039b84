/**
 * A batch spec: what a sweep or an ensemble of seeds runs, as the CLI's `--spec FILE`, the
 * command-line options and the contract's `batches.plan` / `batches.start` give it. Its schema is
 * checked with the project's payload validator (src-main/common/schema.ts), so a bad spec names
 * the field, the value and what is allowed, whichever way it came.
 *
 *   {
 *     "name": "g against background rate",            optional (default: made from the axes)
 *     "base": {                                       optional: the parameters every run shares
 *       "preset": "default",                          default (N = K = 0.1) or full; default: default
 *       "params": { "sim": { "t_sim": 500 } },         a parameter file's contents, merged onto the preset
 *       "set": ["sim.local_num_threads=1"]             PATH=VALUE assignments, applied last
 *     },
 *     "vary": [                                       0, 1 or 2 axes (none: an ensemble of seeds)
 *       { "path": "net.g", "range": { "from": -6, "to": -3, "step": 0.5 } },
 *       { "path": "net.bg_rate", "values": [6, 8, 10] }
 *     ],
 *     "seeds": { "count": 3, "first": 55 },           runs per point and their seeds first, first + 1, …
 *                                                     (first: the base's sim.rng_seed when absent)
 *     "tags": ["sweep-g"]                             tags of every run
 *   }
 *
 * Sizes are bounded (src-main/common/limits.ts): at most MAX_BATCH_AXES axes of MAX_AXIS_VALUES
 * values, MAX_BATCH_POINTS points, MAX_BATCH_SEEDS seeds per point, MAX_BATCH_RUNS runs in all.
 */
import { PRESET_NAMES } from '../../engine/params/presets.ts';
import type { PresetName } from '../../engine/params/types.ts';
import {
  MAX_AXIS_VALUES,
  MAX_BATCH_AXES,
  MAX_BATCH_SEEDS,
  MAX_NAME_LENGTH,
  MAX_TAG_LENGTH,
} from '../common/limits.ts';
import * as s from '../common/schema.ts';
import type { AxisInput } from './axes.ts';

/** The most `base.set` assignments a spec holds. */
export const MAX_SPEC_ASSIGNMENTS = 200;
/** The largest spec file the CLI reads (a full parameter set with every matrix is a few KiB). */
export const MAX_SPEC_FILE_BYTES = 1 << 20;

/** The largest seed the engine takes (sim.rng_seed). */
export const MAX_SEED = 2 ** 31 - 1;

export interface BatchSpec {
  name?: string;
  base?: { preset?: PresetName; params?: Record<string, unknown>; set?: string[] };
  vary?: AxisInput[];
  seeds?: { count: number; first?: number };
  tags?: string[];
}

const finite = s.number();

const axisSchema = s.object({
  path: s.string({ minLength: 1, maxLength: 200 }),
  values: s.optional(s.array(finite, { minItems: 1, maxItems: MAX_AXIS_VALUES })),
  range: s.optional(s.object({ from: finite, to: finite, step: finite })),
});

/** The schema of a batch spec (the contract's payload field `spec`, the CLI's --spec file). */
export const BATCH_SPEC_SCHEMA: s.Schema<BatchSpec> = s.object({
  name: s.optional(s.string({ minLength: 1, maxLength: MAX_NAME_LENGTH })),
  base: s.optional(
    s.object({
      preset: s.optional(s.oneOf(PRESET_NAMES)),
      params: s.optional(s.plainObject()),
      set: s.optional(s.array(s.string({ minLength: 3, maxLength: 10_000, pattern: /^[^=]+=/ }), { maxItems: MAX_SPEC_ASSIGNMENTS })),
    }),
  ),
  vary: s.optional(s.array(axisSchema, { maxItems: MAX_BATCH_AXES })),
  seeds: s.optional(
    s.object({
      count: s.number({ integer: true, min: 1, max: MAX_BATCH_SEEDS }),
      first: s.optional(s.number({ integer: true, min: 1, max: MAX_SEED })),
    }),
  ),
  tags: s.optional(s.array(s.string({ minLength: 1, maxLength: MAX_TAG_LENGTH, pattern: /^\S+$/ }), { maxItems: 50 })),
});

/**
 * A spec that cannot be planned: the field of the spec (`vary[0].range.step`, '' for the whole
 * spec), and the reason with the value it got.
 */
export class SpecError extends Error {
  readonly field: string;
  readonly reason: string;
  constructor(field: string, reason: string) {
    super(`${field === '' ? 'the batch spec' : field}: ${reason}`);
    this.name = 'SpecError';
    this.field = field;
    this.reason = reason;
  }

  static fromIssue(issue: s.SchemaIssue): SpecError {
    return new SpecError(issue.field, `got ${issue.got}, allowed: ${issue.allowed}`);
  }
}

/** Checks an untrusted spec (a parsed JSON file) against the schema; throws SpecError. */
export function parseBatchSpec(value: unknown): BatchSpec {
  const r = BATCH_SPEC_SCHEMA.parse(value);
  if (!r.ok) throw SpecError.fromIssue(r.issue);
  return r.value;
}
