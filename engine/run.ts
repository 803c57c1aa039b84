/**
 * runSimulation: validate, guard memory, plan, build and simulate; stream spikes; summarise.
 * This is what the CLI, the engine host and the tests call.
 */
import os from 'node:os';
import { ENGINE_NAME, ENGINE_VERSION, type MachineInfo, type PopulationInfo, type RunCallbacks, type RunOutcome, type RunSummary } from './api.ts';
import { makePlan, type NetworkPlan } from './network/plan.ts';
import { guardMemory } from './memory.ts';
import type { MemoryAvailable } from './params/estimate.ts';
import { NUM_POPS, type ParamSet } from './params/types.ts';
import { validateParams } from './params/validate.ts';
import { runInProcess, runWithWorkers, type RunnerResult } from './runner.ts';

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    totalMemBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    nodeVersion: process.versions.node,
  };
}

export function populationInfo(plan: NetworkPlan): PopulationInfo[] {
  const out: PopulationInfo[] = [];
  for (let i = 0; i < NUM_POPS; i++) {
    out.push({ name: plan.params.net.populations[i], firstId: plan.popStart[i] + 1, lastId: plan.popStart[i + 1] });
  }
  return out;
}

export interface RunOptions extends RunCallbacks {
  /** Skip the memory guard (tests of tiny networks on loaded machines). */
  skipMemoryGuard?: boolean;
  /** The memory available to the run (default: this machine's now, cgroup limits included: memory.ts memoryFacts). */
  memory?: MemoryAvailable;
}

/** Peak resident set size of this process so far, bytes. */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export async function runSimulation(input: unknown, opts: RunOptions = {}): Promise<RunOutcome> {
  opts.onProgress?.({ phase: 'validating', phaseFraction: 0, tModelMs: 0, tTotalMs: 0, wallS: 0, spikesSoFar: 0, realTimeFactor: NaN, recentRatesHz: [] });
  const params: ParamSet = validateParams(input);
  if (!opts.skipMemoryGuard) guardMemory(params, opts.memory);
  const plan = makePlan(params);
  opts.onLog?.(
    `network: ${plan.numNeurons} neurons, ${plan.derived.totalSynapses} recurrent synapses, ${plan.shards.length} shards on ${plan.threads} thread(s)`,
  );
  const result: RunnerResult = plan.threads === 1 ? await runInProcess(plan, opts) : await runWithWorkers(plan, opts);
  const simS = (plan.simSteps * plan.hMs) / 1000;
  const rates = result.spikesWindow.map((c, i) => (plan.derived.numNeurons[i] > 0 && simS > 0 ? c / (plan.derived.numNeurons[i] * simS) : 0));
  const summary: RunSummary = {
    populations: populationInfo(plan),
    rates_hz: rates,
    timings_s: result.times,
    num_neurons: plan.numNeurons,
    num_synapses: result.numSynapses,
    num_spikes: result.spikesTotal.reduce((a, b) => a + b, 0),
    synaptic_events: result.events,
    synapse_bytes: result.synapseBytes,
    threads: plan.threads,
    seed: plan.seed,
    engine_version: `${ENGINE_NAME} ${ENGINE_VERSION}`,
    peak_rss_bytes: peakRssBytes(),
    machine: machineInfo(),
    spike_recorder_ids: plan.spikeRecorderIds,
    voltmeter_ids: plan.voltmeterIds,
    total_nest_nodes: plan.totalNestNodes,
    resolution_ms: plan.hMs,
  };
  return { params, summary };
}
