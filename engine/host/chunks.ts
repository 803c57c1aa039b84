/**
 * Splitting the engine's chunks into bounded messages. Pure. Every piece owns exact-length arrays:
 * structured clone copies a typed array's whole backing buffer, so a view into a larger buffer
 * would send all of it.
 */
import type { SpikeChunk, VoltageChunk } from '../api.ts';
import { MAX_SPIKES_PER_MESSAGE, MAX_VOLTAGE_BYTES_PER_MESSAGE } from './protocol.ts';

/** The array itself when it owns its whole buffer, else an exact-length copy. */
export function compact<T extends Uint32Array | Float32Array>(a: T): T {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a : (a.slice() as T);
}

/**
 * Splits a time-ordered chunk covering (fromStep, toStep] into chunks of at most `max` spikes that
 * cover consecutive step ranges, cutting only between steps (all spikes of one step stay in one
 * piece, so every piece keeps the (fromStep, toStep] contract). A single step with more than `max`
 * spikes makes one larger piece.
 */
export function splitSpikeChunk(c: SpikeChunk, max = MAX_SPIKES_PER_MESSAGE): SpikeChunk[] {
  const n = c.senders.length;
  if (n <= max) return [{ fromStep: c.fromStep, toStep: c.toStep, senders: compact(c.senders), steps: compact(c.steps) }];
  const out: SpikeChunk[] = [];
  let a = 0;
  let from = c.fromStep;
  while (a < n) {
    let b = Math.min(n, a + max);
    if (b < n) {
      // Back off to the first spike of the step that would be cut.
      let cut = b;
      while (cut > a && c.steps[cut] === c.steps[cut - 1]) cut--;
      if (cut > a) b = cut;
      else while (b < n && c.steps[b] === c.steps[b - 1]) b++; // one step alone exceeds max
    }
    const to = b < n ? c.steps[b - 1] : c.toStep;
    out.push({ fromStep: from, toStep: to, senders: c.senders.slice(a, b), steps: c.steps.slice(a, b) });
    from = to;
    a = b;
  }
  return out;
}

/** Splits voltmeter samples by rows so that each piece holds at most `maxBytes` of values (at least one row). */
export function splitVoltageChunk(c: VoltageChunk, maxBytes = MAX_VOLTAGE_BYTES_PER_MESSAGE): VoltageChunk[] {
  const cols = c.senders.length;
  const rows = c.steps.length;
  const rowBytes = cols * Float32Array.BYTES_PER_ELEMENT;
  const perPiece = Math.max(1, Math.floor(maxBytes / Math.max(1, rowBytes)));
  const senders = compact(c.senders);
  if (rows <= perPiece) return [{ steps: compact(c.steps), senders, vMv: compact(c.vMv) }];
  const out: VoltageChunk[] = [];
  for (let r = 0; r < rows; r += perPiece) {
    const r1 = Math.min(rows, r + perPiece);
    out.push({ steps: c.steps.slice(r, r1), senders, vMv: c.vMv.slice(r * cols, r1 * cols) });
  }
  return out;
}
