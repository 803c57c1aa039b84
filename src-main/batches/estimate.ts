/**
 * What a batch will cost before it starts: time, peak memory and disk, from the engine's own
 * estimate of each run (engine/params/estimate.ts), the per-run overhead of the run manager
 * (process start, storing, statistics: measured by `npm run bench`) and the store's bytes per
 * spike (src-main/store/sizes.ts). Pure.
 *
 * Spikes are expected at the published full-scale rates (net.full_mean_rates) over the whole
 * run: a sweep that changes the rates changes the disk it takes, so the figure is a guide.
 */
import { deriveParams } from '../../engine/params/derive.ts';
import { estimateRun } from '../../engine/params/estimate.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import { STORED_BYTES_PER_RUN, STORED_BYTES_PER_SPIKE, STORED_BYTES_PER_VOLTAGE_SAMPLE } from '../store/sizes.ts';
import { runParams, type BatchPlan } from './plan.ts';

/**
 * Seconds a batch run takes beyond the engine's own build and simulation: what of the engine
 * host's process and thread start the spare host does not hide, storing the spikes, the
 * statistics and the completion. `npm run bench`'s batch rows measure it: at the shipped
 * configuration on the 2-core development machine, 0.50 s per run with a spare host under a load
 * average of 22 (1.65 s without one); 0.45–0.55 s without a spare host at load 9. An upper bound
 * on a quiet machine.
 */
export const RUN_OVERHEAD_S = 0.5;

export interface BatchEstimate {
  runs: number;
  /** Runs at once. */
  jobs: number;
  /** Wall-clock seconds of the whole batch. */
  totalS: number;
  /** Estimated wall-clock seconds of one run (engine build + simulation + overhead): the shortest and the longest. */
  runS: { min: number; max: number };
  /** Peak memory of the runs at once: the largest run's peak × jobs, bytes. */
  peakBytes: number;
  /** Growth of the run database, bytes. */
  diskBytes: number;
  /** Spikes all runs are expected to store. */
  expectedSpikes: number;
}

/** Spikes one run is expected to record: every neuron at its population's published rate, presimulation included. */
export function expectedSpikes(p: ParamSet): number {
  if (!p.sim.rec_dev.includes('spike_recorder')) return 0;
  const durS = (p.sim.t_presim + p.sim.t_sim) / 1000;
  const n = deriveParams(p).numNeurons;
  return n.reduce((sum, k, i) => sum + k * (p.net.full_mean_rates[i] ?? 0) * durS, 0);
}

function voltageSamples(p: ParamSet): number {
  if (!p.sim.rec_dev.includes('voltmeter')) return 0;
  return deriveParams(p).totalNeurons * Math.floor((p.sim.t_presim + p.sim.t_sim) / p.sim.rec_V_int);
}

/** The estimate of the runs `slots` of a plan (default: all of them), `jobs` at once on `cores` cores. */
export function estimateBatch(plan: BatchPlan, o: { cores: number; jobs?: number; slots?: readonly { point: number; seedIndex: number }[] }): BatchEstimate {
  const jobs = Math.max(1, o.jobs ?? 1);
  // Runs at once share the cores: each gets cores / jobs of them (at least one).
  const coresPerRun = Math.max(1, Math.floor(o.cores / jobs));
  const perPoint = new Map<number, { runS: number; peakBytes: number; spikes: number; diskBytes: number }>();
  const at = (point: number) => {
    let e = perPoint.get(point);
    if (!e) {
      const p = runParams(plan, point, 0);
      const r = estimateRun(p, coresPerRun);
      const spikes = expectedSpikes(p);
      e = {
        runS: r.buildS + r.simS + RUN_OVERHEAD_S,
        peakBytes: r.peakBytes,
        spikes,
        diskBytes: spikes * STORED_BYTES_PER_SPIKE + voltageSamples(p) * STORED_BYTES_PER_VOLTAGE_SAMPLE + STORED_BYTES_PER_RUN,
      };
      perPoint.set(point, e);
    }
    return e;
  };
  const slots = o.slots ?? plan.points.flatMap((pt) => plan.seeds.map((_, seedIndex) => ({ point: pt.index, seedIndex })));
  let sumS = 0;
  let spikes = 0;
  let disk = 0;
  let peak = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const slot of slots) {
    const e = at(slot.point);
    sumS += e.runS;
    spikes += e.spikes;
    disk += e.diskBytes;
    peak = Math.max(peak, e.peakBytes);
    min = Math.min(min, e.runS);
    max = Math.max(max, e.runS);
  }
  const runs = slots.length;
  const parallel = Math.min(jobs, Math.max(1, runs));
  return {
    runs,
    jobs,
    totalS: sumS / parallel,
    runS: { min: runs > 0 ? min : 0, max },
    peakBytes: peak * parallel,
    diskBytes: disk,
    expectedSpikes: spikes,
  };
}

/** Above these the command line asks before starting (or takes --yes). */
export const CONFIRM_ABOVE = { totalS: 10 * 60, diskBytes: 2 ** 30, runs: 200 } as const;

/** Why a batch needs a confirmation (empty: it does not). */
export function confirmationReasons(e: BatchEstimate, limits: { totalS: number; diskBytes: number; runs: number } = CONFIRM_ABOVE): string[] {
  const reasons: string[] = [];
  if (e.totalS > limits.totalS) reasons.push(`it takes about ${Math.round(e.totalS / 60)} min (more than ${Math.round(limits.totalS / 60)} min)`);
  if (e.diskBytes > limits.diskBytes) reasons.push(`it stores about ${(e.diskBytes / 2 ** 30).toFixed(1)} GiB (more than ${(limits.diskBytes / 2 ** 30).toFixed(1)} GiB)`);
  if (e.runs > limits.runs) reasons.push(`it makes ${e.runs} runs (more than ${limits.runs})`);
  return reasons;
}
