/**
 * The whole NEST round trip short of NEST itself: a stored run exported as a PyNEST script, the
 * script run (python3, with the stand-in `nest` module of test/engine/interop/fixtures), its output
 * folder imported back. NEST's own spikes are not reproduced here; the files, parameters and facts are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultParams } from '../../../engine/params/presets.ts';
import { populationLayout } from '../../../engine/host/populations.ts';
import { exportPynestSync } from '../../../src-main/interop/export.ts';
import { importNestFolderSync } from '../../../src-main/interop/nest-import.ts';
import type { RunStore } from '../../../src-main/store/run-store.ts';
import { FAKE_NEST_PATH, PYTHON, runPython } from '../../engine/interop/python.ts';
import { removeDir, tempDir, writeRun } from '../store/helpers.ts';
import { syntheticChunks } from '../store/synthetic.ts';
import { openStore } from './helpers.ts';

// Each case reads reference data, spawns processes or fills a store: generous limits on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let dir: string;
let store: RunStore;
beforeAll(() => {
  dir = tempDir('mcs-pynest-roundtrip-');
  store = openStore(dir);
});
afterAll(() => {
  store.closeSync();
  removeDir(dir);
});

describe.skipIf(PYTHON === null)('export-pynest, run, import', () => {
  it('the script\'s output folder imports as a run with the exported parameters, NEST\'s VP count and timings', () => {
    const params = defaultParams();
    params.sim.rng_seed = 77;
    params.sim.t_presim = 200;
    params.sim.t_sim = 300;
    const pops = populationLayout(params);
    const ours = writeRun(store, pops, syntheticChunks({ populations: pops, durationMs: 500, seed: 4 }), { name: 'ours', params });
    const exported = exportPynestSync(store, ours.id, path.join(dir, 'pynest'));
    const out = path.join(dir, 'pynest', 'data');
    const r = runPython([exported.script, '--threads', '2', '--out', out], { cwd: path.join(dir, 'pynest'), env: { PYTHONPATH: FAKE_NEST_PATH } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.readdirSync(out).filter((f) => f.startsWith('spike_recorder-')).length).toBe(16);

    const imported = importNestFolderSync(store, out);
    expect(imported.paramsSource).toBe('file');
    expect(imported.window).toEqual({ t0Ms: 200, t1Ms: 500 });
    expect(imported.run).toMatchObject({ origin: 'nest-import', engineVersion: 'fake-nest-3', threads: 2, seed: 77, status: 'completed', tags: [] });
    expect(imported.run.timingsS).not.toBeNull();
    expect(store.getParamsSync(imported.run.id)).toEqual({ ...params, sim: { ...params.sim, local_num_threads: 2 } });
    expect(imported.notes).toContain('8 rate<i>.dat file(s) agree with the spikes over (200, 500] ms');
    expect(imported.run.spikesStored).toBeGreaterThan(1000);
  });
});
