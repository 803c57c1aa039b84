/**
 * The batches.* and ensembles.* requests: sweeps and ensembles of seeds planned, started,
 * cancelled, resumed and listed (src-main/batches/), their sweep table, and ensembles grouped by
 * hand. The runs service owns the store, the run manager and the batch runner; these handlers use
 * them.
 */
import os from 'node:os';
import { availableMemoryBytes } from '../../engine/memory.ts';
import { confirmationReasons, estimateBatch } from '../batches/estimate.ts';
import { ensembleDifferences, formatDifferences } from '../batches/ensembles.ts';
import { formatProblem, planBatch, type BatchPlan, type BatchProblem } from '../batches/plan.ts';
import { summarizeRunsSync, sweepTableSync } from '../batches/sweep-table.ts';
import type { BatchPlanProblem, NestRateReference } from '../contract.ts';
import { NEST_MEAN_RATE_RANGES_HZ, NEST_YARDSTICK_CONDITIONS, NEST_YARDSTICK_RUNS, NEST_YARDSTICK_VERSION } from '../interop/yardstick-data.ts';
import type { BatchSlot } from '../store/batch-types.ts';
import type { Handler } from './dispatch.ts';
import { StudioError } from './errors.ts';
import type { ParamsMachine } from './params.ts';
import type { RunsService } from './runs.ts';

type BatchMethod =
  | 'batches.plan'
  | 'batches.start'
  | 'batches.cancel'
  | 'batches.resume'
  | 'batches.list'
  | 'batches.get'
  | 'batches.table'
  | 'batches.delete'
  | 'ensembles.list'
  | 'ensembles.get'
  | 'ensembles.group'
  | 'ensembles.ungroup'
  | 'ensembles.summary'
  | 'batches.nestReference';

const thisMachine: ParamsMachine = { cores: () => os.cpus().length, availableBytes: availableMemoryBytes };

export function planProblems(plan: BatchPlan, problems: readonly BatchProblem[]): BatchPlanProblem[] {
  return problems.map((p) => ({ point: p.point, values: p.values, path: p.issue.path, value: p.issue.value, message: p.issue.message, text: formatProblem(plan, p) }));
}

/** The reference data the app ships (src-main/interop/yardstick-data.ts), as the sweep plots draw it. */
export function nestRateReference(): NestRateReference {
  const c = NEST_YARDSTICK_CONDITIONS;
  return {
    source: `NEST ${NEST_YARDSTICK_VERSION}, ${NEST_YARDSTICK_RUNS.length} runs of the shipped configuration that differ only in the seed (N_scaling = ${c.N_scaling}, K_scaling = ${c.K_scaling}, ${c.windowMs} ms analysed)`,
    nestVersion: NEST_YARDSTICK_VERSION,
    runs: [...NEST_YARDSTICK_RUNS],
    conditions: { ...c },
    meanRateRangesHz: Object.fromEntries(Object.entries(NEST_MEAN_RATE_RANGES_HZ).map(([k, v]) => [k, { ...v }])),
  };
}

function currentRunIds(slots: readonly BatchSlot[]): number[] {
  return slots.flatMap((s) => (s.runId === null ? [] : [s.runId]));
}

export function batchHandlers(runs: RunsService, machine: ParamsMachine = thisMachine): { [M in BatchMethod]: Handler<M> } {
  return {
    'batches.plan': ({ spec, jobs }) => {
      // Planning needs no store: the page may plan while the database is still closed.
      const { plan, problems, moreProblems } = planBatch(spec);
      const cores = machine.cores();
      const estimate = estimateBatch(plan, { cores, jobs });
      return {
        kind: plan.kind,
        name: plan.name,
        axes: plan.axes,
        seeds: plan.seeds,
        points: plan.points,
        totalRuns: plan.points.length * plan.seeds.length,
        problems: planProblems(plan, problems),
        moreProblems,
        estimate: { ...estimate, cores, availableBytes: machine.availableBytes() },
        confirm: confirmationReasons(estimate),
      };
    },
    'batches.start': ({ spec }) => runs.batches.runner.start(spec),
    'batches.cancel': ({ id, reason }) => {
      const { runner, batches } = runs.batches;
      const result = runner.cancel(id, reason);
      return { result, batch: batches.getBatchSync(id) };
    },
    'batches.resume': ({ id, retryFailed }) => runs.batches.runner.resume(id, { retryFailed }),
    'batches.list': ({ status }) => {
      const { runner, batches } = runs.batches;
      return batches.listBatchesSync({ status }).map((b) => ({ ...b, runIds: currentRunIds(batches.slotsSync(b.id)), progress: runner.progress(b.id) }));
    },
    'batches.get': ({ id }) => {
      const { runner, batches } = runs.batches;
      const record = batches.getBatchSync(id);
      const points = batches.pointsSync(id);
      return { ...record, runIds: currentRunIds(points.flatMap((p) => p.runs)), progress: runner.progress(id), points, base: batches.getPlanSync(id).base };
    },
    'batches.table': ({ id }) => {
      const { store, batches } = runs.batches;
      return sweepTableSync(store, batches, id);
    },
    'batches.delete': ({ id, deleteRuns }) => {
      const { store, batches, runner } = runs.batches;
      if (runner.activeIds.includes(id)) throw new StudioError('conflict', `batch ${id} is running: cancel it first`);
      const runIds = deleteRuns ? batches.runIdsSync(id) : [];
      batches.deleteBatchSync(id);
      const deleted: number[] = [];
      for (const runId of runIds) {
        store.deleteRunSync(runId);
        runs.forget(runId);
        deleted.push(runId);
      }
      return { id, deletedRuns: deleted };
    },
    'ensembles.list': ({ batchId, origin }) => runs.batches.batches.listEnsemblesSync({ batchId, origin }),
    'ensembles.get': ({ id }) => runs.batches.batches.getEnsembleSync(id),
    'ensembles.group': ({ name, ids, allowDifferentParams }) => {
      const { store, batches } = runs.batches;
      if (!allowDifferentParams) {
        const diffs = ensembleDifferences(ids.map((id) => store.getParamsSync(id)));
        if (diffs.length > 0) {
          throw new StudioError(
            'conflict',
            `these runs differ in ${diffs.length} parameter(s) besides the seed, so they are not one ensemble (group them anyway with allowDifferentParams):\n${formatDifferences(diffs)}`,
          );
        }
      }
      return batches.groupSync(name, ids);
    },
    'ensembles.ungroup': ({ id }) => {
      runs.batches.batches.ungroupSync(id);
      return { id };
    },
    'ensembles.summary': ({ id }) => {
      const { store, batches } = runs.batches;
      const ensemble = batches.getEnsembleSync(id);
      return { ensembleId: id, ...summarizeRunsSync(store, ensemble.runIds) };
    },
    'batches.nestReference': () => nestRateReference(),
  };
}
