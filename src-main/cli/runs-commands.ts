/**
 * The subcommands of `npm run runs -- ...`, as a table: to add one (NEST-folder import, compare),
 * append a Command to RUN_COMMANDS. Each declares its positionals and options; the dispatcher in
 * runs-main.ts parses and validates them, adds --db and --help, opens the store and maps errors to
 * exit codes (2: bad arguments, 1: the operation failed).
 */
import fs from 'node:fs';
import readline from 'node:readline/promises';
import type { ParamSet } from '../../engine/params/types.ts';
import { RunStoreError } from '../store/errors.ts';
import { checkName, checkTag } from '../store/rows.ts';
import type { RunStore } from '../store/run-store.ts';
import { RUN_FILE_EXTENSION } from '../store/run-file.ts';
import { RUN_ORIGINS, RUN_STATUSES, type RunRecord } from '../store/types.ts';
import { oneOf, runId, strings, UsageError, wholeNumber, type OptionSpec, type ParsedArgs } from './args.ts';
import { bytes, clip, count, dateTime, seconds, table } from './format.ts';
import { interopRunCommands } from '../interop/cli-commands.ts';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Asks a yes/no question on the terminal; null when stdin is not a terminal. */
  confirm(question: string): Promise<boolean> | null;
}

export interface CommandContext {
  args: ParsedArgs;
  io: CliIo;
  dbPath: string;
  /** Opens the store; with create false, returns null when there is no database yet. */
  openStore(create: boolean): RunStore | null;
}

export interface Command {
  name: string;
  /** Names of the positionals; a trailing '?' marks an optional one. */
  positionals: readonly string[];
  options: Record<string, OptionSpec>;
  summary: string;
  run(ctx: CommandContext): number | Promise<number>;
}

/** Opens the existing database or explains that there is none. */
function existing(ctx: CommandContext): RunStore {
  const store = ctx.openStore(false);
  if (store === null) throw new RunStoreError('database-missing', `there is no run database at ${ctx.dbPath} yet`);
  return store;
}

/** Wraps a store validation error as a usage error naming the argument. */
function checked<T>(argName: string, raw: string, check: (v: string) => T): T {
  try {
    return check(raw);
  } catch (e) {
    if (e instanceof RunStoreError && e.code === 'bad-argument') throw new UsageError(`${argName} = ${JSON.stringify(raw)}: ${e.message}`);
    throw e;
  }
}

function spikesCell(r: RunRecord): string {
  return r.numSpikes !== null && r.numSpikes !== r.spikesStored ? `${count(r.spikesStored)}/${count(r.numSpikes)}` : count(r.spikesStored);
}

const list: Command = {
  name: 'list',
  positionals: [],
  summary: 'list the runs, newest first',
  options: {
    status: { type: 'string', multiple: true, value: 'S', help: `only runs with this status (repeatable): ${RUN_STATUSES.join(', ')}` },
    tag: { type: 'string', value: 'T', help: 'only runs with this tag' },
    name: { type: 'string', value: 'TEXT', help: 'only runs whose name contains TEXT (any case)' },
    origin: { type: 'string', value: 'O', help: `only runs of this origin: ${RUN_ORIGINS.join(', ')}` },
    limit: { type: 'string', value: 'N', help: 'at most N runs' },
    json: { type: 'boolean', help: 'print JSON instead of a table' },
  },
  run(ctx) {
    const v = ctx.args.values;
    const status = strings(v.status).map((s) => oneOf('--status', s, RUN_STATUSES));
    const origin = typeof v.origin === 'string' ? oneOf('--origin', v.origin, RUN_ORIGINS) : undefined;
    const limit = typeof v.limit === 'string' ? wholeNumber('--limit', v.limit, 1) : undefined;
    const store = ctx.openStore(false);
    if (store === null) {
      if (v.json) ctx.io.out('[]');
      else ctx.io.out(`No runs: there is no run database at ${ctx.dbPath} yet.`);
      return 0;
    }
    const runs = store.listRunsSync({
      status: status.length ? status : undefined,
      origin,
      tag: typeof v.tag === 'string' ? v.tag : undefined,
      nameContains: typeof v.name === 'string' ? v.name : undefined,
      limit,
    });
    if (v.json) {
      ctx.io.out(JSON.stringify(runs, null, 2));
    } else if (runs.length === 0) {
      ctx.io.out('No runs match.');
    } else {
      const rows = runs.map((r) => [
        String(r.id),
        r.status,
        dateTime(r.createdAtMs),
        count(r.numNeurons),
        spikesCell(r),
        r.tags.join(','),
        clip(r.name, 60),
      ]);
      ctx.io.out(table(['ID', 'STATUS', 'CREATED', 'NEURONS', 'SPIKES', 'TAGS', 'NAME'], rows));
    }
    return 0;
  },
};

function paramLine(params: ParamSet): string {
  const s = params.sim;
  const n = params.net;
  return `N_scaling ${n?.N_scaling}, K_scaling ${n?.K_scaling}; t_presim ${s?.t_presim} ms + t_sim ${s?.t_sim} ms at ${s?.sim_resolution} ms; recording ${(s?.rec_dev ?? []).join(', ') || 'nothing'}`;
}

const show: Command = {
  name: 'show',
  positionals: ['ID'],
  summary: 'show one run in detail',
  options: {
    params: { type: 'boolean', help: 'print only its parameter set, as JSON (a parameter file for a new run)' },
    json: { type: 'boolean', help: 'print the run record as JSON' },
  },
  run(ctx) {
    const id = runId('ID', ctx.args.positionals.ID);
    const store = existing(ctx);
    const r = store.getRunSync(id);
    if (ctx.args.values.params) {
      ctx.io.out(JSON.stringify(store.getParamsSync(id), null, 2));
      return 0;
    }
    if (ctx.args.values.json) {
      ctx.io.out(JSON.stringify(r, null, 2));
      return 0;
    }
    const params = store.getParamsSync(id);
    const totals = store.getPopulationSpikeTotalsSync(id);
    const lines: [string, string][] = [
      ['status', r.status + (r.reason ? ` (${r.reason})` : '')],
      ['origin', r.origin + (r.importedFrom ? ` from ${r.importedFrom.file}, first ${r.importedFrom.origin}` : '')],
      ['created', dateTime(r.createdAtMs)],
      ['started', dateTime(r.startedAtMs)],
      ['finished', dateTime(r.finishedAtMs)],
      ['engine', `${r.engineName} ${r.engineVersion}${r.threads !== null ? `, ${r.threads} thread(s)` : ''}`],
      ['machine', r.machine ? `${r.machine.cpuModel}, ${r.machine.cores} cores, ${bytes(r.machine.totalMemBytes)}, ${r.machine.os}` : '-'],
      ['timings', r.timingsS ? `build ${seconds(r.timingsS.build)}, presim ${seconds(r.timingsS.presim)}, sim ${seconds(r.timingsS.sim)}` : '-'],
      ['model', paramLine(params)],
      ['seed', String(r.seed)],
      ['network', `${count(r.numNeurons)} neurons, ${count(r.numSynapses)} synapses`],
      ['spikes', `${count(r.spikesStored)} stored${r.numSpikes !== null ? ` of ${count(r.numSpikes)} reported` : ''}, up to ${(r.spikesToStep * r.resolutionMs).toFixed(1)} ms`],
      ['populations', r.populations.map((p, i) => `${p.name} ${p.firstId}-${p.lastId} (${count(totals[i] ?? 0)})`).join(', ') || '-'],
      ['voltmeter', r.hasVoltage ? 'recorded' : 'none'],
      ['statistics', r.hasStats ? 'cached' : 'none'],
      ['tags', r.tags.join(', ') || '-'],
      ['uid', r.uid],
    ];
    ctx.io.out(`Run ${r.id}: ${r.name}`);
    for (const [k, v] of lines) ctx.io.out(`  ${k.padEnd(12)}${v}`);
    return 0;
  },
};

const exportCmd: Command = {
  name: 'export',
  positionals: ['ID', 'FILE'],
  summary: `write a run to one file to share (${RUN_FILE_EXTENSION})`,
  options: { force: { type: 'boolean', help: 'overwrite FILE if it exists' } },
  run(ctx) {
    const id = runId('ID', ctx.args.positionals.ID);
    const file = ctx.args.positionals.FILE!;
    if (fs.existsSync(file) && !ctx.args.values.force) {
      throw new UsageError(`FILE = ${JSON.stringify(file)}: the file exists; choose another name or add --force`);
    }
    const store = existing(ctx);
    const size = store.exportRunSync(id, file, { overwrite: true });
    ctx.io.out(`Exported run ${id} to ${file} (${bytes(size)}).`);
    return 0;
  },
};


const deleteCmd: Command = {
  name: 'delete',
  positionals: ['ID'],
  summary: 'delete a run and all its data',
  options: { yes: { type: 'boolean', short: 'y', help: 'do not ask for confirmation' } },
  async run(ctx) {
    const id = runId('ID', ctx.args.positionals.ID);
    const store = existing(ctx);
    const r = store.getRunSync(id);
    if (!ctx.args.values.yes) {
      const answer = ctx.io.confirm(`Delete run ${id} "${r.name}" (${r.status}, ${count(r.spikesStored)} spikes)? [y/N] `);
      if (answer === null) {
        throw new UsageError(`delete: refusing to delete run ${id} without confirmation: add --yes (stdin is not a terminal)`);
      }
      if (!(await answer)) {
        ctx.io.out('Not deleted.');
        return 1;
      }
    }
    store.deleteRunSync(id);
    store.reclaimSpaceSync();
    ctx.io.out(`Deleted run ${id} (${r.name}).`);
    return 0;
  },
};

const rename: Command = {
  name: 'rename',
  positionals: ['ID', 'NAME'],
  summary: 'rename a run',
  options: {},
  run(ctx) {
    const id = runId('ID', ctx.args.positionals.ID);
    const name = checked('NAME', ctx.args.positionals.NAME!, checkName);
    const r = existing(ctx).renameRunSync(id, name);
    ctx.io.out(`Run ${id} is now named ${JSON.stringify(r.name)}.`);
    return 0;
  },
};

const tag: Command = {
  name: 'tag',
  positionals: ['ID', 'TAG'],
  summary: 'add a tag to a run',
  options: {},
  run(ctx) {
    const id = runId('ID', ctx.args.positionals.ID);
    const t = checked('TAG', ctx.args.positionals.TAG!, checkTag);
    const r = existing(ctx).addTagSync(id, t);
    ctx.io.out(`Run ${id} tags: ${r.tags.join(', ')}`);
    return 0;
  },
};

const untag: Command = {
  name: 'untag',
  positionals: ['ID', 'TAG'],
  summary: 'remove a tag from a run',
  options: {},
  run(ctx) {
    const id = runId('ID', ctx.args.positionals.ID);
    const r = existing(ctx).removeTagSync(id, ctx.args.positionals.TAG!);
    ctx.io.out(`Run ${id} tags: ${r.tags.join(', ') || '(none)'}`);
    return 0;
  },
};

/** The subcommands, in the order help lists them. Append new ones here. */
export const RUN_COMMANDS: Command[] = [list, show, exportCmd, ...interopRunCommands(), deleteCmd, rename, tag, untag];

/** A terminal prompt on stdin/stderr, or null when stdin is not a terminal. */
export function terminalConfirm(question: string): Promise<boolean> | null {
  if (!process.stdin.isTTY) return null;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  return rl.question(question).then((a) => {
    rl.close();
    return /^y(es)?$/i.test(a.trim());
  });
}
