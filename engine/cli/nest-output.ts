/**
 * The output folder of a headless run: NEST's own files (population_nodeids.dat,
 * spike_recorder-*.dat, rate<i>.dat, voltmeter-*.dat) for the simulation phase, as NEST writes
 * them after its last Simulate call, plus params.json and summary.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunOutcome, VoltageChunk } from '../api.ts';
import type { RunAnalysis } from '../analysis/population-stats.ts';
import { NestSpikeWriter, writeRateFileSync } from '../nest/write.ts';
import type { ParamSet } from '../params/types.ts';

export interface OutputFolderInput {
  params: ParamSet;
  outcome: RunOutcome;
  /** Null when the analysis failed: no rate files, and summary.json says why (statistics_problem). */
  analysis: RunAnalysis | null;
  analysisProblem?: string | null;
  /** Every spike of the run: senders and times (ms). */
  spikes: { senders: Uint32Array; timesMs: Float64Array };
  voltage: readonly VoltageChunk[];
}

export function writeOutputFolderSync(dir: string, o: OutputFolderInput): void {
  const { params, analysis } = o;
  const s = o.outcome.summary;
  const h = params.sim.sim_resolution;
  const t0 = params.sim.t_presim;
  const presimSteps = Math.round(t0 / h);
  mkdirSync(dir, { recursive: true });
  if (params.sim.rec_dev.includes('spike_recorder')) {
    const writer = NestSpikeWriter.openSync({ dir, populations: s.populations, recorderIds: s.spike_recorder_ids, totalNodes: s.total_nest_nodes });
    try {
      // NEST's files hold only the last Simulate call: the simulation phase (t_presim, t_presim + t_sim].
      const { senders, timesMs } = o.spikes;
      let n = 0;
      for (let i = 0; i < senders.length; i++) if (timesMs[i] > t0 + 1e-9) n++;
      const snd = new Uint32Array(n);
      const st = new Uint32Array(n);
      for (let i = 0, k = 0; i < senders.length; i++) {
        if (timesMs[i] <= t0 + 1e-9) continue;
        snd[k] = senders[i];
        st[k++] = Math.round(timesMs[i] / h);
      }
      writer.writeStepsSync(snd, st, h);
    } finally {
      writer.closeSync();
    }
    analysis?.values.forEach((v, i) => writeRateFileSync(join(dir, `rate${i}.dat`), v.distributions.rates));
  }
  if (o.voltage.length > 0) writeVoltmeterFiles(dir, o.voltage, s, presimSteps, h);
  writeFileSync(join(dir, 'params.json'), JSON.stringify(params, null, 2) + '\n');
  const summary = {
    ...s,
    populations: s.populations.map((p) => p.name),
    population_node_ids: s.populations.map((p) => [p.firstId, p.lastId]),
    presim_steps: presimSteps,
    statistics: analysis?.populations ?? null,
    ...(analysis ? {} : { statistics_problem: o.analysisProblem ?? 'the statistics could not be computed' }),
  };
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
}

/**
 * NEST's voltmeter files: one `voltmeter-<id>-<vp>.dat` per population, rows `sender<TAB>time_ms<TAB>V_m`
 * for the simulation phase only (NEST recreates its files at every Simulate call).
 */
function writeVoltmeterFiles(dir: string, chunks: readonly VoltageChunk[], s: RunOutcome['summary'], presimSteps: number, h: number): void {
  const ids = s.voltmeter_ids ?? [];
  s.populations.forEach((p, i) => {
    const id = ids[i] ?? s.total_nest_nodes + 1 + i;
    const name = `voltmeter-${String(id).padStart(Math.floor(Math.log10(Math.max(1, s.total_nest_nodes))) + 1, '0')}-0.dat`;
    const lines: string[] = ['# NEST version: ' + s.engine_version, '# RecordingBackendASCII version: 2', 'sender\ttime_ms\tV_m'];
    for (const c of chunks) {
      const n = c.senders.length;
      for (let r = 0; r < c.steps.length; r++) {
        if (c.steps[r] <= presimSteps) continue;
        const t = (c.steps[r] * h).toFixed(3);
        for (let col = p.firstId - 1; col < p.lastId; col++) lines.push(`${c.senders[col]}\t${t}\t${Number(c.vMv[r * n + col].toPrecision(6))}`);
      }
    }
    writeFileSync(join(dir, name), lines.join('\n') + '\n');
  });
}
