/** Mapping between `runs` rows and RunRecord, and validation of user-given names and tags. Pure. */
import type { MachineInfo, PopulationInfo } from '../../engine/api.ts';
import { MAX_NAME_LENGTH, MAX_NOTES_LENGTH, MAX_TAG_LENGTH, TAG_ALLOWED, TAG_PATTERN } from '../common/limits.ts';
import { RunStoreError } from './errors.ts';
import type { ImportInfo, RunOrigin, RunRecord, RunStatus } from './types.ts';

/** The columns a RunRecord is read from (not the big JSON texts or blobs). */
export const RECORD_COLUMNS = `
  r.id, r.uid, r.name, r.status, r.origin, r.created_at_ms, r.started_at_ms, r.finished_at_ms,
  r.seed, r.resolution_ms, r.engine_name, r.engine_version, r.threads, r.machine_json,
  r.build_s, r.presim_s, r.sim_s, r.reason, r.num_neurons, r.num_synapses, r.num_spikes,
  r.spikes_stored, r.spikes_to_step, r.imported_json, r.notes, r.stats_problem,
  r.stats_json IS NOT NULL AS has_stats,
  r.voltage_senders IS NOT NULL AS has_voltage,
  (SELECT json_group_array(tag) FROM (SELECT tag FROM run_tags WHERE run_id = r.id ORDER BY tag)) AS tags_json,
  (SELECT json_group_array(json_array(name, first_id, last_id))
     FROM (SELECT name, first_id, last_id FROM run_populations WHERE run_id = r.id ORDER BY pop)) AS pops_json`;

export interface RecordRow {
  id: number;
  uid: string;
  name: string;
  status: RunStatus;
  origin: RunOrigin;
  created_at_ms: number;
  started_at_ms: number | null;
  finished_at_ms: number | null;
  seed: number;
  resolution_ms: number;
  engine_name: string;
  engine_version: string;
  threads: number | null;
  machine_json: string | null;
  build_s: number | null;
  presim_s: number | null;
  sim_s: number | null;
  reason: string | null;
  num_neurons: number | null;
  num_synapses: number | null;
  num_spikes: number | null;
  spikes_stored: number;
  spikes_to_step: number;
  imported_json: string | null;
  notes: string;
  stats_problem: string | null;
  has_stats: number;
  has_voltage: number;
  tags_json: string;
  pops_json: string;
}

export function toRecord(row: RecordRow): RunRecord {
  const pops = JSON.parse(row.pops_json) as [string, number, number][];
  return {
    id: row.id,
    uid: row.uid,
    name: row.name,
    status: row.status,
    origin: row.origin,
    createdAtMs: row.created_at_ms,
    startedAtMs: row.started_at_ms,
    finishedAtMs: row.finished_at_ms,
    seed: row.seed,
    resolutionMs: row.resolution_ms,
    engineName: row.engine_name,
    engineVersion: row.engine_version,
    threads: row.threads,
    machine: row.machine_json === null ? null : (JSON.parse(row.machine_json) as MachineInfo),
    timingsS:
      row.build_s === null || row.presim_s === null || row.sim_s === null
        ? null
        : { build: row.build_s, presim: row.presim_s, sim: row.sim_s },
    reason: row.reason,
    tags: JSON.parse(row.tags_json) as string[],
    populations: pops.map(([name, firstId, lastId]): PopulationInfo => ({ name, firstId, lastId })),
    numNeurons: row.num_neurons,
    numSynapses: row.num_synapses,
    numSpikes: row.num_spikes,
    spikesStored: row.spikes_stored,
    spikesToStep: row.spikes_to_step,
    hasStats: row.has_stats === 1,
    statsProblem: row.stats_problem,
    hasVoltage: row.has_voltage === 1,
    importedFrom: row.imported_json === null ? null : (JSON.parse(row.imported_json) as ImportInfo),
    notes: row.notes,
  };
}

/**
 * Free-text notes: at most MAX_NOTES_LENGTH characters, line breaks and tabs allowed, other control
 * characters refused; trailing blanks trimmed ('' clears the notes).
 */
export function checkNotes(notes: unknown): string {
  if (typeof notes !== 'string') throw new RunStoreError('bad-argument', 'notes must be a string');
  const text = notes.replace(/\r\n?/g, '\n').trimEnd();
  if (text.length > MAX_NOTES_LENGTH) {
    throw new RunStoreError('bad-argument', `notes have at most ${MAX_NOTES_LENGTH} characters (got ${text.length})`);
  }
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u0008\u000b-\u001f\u007f]/.exec(text);
  if (bad) throw new RunStoreError('bad-argument', `notes must not contain control characters other than line breaks and tabs (got U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')})`);
  return text;
}


/** A run name: trimmed, 1..200 characters, no control characters. */
export function checkName(name: unknown): string {
  if (typeof name !== 'string') throw new RunStoreError('bad-argument', 'a run name must be a string');
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new RunStoreError('bad-argument', 'a run name must not be empty');
  if (trimmed.length > MAX_NAME_LENGTH) {
    throw new RunStoreError('bad-argument', `a run name has at most ${MAX_NAME_LENGTH} characters (got ${trimmed.length})`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new RunStoreError('bad-argument', 'a run name must not contain control characters (newlines, tabs)');
  }
  return trimmed;
}

/** The longest reason stored with a run (why it failed or was cancelled), in characters: longer ones are cut. */
export const MAX_REASON_LENGTH = 10_000;

/** A tag: trimmed, one word of 1..MAX_TAG_LENGTH characters (TAG_ALLOWED says it in words). */
export function checkTag(tag: unknown): string {
  const refuse = (why: string) => new RunStoreError('bad-argument', `a tag must be ${TAG_ALLOWED}: ${why}`);
  if (typeof tag !== 'string') throw refuse(`got ${tag === null ? 'null' : typeof tag}`);
  const trimmed = tag.trim();
  if (trimmed.length === 0) throw refuse('it is empty');
  if (trimmed.length > MAX_TAG_LENGTH) throw refuse(`it has ${trimmed.length} characters`);
  if (!TAG_PATTERN.test(trimmed)) {
    // eslint-disable-next-line no-control-regex
    const word = trimmed.replace(/[\u0000-\u001f\u007f]/g, '').trim().replace(/\s+/g, '-').slice(0, MAX_TAG_LENGTH);
    throw refuse(`${JSON.stringify(trimmed)} is not${word ? ` (for example ${JSON.stringify(word)})` : ''}`);
  }
  return trimmed;
}

/** Populations must be non-empty, named, with 1 <= firstId <= lastId, in increasing disjoint ranges. */
export function checkPopulations(pops: readonly PopulationInfo[]): PopulationInfo[] {
  if (!Array.isArray(pops) || pops.length === 0) {
    throw new RunStoreError('bad-argument', 'a run needs a population table with at least one population');
  }
  let prevLast = 0;
  return pops.map((p, i) => {
    const ok =
      typeof p?.name === 'string' &&
      p.name.length > 0 &&
      Number.isSafeInteger(p.firstId) &&
      Number.isSafeInteger(p.lastId) &&
      p.firstId >= 1 &&
      p.lastId >= p.firstId &&
      p.lastId <= 0xffffffff;
    if (!ok) throw new RunStoreError('bad-argument', `population ${i} is malformed: ${JSON.stringify(p)}`);
    if (p.firstId <= prevLast) {
      throw new RunStoreError('bad-argument', `population ${i} (${p.name}) overlaps or precedes the one before it`);
    }
    prevLast = p.lastId;
    return { name: p.name, firstId: p.firstId, lastId: p.lastId };
  });
}
