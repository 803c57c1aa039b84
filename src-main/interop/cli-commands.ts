/**
 * The NEST interoperability subcommands of `npm run runs -- ...`: import, compare, export-csv,
 * export-nest, export-pynest, declared like every other run command (src-main/cli/runs-command.ts);
 * RUNS in src-main/cli/runs-commands.ts lists them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { arg, filePath, flag, onFile, option, outputFolder, parser, quote, repeatable, restArgs, UsageError, type Command, type ValueParser } from '../cli/framework/index.ts';
import { count } from '../cli/format.ts';
import { RUN_ID, RUN_NAME, RUN_TAG, runsCommand } from '../cli/runs-command.ts';
import { MAX_COMPARED_GROUPS, MAX_GROUPED_COMPARED_RUNS } from '../common/limits.ts';
import { compareStoredGroups, formatComparison } from './run-comparison.ts';
import { exportNestFolderSync, exportPynestSync, exportRatesCsvSync, exportSpikesCsvSync, nestFilesIn } from './export.ts';
import { importNestFolderSync } from './nest-import.ts';


const importCmd = runsCommand({
  name: 'import',
  summary: 'add a run from a folder of NEST output (spike_recorder-*.dat, population_nodeids.dat) or from a run file',
  store: 'create',
  positionals: { PATH: arg(filePath('PATH'), 'a folder of NEST output, or a run file written by export') },
  options: {
    name: option(RUN_NAME, 'name of the run (NEST folders; default "NEST import: <folder>")'),
    tag: repeatable(RUN_TAG, 'tag the run (NEST folders)'),
    params: option(filePath(), 'parameter file of the NEST run (default: params.json in the folder)'),
  },
  run({ positionals: { PATH: target }, options: o }, store, ctx) {
    if (!fs.existsSync(target)) throw new UsageError(`PATH = ${quote(target)}: no such file or folder`);
    if (fs.statSync(target).isFile()) {
      const extra = [o.name !== undefined && '--name', o.tag.length > 0 && '--tag', o.params !== undefined && '--params'].filter(Boolean);
      if (extra.length > 0) throw new UsageError(`${extra.join(', ')} apply to NEST folders, not to run files`);
      const r = store.importRunSync(target);
      ctx.io.out(`Imported run ${r.id}: ${r.name} (${r.status}, ${count(r.spikesStored)} spikes).`);
      return;
    }
    const result = importNestFolderSync(store, target, { name: o.name, tags: o.tag, paramsFile: o.params });
    const r = result.run;
    const source = {
      file: 'from the parameter file',
      mapped: 'mapped from the parameter file (see the notes)',
      inferred: `inferred (default preset, N_scaling ${store.getParamsSync(r.id).net.N_scaling})`,
    }[result.paramsSource];
    ctx.io.out(
      `Imported run ${r.id}: ${r.name} (${r.status}, ${count(r.spikesStored)} spikes of ${count(r.numNeurons)} neurons, ` +
        `${r.engineName} ${r.engineVersion}, ${r.threads ?? '?'} VP file(s) per recorder).`,
    );
    ctx.io.out(`  parameters       ${source}`);
    ctx.io.out(`  analysis window  (${result.window.t0Ms}, ${result.window.t1Ms}] ms`);
    ctx.io.out(`  statistics       ${result.statsProblem ?? 'stored'}`);
    for (const n of result.notes) ctx.io.out(`  note: ${n}`);
  },
});

/** "3", "1,2,3" or "1-5,8": one run, or a group of runs (an ensemble: seeds of one configuration). */
const RUN_IDS: ValueParser<number[]> = parser('ID[,ID...]', 'a run id, or run ids and ranges separated by commas (1,2,3 or 1-5)', (raw) => {
  const ids: number[] = [];
  for (const part of raw.split(',').map((x) => x.trim())) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (!range) {
      ids.push(RUN_ID.parse(part));
      continue;
    }
    const [lo, hi] = [RUN_ID.parse(range[1]), RUN_ID.parse(range[2])];
    if (hi < lo) throw new UsageError(`the range ${part} runs backwards: write the lower id first`);
    if (hi - lo + 1 > MAX_GROUPED_COMPARED_RUNS) throw new UsageError(`the range ${part} holds ${hi - lo + 1} runs; a comparison takes at most ${MAX_GROUPED_COMPARED_RUNS}`);
    for (let id = lo; id <= hi; id++) ids.push(id);
  }
  return ids;
});

const compare = runsCommand({
  name: 'compare',
  summary:
    'compare runs, or ensembles of runs (seeds of one configuration): "1-5 6-10" judges two ensembles by their own seed-to-seed spread; ' +
    '"3 4" compares two single runs (one seed each cannot tell seed noise from a real difference); A is compared with B, C, ... each',
  store: 'existing',
  positionals: {
    A: arg(RUN_IDS, 'a run, or a group of runs: 1,2,3 or 1-5'),
    B: arg(RUN_IDS, 'the run (or group) to compare it with'),
    C: restArgs(RUN_IDS, 'more runs or groups, each compared with A', { max: MAX_COMPARED_GROUPS - 2 }),
  },
  options: { json: flag('print the comparison as JSON') },
  run({ positionals: p, options: o }, store, ctx) {
    const groups = [p.A, p.B, ...p.C];
    const total = groups.reduce((n, g) => n + g.length, 0);
    if (total > MAX_GROUPED_COMPARED_RUNS) throw new UsageError(`${total} runs in all; a comparison takes at most ${MAX_GROUPED_COMPARED_RUNS}`);
    const { comparison } = compareStoredGroups(store, groups);
    ctx.io.out(o.json ? JSON.stringify(comparison, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v), 2) : formatComparison(comparison));
  },
});

function checkTarget(file: string, force: boolean): void {
  if (fs.existsSync(file) && !force) throw new UsageError(`FILE = ${quote(file)}: exists; choose another name or add --force`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UsageError(`FILE = ${quote(file)}: is a folder`);
}

const exportCsv = runsCommand({
  name: 'export-csv',
  summary: "write a run's spikes (sender,time_ms,population) or, with --rates, its per-neuron rates (node_id,population,rate_hz) as CSV",
  store: 'existing',
  positionals: { ID: arg(RUN_ID, "the run's id"), FILE: arg(filePath(), 'the CSV file to write') },
  options: {
    rates: flag('per-neuron rates over the analysis window (t_presim, t_presim + t_sim] instead of spikes'),
    force: flag('overwrite FILE if it exists'),
  },
  run({ positionals: { ID: id, FILE: file }, options: o }, store, ctx) {
    checkTarget(file, o.force);
    if (o.rates) {
      const n = onFile('write', file, () => exportRatesCsvSync(store, id, file));
      ctx.io.out(`Wrote the rates of ${count(n)} neurons of run ${id} to ${file}.`);
    } else {
      const n = onFile('write', file, () => exportSpikesCsvSync(store, id, file));
      ctx.io.out(`Wrote ${count(n)} spikes of run ${id} to ${file}.`);
    }
  },
});

const exportNest = runsCommand({
  name: 'export-nest',
  summary: "write a run's output as NEST does (population_nodeids.dat, spike_recorder-*.dat, rate<i>.dat) into a folder",
  store: 'existing',
  positionals: { ID: arg(RUN_ID, "the run's id"), DIR: arg(outputFolder(), 'the folder to write into (created if needed)') },
  options: {
    force: flag('replace NEST files already in DIR'),
    'include-presim': flag("also the presimulation's spikes (NEST's files hold only the simulation phase)"),
  },
  run({ positionals: { ID: id, DIR: dir }, options: o }, store, ctx) {
    const old = nestFilesIn(dir);
    if (old.length > 0) {
      if (!o.force) throw new UsageError(`DIR = ${quote(dir)}: holds NEST files (${old.slice(0, 3).join(', ')}${old.length > 3 ? ', ...' : ''}); choose another folder or add --force`);
      // Stale VP files of another run would be read as this one's.
      for (const f of old) fs.rmSync(path.join(dir, f));
    }
    const r = onFile('write', dir, () => exportNestFolderSync(store, id, dir, { includePresim: o['include-presim'] }));
    ctx.io.out(`Wrote ${count(r.spikes)} spikes of run ${id} as NEST output to ${dir} (${r.files.length} files).`);
    if (!r.paramsWritten) ctx.io.out("  no params.json: the run's parameters were inferred at its NEST import");
    ctx.io.out(`  files: ${r.files.join(', ')}`);
  },
});

const exportPynest = runsCommand({
  name: 'export-pynest',
  summary: 'write a PyNEST script (run_microcircuit.py) and its params.json that run the same network in NEST 3',
  store: 'existing',
  positionals: { ID: arg(RUN_ID, "the run's id"), DIR: arg(outputFolder(), 'the folder to write into (created if needed)') },
  options: { force: flag('overwrite the files if they exist') },
  run({ positionals: { ID: id, DIR: dir }, options: o }, store, ctx) {
    for (const f of ['run_microcircuit.py', 'params.json']) {
      if (fs.existsSync(path.join(dir, f)) && !o.force) throw new UsageError(`DIR = ${quote(dir)}: ${f} exists; add --force to overwrite`);
    }
    const r = onFile('write', dir, () => exportPynestSync(store, id, dir));
    ctx.io.out(`Wrote ${r.script} and ${r.params}.`);
    ctx.io.out(`Run it with NEST 3: python3 ${r.script} --out DIR [--threads N]   (or under mpirun -np K)`);
    if (r.paramsInferred) ctx.io.out('Note: this run was imported from NEST without a parameter file: the script runs the assumed parameters.');
  },
});

/** The interop commands, in the order help lists them. */
export const INTEROP_COMMANDS: readonly Command[] = [importCmd, compare, exportCsv, exportNest, exportPynest];
