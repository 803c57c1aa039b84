/**
 * The NEST interoperability subcommands of `npm run runs -- ...`: import, compare, export-csv,
 * export-nest, export-pynest. Each is a function (args, ctx) => exit code, where args are the words
 * after the command name and ctx holds the open store and the output lines: 0 done, 1 the
 * operation failed (a refused import, a run that cannot be compared), 2 bad arguments. Errors are
 * printed, never thrown.
 *
 * INTEROP_COMMANDS describes them (arguments, options, summary, which store they need);
 * interopRunCommands() adapts them to the runs CLI's command table (src-main/cli/runs-commands.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ParamValidationError } from '../../engine/params/validate.ts';
import { runId, UsageError, type OptionSpec } from '../cli/args.ts';
import { count } from '../cli/format.ts';
import type { Command } from '../cli/runs-commands.ts';
import { RunStoreError } from '../store/errors.ts';
import type { RunStore } from '../store/run-store.ts';
import { CompareError, compareStoredRunSets, compareStoredRuns, formatComparison } from './run-comparison.ts';
import { exportNestFolderSync, exportPynestSync, exportRatesCsvSync, exportSpikesCsvSync, ExportError, nestFilesIn } from './export.ts';
import { NestImportError } from './nest-folder.ts';
import { importNestFolderSync } from './nest-import.ts';

/** What a command gets: the open store and where its output goes (one call per line or block). */
export interface InteropCliContext {
  store: RunStore;
  out(line: string): void;
  err(line: string): void;
}

export type InteropCommandFn = (args: string[], ctx: InteropCliContext) => number;

export interface InteropCommandSpec {
  name: string;
  /** Positional names; '?' marks an optional one, '...' a last one that repeats. */
  positionals: readonly string[];
  options: Record<string, OptionSpec>;
  summary: string;
  /** 'create': the store may be created (import); 'existing': the command needs runs. */
  store: 'create' | 'existing';
  run: InteropCommandFn;
}

interface Parsed {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}

function usageLine(spec: InteropCommandSpec): string {
  const pos = spec.positionals.map((p) => (p.endsWith('?') ? `[${p.slice(0, -1)}]` : p.endsWith('...') ? `[${p}]` : p));
  const opts = Object.entries(spec.options).map(([n, o]) => `[--${n}${o.value ? ` ${o.value}` : ''}]${o.multiple ? '...' : ''}`);
  return `${spec.name} ${[...pos, ...opts].join(' ')}`;
}

function parse(spec: InteropCommandSpec, args: readonly string[]): Parsed {
  const config = Object.fromEntries(
    Object.entries(spec.options).map(([n, o]) => [n, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options: config, allowPositionals: true, strict: true });
  } catch (e) {
    const known = Object.keys(spec.options).map((o) => `--${o}`).join(', ') || 'none';
    throw new UsageError(`${(e as Error).message.replace(/\. To specify a positional.*$/s, '')} (the options of ${spec.name}: ${known})`);
  }
  const required = spec.positionals.filter((p) => !p.endsWith('?') && !p.endsWith('...')).length;
  const variadic = spec.positionals.some((p) => p.endsWith('...'));
  const given = parsed.positionals;
  if (given.length < required) throw new UsageError(`missing ${spec.positionals.slice(given.length, required).join(' and ')}`);
  if (!variadic && given.length > spec.positionals.length) {
    throw new UsageError(`unexpected argument ${JSON.stringify(given[spec.positionals.length])} (quote a path with spaces)`);
  }
  return { positionals: given, values: parsed.values as Parsed['values'] };
}

/** Runs a command body, turning every error into a message and an exit code. */
function guarded(spec: InteropCommandSpec, args: readonly string[], ctx: InteropCliContext, body: (p: Parsed) => number): number {
  try {
    return body(parse(spec, args));
  } catch (e) {
    if (e instanceof UsageError) {
      ctx.err(`${spec.name}: ${e.message}`);
      ctx.err(`Usage: ${usageLine(spec)}`);
      return 2;
    }
    if (e instanceof NestImportError) {
      ctx.err(`${spec.name}: refused: ${e.message}`);
      ctx.err('Nothing was stored.');
      return 1;
    }
    if (e instanceof RunStoreError) {
      ctx.err(`${spec.name}: ${e.message}`);
      return e.code === 'bad-argument' ? 2 : 1;
    }
    if (e instanceof CompareError || e instanceof ExportError || e instanceof ParamValidationError) {
      ctx.err(`${spec.name}: ${e.message}`);
      return 1;
    }
    ctx.err(`${spec.name}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

function str(v: string | boolean | string[] | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function strs(v: string | boolean | string[] | undefined): string[] {
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

// ---------------------------------------------------------------------------------------------

const importSpec: InteropCommandSpec = {
  name: 'import',
  positionals: ['PATH'],
  summary: 'add a run from a folder of NEST output (spike_recorder-*.dat, population_nodeids.dat) or from a run file',
  store: 'create',
  options: {
    name: { type: 'string', value: 'NAME', help: 'name of the run (NEST folders; default "NEST import: <folder>")' },
    tag: { type: 'string', multiple: true, value: 'TAG', help: 'tag the run (NEST folders; repeatable)' },
    params: { type: 'string', value: 'FILE', help: 'parameter file of the NEST run (default: params.json in the folder)' },
  },
  run: (args, ctx) =>
    guarded(importSpec, args, ctx, ({ positionals, values }) => {
      const target = positionals[0];
      if (!fs.existsSync(target)) throw new UsageError(`PATH = ${JSON.stringify(target)}: no such file or folder`);
      if (fs.statSync(target).isFile()) {
        const extra = ['name', 'tag', 'params'].filter((k) => values[k] !== undefined);
        if (extra.length > 0) throw new UsageError(`${extra.map((k) => `--${k}`).join(', ')} apply to NEST folders, not to run files`);
        const r = ctx.store.importRunSync(target);
        ctx.out(`Imported run ${r.id}: ${r.name} (${r.status}, ${count(r.spikesStored)} spikes).`);
        return 0;
      }
      const result = importNestFolderSync(ctx.store, target, { name: str(values.name), tags: strs(values.tag), paramsFile: str(values.params) });
      const r = result.run;
      const source = { file: 'from the parameter file', mapped: 'mapped from the parameter file (see the notes)', inferred: `inferred (default preset, N_scaling ${ctx.store.getParamsSync(r.id).net.N_scaling})` }[result.paramsSource];
      ctx.out(
        `Imported run ${r.id}: ${r.name} (${r.status}, ${count(r.spikesStored)} spikes of ${count(r.numNeurons)} neurons, ` +
          `${r.engineName} ${r.engineVersion}, ${r.threads ?? '?'} VP file(s) per recorder).`,
      );
      ctx.out(`  parameters       ${source}`);
      ctx.out(`  analysis window  (${result.window.t0Ms}, ${result.window.t1Ms}] ms`);
      ctx.out(`  statistics       ${result.statsProblem ?? 'stored'}`);
      for (const n of result.notes) ctx.out(`  note: ${n}`);
      return 0;
    }),
};

const compareSpec: InteropCommandSpec = {
  name: 'compare',
  positionals: ['A', 'B', 'C...'],
  summary: 'compare runs against NEST\'s seed-to-seed variability (A with B, C, ...; "1,2,3 4,5,6" compares two sets of seeds)',
  store: 'existing',
  options: { json: { type: 'boolean', help: 'print the comparison as JSON' } },
  run: (args, ctx) =>
    guarded(compareSpec, args, ctx, ({ positionals, values }) => {
      const ids = (raw: string, name: string): number[] => raw.split(',').map((x) => runId(name, x.trim()));
      const names = positionals.map((_, i) => String.fromCharCode(65 + Math.min(i, 25)));
      let result;
      if (positionals.some((p) => p.includes(','))) {
        if (positionals.length !== 2) throw new UsageError('a set comparison takes exactly two lists of run ids, e.g. compare 1,2,3 4,5,6');
        result = compareStoredRunSets(ctx.store, ids(positionals[0], 'A'), ids(positionals[1], 'B'));
      } else {
        const [a, b, ...more] = positionals.map((p, i) => runId(names[i], p));
        result = compareStoredRuns(ctx.store, a, b, ...more);
      }
      ctx.out(values.json ? JSON.stringify(result, null, 2) : formatComparison(result));
      return 0;
    }),
};

function checkTarget(file: string, force: boolean, what: string): void {
  if (fs.existsSync(file) && !force) throw new UsageError(`${what} = ${JSON.stringify(file)}: exists; choose another name or add --force`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UsageError(`${what} = ${JSON.stringify(file)}: is a folder`);
}

const exportCsvSpec: InteropCommandSpec = {
  name: 'export-csv',
  positionals: ['ID', 'FILE'],
  summary: 'write a run\'s spikes (sender,time_ms,population) or, with --rates, its per-neuron rates (node_id,population,rate_hz) as CSV',
  store: 'existing',
  options: {
    rates: { type: 'boolean', help: 'per-neuron rates over the analysis window (t_presim, t_presim + t_sim] instead of spikes' },
    force: { type: 'boolean', help: 'overwrite FILE if it exists' },
  },
  run: (args, ctx) =>
    guarded(exportCsvSpec, args, ctx, ({ positionals, values }) => {
      const id = runId('ID', positionals[0]);
      const file = positionals[1];
      checkTarget(file, values.force === true, 'FILE');
      if (values.rates) {
        const n = exportRatesCsvSync(ctx.store, id, file);
        ctx.out(`Wrote the rates of ${count(n)} neurons of run ${id} to ${file}.`);
      } else {
        const n = exportSpikesCsvSync(ctx.store, id, file);
        ctx.out(`Wrote ${count(n)} spikes of run ${id} to ${file}.`);
      }
      return 0;
    }),
};

const exportNestSpec: InteropCommandSpec = {
  name: 'export-nest',
  positionals: ['ID', 'DIR'],
  summary: 'write a run\'s output as NEST does (population_nodeids.dat, spike_recorder-*.dat, rate<i>.dat) into a folder',
  store: 'existing',
  options: {
    force: { type: 'boolean', help: 'replace NEST files already in DIR' },
    'include-presim': { type: 'boolean', help: 'also the presimulation\'s spikes (NEST\'s files hold only the simulation phase)' },
  },
  run: (args, ctx) =>
    guarded(exportNestSpec, args, ctx, ({ positionals, values }) => {
      const id = runId('ID', positionals[0]);
      const dir = positionals[1];
      if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new UsageError(`DIR = ${JSON.stringify(dir)}: is a file`);
      const old = nestFilesIn(dir);
      if (old.length > 0) {
        if (!values.force) throw new UsageError(`DIR = ${JSON.stringify(dir)}: holds NEST files (${old.slice(0, 3).join(', ')}${old.length > 3 ? ', ...' : ''}); choose another folder or add --force`);
        // Stale VP files of another run would be read as this one's.
        for (const f of old) fs.rmSync(path.join(dir, f));
      }
      const r = exportNestFolderSync(ctx.store, id, dir, { includePresim: values['include-presim'] === true });
      ctx.out(`Wrote ${count(r.spikes)} spikes of run ${id} as NEST output to ${dir} (${r.files.length} files).`);
      if (!r.paramsWritten) ctx.out('  no params.json: the run\'s parameters were inferred at its NEST import');
      return 0;
    }),
};

const exportPynestSpec: InteropCommandSpec = {
  name: 'export-pynest',
  positionals: ['ID', 'DIR'],
  summary: 'write a PyNEST script (run_microcircuit.py) and its params.json that run the same network in NEST 3',
  store: 'existing',
  options: { force: { type: 'boolean', help: 'overwrite the files if they exist' } },
  run: (args, ctx) =>
    guarded(exportPynestSpec, args, ctx, ({ positionals, values }) => {
      const id = runId('ID', positionals[0]);
      const dir = positionals[1];
      if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new UsageError(`DIR = ${JSON.stringify(dir)}: is a file`);
      for (const f of ['run_microcircuit.py', 'params.json']) {
        if (fs.existsSync(path.join(dir, f)) && !values.force) throw new UsageError(`DIR = ${JSON.stringify(dir)}: ${f} exists; add --force to overwrite`);
      }
      const r = exportPynestSync(ctx.store, id, dir);
      ctx.out(`Wrote ${r.script} and ${r.params}.`);
      ctx.out(`Run it with NEST 3: python3 ${r.script} --out DIR [--threads N]   (or under mpirun -np K)`);
      if (r.paramsInferred) ctx.out('Note: this run was imported from NEST without a parameter file: the script runs the assumed parameters.');
      return 0;
    }),
};

/** The interop commands, in the order help should list them. */
export const INTEROP_COMMANDS: readonly InteropCommandSpec[] = [importSpec, compareSpec, exportCsvSpec, exportNestSpec, exportPynestSpec];

export const importCommand: InteropCommandFn = importSpec.run;
export const compareCommand: InteropCommandFn = compareSpec.run;
export const exportCsvCommand: InteropCommandFn = exportCsvSpec.run;
export const exportNestCommand: InteropCommandFn = exportNestSpec.run;
export const exportPynestCommand: InteropCommandFn = exportPynestSpec.run;

/** Most runs `compare` takes through the runs CLI's table, whose positionals are fixed. */
const MAX_COMPARED = 8;

/**
 * The commands as entries of the runs CLI's table (RUN_COMMANDS in src-main/cli/runs-commands.ts):
 * its dispatcher parses the arguments against `positionals` and `options`, adds --db and --help and
 * opens the store; the entry hands the words back to the command function.
 */
export function interopRunCommands(): Command[] {
  return INTEROP_COMMANDS.map((spec): Command => {
    const positionals = spec.positionals.flatMap((p) =>
      p.endsWith('...') ? Array.from({ length: MAX_COMPARED - 2 }, (_, i) => `${String.fromCharCode(p.charCodeAt(0) + i)}?`) : [p],
    );
    return {
      name: spec.name,
      positionals,
      options: spec.options,
      summary: spec.summary,
      run(ctx) {
        const words: string[] = positionals.map((p) => ctx.args.positionals[p.replace(/\?$/, '')]).filter((v): v is string => v !== undefined);
        for (const [name, o] of Object.entries(spec.options)) {
          const v = ctx.args.values[name];
          if (o.type === 'boolean' && v === true) words.push(`--${name}`);
          else for (const s of strs(v)) words.push(`--${name}`, s);
        }
        const store = ctx.openStore(spec.store === 'create');
        if (store === null) {
          ctx.io.err(`runs: there is no run database at ${ctx.dbPath} yet`);
          return 1;
        }
        return spec.run(words, { store, out: (l) => ctx.io.out(l), err: (l) => ctx.io.err(l) });
      },
    };
  });
}
