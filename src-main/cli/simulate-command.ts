/**
 * `npm run simulate`: the engine's headless runner (engine/cli/headless.ts) with the parameters
 * from the command line, storing the run in the run database as the app does unless --no-db.
 */
import { CancelledError } from '../../engine/api.ts';
import { runHeadless } from '../../engine/cli/headless.ts';
import { MemoryGuardError } from '../../engine/memory.ts';
import { ParamValidationError } from '../../engine/params/validate.ts';
import { RunStoreError } from '../store/errors.ts';
import { command, EXIT, flag, option, outputFolder, UsageError, type Program } from './framework/index.ts';
import { PARAM_OPTIONS, paramsFromOptions } from './param-options.ts';
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
  },
  examples: [
    'npm run simulate -- --set net.N_scaling=0.5 --threads 2',
    'npm run simulate -- --params my-params.json --seed 7 --out results/ --name "seed 7"',
  ],
  async run({ options: o }, { io, signal }) {
    const params = paramsFromOptions(o);
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
