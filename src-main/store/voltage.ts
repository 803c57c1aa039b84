/**
 * Voltmeter traces: one row per chunk (steps as u32, samples as f32, little-endian), the recorded
 * neurons once per run (runs.voltage_senders). Called inside the store's transactions.
 */
import type Database from 'better-sqlite3';
import type { VoltageChunk } from '../../engine/api.ts';
import { RunStoreError } from './errors.ts';
import { checkWindow, stepRange } from './spike-reader.ts';
import type { VoltageQuery, VoltageTrace } from './types.ts';

function refuse(what: string): RunStoreError {
  return new RunStoreError('bad-chunk', `voltage chunk refused: ${what}`);
}

function asBytes(a: Uint32Array | Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Copies a blob into an aligned typed array. */
function u32(b: Buffer): Uint32Array {
  return new Uint32Array(new Uint8Array(b).buffer);
}

/** Checks types, sizes and that sample steps increase past `afterStep`. Pure. */
export function checkVoltageChunk(chunk: VoltageChunk, afterStep: number): void {
  const { steps, senders, vMv } = chunk;
  if (!(steps instanceof Uint32Array) || !(senders instanceof Uint32Array) || !(vMv instanceof Float32Array)) {
    throw refuse('steps and senders must be Uint32Arrays, vMv a Float32Array');
  }
  if (steps.length === 0 || senders.length === 0) throw refuse('no samples or no neurons');
  if (vMv.length !== steps.length * senders.length) {
    throw refuse(`${vMv.length} values for ${steps.length} samples x ${senders.length} neurons`);
  }
  for (let i = 0; i < steps.length; i++) {
    if (steps[i] <= (i === 0 ? afterStep : steps[i - 1])) throw refuse(`sample steps must increase (index ${i}, step ${steps[i]})`);
  }
}

/** Inserts a checked chunk; the first chunk of a run fixes its recorded neurons. */
export function insertVoltageChunkSync(db: Database.Database, runId: number, chunk: VoltageChunk): void {
  const sendersBytes = asBytes(chunk.senders);
  const row = db.prepare('SELECT voltage_senders FROM runs WHERE id = ?').get(runId) as { voltage_senders: Buffer | null };
  if (row.voltage_senders === null) {
    db.prepare('UPDATE runs SET voltage_senders = ? WHERE id = ?').run(sendersBytes, runId);
  } else if (!row.voltage_senders.equals(sendersBytes)) {
    throw refuse('its neurons differ from those of the earlier chunks');
  }
  const { steps } = chunk;
  db.prepare('INSERT INTO voltage_chunks (run_id, t0_step, t1_step, num_samples, steps, v_mv) VALUES (?, ?, ?, ?, ?, ?)').run(
    runId,
    steps[0],
    steps[steps.length - 1],
    steps.length,
    asBytes(steps),
    asBytes(chunk.vMv),
  );
}

/** The samples in the window, concatenated; null when the run recorded none. */
export function readVoltageSync(db: Database.Database, runId: number, q: VoltageQuery): VoltageTrace | null {
  const row = db.prepare('SELECT voltage_senders, resolution_ms FROM runs WHERE id = ?').get(runId) as {
    voltage_senders: Buffer | null;
    resolution_ms: number;
  };
  if (row.voltage_senders === null) return null;
  const t0 = q.t0Ms ?? 0;
  const t1 = q.t1Ms ?? Number.MAX_SAFE_INTEGER;
  checkWindow(t0, t1);
  const range = stepRange(t0, t1, row.resolution_ms);
  const senders = u32(row.voltage_senders);
  const width = senders.length;
  const chunks = db
    .prepare('SELECT steps, v_mv FROM voltage_chunks WHERE run_id = ? AND t1_step >= ? AND t0_step <= ? ORDER BY t1_step')
    .all(runId, range.from, range.to) as { steps: Buffer; v_mv: Buffer }[];
  const keptSteps: number[] = [];
  const parts: Float32Array[] = [];
  for (const c of chunks) {
    const steps = u32(c.steps);
    const v = new Float32Array(new Uint8Array(c.v_mv).buffer);
    let a = 0;
    while (a < steps.length && steps[a] < range.from) a++;
    let b = a;
    while (b < steps.length && steps[b] <= range.to) keptSteps.push(steps[b++]);
    parts.push(v.subarray(a * width, b * width));
  }
  const vMv = new Float32Array(keptSteps.length * width);
  let k = 0;
  for (const p of parts) {
    vMv.set(p, k);
    k += p.length;
  }
  return { senders, steps: Uint32Array.from(keptSteps), vMv, resolutionMs: row.resolution_ms };
}
