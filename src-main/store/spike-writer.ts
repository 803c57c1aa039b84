/**
 * Appends a running run's spikes, one population chunk row at a time, inside the caller's
 * transaction. The engine's chunks can be small (a few spikes per population), so small pieces are
 * first stored as rows of their own (committed, crash-safe) and merged into one row once the group
 * reaches SEAL_SPIKES spikes or SEAL_SPAN_MS of model time: rows stay large enough that their
 * per-row overhead is negligible, and no spike waits in memory only.
 */
import type Database from 'better-sqlite3';
import type { PopulationInfo } from '../../engine/api.ts';
import { encodeSpikes, MAX_CHUNK_SPIKES } from './spike-codec.ts';
import type { PopulationChunk } from './spike-split.ts';

export const SEAL_SPIKES = 4096;
export const SEAL_SPAN_MS = 1000;

interface Piece {
  steps: Uint32Array;
  offsets: Uint32Array;
}

interface OpenGroup {
  rowIds: number[];
  pieces: Piece[];
  count: number;
  t0Step: number;
}

/** Applies in-memory changes once the transaction that wrote them has committed. */
export type AfterCommit = () => void;

export class SpikeWriter {
  private readonly runId: number;
  private readonly popSizes: number[];
  private readonly sealSpanSteps: number;
  private readonly insert: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly open: (OpenGroup | null)[];

  constructor(db: Database.Database, runId: number, pops: readonly PopulationInfo[], resolutionMs: number) {
    this.runId = runId;
    this.popSizes = pops.map((p) => p.lastId - p.firstId + 1);
    this.sealSpanSteps = Math.max(1, Math.round(SEAL_SPAN_MS / resolutionMs));
    this.insert = db.prepare(
      'INSERT INTO spike_chunks (run_id, pop, t0_step, t1_step, count, data) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.remove = db.prepare('DELETE FROM spike_chunks WHERE id = ?');
    this.open = pops.map(() => null);
  }

  /** Inserts a piece as rows of at most MAX_CHUNK_SPIKES spikes; returns their ids. */
  private insertRows(pop: number, piece: Piece): number[] {
    const ids: number[] = [];
    for (let from = 0; from < piece.steps.length; from += MAX_CHUNK_SPIKES) {
      const steps = piece.steps.subarray(from, from + MAX_CHUNK_SPIKES);
      const n = steps.length;
      const data = encodeSpikes(steps, piece.offsets.subarray(from, from + n), this.popSizes[pop]);
      ids.push(Number(this.insert.run(this.runId, pop, steps[0], steps[n - 1], n, data).lastInsertRowid));
    }
    return ids;
  }

  private merge(pop: number, group: OpenGroup): void {
    const steps = new Uint32Array(group.count);
    const offsets = new Uint32Array(group.count);
    let k = 0;
    for (const p of group.pieces) {
      steps.set(p.steps, k);
      offsets.set(p.offsets, k);
      k += p.steps.length;
    }
    for (const id of group.rowIds) this.remove.run(id);
    this.insertRows(pop, { steps, offsets });
  }

  /** Writes the parts (must run inside a transaction); returns what to do after the commit. */
  appendSync(parts: readonly PopulationChunk[]): AfterCommit {
    const next = new Map<number, OpenGroup | null>();
    for (const part of parts) {
      const n = part.steps.length;
      if (n === 0) continue;
      const group = this.open[part.pop];
      if (group === null && n >= SEAL_SPIKES) {
        this.insertRows(part.pop, part);
        continue;
      }
      const rowIds = this.insertRows(part.pop, part);
      const grown: OpenGroup = group
        ? { rowIds: [...group.rowIds, ...rowIds], pieces: [...group.pieces, part], count: group.count + n, t0Step: group.t0Step }
        : { rowIds, pieces: [part], count: n, t0Step: part.steps[0] };
      if (grown.count >= SEAL_SPIKES || part.steps[n - 1] - grown.t0Step >= this.sealSpanSteps) {
        if (grown.rowIds.length > 1) this.merge(part.pop, grown);
        next.set(part.pop, null);
      } else {
        next.set(part.pop, grown);
      }
    }
    return () => {
      for (const [pop, g] of next) this.open[pop] = g;
    };
  }

  /** Merges every open group (must run inside a transaction): at the end of a run. */
  flushSync(): AfterCommit {
    this.open.forEach((g, pop) => {
      if (g !== null && g.rowIds.length > 1) this.merge(pop, g);
    });
    return () => this.open.fill(null);
  }
}
