/**
 * `npm run simulate`: the engine's headless runner (engine/cli/headless.ts) with the parameters
 * from the command line, storing the run in the run database as the app does unless --no-db.
 */
import { CancelledError } from '../../engine/api.ts';
import { runHeadless } from '../../engine/cli/headless.ts';
import { MemoryGuardError } from '../../engine/memory.ts';
import { formatIssue, ParamValidationError } from '../../engine/params/validate.ts';
import { RunStoreError } from '../store/errors.ts';
import { command, EXIT, flag, integer, option, outputFolder, UsageError, type Program } from './framework/index.ts';
import { MAX_BATCH_SEEDS } from '../common/limits.ts';
import type { BatchSpec } from '../batches/spec.ts';
import { BATCH_RUN_OPTIONS, batchCliOptions, givenOptions } from './batch-options.ts';
import { PARAM_OPTIONS, paramAssignments, paramsFromOptions } from './param-options.ts';
import { CliRunRecorder } from './run-recorder.ts';
import { RUN_NAME } from './runs-command.ts';
import { STORE_OPTIONS, storeFromOptions } from './store-options.ts';

export const SIMULATE = command({
  name: 'simulate',
  summary: 'run the PD14 microcircuit headless; print per-population rates and phase timings',
  description: "The run is stored in the run database (the app's, unless --db or --data-dir names another) as the app stores its runs; --no-db stores nothing.",
  options: {
    ...PARAM_OPTIONS,
    out: option(outputFolder(), "write NEST's output files, params.json and summary.json to DIR"),
    quiet: flag('no progress output', { short: 'q' }),
    ...STORE_OPTIONS,
    'no-db': flag('do not store the run'),
    name: option(RUN_NAME, 'name of the stored run (default: from its parameters)'),
    seeds: option(integer({ min: 1, max: MAX_BATCH_SEEDS }), 'an ensemble: N runs of these parameters with seeds S, S+1, … (S: --seed or sim.rng_seed), through the run queue, stored as one batch'),
    ...BATCH_RUN_OPTIONS,
  },
  examples: [
    'npm run simulate -- --set net.N_scaling=0.5 --threads 2',
    'npm run simulate -- --params my-params.json --seed 7 --out results/ --name "seed 7"',
    'npm run simulate -- --seeds 5 --seed 55 --name "shipped, 5 seeds"',
  ],
  async run({ options: o }, ctx) {
    const { io, signal } = ctx;
    if (o.seeds !== undefined) {
      const clash = givenOptions(o, ['out', 'no-db']);
      if (clash.length > 0) throw new UsageError(`--seeds stores every run of the ensemble in the run database: leave out ${clash.map((k) => `--${k}`).join(', ')} (export a run later with npm run runs -- export-nest ID DIR)`);
      const spec: BatchSpec = {
        name: o.name,
        base: { preset: o.preset, params: o.params?.value as Record<string, unknown> | undefined, set: paramAssignments(o) },
        seeds: { count: o.seeds },
      };
      const cli = batchCliOptions(o);
      // Loaded here: a single run (and --no-db) keeps SQLite and the run manager out of its memory.
      const { planForCli, runBatchCli } = await import('./batch-execution.ts');
      if ((await planForCli(spec, cli, io)) === null) return EXIT.ok;
      return runBatchCli({ spec }, cli, ctx, 'npm run sweep --');
    }
    const batchOnly = givenOptions(o, ['yes', 'dry-run']).concat(o.jobs !== 1 ? ['jobs'] : []);
    if (batchOnly.length > 0) throw new UsageError(`${batchOnly.map((k) => `--${k}`).join(', ')} go with --seeds N`);
    const { params, warnings } = paramsFromOptions(o);
    for (const w of warnings) io.err(`warning: ${formatIssue(w)}`);
    let recorder: CliRunRecorder | null = null;
    if (!o['no-db']) {
      const { dbFile } = storeFromOptions(o);
      try {
        recorder = await CliRunRecorder.open(dbFile, o.name, params, io, o.quiet);
      } catch (e) {
        const message = `the run could not be stored: ${e instanceof Error ? e.message : String(e)}`;
        throw e instanceof RunStoreError && e.code === 'bad-argument' ? new UsageError(message, { usage: false }) : new Error(message, { cause: e });
      }
    }
    let completed = false;
    try {
      await runHeadless(
        params,
        {
          outDir: o.out,
          quiet: o.quiet,
          signal,
          onSpikes: recorder ? (c) => recorder.spikes(c) : undefined,
          onVoltage: recorder ? (c) => recorder.voltage(c) : undefined,
          // The run is stored completed as soon as it has simulated: the analysis and the output
          // files come after, and nothing going wrong there can fail it. Throws when the store
          // refuses the completion: the run is then reported failed.
          onSimulated: async (outcome) => {
            await recorder?.done(outcome, signal);
            completed = true;
          },
        },
        io,
      );
      return EXIT.ok;
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      if (completed) throw new Error(recorder ? `run ${recorder.runId} is stored completed, but ${reason}` : reason, { cause: e });
      try {
        await recorder?.failed(reason, e instanceof CancelledError, signal);
      } catch (e2) {
        io.err(`warning: run ${recorder?.runId} could not be marked ${e instanceof CancelledError ? 'cancelled' : 'failed'} (${e2 instanceof Error ? e2.message : String(e2)}); it will read 'interrupted'`);
      }
      if (e instanceof CancelledError) {
        io.err(`cancelled: ${reason}`);
        return EXIT.cancelled;
      }
      if (e instanceof MemoryGuardError || e instanceof ParamValidationError) throw new UsageError(reason, { usage: false });
      throw new Error(`the run failed: ${reason}`, { cause: e });
    } finally {
      recorder?.close();
    }
  },
});

export const SIMULATE_PROGRAM: Program = {
  name: 'simulate',
  invocation: 'npm run simulate --',
  root: SIMULATE,
  explain: (e) => (e instanceof ParamValidationError ? new UsageError(e.message, { usage: false }) : undefined),
};
