/**
 * `npm run sweep`: vary one or two parameters over a list or a range, several seeds per point,
 * every run stored in the run database and linked to its batch (src-main/batches/). The spec
 * comes from the options (--vary, --seeds and the parameter options of simulate) or from a JSON
 * file (--spec; its schema is src-main/batches/spec.ts). --resume ID makes a stopped batch's
 * missing runs.
 */
import { MAX_BATCH_SEEDS } from '../common/limits.ts';
import { parseAxisText, type AxisInput } from '../batches/axes.ts';
import { MAX_SPEC_FILE_BYTES, parseBatchSpec, SpecError, type BatchSpec } from '../batches/spec.ts';
import { PRESET_NAMES } from '../../engine/params/presets.ts';
import type { PresetName } from '../../engine/params/types.ts';
import { ParamValidationError } from '../../engine/params/validate.ts';
import { planForCli, runBatchCli } from './batch-execution.ts';
import { BATCH_RUN_OPTIONS, batchCliOptions, givenOptions } from './batch-options.ts';
import { choice, command, flag, integer, jsonFile, option, parser, repeatable, UsageError, type Program } from './framework/index.ts';
import { PARAM_OPTIONS, paramAssignments } from './param-options.ts';
import { explainStoreError, RUN_ID, RUN_NAME, RUN_TAG } from './runs-command.ts';
import { STORE_OPTIONS } from './store-options.ts';

/** `PATH=FROM:TO:STEP` or `PATH=V1,V2,…`, checked for its form now (the path is checked against the parameters when planned). */
const axisArg = parser('PATH=VALUES', 'PATH=FROM:TO:STEP or PATH=V1,V2,…, e.g. net.g=-6:-3:0.5 or net.bg_rate=6,8,10', (raw): AxisInput => {
  try {
    return parseAxisText(raw);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
});

const SPEC_EXCLUDES = ['preset', 'params', 'set', 'threads', 'seed', 'vary', 'seeds', 'name', 'tag'] as const;

export const SWEEP = command({
  name: 'sweep',
  summary: 'run a parameter sweep: one or two parameters varied, several seeds per point, every run stored',
  description:
    'Every point is checked with the engine\'s validator before anything runs, and the time, peak memory and disk are estimated (asked above 10 min, 1 GiB or 200 runs; --yes starts without asking). ' +
    'Each point runs the seeds S, S+1, … (S: --seed, else the preset\'s or the parameter file\'s sim.rng_seed), so a sweep is reproducible. ' +
    'Ctrl-C cancels the batch; --resume ID makes only its missing runs. A JSON spec (--spec) holds name, base {preset, params, set}, vary [{path, values | range {from, to, step}}], seeds {count, first} and tags (see src-main/batches/spec.ts).',
  options: {
    ...PARAM_OPTIONS,
    preset: option<PresetName>(choice(PRESET_NAMES, 'NAME'), 'start from a preset: default (the NEST example as shipped, N = K = 0.1) or full (default: default)'),
    vary: repeatable(axisArg, 'vary a parameter: PATH=FROM:TO:STEP (TO included) or PATH=V1,V2,…; once or twice'),
    seeds: option(integer({ min: 1, max: MAX_BATCH_SEEDS }), 'runs per point, seeds S, S+1, … (default 1)'),
    spec: option(jsonFile({ maxBytes: MAX_SPEC_FILE_BYTES, what: 'a batch spec', metavar: 'FILE.json' }), 'the whole sweep as a JSON spec (instead of --vary, --seeds and the parameter options)'),
    name: option(RUN_NAME, 'name of the batch (its runs are named after it, the point and the seed)'),
    tag: repeatable(RUN_TAG, 'tag every run of the batch'),
    resume: option(RUN_ID, 'make the missing runs of batch ID (cancelled, interrupted, or never started)', { metavar: 'ID' }),
    'retry-failed': flag('with --resume: run the failed runs again too'),
    ...BATCH_RUN_OPTIONS,
    quiet: flag('no progress output', { short: 'q' }),
    ...STORE_OPTIONS,
  },
  examples: [
    'npm run sweep -- --preset default --vary net.g=-6:-3:0.5 --vary net.bg_rate=6,8,10 --seeds 3',
    "npm run sweep -- --vary 'net.conn_probs[4][5]=0.3,0.35,0.4' --set sim.t_sim=500 --seeds 5 --jobs 2",
    'npm run sweep -- --spec sweep.json --yes',
    'npm run sweep -- --resume 3',
  ],
  async run({ options: o }, ctx) {
    const cli = batchCliOptions(o);
    const invocation = 'npm run sweep --';
    if (o.resume !== undefined) {
      const given = givenOptions(o, [...SPEC_EXCLUDES, 'spec']);
      if (given.length > 0) throw new UsageError(`--resume makes the runs of a stored batch from its own spec: leave out ${given.map((k) => `--${k}`).join(', ')}`);
      if (cli.dryRun) throw new UsageError('--dry-run plans a new batch; with --resume there is nothing to plan (see npm run runs -- batch ID)');
      return runBatchCli({ resume: o.resume, retryFailed: o['retry-failed'] }, cli, ctx, invocation);
    }
    if (o['retry-failed']) throw new UsageError('--retry-failed goes with --resume ID');
    let spec: BatchSpec;
    if (o.spec !== undefined) {
      const given = givenOptions(o, SPEC_EXCLUDES);
      if (given.length > 0) throw new UsageError(`--spec holds the whole sweep: leave out ${given.map((k) => `--${k}`).join(', ')} (or write them into the spec)`);
      try {
        spec = parseBatchSpec(o.spec.value);
      } catch (e) {
        if (e instanceof SpecError) throw new UsageError(`--spec = ${JSON.stringify(o.spec.path)}: ${e.message}`, { usage: false });
        throw e;
      }
    } else {
      if (o.vary.length === 0) throw new UsageError('give --vary PATH=VALUES (once or twice), or --spec FILE; for seeds only: npm run simulate -- --seeds N');
      spec = {
        name: o.name,
        base: { preset: o.preset ?? 'default', params: o.params?.value as Record<string, unknown> | undefined, set: paramAssignments(o) },
        vary: o.vary,
        seeds: { count: o.seeds ?? 1 },
        tags: o.tag,
      };
    }
    const plan = await planForCli(spec, cli, ctx.io);
    if (plan === null) return;
    return runBatchCli({ spec }, cli, ctx, invocation);
  },
});

export const SWEEP_PROGRAM: Program = {
  name: 'sweep',
  invocation: 'npm run sweep --',
  root: SWEEP,
  explain: (e) => {
    if (e instanceof SpecError) return new UsageError(e.message, { usage: false });
    if (e instanceof ParamValidationError) return new UsageError(e.message, { usage: false });
    return explainStoreError(e);
  },
};
