/** Window and count queries over stored spike chunks: only chunks overlapping the window are decoded. */
import type Database from 'better-sqlite3';
import type { PopulationInfo } from '../../engine/api.ts';
import { RunStoreError } from './errors.ts';
import { decodeSpikes, strideMask, type SpikeSink } from './spike-codec.ts';
import type { PopulationRef, SpikeWindow } from './types.ts';

interface ChunkRow {
  t0_step: number;
  count: number;
  data: Uint8Array;
}

/** Step range [from, to] of the times [t0Ms, t1Ms] (a step is in when its time is). */
export function stepRange(t0Ms: number, t1Ms: number, resolutionMs: number): { from: number; to: number } {
  const eps = 1e-6;
  return { from: Math.max(0, Math.ceil(t0Ms / resolutionMs - eps)), to: Math.floor(t1Ms / resolutionMs + eps) };
}

export function checkWindow(t0Ms: unknown, t1Ms: unknown): void {
  if (typeof t0Ms !== 'number' || typeof t1Ms !== 'number' || !Number.isFinite(t0Ms) || !Number.isFinite(t1Ms)) {
    throw new RunStoreError('bad-argument', `a time window needs finite t0Ms and t1Ms (got ${String(t0Ms)}, ${String(t1Ms)})`);
  }
  if (t1Ms < t0Ms) throw new RunStoreError('bad-argument', `the window ends (${t1Ms} ms) before it starts (${t0Ms} ms)`);
}

/** Population indices for a selector list (indices or names); all when absent. */
export function resolvePopulations(pops: readonly PopulationInfo[], refs?: readonly PopulationRef[]): number[] {
  if (refs === undefined) return pops.map((_, i) => i);
  const out = new Set<number>();
  for (const ref of refs) {
    const i = typeof ref === 'number' ? ref : pops.findIndex((p) => p.name === ref);
    if (!Number.isInteger(i) || i < 0 || i >= pops.length) {
      throw new RunStoreError(
        'bad-argument',
        `unknown population ${JSON.stringify(ref)}: the run has ${pops.map((p, k) => `${k} (${p.name})`).join(', ')}`,
      );
    }
    out.add(i);
  }
  return [...out].sort((a, b) => a - b);
}

export class SpikeReader {
  private readonly chunks: Database.Statement;

  constructor(db: Database.Database) {
    this.chunks = db.prepare(
      `SELECT t0_step, count, data FROM spike_chunks
       WHERE run_id = ? AND pop = ? AND t1_step >= ? AND t0_step <= ? ORDER BY t1_step`,
    );
  }

  private rows(runId: number, pop: number, from: number, to: number): ChunkRow[] {
    return this.chunks.all(runId, pop, from, to) as ChunkRow[];
  }

  window(
    runId: number,
    pops: readonly PopulationInfo[],
    selected: readonly number[],
    range: { from: number; to: number },
    stride: number,
    resolutionMs: number,
  ): SpikeWindow {
    const perPop = selected.map((pop) => ({ pop, rows: this.rows(runId, pop, range.from, range.to) }));
    let bound = 0;
    for (const p of perPop) for (const r of p.rows) bound += r.count;
    const sink: SpikeSink = { senders: new Uint32Array(bound), steps: new Uint32Array(bound), length: 0 };
    const groups: SpikeWindow['groups'] = [];
    for (const { pop, rows } of perPop) {
      const info = pops[pop];
      const size = info.lastId - info.firstId + 1;
      const filter = { fromStep: range.from, toStep: range.to, keep: strideMask(size, stride) };
      const start = sink.length;
      for (const r of rows) decodeSpikes(r.data, r.count, r.t0_step, size, info.firstId, sink, filter);
      groups.push({ pop, start, end: sink.length });
    }
    const n = sink.length;
    return {
      senders: n === bound ? sink.senders : sink.senders.slice(0, n),
      steps: n === bound ? sink.steps : sink.steps.slice(0, n),
      resolutionMs,
      groups,
    };
  }

  /** Spike count of each neuron of the selected populations, steps in [from, to]. */
  counts(
    runId: number,
    pops: readonly PopulationInfo[],
    selected: readonly number[],
    range: { from: number; to: number },
  ): { pop: number; name: string; firstId: number; counts: Uint32Array }[] {
    let scratch: SpikeSink = { senders: new Uint32Array(0), steps: new Uint32Array(0), length: 0 };
    return selected.map((pop) => {
      const info = pops[pop];
      const size = info.lastId - info.firstId + 1;
      const counts = new Uint32Array(size);
      const filter = { fromStep: range.from, toStep: range.to, keep: null };
      for (const r of this.rows(runId, pop, range.from, range.to)) {
        if (scratch.senders.length < r.count) {
          scratch = { senders: new Uint32Array(r.count), steps: new Uint32Array(r.count), length: 0 };
        }
        scratch.length = 0;
        decodeSpikes(r.data, r.count, r.t0_step, size, 0, scratch, filter);
        const s = scratch.senders;
        for (let i = 0; i < scratch.length; i++) counts[s[i]]++;
      }
      return { pop, name: info.name, firstId: info.firstId, counts };
    });
  }
}
