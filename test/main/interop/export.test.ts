import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readRatesCsvSync, readSpikeCsvSync } from '../../../engine/nest/csv.ts';
import { parseRateFile } from '../../../engine/nest/spike-file.ts';
import { readNestOutputFolderSync } from '../../../engine/nest/read.ts';
import { defaultParams } from '../../../engine/params/presets.ts';
import {
  ExportError,
  exportNestFolderSync,
  exportPynestSync,
  exportRatesCsvSync,
  exportSpikesCsvSync,
  forEachSpikeWindowSync,
} from '../../../src-main/interop/export.ts';
import { importNestFolderSync } from '../../../src-main/interop/nest-import.ts';
import type { RunStore } from '../../../src-main/store/run-store.ts';
import { referenceRunDir } from '../../validate/reference.ts';
import { removeDir, tempDir, writeRun } from '../store/helpers.ts';
import { populationLayout } from '../../../engine/host/populations.ts';
import { syntheticChunks } from '../store/synthetic.ts';
import { copyFolder, openStore } from './helpers.ts';

// Each case reads reference data, spawns processes or fills a store: generous limits on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const EXAMPLE = referenceRunDir('example-reference-data');
let dir: string;
let store: RunStore;
let imported: number;
let engineRun: number;

beforeAll(() => {
  dir = tempDir('mcs-export-');
  store = openStore(dir);
  imported = importNestFolderSync(store, EXAMPLE).run.id;
  // An engine-like run: spikes from the start of the presimulation to the end, (0, 1500] ms.
  const pops = populationLayout(defaultParams());
  engineRun = writeRun(store, pops, syntheticChunks({ populations: pops, durationMs: 1500, chunkMs: 100, seed: 7 }), { name: 'engine run' }).id;
});
afterAll(() => {
  store.closeSync();
  removeDir(dir);
});

function allSpikes(id: number, t0Ms = 0): string[] {
  const w = store.getSpikesSync(id, { t0Ms, t1Ms: 1e9 });
  return Array.from(w.senders, (s, i) => `${s}@${w.steps[i]}`).sort();
}

describe('export as NEST output', () => {
  it('an imported NEST folder comes back byte for byte: node ids, every spike file, every rate file', () => {
    const out = path.join(dir, 'nest-roundtrip');
    const r = exportNestFolderSync(store, imported, out);
    expect(r.spikes).toBe(20497);
    expect(r.paramsWritten).toBe(false);
    const names = fs.readdirSync(EXAMPLE).sort();
    expect(fs.readdirSync(out).sort()).toEqual(names);
    for (const f of names) expect(fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(EXAMPLE, f))), f).toBe(true);
  });

  it('an engine run: the simulation phase only (as NEST writes it), our header, params.json; re-imports as the same run', () => {
    const out = path.join(dir, 'nest-engine');
    const r = exportNestFolderSync(store, engineRun, out);
    const back = readNestOutputFolderSync(out);
    expect(back.nestVersion).toBe('microcircuit-engine 0.1.0');
    expect(back.populations.map((p) => p.recorderId)).toEqual([100, 101, 102, 103, 104, 105, 106, 107]);
    const times = back.populations.flatMap((p) => Array.from(p.timesMs));
    expect(Math.min(...times)).toBeGreaterThan(500);
    expect(r.spikes).toBe(allSpikes(engineRun, 500.05).length);
    expect(r.paramsWritten).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'params.json'), 'utf8'))).toEqual(defaultParams());
    const again = importNestFolderSync(store, out);
    expect(again.paramsSource).toBe('file');
    expect(allSpikes(again.run.id)).toEqual(allSpikes(engineRun, 500.05));
    expect(again.notes).toContain('8 rate<i>.dat file(s) agree with the spikes over (500, 1500] ms');

    const all = exportNestFolderSync(store, engineRun, path.join(dir, 'nest-engine-all'), { includePresim: true });
    expect(all.spikes).toBe(allSpikes(engineRun).length);
  });

  it('refuses a run still running, and one without spikes', () => {
    const pops = populationLayout(defaultParams());
    const running = writeRun(store, pops, syntheticChunks({ populations: pops, durationMs: 10 }), { end: 'running' });
    expect(() => exportNestFolderSync(store, running.id, path.join(dir, 'x'))).toThrow(ExportError);
    expect(() => exportSpikesCsvSync(store, running.id, path.join(dir, 'x.csv'))).toThrow(/is running: wait until it ends/);
    store.markCancelledSync(running.id, 'test');
    const p = defaultParams();
    p.sim.rec_dev = [];
    const silent = writeRun(store, pops, [], { params: p });
    expect(() => exportRatesCsvSync(store, silent.id, path.join(dir, 'y.csv'))).toThrow(/recorded no spikes/);
  });
});

describe('export as CSV', () => {
  it('spikes: every stored spike once, in time order, with its population; nothing left half-written', () => {
    const file = path.join(dir, 'spikes.csv');
    const n = exportSpikesCsvSync(store, engineRun, file);
    const back = readSpikeCsvSync(file);
    expect(n).toBe(back.senders.length);
    expect(Array.from(back.senders, (s, i) => `${s}@${Math.round(back.timesMs[i] * 10)}`).sort()).toEqual(allSpikes(engineRun));
    let unordered = 0;
    for (let i = 1; i < back.timesMs.length; i++) if (back.timesMs[i] < back.timesMs[i - 1]) unordered++;
    expect(unordered).toBe(0);
    const pops = store.getRunSync(engineRun).populations;
    back.senders.forEach((s, i) => {
      if (i % 101 === 0) expect(back.populations[i]).toBe(pops.find((p) => s >= p.firstId && s <= p.lastId)!.name);
    });
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('rates: node_id,population,rate_hz over the analysis window, the NEST rate files\' values', () => {
    const file = path.join(dir, 'rates.csv');
    expect(exportRatesCsvSync(store, imported, file)).toBe(7717);
    const back = readRatesCsvSync(file);
    const want = Array.from({ length: 8 }, (_, i) => Array.from(parseRateFile(fs.readFileSync(path.join(EXAMPLE, `rate${i}.dat`), 'utf8')))).flat();
    expect(Array.from(back.ratesHz)).toEqual(want);
    expect(Array.from(back.nodeIds)).toEqual(Array.from({ length: 7717 }, (_, i) => i + 1));
    expect(back.populations[2651]).toBe('L4E');
  });

  it('windows of the store come out time-ordered, populations in order within a step', () => {
    let last = -1;
    let lastSender = 0;
    let total = 0;
    let unordered = 0;
    forEachSpikeWindowSync(store, engineRun, 0, store.getRunSync(engineRun).spikesToStep, (senders, steps) => {
      for (let i = 0; i < steps.length; i++) {
        if (!(steps[i] > last || (steps[i] === last && senders[i] > lastSender))) unordered++;
        last = steps[i];
        lastSender = senders[i];
      }
      total += senders.length;
    });
    expect(unordered).toBe(0);
    expect(total).toBe(store.getRunSync(engineRun).spikesStored);
  });
});

describe('export as a PyNEST script', () => {
  it('writes run_microcircuit.py and the run\'s params.json', () => {
    const out = path.join(dir, 'pynest');
    const r = exportPynestSync(store, engineRun, out);
    expect(r.paramsInferred).toBe(false);
    expect(JSON.parse(fs.readFileSync(r.params, 'utf8'))).toEqual(store.getParamsSync(engineRun));
    expect(fs.readFileSync(r.script, 'utf8')).toContain(`# Run: ${engineRun} "engine run" (microcircuit-engine 0.1.0)`);
    expect(exportPynestSync(store, imported, copyFolder(out, path.join(dir, 'pynest2'))).paramsInferred).toBe(true);
  });
});
