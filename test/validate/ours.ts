/**
 * Runs our engine and analyses its spikes exactly as the NEST reference runs are analysed, for the
 * equivalence tests and `npm run validate`.
 */
import { analyzeRun, SpikeAccumulator, splitByPopulation, type RunAnalysis } from '../../engine/analysis/index.ts';
import type { RunOutcome } from '../../engine/api.ts';
import { composeParams } from '../../engine/params/merge.ts';
import type { PresetName } from '../../engine/params/types.ts';
import { validateParams } from '../../engine/params/validate.ts';
import { runSimulation } from '../../engine/run.ts';
import type { EnsembleRun } from './ensemble.ts';

export interface OurRun {
  outcome: RunOutcome;
  analysis: RunAnalysis;
  /** Wall-clock seconds of the whole run. */
  wallS: number;
}

/** Runs a preset with overrides; analyses (t_presim, t_presim + t_sim] as validation.md says. */
export async function runOurs(preset: PresetName, sets: string[] = []): Promise<OurRun> {
  const params = validateParams(composeParams({ preset, sets }));
  const acc = new SpikeAccumulator(1 << 16);
  const t0 = performance.now();
  const outcome = await runSimulation(params, {
    onSpikes: (c) => acc.pushSteps(c.senders, c.steps, params.sim.sim_resolution),
  });
  const wallS = (performance.now() - t0) / 1000;
  const all = acc.finish();
  const pops = splitByPopulation(all.senders, all.timesMs, outcome.summary.populations);
  const analysis = analyzeRun(pops, { t0Ms: params.sim.t_presim, t1Ms: params.sim.t_presim + params.sim.t_sim });
  return { outcome, analysis, wallS };
}

/** One of our runs as a member of an ensemble. */
export function ourEnsembleRun(run: OurRun, label: string): EnsembleRun {
  const d = run.analysis.values;
  return { label, distributions: d, rateMeansHz: d.map((x) => run.analysis.populations[x.name].rate_mean_hz) };
}
