/**
 * `npm run runs -- COMMAND ...`: the runs in the app's database, from the command line. Each
 * subcommand is one runsCommand declaration (runs-command.ts); the NEST interoperability ones are
 * declared in src-main/interop/cli-commands.ts. To add one, declare it and list it in RUNS.
 */
import fs from 'node:fs';
import type { ParamSet } from '../../engine/params/types.ts';
import { RUN_FILE_EXTENSION } from '../store/run-file.ts';
import { defaultDbPath } from '../store/paths.ts';
import { RUN_ORIGINS, RUN_STATUSES, type RunRecord } from '../store/types.ts';
import { INTEROP_COMMANDS } from '../interop/cli-commands.ts';
import { FIGURE_COMMANDS } from './figure-commands.ts';
import { BATCH_COMMANDS } from './batch-commands.ts';
import { arg, choice, filePath, flag, group, integer, onFile, option, quote, repeatable, text, UsageError, type Program } from './framework/index.ts';
import { bytes, clip, count, dateTime, seconds, table } from './format.ts';
import { explainStoreError, RUN_ID, RUN_NAME, RUN_TAG, runsCommand } from './runs-command.ts';

function spikesCell(r: RunRecord): string {
  return r.numSpikes !== null && r.numSpikes !== r.spikesStored ? `${count(r.spikesStored)}/${count(r.numSpikes)}` : count(r.spikesStored);
}

const list = runsCommand({
  name: 'list',
  summary: 'list the runs, newest first',
  store: 'optional',
  options: {
    status: repeatable(choice(RUN_STATUSES, 'S'), `only runs with this status: ${RUN_STATUSES.join(', ')}`),
    tag: option(text('T'), 'only runs with this tag'),
    name: option(text('TEXT'), 'only runs whose name contains TEXT (any case)'),
    search: option(text('TEXT'), 'only runs whose name, a tag or the notes contain TEXT (any case)'),
    origin: option(choice(RUN_ORIGINS, 'O'), `only runs of this origin: ${RUN_ORIGINS.join(', ')}`),
    limit: option(integer({ min: 1 }), 'at most N runs'),
    json: flag('print JSON instead of a table'),
  },
  run({ options: o }, store, ctx) {
    if (store === null) {
      ctx.io.out(o.json ? '[]' : `No runs: there is no run database at ${ctx.dbFile} yet.`);
      return;
    }
    const runs = store.listRunsSync({
      status: o.status.length ? o.status : undefined,
      origin: o.origin,
      tag: o.tag,
      nameContains: o.name,
      text: o.search,
      limit: o.limit,
    });
    if (o.json) ctx.io.out(JSON.stringify(runs, null, 2));
    else if (runs.length === 0) ctx.io.out('No runs match.');
    else {
      const rows = runs.map((r) => [String(r.id), r.status, dateTime(r.createdAtMs), count(r.numNeurons), spikesCell(r), r.tags.join(','), clip(r.name, 60)]);
      ctx.io.out(table(['ID', 'STATUS', 'CREATED', 'NEURONS', 'SPIKES', 'TAGS', 'NAME'], rows));
    }
  },
});

function paramLine(params: ParamSet): string {
  const s = params.sim;
  const n = params.net;
  return `N_scaling ${n?.N_scaling}, K_scaling ${n?.K_scaling}; t_presim ${s?.t_presim} ms + t_sim ${s?.t_sim} ms at ${s?.sim_resolution} ms; recording ${(s?.rec_dev ?? []).join(', ') || 'nothing'}`;
}

const show = runsCommand({
  name: 'show',
  summary: 'show one run in detail',
  store: 'existing',
  positionals: { ID: arg(RUN_ID, "the run's id (see list)") },
  options: {
    params: flag('print only its parameter set, as JSON (a parameter file for a new run)'),
    json: flag('print the run record as JSON'),
  },
  run({ positionals: { ID: id }, options: o }, store, ctx) {
    const r = store.getRunSync(id);
    if (o.params) return ctx.io.out(JSON.stringify(store.getParamsSync(id), null, 2));
    if (o.json) return ctx.io.out(JSON.stringify(r, null, 2));
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
      ['statistics', r.hasStats ? 'cached' : r.statsProblem ? `none: ${r.statsProblem}` : 'none'],
      ['tags', r.tags.join(', ') || '-'],
      ['uid', r.uid],
    ];
    ctx.io.out(`Run ${r.id}: ${r.name}`);
    for (const [k, v] of lines) ctx.io.out(`  ${k.padEnd(12)}${v}`);
    if (r.notes !== '') ctx.io.out(`  notes\n${r.notes.replace(/^/gm, '    ')}`);
  },
});

const exportCmd = runsCommand({
  name: 'export',
  summary: `write a run to one file to share (${RUN_FILE_EXTENSION})`,
  store: 'existing',
  positionals: { ID: arg(RUN_ID, "the run's id"), FILE: arg(filePath(), `the file to write (${RUN_FILE_EXTENSION})`) },
  options: { force: flag('overwrite FILE if it exists') },
  run({ positionals: { ID: id, FILE: file }, options: o }, store, ctx) {
    if (fs.existsSync(file) && !o.force) throw new UsageError(`FILE = ${quote(file)}: the file exists; choose another name or add --force`);
    const size = onFile('write', file, () => store.exportRunSync(id, file, { overwrite: true }));
    ctx.io.out(`Exported run ${id} to ${file} (${bytes(size)}).`);
  },
});

const deleteCmd = runsCommand({
  name: 'delete',
  summary: 'delete a run and all its data',
  store: 'existing',
  positionals: { ID: arg(RUN_ID, "the run's id") },
  options: { yes: flag('do not ask for confirmation', { short: 'y' }) },
  async run({ positionals: { ID: id }, options: o }, store, ctx) {
    const r = store.getRunSync(id);
    if (!o.yes) {
      const answer = ctx.io.confirm(`Delete run ${id} "${r.name}" (${r.status}, ${count(r.spikesStored)} spikes)? [y/N] `);
      if (answer === null) throw new UsageError(`refusing to delete run ${id} without confirmation: add --yes (stdin is not a terminal)`);
      if (!(await answer)) {
        ctx.io.out('Not deleted.');
        return 1;
      }
    }
    store.deleteRunSync(id);
    store.reclaimSpaceSync();
    ctx.io.out(`Deleted run ${id} (${r.name}).`);
  },
});

const markInterrupted = runsCommand({
  name: 'mark-interrupted',
  summary: 'mark a stuck run interrupted (a run shown running that no process runs)',
  description:
    'Only a queued or running run that another process writes. A run whose process has ended is marked interrupted as soon as the database is ' +
    "opened (any command does it). While the process lives (it holds the run's lease) the run is refused unless --force: that process then " +
    'stops storing the run at its next write; the data stored so far is kept.',
  store: 'existing',
  positionals: { ID: arg(RUN_ID, "the run's id") },
  options: { force: flag('mark it even though its process is still alive (it is stuck)') },
  examples: ['npm run runs -- mark-interrupted 12', 'npm run runs -- mark-interrupted 12 --force'],
  run({ positionals: { ID: id }, options: o }, store, ctx) {
    const r = store.markInterruptedSync(id, { force: o.force });
    ctx.io.out(`Run ${id} is now interrupted (${r.reason}).`);
  },
});

const rename = runsCommand({
  name: 'rename',
  summary: 'rename a run',
  store: 'existing',
  positionals: { ID: arg(RUN_ID, "the run's id"), NAME: arg(RUN_NAME, 'its new name (quote a name with spaces)') },
  options: {},
  run({ positionals: { ID: id, NAME: name } }, store, ctx) {
    const r = store.renameRunSync(id, name);
    ctx.io.out(`Run ${id} is now named ${JSON.stringify(r.name)}.`);
  },
});

const tag = runsCommand({
  name: 'tag',
  summary: 'add a tag to a run',
  store: 'existing',
  positionals: { ID: arg(RUN_ID, "the run's id"), TAG: arg(RUN_TAG, 'the tag (one word)') },
  options: {},
  run({ positionals: { ID: id, TAG: t } }, store, ctx) {
    ctx.io.out(`Run ${id} tags: ${store.addTagSync(id, t).tags.join(', ')}`);
  },
});

const untag = runsCommand({
  name: 'untag',
  summary: 'remove a tag from a run',
  store: 'existing',
  positionals: { ID: arg(RUN_ID, "the run's id"), TAG: arg(text('TAG'), 'the tag to remove') },
  options: {},
  run({ positionals: { ID: id, TAG: t } }, store, ctx) {
    ctx.io.out(`Run ${id} tags: ${store.removeTagSync(id, t).tags.join(', ') || '(none)'}`);
  },
});

/** The subcommands, in the order help lists them. */
export const RUNS = group({
  name: 'runs',
  summary: 'manage the runs stored by Microcircuit Studio',
  commands: [list, show, exportCmd, ...INTEROP_COMMANDS, deleteCmd, rename, tag, untag, ...FIGURE_COMMANDS, ...BATCH_COMMANDS, markInterrupted],
  footer: () => `Default database: ${defaultDbPath()} (--db FILE or --data-dir DIR names another).`,
});

export const RUNS_PROGRAM: Program = {
  name: 'runs',
  invocation: 'npm run runs --',
  root: RUNS,
  explain: explainStoreError,
};
