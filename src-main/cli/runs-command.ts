/**
 * How a subcommand of `npm run runs` is declared: a command (framework/spec.ts) plus the store it
 * needs, opened before `run` and closed after it, named by --db / --data-dir (store-options.ts):
 *
 *   runsCommand({ name: 'rename', summary: 'rename a run', store: 'existing',
 *     positionals: { ID: arg(RUN_ID, 'the run'), NAME: arg(RUN_NAME, 'its new name') }, options: {},
 *     run({ positionals }, store, ctx) { store.renameRunSync(positionals.ID, positionals.NAME); } });
 *
 * Also the value parsers the run commands share (run ids, names, tags) and what the store's and
 * the interop modules' errors mean for the exit status.
 */
import { ParamValidationError } from '../../engine/params/validate.ts';
import { NestImportError } from '../interop/nest-folder.ts';
import { RunStoreError } from '../store/errors.ts';
import { checkName, checkTag } from '../store/rows.ts';
import { RunStore } from '../store/run-store.ts';
import { command, parser, UsageError, type Args, type Command, type CommandContext, type CommandSpec, type OptionSpecs, type PositionalSpecs, type RunResult, type ValueParser } from './framework/index.ts';
import { STORE_OPTIONS, storeFromOptions } from './store-options.ts';

/** 'existing': the command needs runs (no database: exit 1); 'create': it may create the database; 'optional': null when there is none. */
export type StoreMode = 'existing' | 'create' | 'optional';

type StoreFor<M extends StoreMode> = M extends 'optional' ? RunStore | null : RunStore;

export interface RunsContext extends CommandContext {
  /** The database file the options named (for messages). */
  dbFile: string;
}

export interface RunsCommandSpec<O extends OptionSpecs, P extends PositionalSpecs, M extends StoreMode> extends Omit<CommandSpec<O, P>, 'run'> {
  store: M;
  run(args: Args<O, P>, store: StoreFor<M>, ctx: RunsContext): RunResult | Promise<RunResult>;
}

function openStore(dbFile: string, mode: StoreMode): RunStore | null {
  try {
    return RunStore.openSync(dbFile, { create: mode === 'create' });
  } catch (e) {
    if (!(e instanceof RunStoreError && e.code === 'database-missing')) throw e;
    if (mode === 'optional') return null;
    throw new Error(`there is no run database at ${dbFile} yet`, { cause: e });
  }
}

/** Declares a subcommand of `runs`: --db and --data-dir are added, the store is opened for `run`. */
export function runsCommand<const O extends OptionSpecs, const P extends PositionalSpecs = Record<never, never>, const M extends StoreMode = StoreMode>(
  spec: RunsCommandSpec<O, P, M>,
): Command {
  const { store: mode, run, ...rest } = spec;
  return command({
    ...rest,
    options: { ...spec.options, ...STORE_OPTIONS } as OptionSpecs,
    positionals: spec.positionals as PositionalSpecs | undefined,
    async run(args, ctx) {
      const { dbFile } = storeFromOptions(args.options as { db: string | undefined; 'data-dir': string | undefined });
      const store = openStore(dbFile, mode);
      try {
        // Not spread: reading ctx.signal would take over Ctrl-C (framework/run.ts), and these commands do not watch it.
        const runsCtx: RunsContext = {
          io: ctx.io,
          invocation: ctx.invocation,
          dbFile,
          get signal() {
            return ctx.signal;
          },
        };
        return await run(args as unknown as Args<O, P>, store as StoreFor<M>, runsCtx);
      } finally {
        store?.closeSync();
      }
    },
  });
}

/** A run id: a whole number >= 1. */
export const RUN_ID: ValueParser<number> = parser('ID', "a run id (the ID column of 'list')", (raw) => {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1) throw new UsageError("a run id is a whole number >= 1 (see the ID column of 'list')");
  return n;
});

/** A store check (checkName, checkTag) as a value parser: its refusal becomes the reason. */
function storeChecked(metavar: string, allowed: string, check: (raw: string) => string): ValueParser<string> {
  return parser(metavar, allowed, (raw) => {
    try {
      return check(raw);
    } catch (e) {
      if (e instanceof RunStoreError && e.code === 'bad-argument') throw new UsageError(e.message);
      throw e;
    }
  });
}

export const RUN_NAME = storeChecked('NAME', 'a run name (not empty, no control characters)', checkName);
export const RUN_TAG = storeChecked('TAG', 'a tag (one word)', checkTag);

/** What the store's and the interop modules' errors mean on the command line. */
export function explainStoreError(e: unknown): UsageError | string | undefined {
  if (e instanceof RunStoreError && e.code === 'bad-argument') return new UsageError(e.message, { usage: false });
  if (e instanceof NestImportError) return `refused: ${e.message}\nNothing was stored.`;
  if (e instanceof ParamValidationError) return e.message;
  return undefined;
}
