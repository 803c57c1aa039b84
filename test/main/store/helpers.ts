/** Test helpers: temporary folders, engine-like summaries, runs written from synthetic chunks. */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PopulationInfo, RunSummary, SpikeChunk } from '../../../engine/api.ts';
import { defaultParams, fullParams } from '../../../engine/params/presets.ts';
import type { ParamSet } from '../../../engine/params/types.ts';
import { BatchStore } from '../../../src-main/store/batch-store.ts';
import { RunStore } from '../../../src-main/store/run-store.ts';
import { decodeSpikes } from '../../../src-main/store/spike-codec.ts';
import { pd14Populations, syntheticChunks } from './synthetic.ts';
import type { RunRecord } from '../../../src-main/store/types.ts';

export function tempDir(prefix = 'mcs-store-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export function summaryFor(pops: readonly PopulationInfo[], numSpikes: number): RunSummary {
  return {
    populations: pops.map((p) => ({ ...p })),
    rates_hz: pops.map(() => 1.5),
    timings_s: { build: 1.25, presim: 0.5, sim: 2.75 },
    num_neurons: pops.reduce((a, p) => a + p.lastId - p.firstId + 1, 0),
    num_synapses: 123456,
    num_spikes: numSpikes,
    threads: 2,
    seed: 55,
    engine_version: '0.1.0',
    peak_rss_bytes: 1e9,
    machine: { cpuModel: 'Test CPU', cores: 2, totalMemBytes: 8e9, os: 'linux 6.1', nodeVersion: 'v22.23.3' },
    spike_recorder_ids: pops.map((_, i) => 100 + i),
    total_nest_nodes: 200,
    resolution_ms: 0.1,
  };
}

export interface WriteOptions {
  name?: string;
  params?: ParamSet;
  tags?: string[];
  /** 'completed' (default), or leave it 'running'. */
  end?: 'completed' | 'running';
  engineVersion?: string;
}

/** Creates, starts and fills a run with `chunks`; completes it unless told otherwise. */
export function writeRun(store: RunStore, pops: PopulationInfo[], chunks: Iterable<SpikeChunk>, o: WriteOptions = {}): RunRecord {
  const run = store.createRunSync({
    name: o.name ?? 'test run',
    params: o.params ?? defaultParams(),
    engineName: 'microcircuit-engine',
    engineVersion: o.engineVersion ?? '0.1.0',
    tags: o.tags,
  });
  store.startRunSync(run.id, { populations: pops, threads: 2 });
  let n = 0;
  for (const c of chunks) {
    store.appendSpikesSync(run.id, c);
    n += c.senders.length;
  }
  if ((o.end ?? 'completed') === 'completed') return store.markCompletedSync(run.id, summaryFor(pops, n));
  return store.getRunSync(run.id);
}

/**
 * A completed full-scale run (77,169 neurons at the PD14 full-scale rates, t_presim + t_sim of the
 * full parameter set) of synthetic Poisson spikes (seed 15): what the detail's timing and the figures
 * bench open.
 */
export function writeFullScaleRun(store: RunStore, name: string, engineVersion: string): { run: RunRecord; params: ParamSet; pops: PopulationInfo[]; spikes: number } {
  const pops = pd14Populations(1);
  const params = fullParams();
  let spikes = 0;
  function* counted(): Generator<SpikeChunk> {
    for (const c of syntheticChunks({ populations: pops, durationMs: params.sim.t_presim + params.sim.t_sim, chunkMs: 50, seed: 15 })) {
      spikes += c.senders.length;
      yield c;
    }
  }
  const run = writeRun(store, pops, counted(), { name, params, engineVersion });
  return { run, params, pops, spikes };
}

/** Table row counts: a fingerprint of the database contents for "nothing changed" checks. */
export function dbFingerprint(store: RunStore): string {
  const count = (t: string): number => (store.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  const runs = store.db.prepare('SELECT id, uid, name, status, spikes_stored FROM runs ORDER BY id').all();
  return JSON.stringify({
    runs,
    tables: ['runs', 'run_populations', 'run_tags', 'spike_chunks', 'voltage_chunks'].map(count),
    seq: store.db.prepare('SELECT * FROM sqlite_sequence').all(),
  });
}

/** A run store and its batches in a temporary folder (batch-store.ts), and how to close and remove them. */
export function tempBatchStore(prefix = 'mcs-batches-'): { store: RunStore; batches: BatchStore; cleanup: () => void } {
  const dir = tempDir(prefix);
  const store = RunStore.openSync(path.join(dir, 'runs.sqlite'));
  const batches = new BatchStore(store);
  return {
    store,
    batches,
    cleanup: () => {
      batches.close();
      store.closeSync();
      removeDir(dir);
    },
  };
}

/** Kills (SIGKILL) every child still running in `children`, empties the list, and waits for them to exit. */
export async function killChildren(children: ChildProcess[]): Promise<void> {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGKILL');
      await new Promise((r) => c.once('exit', r));
    }
  }
}

/** How many spikes the stored rows of run `id` decode to (each row decoded on its own, as a reader would). */
export function decodedSpikeCount(store: RunStore, id: number): number {
  const r = store.getRunSync(id);
  const rows = store.db.prepare('SELECT pop, t0_step, count, data FROM spike_chunks WHERE run_id = ?').all(id) as { pop: number; t0_step: number; count: number; data: Uint8Array }[];
  let n = 0;
  for (const row of rows) {
    const p = r.populations[row.pop];
    const sink = { senders: new Uint32Array(row.count), steps: new Uint32Array(row.count), length: 0 };
    decodeSpikes(row.data, row.count, row.t0_step, p.lastId - p.firstId + 1, p.firstId, sink);
    n += sink.length;
  }
  return n;
}

/** A run database in a new temporary folder (`prefix`), filled by `fill` with a store closed after it. */
export function tempDatabase(prefix: string, fill: (store: RunStore) => void): { dir: string; db: string } {
  const dir = tempDir(prefix);
  const db = path.join(dir, 'runs.sqlite');
  const store = RunStore.openSync(db);
  try {
    fill(store);
  } finally {
    store.closeSync();
  }
  return { dir, db };
}
