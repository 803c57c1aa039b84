/**
 * The `runs` subcommands of batches and ensembles: list and show batches, the sweep table (as a
 * table, JSON or CSV), delete a batch; list ensembles, group runs as one (e.g. imported NEST
 * runs) and ungroup them. Batches are made by `npm run sweep` and `npm run simulate -- --seeds N`.
 */
import fs from 'node:fs';
import { ensembleDifferences, formatDifferences } from '../batches/ensembles.ts';
import { describePoint } from '../batches/plan.ts';
import { sweepTableSync, type SweepTable } from '../batches/sweep-table.ts';
import { sweepTableCsv } from '../common/sweep-csv.ts';
import { BatchStore } from '../store/batch-store.ts';
import { BATCH_STATUSES, ENSEMBLE_ORIGINS, type BatchRecord } from '../store/batch-types.ts';
import type { RunStore } from '../store/run-store.ts';
import { arg, choice, filePath, flag, onFile, option, quote, restArgs, UsageError, type Command } from './framework/index.ts';
import { count, dateTime, table } from './format.ts';
import { RUN_ID, RUN_NAME, runsCommand } from './runs-command.ts';

/** Runs `body` with the batches of `store` (closed after). */
function withBatches<T>(store: RunStore, body: (batches: BatchStore) => T): T {
  const batches = new BatchStore(store);
  try {
    return body(batches);
  } finally {
    batches.close();
  }
}

function runsCell(b: BatchRecord): string {
  const c = b.counts;
  const extra = [c.failed ? `${c.failed} failed` : '', c.running + c.queued ? `${c.running + c.queued} running` : '', c.cancelled + c.interrupted ? `${c.cancelled + c.interrupted} stopped` : '']
    .filter(Boolean)
    .join(', ');
  return `${c.completed}/${b.totalRuns}${extra ? ` (${extra})` : ''}`;
}

function gridCell(b: BatchRecord): string {
  const axes = b.axes.map((a) => `${a.path} ×${a.values.length}`).join(', ');
  return `${axes ? `${axes}, ` : ''}${b.seeds.length} seed${b.seeds.length === 1 ? '' : 's'}`;
}

const batchesCmd = runsCommand({
  name: 'batches',
  summary: 'list the batches (sweeps and ensembles of seeds), newest first',
  store: 'optional',
  options: {
    status: option(choice(BATCH_STATUSES, 'S'), `only batches with this status: ${BATCH_STATUSES.join(', ')}`),
    json: flag('print JSON instead of a table'),
  },
  run({ options: o }, store, ctx) {
    if (store === null) return ctx.io.out(o.json ? '[]' : `No batches: there is no run database at ${ctx.dbFile} yet.`);
    const list = withBatches(store, (b) => b.listBatchesSync({ status: o.status }));
    if (o.json) return ctx.io.out(JSON.stringify(list, null, 2));
    if (list.length === 0) return ctx.io.out('No batches.');
    ctx.io.out(table(['ID', 'KIND', 'STATUS', 'CREATED', 'RUNS', 'GRID', 'NAME'], list.map((b) => [String(b.id), b.kind, b.status, dateTime(b.createdAtMs), runsCell(b), gridCell(b), b.name])));
  },
});

const batchCmd = runsCommand({
  name: 'batch',
  summary: 'show one batch: its points, seeds and runs',
  store: 'existing',
  positionals: { ID: arg(RUN_ID, "the batch's id (see batches)") },
  options: { json: flag('print the batch and its points as JSON') },
  run({ positionals: { ID: id }, options: o }, store, ctx) {
    withBatches(store, (batches) => {
      const b = batches.getBatchSync(id);
      const points = batches.pointsSync(id);
      if (o.json) return ctx.io.out(JSON.stringify({ ...b, points }, null, 2));
      ctx.io.out(`Batch ${b.id}: ${b.name}`);
      ctx.io.out(`  kind        ${b.kind}`);
      ctx.io.out(`  status      ${b.status}${b.reason ? ` (${b.reason})` : ''}`);
      ctx.io.out(`  created     ${dateTime(b.createdAtMs)}`);
      ctx.io.out(`  finished    ${dateTime(b.finishedAtMs)}`);
      for (const a of b.axes) ctx.io.out(`  ${a.path.padEnd(12)}${a.values.join(', ')}`);
      ctx.io.out(`  seeds       ${b.seeds.join(', ')}`);
      ctx.io.out(`  runs        ${runsCell(b)}`);
      const rows = points.flatMap((p) =>
        p.runs.map((r) => [String(p.point), b.axes.length ? describePoint(b.axes, p.values) : '-', String(r.seed), r.runId === null ? '-' : String(r.runId), r.status ?? 'missing', r.reason ?? '']),
      );
      ctx.io.out('');
      ctx.io.out(table(['POINT', 'VALUES', 'SEED', 'RUN', 'STATUS', 'REASON'], rows));
    });
  },
});

function tableText(t: SweepTable): string {
  const header = ['POINT', ...t.axes.map((a) => a.path), 'POP', 'N', ...t.statistics.map((s) => `${s.label}${s.unit ? ` (${s.unit})` : ''}`)];
  const fmt = (m: { mean: number | null; sd: number | null }, digits: number) =>
    m.mean === null ? '-' : m.sd === null ? m.mean.toFixed(digits) : `${m.mean.toFixed(digits)} ± ${m.sd.toFixed(digits)}`;
  const rows = t.points.flatMap((p) =>
    p.populations.map((pop) => [
      String(p.point),
      ...p.values.map(String),
      pop.name,
      String(pop.stats[t.statistics[0].column].n),
      ...t.statistics.map((s) => fmt(pop.stats[s.column], s.column === 'rate_hz' ? 2 : 3)),
    ]),
  );
  return table(header, rows);
}

const sweepTable = runsCommand({
  name: 'sweep-table',
  summary: "a batch's sweep table: per point and population, mean ± SD over seeds of mean rate, CV ISI and correlation",
  store: 'existing',
  positionals: { ID: arg(RUN_ID, "the batch's id (see batches)") },
  options: {
    csv: option(filePath(), 'write the table as CSV to FILE (one row per point and population)'),
    json: flag('print the table as JSON'),
    force: flag('overwrite the CSV file if it exists'),
  },
  run({ positionals: { ID: id }, options: o }, store, ctx) {
    const t = withBatches(store, (batches) => sweepTableSync(store, batches, id));
    if (o.csv !== undefined) {
      const file = o.csv;
      if (fs.existsSync(file) && !o.force) throw new UsageError(`--csv = ${quote(file)}: the file exists; choose another name or add --force`);
      onFile('write', file, () => fs.writeFileSync(file, sweepTableCsv(t)));
      ctx.io.out(`Wrote the sweep table of batch ${id} (${t.points.length} points × ${t.populations.length} populations) to ${file}.`);
      return;
    }
    if (o.json) return ctx.io.out(JSON.stringify(t, null, 2));
    if (t.points.every((p) => p.populations.length === 0)) return ctx.io.out(`Batch ${id} has no completed runs yet.`);
    ctx.io.out(tableText(t));
  },
});

const deleteBatch = runsCommand({
  name: 'batch-delete',
  summary: 'delete a batch (its runs stay, unless --runs)',
  store: 'existing',
  positionals: { ID: arg(RUN_ID, "the batch's id") },
  options: { runs: flag('delete its runs too'), yes: flag('do not ask for confirmation', { short: 'y' }) },
  async run({ positionals: { ID: id }, options: o }, store, ctx) {
    const batches = new BatchStore(store);
    try {
      const b = batches.getBatchSync(id);
      const runIds = o.runs ? batches.runIdsSync(id) : [];
      if (!o.yes) {
        const answer = ctx.io.confirm(`Delete batch ${id} "${b.name}"${o.runs ? ` and its ${runIds.length} runs` : ' (its runs stay)'}? [y/N] `);
        if (answer === null) throw new UsageError(`refusing to delete batch ${id} without confirmation: add --yes (stdin is not a terminal)`);
        if (!(await answer)) {
          ctx.io.out('Not deleted.');
          return 1;
        }
      }
      batches.deleteBatchSync(id);
      for (const r of runIds) store.deleteRunSync(r);
      if (runIds.length > 0) store.reclaimSpaceSync();
      ctx.io.out(`Deleted batch ${id} (${b.name})${runIds.length ? ` and ${count(runIds.length)} runs` : ''}.`);
    } finally {
      batches.close();
    }
  },
});

const ensembles = runsCommand({
  name: 'ensembles',
  summary: 'list the ensembles: runs of the same parameters with different seeds',
  store: 'optional',
  options: {
    batch: option(RUN_ID, 'only the ensembles (points) of this batch', { metavar: 'ID' }),
    origin: option(choice(ENSEMBLE_ORIGINS, 'O'), `only ensembles of this origin: ${ENSEMBLE_ORIGINS.join(', ')}`),
    json: flag('print JSON instead of a table'),
  },
  run({ options: o }, store, ctx) {
    if (store === null) return ctx.io.out(o.json ? '[]' : `No ensembles: there is no run database at ${ctx.dbFile} yet.`);
    const list = withBatches(store, (b) => b.listEnsemblesSync({ batchId: o.batch, origin: o.origin }));
    if (o.json) return ctx.io.out(JSON.stringify(list, null, 2));
    if (list.length === 0) return ctx.io.out('No ensembles.');
    ctx.io.out(
      table(
        ['ID', 'ORIGIN', 'BATCH', 'RUNS', 'NAME'],
        list.map((e) => [String(e.id), e.origin, e.batchId === null ? '-' : `${e.batchId}:${e.point}`, e.runIds.length <= 8 ? e.runIds.join(',') : `${e.runIds.slice(0, 6).join(',')},… (${e.runIds.length})`, e.name]),
      ),
    );
  },
});

const groupCmd = runsCommand({
  name: 'group',
  summary: 'group runs as an ensemble (e.g. imported NEST runs of several seeds)',
  store: 'existing',
  positionals: { NAME: arg(RUN_NAME, "the ensemble's name"), IDS: restArgs(RUN_ID, 'the runs (at least two)', { min: 2 }) },
  options: { force: flag('group them even when their parameters differ beyond the seed') },
  run({ positionals: { NAME: name, IDS: ids }, options: o }, store, ctx) {
    if (!o.force) {
      const diffs = ensembleDifferences(ids.map((id) => store.getParamsSync(id)));
      if (diffs.length > 0) {
        throw new Error(`these runs differ in ${diffs.length} parameter(s) besides the seed, so they are not one ensemble (add --force to group them anyway):\n${formatDifferences(diffs)}`);
      }
    }
    const e = withBatches(store, (b) => b.groupSync(name, ids));
    ctx.io.out(`Ensemble ${e.id} "${e.name}" groups runs ${e.runIds.join(', ')}.`);
  },
});

const ungroupCmd = runsCommand({
  name: 'ungroup',
  summary: 'dissolve an ensemble grouped by hand (its runs stay)',
  store: 'existing',
  positionals: { ID: arg(RUN_ID, "the ensemble's id (see ensembles)") },
  options: {},
  run({ positionals: { ID: id } }, store, ctx) {
    withBatches(store, (b) => b.ungroupSync(id));
    ctx.io.out(`Ensemble ${id} is dissolved; its runs stay.`);
  },
});

/** The batch and ensemble subcommands, in the order help lists them. */
export const BATCH_COMMANDS: readonly Command[] = [batchesCmd, batchCmd, sweepTable, deleteBatch, ensembles, groupCmd, ungroupCmd];
