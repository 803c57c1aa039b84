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

/** The recorded neurons of a run (node ids, in column order) and its resolution; null when none were recorded. */
export function voltageLayoutSync(db: Database.Database, runId: number): { senders: Uint32Array; resolutionMs: number } | null {
  const row = db.prepare('SELECT voltage_senders, resolution_ms FROM runs WHERE id = ?').get(runId) as { voltage_senders: Buffer | null; resolution_ms: number };
  return row.voltage_senders === null ? null : { senders: u32(row.voltage_senders), resolutionMs: row.resolution_ms };
}

interface ChunkMeta {
  id: number;
  steps: Uint32Array;
  /** Samples [a, b) of the chunk lie in the step range. */
  a: number;
  b: number;
}

/** The chunks overlapping steps [from, to], with the part of each that lies inside. */
function chunksInRange(db: Database.Database, runId: number, range: { from: number; to: number }): ChunkMeta[] {
  const rows = db
    .prepare('SELECT id, steps FROM voltage_chunks WHERE run_id = ? AND t1_step >= ? AND t0_step <= ? ORDER BY t1_step')
    .all(runId, range.from, range.to) as { id: number; steps: Buffer }[];
  return rows.map((r) => {
    const steps = u32(r.steps);
    let a = 0;
    while (a < steps.length && steps[a] < range.from) a++;
    let b = a;
    while (b < steps.length && steps[b] <= range.to) b++;
    return { id: r.id, steps, a, b };
  });
}

/** Samples in [t0Ms, t1Ms] (a step is in when its time is). */
export function voltageSampleCountSync(db: Database.Database, runId: number, t0Ms: number, t1Ms: number, resolutionMs: number): number {
  checkWindow(t0Ms, t1Ms);
  return chunksInRange(db, runId, stepRange(t0Ms, t1Ms, resolutionMs)).reduce((n, c) => n + c.b - c.a, 0);
}

/**
 * The traces of some recorded neurons (`columns`: indices into the run's recorded neurons) in
 * [t0Ms, t1Ms]: sample steps and V row-major [sample][column]. Refused before anything is read
 * when samples × columns exceeds `maxValues`.
 */
export function readVoltageColumnsSync(
  db: Database.Database,
  runId: number,
  q: { t0Ms: number; t1Ms: number; columns: Uint32Array; width: number; resolutionMs: number; maxValues: number },
): { steps: Uint32Array; vMv: Float32Array } {
  checkWindow(q.t0Ms, q.t1Ms);
  const chunks = chunksInRange(db, runId, stepRange(q.t0Ms, q.t1Ms, q.resolutionMs));
  const samples = chunks.reduce((n, c) => n + c.b - c.a, 0);
  const nCols = q.columns.length;
  if (samples * nCols > q.maxValues) {
    throw new RunStoreError(
      'bad-argument',
      `the window (${q.t0Ms}, ${q.t1Ms}] ms holds ${samples} samples of ${nCols} neurons = ${samples * nCols} values; at most ${q.maxValues}: choose fewer neurons or a shorter window`,
    );
  }
  const steps = new Uint32Array(samples);
  const vMv = new Float32Array(samples * nCols);
  const data = db.prepare('SELECT v_mv FROM voltage_chunks WHERE id = ?').pluck();
  let s = 0;
  for (const c of chunks) {
    if (c.b === c.a) continue;
    const v = new Float32Array(new Uint8Array(data.get(c.id) as Buffer).buffer);
    for (let i = c.a; i < c.b; i++, s++) {
      steps[s] = c.steps[i];
      const row = i * q.width;
      const out = s * nCols;
      for (let j = 0; j < nCols; j++) vMv[out + j] = v[row + q.columns[j]];
    }
  }
  return { steps, vMv };
}

/** Calls `fn` with each chunk's samples in [t0Ms, t1Ms] (steps, and V row-major [sample][recorded neuron]), in time order. */
export function scanVoltageSync(
  db: Database.Database,
  runId: number,
  q: { t0Ms: number; t1Ms: number; resolutionMs: number },
  fn: (steps: Uint32Array, vMv: Float32Array) => void,
): void {
  checkWindow(q.t0Ms, q.t1Ms);
  const data = db.prepare('SELECT v_mv FROM voltage_chunks WHERE id = ?').pluck();
  for (const c of chunksInRange(db, runId, stepRange(q.t0Ms, q.t1Ms, q.resolutionMs))) {
    if (c.b === c.a) continue;
    const v = new Float32Array(new Uint8Array(data.get(c.id) as Buffer).buffer);
    const width = v.length / c.steps.length;
    fn(c.steps.subarray(c.a, c.b), v.subarray(c.a * width, c.b * width));
  }
}
