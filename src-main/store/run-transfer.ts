/** Export of one run to a run file, and import of a run file as a new run (see run-file.ts). */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { RunStoreError } from './errors.ts';
import { RECORD_COLUMNS, toRecord, type RecordRow } from './rows.ts';
import {
  encodeRunFileHead,
  EXPORTABLE_STATUSES,
  parseRunFile,
  type ExportedRun,
  type ParsedRunFile,
  type RunFileMeta,
  type SpikeChunkEntry,
  type VoltageChunkEntry,
} from './run-file.ts';
import { decodeSpikes, type SpikeSink } from './spike-codec.ts';

interface ExportRow {
  params_json: string;
  summary_json: string | null;
  stats_json: string | null;
  voltage_senders: Buffer | null;
}

export interface ExportOptions {
  /** Replace an existing file. Default false. */
  overwrite?: boolean;
}

/** Writes run `id` to `file` (atomically: a temporary file renamed at the end); returns its size. */
export function exportRunSync(db: Database.Database, dbPath: string, id: number, file: string, options: ExportOptions = {}): number {
  if (!options.overwrite && fs.existsSync(file)) {
    throw new RunStoreError('bad-argument', `${file} exists; choose another name or allow overwriting`);
  }
  return db.transaction(() => {
    const rec = db.prepare(`SELECT ${RECORD_COLUMNS} FROM runs r WHERE r.id = ?`).get(id) as RecordRow | undefined;
    if (!rec) throw new RunStoreError('run-not-found', `no run with id ${id} in ${dbPath}`);
    const run = toRecord(rec);
    const status = run.status;
    if (!(EXPORTABLE_STATUSES as readonly string[]).includes(status)) {
      throw new RunStoreError('bad-transition', `cannot export run ${id}: it is ${status}; wait until it ends`);
    }
    const extra = db.prepare('SELECT params_json, summary_json, stats_json, voltage_senders FROM runs WHERE id = ?').get(id) as ExportRow;
    let offset = 0;
    const spikeRows = db
      .prepare('SELECT id, pop, t0_step, t1_step, count, length(data) AS len FROM spike_chunks WHERE run_id = ? ORDER BY pop, t1_step, id')
      .all(id) as { id: number; pop: number; t0_step: number; t1_step: number; count: number; len: number }[];
    const spikeChunks = spikeRows.map((r): SpikeChunkEntry => {
      const e: SpikeChunkEntry = [r.pop, r.t0_step, r.t1_step, r.count, offset, r.len];
      offset += r.len;
      return e;
    });
    let voltage: RunFileMeta['voltage'] = null;
    const voltageRows = db
      .prepare('SELECT id, t0_step, t1_step, num_samples, length(steps) AS sl, length(v_mv) AS vl FROM voltage_chunks WHERE run_id = ? ORDER BY t1_step, id')
      .all(id) as { id: number; t0_step: number; t1_step: number; num_samples: number; sl: number; vl: number }[];
    if (extra.voltage_senders !== null) {
      const senders: [number, number] = [offset, extra.voltage_senders.length];
      offset += extra.voltage_senders.length;
      const chunks = voltageRows.map((r): VoltageChunkEntry => {
        const e: VoltageChunkEntry = [r.t0_step, r.t1_step, r.num_samples, offset, r.sl, offset + r.sl, r.vl];
        offset += r.sl + r.vl;
        return e;
      });
      voltage = { senders, chunks };
    }
    const exported: ExportedRun = {
      uid: run.uid,
      name: run.name,
      status: status as ExportedRun['status'],
      origin: run.origin,
      createdAtMs: run.createdAtMs,
      startedAtMs: run.startedAtMs,
      finishedAtMs: run.finishedAtMs,
      seed: run.seed,
      resolutionMs: run.resolutionMs,
      engineName: run.engineName,
      engineVersion: run.engineVersion,
      threads: run.threads,
      machine: run.machine,
      timingsS: run.timingsS,
      reason: run.reason,
      tags: run.tags,
      populations: run.populations,
      numNeurons: run.numNeurons,
      numSynapses: run.numSynapses,
      numSpikes: run.numSpikes,
      spikesStored: run.spikesStored,
      spikesToStep: run.spikesToStep,
      paramsJson: extra.params_json,
      summaryJson: extra.summary_json,
      statsJson: extra.stats_json,
      importedFrom: run.importedFrom,
      notes: run.notes,
    };
    const meta: RunFileMeta = { format: 'microcircuit-studio-run', exportedAtMs: Date.now(), run: exported, spikeChunks, voltage };
    const head = encodeRunFileHead(meta, offset);
    const tmp = `${file}.partial-${process.pid}`;
    const hash = createHash('sha256');
    const fd = fs.openSync(tmp, 'w');
    let size = 0;
    const put = (bytes: Uint8Array): void => {
      fs.writeSync(fd, bytes);
      hash.update(bytes);
      size += bytes.length;
    };
    try {
      put(head);
      const spikeData = db.prepare('SELECT data FROM spike_chunks WHERE id = ?').pluck();
      for (const r of spikeRows) put(spikeData.get(r.id) as Buffer);
      if (extra.voltage_senders !== null) {
        put(extra.voltage_senders);
        const vData = db.prepare('SELECT steps, v_mv FROM voltage_chunks WHERE id = ?');
        for (const r of voltageRows) {
          const v = vData.get(r.id) as { steps: Buffer; v_mv: Buffer };
          put(v.steps);
          put(v.v_mv);
        }
      }
      const digest = hash.digest();
      fs.writeSync(fd, digest);
      size += digest.length;
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      fs.renameSync(tmp, file);
    } catch (e) {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
      fs.rmSync(tmp, { force: true });
      throw e;
    }
    return size;
  })();
}

/** Decodes every spike chunk and checks it against its entry; throws on the first inconsistency. */
function checkSpikeData(parsed: ParsedRunFile): void {
  const { run, spikeChunks } = parsed.meta;
  let sink: SpikeSink = { senders: new Uint32Array(0), steps: new Uint32Array(0), length: 0 };
  const lastStep = new Map<number, number>();
  spikeChunks.forEach(([pop, t0, t1, count, offset, length], i) => {
    const info = run.populations[pop];
    if (sink.senders.length < count) sink = { senders: new Uint32Array(count), steps: new Uint32Array(count), length: 0 };
    sink.length = 0;
    try {
      decodeSpikes(parsed.blob(offset, length), count, t0, info.lastId - info.firstId + 1, info.firstId, sink);
    } catch (e) {
      throw new RunStoreError('bad-run-file', `spike chunk ${i} is damaged: ${(e as Error).message}`);
    }
    if (sink.length !== count || sink.steps[0] !== t0 || sink.steps[count - 1] !== t1) {
      throw new RunStoreError('bad-run-file', `spike chunk ${i} does not match its entry (count, first or last step)`);
    }
    const prev = lastStep.get(pop) ?? -1;
    if (t0 < prev) throw new RunStoreError('bad-run-file', `spike chunk ${i} overlaps the chunk before it in population ${pop}`);
    lastStep.set(pop, t1);
  });
}

function checkVoltageData(parsed: ParsedRunFile): void {
  const v = parsed.meta.voltage;
  if (v === null) return;
  let prev = -1;
  v.chunks.forEach(([t0, t1, numSamples, stepsOffset, stepsLength], i) => {
    const b = parsed.blob(stepsOffset, stepsLength);
    for (let k = 0; k < numSamples; k++) {
      const s = b.readUInt32LE(k * 4);
      if (s <= prev || (k === 0 && s !== t0) || (k === numSamples - 1 && s !== t1)) {
        throw new RunStoreError('bad-run-file', `voltage chunk ${i} has steps out of order or not matching its entry`);
      }
      prev = s;
    }
  });
}

/** Imports a run file as a new run; validates everything first, inserts in one transaction. */
export function importRunSync(db: Database.Database, file: string): number {
  let parsed: ParsedRunFile;
  try {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (e) {
      throw new RunStoreError('bad-run-file', `cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    parsed = parseRunFile(bytes);
    checkSpikeData(parsed);
    checkVoltageData(parsed);
  } catch (e) {
    if (e instanceof RunStoreError) throw new RunStoreError(e.code, `cannot import ${file}: ${e.message}`);
    throw e;
  }
  const { run, spikeChunks, voltage } = parsed.meta;
  return db.transaction(() => {
    const dup = db.prepare('SELECT id, name FROM runs WHERE uid = ?').get(run.uid) as { id: number; name: string } | undefined;
    if (dup) {
      throw new RunStoreError('duplicate-run', `cannot import ${file}: this run is already in the database as run ${dup.id} (${JSON.stringify(dup.name)})`);
    }
    const now = Date.now();
    const info = db
      .prepare(
        `INSERT INTO runs (uid, name, status, origin, created_at_ms, started_at_ms, finished_at_ms, last_write_at_ms,
           params_json, seed, resolution_ms, engine_name, engine_version, threads, machine_json, build_s, presim_s,
           sim_s, reason, num_neurons, num_synapses, num_spikes, spikes_stored, spikes_to_step, summary_json,
           stats_json, voltage_senders, imported_json, notes)
         VALUES (?, ?, ?, 'file-import', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        run.uid,
        run.name,
        run.status,
        run.createdAtMs,
        run.startedAtMs,
        run.finishedAtMs,
        run.finishedAtMs ?? run.createdAtMs,
        run.paramsJson,
        run.seed,
        run.resolutionMs,
        run.engineName,
        run.engineVersion,
        run.threads,
        run.machine === null ? null : JSON.stringify(run.machine),
        run.timingsS?.build ?? null,
        run.timingsS?.presim ?? null,
        run.timingsS?.sim ?? null,
        run.reason,
        run.numNeurons,
        run.numSynapses,
        run.numSpikes,
        run.spikesStored,
        run.spikesToStep,
        run.summaryJson,
        run.statsJson,
        voltage === null ? null : parsed.blob(voltage.senders[0], voltage.senders[1]),
        JSON.stringify({ file: path.basename(file), importedAtMs: now, origin: run.importedFrom?.origin ?? run.origin }),
        run.notes ?? '',
      );
    const id = Number(info.lastInsertRowid);
    const addPop = db.prepare('INSERT INTO run_populations (run_id, pop, name, first_id, last_id) VALUES (?, ?, ?, ?, ?)');
    run.populations.forEach((p, i) => addPop.run(id, i, p.name, p.firstId, p.lastId));
    const addTag = db.prepare('INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)');
    for (const t of run.tags) addTag.run(id, t);
    const addChunk = db.prepare('INSERT INTO spike_chunks (run_id, pop, t0_step, t1_step, count, data) VALUES (?, ?, ?, ?, ?, ?)');
    for (const [pop, t0, t1, count, offset, length] of spikeChunks) addChunk.run(id, pop, t0, t1, count, parsed.blob(offset, length));
    if (voltage !== null) {
      const addV = db.prepare('INSERT INTO voltage_chunks (run_id, t0_step, t1_step, num_samples, steps, v_mv) VALUES (?, ?, ?, ?, ?, ?)');
      for (const [t0, t1, n, so, sl, vo, vl] of voltage.chunks) addV.run(id, t0, t1, n, parsed.blob(so, sl), parsed.blob(vo, vl));
    }
    return id;
  }).immediate();
}
