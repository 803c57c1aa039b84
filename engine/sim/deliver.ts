/**
 * Delivery: a spike's row of each shard queued as events for the updates its delays name
 * (pd14.md 5.1: a spike stamped S with delay d is read in update S + d - 1). The JavaScript append
 * loop here is the reference of kernels.wat `append`; engine/sim/partition.ts reserves room,
 * counts the events and hands spikes to the kernels.
 */
import type { Rows } from '../network/rows.ts';
import type { DelayQueue } from './queue.ts';

/** Synaptic events the spikes of src[from..to) cause through these rows (the length of their rows). */
export function rowEvents(rows: Rows, src: Uint32Array, from: number, to: number): number {
  const rowPtr = rows.rowPtr;
  let n = 0;
  for (let x = from; x < to; x++) {
    const s = src[x];
    n += rowPtr[s + 1] - rowPtr[s];
  }
  return n;
}

/**
 * Queues the events of spikes stamped `stamp` from sources src[from..to) through the rows of a
 * shard whose first input is number `inBase` of the queue's: each run of one delay goes to the
 * slot of update stamp + delay - 1, one slot look-up per run, one add and store per event (a
 * synapse word plus inBase << 15 is its event word: engine/base/event-word.ts). The queue must have
 * room (reserve).
 */
export function appendRows(dq: DelayQueue, rows: Rows, inBase: number, src: Uint32Array, from: number, to: number, stamp: number): void {
  const { rowPtr, runPtr, runs, syn } = rows;
  const qw = dq.q;
  const pos = dq.pos;
  const end = dq.end;
  const slots = dq.slots;
  const first = inBase * 32768;
  const base = (stamp - 1) % slots;
  for (let x = from; x < to; x++) {
    const s = src[x];
    let a = rowPtr[s];
    const r1 = runPtr[s + 1];
    for (let r = runPtr[s]; r < r1; r++) {
      const h = runs[r];
      let slot = base + (h >>> 16);
      if (slot >= slots) slot -= slots;
      let p = pos[slot];
      let e = end[slot];
      const stop = a + (h & 0xffff);
      for (; a < stop; a++) {
        if (p === e) {
          p = dq.open(slot);
          e = end[slot];
        }
        qw[p++] = first + syn[a];
      }
      pos[slot] = p;
    }
  }
}
