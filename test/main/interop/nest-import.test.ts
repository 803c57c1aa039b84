import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readNestOutputFolderSync } from '../../../engine/nest/read.ts';
import { defaultParams } from '../../../engine/params/presets.ts';
import { importNestFolderSync, NestImportError, planNestImportSync } from '../../../src-main/interop/nest-import.ts';
import type { RunStats } from '../../../src-main/runs/run-stats.ts';
import type { RunStore } from '../../../src-main/store/run-store.ts';
import { readReferenceJson, referenceRunDir } from '../../validate/reference.ts';
import { dbFingerprint, removeDir, tempDir } from '../store/helpers.ts';
import { copyFolder, multiVpCopy, openStore, replaceLine, runCount } from './helpers.ts';

// Each case reads reference data, spawns processes or fills a store: generous limits on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let dir: string;
let store: RunStore;
const EXAMPLE = referenceRunDir('example-reference-data');

beforeAll(() => {
  dir = tempDir('mcs-nest-import-');
  store = openStore(dir);
});
afterAll(() => {
  store.closeSync();
  removeDir(dir);
});

/** Spikes of a stored run as sorted "sender@step" strings (a multiset, for equality checks). */
function storedSpikes(id: number): string[] {
  const w = store.getSpikesSync(id, { t0Ms: 0, t1Ms: 1e9 });
  return Array.from(w.senders, (s, i) => `${s}@${w.steps[i]}`).sort();
}

function folderSpikes(folder: string): string[] {
  const f = readNestOutputFolderSync(folder);
  return f.populations.flatMap((p) => Array.from(p.senders, (s, i) => `${s}@${Math.round(p.timesMs[i] * 10)}`)).sort();
}

describe('importing NEST output', () => {
  it('the example\'s reference data: a completed run with its spikes, populations and the reference statistics', () => {
    const before = runCount(store);
    const r = importNestFolderSync(store, EXAMPLE);
    expect(runCount(store)).toBe(before + 1);
    expect(r.run).toMatchObject({
      name: 'NEST import: example-reference-data',
      status: 'completed',
      origin: 'nest-import',
      engineName: 'NEST',
      engineVersion: 'master@7c40d9e9a',
      threads: 1,
      numNeurons: 7717,
      numSpikes: 20497,
      spikesStored: 20497,
      seed: 55,
      resolutionMs: 0.1,
      hasStats: true,
      tags: ['params-inferred'],
    });
    expect(r.run.populations[2]).toEqual({ name: 'L4E', firstId: 2652, lastId: 4843 });
    expect(r.paramsSource).toBe('inferred');
    expect(r.window).toEqual({ t0Ms: 500, t1Ms: 1500 });
    expect(r.statsProblem).toBeNull();
    expect(r.notes.join('\n')).toMatch(/N_scaling 0\.1 inferred from the population sizes/);
    expect(r.notes).toContain('8 rate<i>.dat file(s) agree with the spikes over (500, 1500] ms');
    expect(storedSpikes(r.run.id)).toEqual(folderSpikes(EXAMPLE));
    expect(store.getParamsSync(r.run.id)).toEqual(defaultParams());

    const stats = store.getStatsSync(r.run.id) as RunStats;
    const ref = readReferenceJson(EXAMPLE)!;
    expect(stats.window).toEqual({ t0Ms: 500, t1Ms: 1500 });
    for (const [name, want] of Object.entries(ref.populations)) {
      const got = stats.populations[name];
      expect(got.n_spikes, name).toBe(want.n_spikes);
      expect(got.rate_mean_hz, name).toBeCloseTo(want.rate_mean_hz, 12);
      expect(got.cv_isi.mean, name).toBeCloseTo(want.cv_isi.mean, 12);
      expect(got.corr_2ms.mean, name).toBeCloseTo(want.corr_2ms.mean, 12);
    }
    expect(stats.network.network_rate_mean_hz).toBeCloseTo(ref.spikes.network_rate_mean_hz, 12);
    const summary = store.getSummarySync(r.run.id)!;
    expect(summary.spike_recorder_ids).toEqual([7718, 7719, 7720, 7721, 7722, 7723, 7724, 7725]);
    expect(summary.total_nest_nodes).toBe(7725);
    expect(summary.rates_hz[0]).toBeCloseTo(0.402, 3);
    expect(store.getRunSync(r.run.id).timingsS).toBeNull();
  });

  it('any number of VP files per recorder, each unsorted: the same spikes and statistics', () => {
    const folder = multiVpCopy(EXAMPLE, path.join(dir, 'vp3'), 3);
    expect(fs.readdirSync(folder).filter((f) => f.startsWith('spike_recorder-7720-'))).toEqual([
      'spike_recorder-7720-0.dat',
      'spike_recorder-7720-1.dat',
      'spike_recorder-7720-2.dat',
    ]);
    const r = importNestFolderSync(store, folder, { name: 'three VPs', tags: ['vp'], chunkSteps: 500 });
    expect(r.run).toMatchObject({ name: 'three VPs', threads: 3, spikesStored: 20497, tags: ['params-inferred', 'vp'] });
    expect(storedSpikes(r.run.id)).toEqual(folderSpikes(EXAMPLE));
    const a = store.getStatsSync(r.run.id) as RunStats;
    const first = store.listRunsSync({ nameContains: 'example-reference-data' })[0];
    expect(a.populations).toEqual((store.getStatsSync(first.id) as RunStats).populations);
  });

  it('gzip-compressed files (a NEST 3.10 seed run)', () => {
    const r = importNestFolderSync(store, referenceRunDir('default_N0.1_K0.1_t1_s1'));
    expect(r.run).toMatchObject({ engineVersion: '3.10.0-post0.dev0', status: 'completed' });
    expect(storedSpikes(r.run.id)).toEqual(folderSpikes(referenceRunDir('default_N0.1_K0.1_t1_s1')));
  });

  it('a params.json in our format is stored as it is; the window and seed come from it', () => {
    const folder = copyFolder(EXAMPLE, path.join(dir, 'with-params'));
    const params = defaultParams();
    params.sim.rng_seed = 12;
    params.sim.t_sim = 1200; // the files end at 1500 ms, within (500, 1700]
    fs.writeFileSync(path.join(folder, 'params.json'), JSON.stringify(params));
    const r = importNestFolderSync(store, folder);
    expect(r.paramsSource).toBe('file');
    expect(r.run.tags).toEqual([]);
    expect(r.run.seed).toBe(12);
    expect(r.window).toEqual({ t0Ms: 500, t1Ms: 1700 });
    expect(store.getParamsSync(r.run.id)).toEqual(params);
    expect(r.notes.some((n) => /rate0\.dat.* differ from the spikes' rates over \(500, 1700\] ms/.test(n))).toBe(true);
  });

  it('the NEST example\'s sim/net/stim dicts dumped as JSON are mapped, with notes', () => {
    const folder = copyFolder(EXAMPLE, path.join(dir, 'with-dicts'));
    const p = defaultParams();
    fs.writeFileSync(
      path.join(folder, 'params.json'),
      JSON.stringify({ sim_dict: { ...p.sim, data_path: '/data/' }, net_dict: p.net, stim_dict: { ...p.stim, dc_amp: 0.3, extra: 1 } }),
    );
    const r = importNestFolderSync(store, folder);
    expect(r.paramsSource).toBe('mapped');
    expect(store.getParamsSync(r.run.id)).toEqual(p);
    expect(r.notes).toEqual(expect.arrayContaining(['params.json: unknown keys dropped: stim.extra', expect.stringMatching(/data_path/)]));
  });

  it('a failure while writing leaves no run behind', () => {
    const before = dbFingerprint(store);
    const original = store.appendSpikesSync.bind(store);
    let calls = 0;
    store.appendSpikesSync = (id, chunk) => {
      if (++calls === 2) throw new Error('disk full');
      original(id, chunk);
    };
    // Not the example itself: it is stored already, and a second import is refused before writing.
    const folder = copyFolder(EXAMPLE, path.join(dir, 'disk-full'), (f) => f.startsWith('rate'));
    try {
      expect(() => importNestFolderSync(store, folder)).toThrow('disk full');
    } finally {
      store.appendSpikesSync = original;
    }
    const after = JSON.parse(dbFingerprint(store)) as { runs: unknown[]; tables: number[] };
    expect(after.runs).toEqual((JSON.parse(before) as { runs: unknown[] }).runs);
    expect(after.tables.slice(1)).toEqual((JSON.parse(before) as { tables: number[] }).tables.slice(1));
  });
});

describe('a malformed folder is refused, naming the file and line, and the store is unchanged', () => {
  let n = 0;
  /** Expects the import of `folder` to fail with `file` (and `line`) named; checks the store did not change. */
  function refused(folder: string, file: string, line: number | null, detail: RegExp): NestImportError {
    const before = dbFingerprint(store);
    const runsBefore = runCount(store);
    let error: unknown;
    try {
      importNestFolderSync(store, folder);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NestImportError);
    const e = error as NestImportError;
    expect(e.file).toBe(path.join(folder, file));
    if (line !== null) expect(e.line).toBe(line);
    expect(e.message).toContain(`${path.join(folder, file)}${e.line > 0 ? ` line ${e.line}` : ''}: `);
    expect(e.detail).toMatch(detail);
    expect(runCount(store)).toBe(runsBefore);
    expect(dbFingerprint(store)).toBe(before);
    return e;
  }
  const copy = (src = EXAMPLE): string => copyFolder(src, path.join(dir, `bad-${n++}`));

  it('a bad line in a spike file', () => {
    const folder = copy();
    expect(replaceLine(path.join(folder, 'spike_recorder-7720-0.dat'), 57, '3021 501.2x')).toMatch(/^\d+\t\d+\.\d{3}$/);
    refused(folder, 'spike_recorder-7720-0.dat', 57, /expected "<sender>\\t<time_ms>", got "3021 501.2x"/);
  });

  it('a sender outside its population', () => {
    const folder = copy();
    replaceLine(path.join(folder, 'spike_recorder-7718-0.dat'), 10, '2069\t510.000');
    refused(folder, 'spike_recorder-7718-0.dat', 10, /sender 2069 is outside the population's node ids 1\.\.2068/);
  });

  it('a missing population_nodeids.dat', () => {
    const folder = copyFolder(EXAMPLE, path.join(dir, `bad-${n++}`), (f) => f === 'population_nodeids.dat');
    refused(folder, 'population_nodeids.dat', 0, /^missing/);
  });

  it('a bad line in population_nodeids.dat', () => {
    const folder = copy();
    replaceLine(path.join(folder, 'population_nodeids.dat'), 3, '2652 to 4843');
    refused(folder, 'population_nodeids.dat', 3, /expected "<first id> <last id>"/);
  });

  it('a truncated gzip file: the line where its data ends', () => {
    const folder = copy(referenceRunDir('default_N0.1_K0.1_t1_s2'));
    const file = path.join(folder, 'spike_recorder-7720-0.dat.gz');
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const e = refused(folder, 'spike_recorder-7720-0.dat.gz', null, /^the gzip data ends inside this line: the file is truncated \((\d+) complete lines\)$/);
    const complete = Number(/\((\d+) complete lines\)/.exec(e.detail)![1]);
    expect(e.line).toBe(complete + 1);
    expect(complete).toBeGreaterThan(1000);
  });

  it('a damaged gzip file', () => {
    const folder = copy();
    const text = fs.readFileSync(path.join(folder, 'spike_recorder-7720-0.dat'));
    const gz = gzipSync(text);
    gz[Math.floor(gz.length / 2)] ^= 0xff;
    fs.rmSync(path.join(folder, 'spike_recorder-7720-0.dat'));
    fs.writeFileSync(path.join(folder, 'spike_recorder-7720-0.dat.gz'), gz);
    const e = refused(folder, 'spike_recorder-7720-0.dat.gz', null, /gzip/);
    expect(e.line).toBeGreaterThan(0);
  });

  it('an empty spike file', () => {
    const folder = copy();
    fs.writeFileSync(path.join(folder, 'spike_recorder-7723-0.dat'), '');
    refused(folder, 'spike_recorder-7723-0.dat', 0, /empty/);
  });

  it('a missing VP file', () => {
    const folder = multiVpCopy(EXAMPLE, path.join(dir, `bad-${n++}`), 2);
    fs.rmSync(path.join(folder, 'spike_recorder-7722-1.dat'));
    refused(folder, 'spike_recorder-7722-0.dat', 0, /recorder 7722 has 1 VP files, recorder 7718 has 2/);
  });

  it('a bad line in a rate file', () => {
    const folder = copy();
    replaceLine(path.join(folder, 'rate5.dat'), 4, 'one');
    refused(folder, 'rate5.dat', 4, /expected a number, got "one"/);
  });

  it('a params.json that is not JSON', () => {
    const folder = copy();
    fs.writeFileSync(path.join(folder, 'params.json'), '{\n  "sim": {\n    "t_sim": 1000,\n  }\n}\n');
    refused(folder, 'params.json', 4, /^not valid JSON/);
  });

  it('a params.json that does not belong to the spikes', () => {
    const folder = copy();
    const p = defaultParams();
    p.net.N_scaling = 0.2;
    fs.writeFileSync(path.join(folder, 'params.json'), JSON.stringify(p));
    refused(folder, 'params.json', 0, /N_scaling 0\.2 gives populations of 4137, .* but population_nodeids\.dat has 2068, .*does not belong to these spikes/);
  });

  it('a spike time off the resolution grid, and a spike after the end, per params.json', () => {
    const folder = copy();
    fs.writeFileSync(path.join(folder, 'params.json'), JSON.stringify(defaultParams()));
    replaceLine(path.join(folder, 'spike_recorder-7719-0.dat'), 20, '2100\t600.125');
    refused(folder, 'spike_recorder-7719-0.dat', 20, /spike time 600\.125 ms is not a multiple of the resolution 0\.1 ms \(sim\.sim_resolution in params\.json\)/);
    replaceLine(path.join(folder, 'spike_recorder-7719-0.dat'), 20, '2100\t1600.100');
    refused(folder, 'spike_recorder-7719-0.dat', 20, /spike at 1600\.1 ms after the end of the simulation at 1500 ms \(t_presim \+ t_sim in params\.json\)/);
  });

  it('populations that are not the PD14 model\'s', () => {
    const folder = copyFolder(EXAMPLE, path.join(dir, `bad-${n++}`), (f) => f.startsWith('rate'));
    replaceLine(path.join(folder, 'population_nodeids.dat'), 8, '7423 7718');
    refused(folder, 'population_nodeids.dat', 0, /not those of the PD14 model at any N_scaling/);
  });

  it('planning alone never touches a store', () => {
    const plan = planNestImportSync(EXAMPLE);
    expect(plan.senders.length).toBe(20497);
    expect(plan.totalNestNodes).toBe(7725);
  });
});
