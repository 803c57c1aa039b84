import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { analyzeRun } from '../../../engine/analysis/index.ts';
import { formatNumpyE18 } from '../../../engine/nest/format.ts';
import { pynestParamsJson, pynestScript, writePynestExportSync } from '../../../engine/nest/pynest.ts';
import { readNestOutputFolderSync } from '../../../engine/nest/read.ts';
import { deriveParams, type Derived } from '../../../engine/params/derive.ts';
import { defaultParams, fullParams } from '../../../engine/params/presets.ts';
import type { ParamSet } from '../../../engine/params/types.ts';
import { ParamValidationError } from '../../../engine/params/validate.ts';
import { referenceRunDir } from '../../validate/reference.ts';
import { FAKE_NEST_PATH, PYTHON, runPython } from './python.ts';

// Each case reads reference data, spawns processes or fills a store: generous limits on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const OUT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test-output');
mkdirSync(OUT_ROOT, { recursive: true });
const tmp = mkdtempSync(join(OUT_ROOT, 'pynest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let dirCount = 0;
function exportTo(params: ParamSet): { dir: string; script: string; params: string } {
  const dir = join(tmp, `export-${dirCount++}`);
  return { dir, ...writePynestExportSync(dir, params, { runName: 'test run', engineVersion: '0.1.0' }) };
}

/** Every leaf of a JSON value (array elements included), as [path, value]. */
function leaves(v: unknown, path = ''): [string, unknown][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, `${path}[${i}]`));
  if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, x]) => leaves(x, path ? `${path}.${k}` : k));
  return [[path, v]];
}

/** The keys of a parameter set down to its values (arrays and matrices whole), dotted. */
function keyPaths(v: unknown, path = ''): string[] {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    return Object.entries(v).flatMap(([k, x]) => keyPaths(x, path ? `${path}.${k}` : k));
  }
  return [path];
}

/** A configuration that switches every optional branch on. */
function everythingOn(): ParamSet {
  const p = defaultParams();
  p.net.N_scaling = 0.05;
  p.net.K_scaling = 0.3;
  p.net.poisson_input = false;
  p.net.V0_type = 'original';
  p.stim.thalamic_input = true;
  p.stim.dc_input = true;
  p.stim.dc_amp = [0.3, 0.2, 0.3, 0.2, 0.3, 0.2, 0.3, 0.25];
  p.sim.rec_dev = ['spike_recorder', 'voltmeter'];
  p.sim.t_presim = 100;
  p.sim.t_sim = 200;
  p.net.neuron_params.C_m = 240;
  return p;
}

const SCRIPT = pynestScript(defaultParams());

describe('pynestParamsJson', () => {
  it.each([
    ['default', defaultParams()],
    ['full', fullParams()],
    ['with explicit matrices and every input on', (() => {
      const p = everythingOn();
      p.net.PSP_matrix_mean = p.net.conn_probs.map((r) => r.map((x, j) => (j % 2 ? -0.6 : 0.15) + x / 100));
      p.net.delay_matrix_mean = p.net.conn_probs.map((r) => r.map((_, j) => (j % 2 ? 0.75 : 1.5)));
      return p;
    })()],
  ])('carries every leaf of the parameter set (%s)', (_name, params) => {
    const json = JSON.parse(pynestParamsJson(params)) as unknown;
    const want = leaves(params);
    expect(want.length).toBeGreaterThanOrEqual(172);
    expect(leaves(json)).toEqual(want);
  });

  it('refuses an invalid parameter set (it could run nowhere)', () => {
    const p = defaultParams();
    p.net.conn_probs[1][2] = 1.5;
    expect(() => pynestParamsJson(p)).toThrow(ParamValidationError);
    expect(() => pynestScript(p)).toThrow(/net\.conn_probs\[1\]\[2\]/);
  });
});

describe('the script text', () => {
  const declared = [...SCRIPT.matchAll(/^ {4}'([A-Za-z0-9_.]+)': '([a-z ]+)',$/gm)].map((m) => [m[1], m[2]] as const);
  const read = new Set([...SCRIPT.matchAll(/prm\['([A-Za-z0-9_.]+)'\]/g)].map((m) => m[1]));
  const paramKeys = keyPaths(defaultParams());

  it('is a comment header followed by engine/nest/run_microcircuit.py, byte for byte', () => {
    const program = readFileSync(fileURLToPath(new URL('../../../engine/nest/run_microcircuit.py', import.meta.url)), 'utf8');
    expect(program.startsWith('"""\nThe Potjans & Diesmann (2014) cortical microcircuit')).toBe(true);
    expect(SCRIPT.endsWith(program)).toBe(true);
    const header = SCRIPT.slice(0, SCRIPT.length - program.length).split('\n');
    expect(header.pop()).toBe('');
    expect(header.every((line) => line.startsWith('#'))).toBe(true);
  });

  it('declares every key of the parameter set, and only those (PARAM_TYPES)', () => {
    expect(paramKeys.length).toBe(53);
    expect(declared.map(([k]) => k).sort()).toEqual([...paramKeys].sort());
  });

  it('reads every key of the parameter set that it declares: nothing is hard-coded or ignored', () => {
    expect([...read].sort()).toEqual([...paramKeys].sort());
  });

  it('declares each key with the type of its value', () => {
    const p = defaultParams() as unknown as Record<string, unknown>;
    const valueAt = (path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], p);
    const kindOf = (v: unknown): string => {
      if (typeof v === 'number') return Number.isInteger(v) ? 'int|float' : 'float';
      if (typeof v === 'boolean') return 'bool';
      if (typeof v === 'string') return 'str';
      if (v === null) return 'matrix or null';
      if (Array.isArray(v) && Array.isArray(v[0])) return 'matrix';
      if (Array.isArray(v) && typeof v[0] === 'string') return 'names|devices';
      if (Array.isArray(v)) return v.every((x) => Number.isInteger(x)) ? 'ints|floats' : 'floats';
      return 'object';
    };
    for (const [key, type] of declared) expect(kindOf(valueAt(key)).split('|'), key).toContain(type);
  });

  it('uses the NEST calls of the example (pd14.md 4.5)', () => {
    for (const call of [
      "nest.Create(prm['net.neuron_model']",
      "'rule': 'fixed_total_number'",
      'nest.math.redraw(nest.random.normal(',
      "'record_to': 'ascii'",
      "nest.Create('parrot_neuron'",
      "nest.Create('dc_generator'",
      "nest.Create('voltmeter'",
      'nest.Prepare()',
      'nest.Cleanup()',
      "nest.Simulate(prm['sim.t_sim'])",
      'if rank == 0:',
    ]) {
      expect(SCRIPT).toContain(call);
    }
  });

  it('has a header naming the run, sanitised', () => {
    const s = pynestScript(defaultParams(), { runName: 'a\nb"""c', engineVersion: '9.9' });
    expect(s.split('\n')[4]).toBe('# Run: a b"""c');
    expect(s).toContain('# Exported by Microcircuit Studio (engine 9.9).');
    expect(s.startsWith('#!/usr/bin/env python3\n')).toBe(true);
  });
});

/** A parsed fake-NEST call log. */
interface Call {
  call: string;
  [k: string]: unknown;
}

function near(a: number, b: number, rel = 1e-12): boolean {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

describe.skipIf(PYTHON === null)('running the script (python3; NEST played by a stand-in)', () => {
  it('passes python3 -m py_compile, and the export is executable', () => {
    const { script } = exportTo(defaultParams());
    const r = runPython(['-m', 'py_compile', script], { env: { PYTHONDONTWRITEBYTECODE: '' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(statSync(script).mode & 0o111).not.toBe(0);
  });

  it('argparse: --help lists --threads, --out and --params; a bad --threads is refused (exit 2)', () => {
    const { script } = exportTo(defaultParams());
    const help = runPython([script, '--help']);
    expect(help.status).toBe(0);
    for (const flag of ['--threads N', '--out DIR', '--params FILE', '--dry-run', '--rates-only', 'mpirun -np K']) expect(help.stdout).toContain(flag);
    for (const bad of ['0', 'two']) {
      const r = runPython([script, '--threads', bad, '--dry-run']);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--threads: must be a whole number >= 1/);
    }
  });

  it.each([
    ['default (N = K = 0.1)', defaultParams()],
    ['full scale', fullParams()],
    ['DC background, thalamus, DC stimulus, K_scaling 0.3', everythingOn()],
    ['K_scaling 1, N_scaling 0.5, Poisson', (() => {
      const p = defaultParams();
      p.net.K_scaling = 1;
      p.net.N_scaling = 0.5;
      p.stim.thalamic_input = true;
      return p;
    })()],
  ])('--dry-run derives what engine/params/derive.ts derives: %s', (_name, params) => {
    const { script } = exportTo(params);
    const r = runPython([script, '--dry-run']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const py = JSON.parse(r.stdout) as Record<string, unknown>;
    const d: Derived = deriveParams(params);
    // Counts and weights: exactly equal.
    expect(py.num_neurons).toEqual(d.numNeurons);
    expect(py.num_synapses).toEqual(d.numSynapses);
    expect(py.ext_indegrees).toEqual(d.extIndegrees);
    expect(py.full_num_synapses).toEqual(d.fullNumSynapses.map((row) => row.map((x) => (x === 0 ? -0 : x))));
    expect(py.num_th_synapses).toEqual(d.numThSynapses);
    expect(py.psc_over_psp).toBe(d.pscOverPsp);
    expect(py.weight_mean_pa).toEqual(d.weightMeanPa);
    expect(py.weight_ext_pa).toBe(d.weightExtPa);
    expect(py.weight_th_pa).toEqual(d.weightThPa);
    expect(py.delay_mean_ms).toEqual(d.delayMeanMs);
    expect(py.poisson_rate_hz).toEqual(d.poissonRateHz);
    expect(py.dc_stim_amp_pa).toEqual(d.dcStimAmpPa);
    // DC currents: the script sums in the helpers' (numpy's) order, derive.ts in its own, so the
    // last bit may differ.
    const dc = py.dc_amp_pa as number[];
    dc.forEach((x, i) => expect(near(x, d.dcAmpPa[i]), `dc_amp_pa[${i}] ${x} vs ${d.dcAmpPa[i]}`).toBe(true));
  });

  it('pins the pd14.md numbers at N = K = 0.1', () => {
    const { script } = exportTo(defaultParams());
    const py = JSON.parse(runPython([script, '--dry-run']).stdout) as { weight_mean_pa: number[][]; dc_amp_pa: number[]; poisson_rate_hz: number[] };
    expect(py.weight_mean_pa[0][0]).toBeCloseTo(277.675, 3);
    expect(py.weight_mean_pa[0][1]).toBeCloseTo(-1110.699, 3);
    expect(py.weight_mean_pa[0][2]).toBeCloseTo(555.35, 2);
    expect(py.poisson_rate_hz).toEqual([1280, 1200, 1680, 1520, 1600, 1520, 2320, 1680]);
    [29.035, 112.371, 112.97, 114.99, 125.418, 151.685, 43.847, 153.71].forEach((v, i) => expect(Math.abs(py.dc_amp_pa[i] - v)).toBeLessThan(6e-4));
  });

  it('refuses a parameter file with a key missing, an unknown key or a wrong type, naming it', () => {
    const { script, dir } = exportTo(defaultParams());
    const cases: [string, (raw: Record<string, Record<string, unknown>>) => void, RegExp][] = [
      ['missing', (raw) => delete raw.net.bg_rate, /missing: net\.bg_rate/],
      ['unknown', (raw) => (raw.stim.dc_amplitude = 1), /unknown \(not used by this script\): stim\.dc_amplitude/],
      ['type', (raw) => (raw.sim.rng_seed = 5.5), /sim\.rng_seed must be an integer/],
      ['length', (raw) => (raw.net.K_ext = [1, 2]), /net\.K_ext must be a list of 8 entries/],
    ];
    for (const [name, edit, message] of cases) {
      const raw = JSON.parse(pynestParamsJson(defaultParams())) as Record<string, Record<string, unknown>>;
      edit(raw);
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(raw));
      const r = runPython([script, '--params', file, '--dry-run']);
      expect(r.status, name).toBe(2);
      expect(r.stderr, name).toMatch(message);
    }
  });

  it('builds the network with the example calls, in its order, from the derived numbers; writes NEST output', () => {
    const params = defaultParams();
    const { script, dir } = exportTo(params);
    const out = join(dir, 'data');
    const log = join(dir, 'log.json');
    const r = runPython([script, '--threads', '3', '--out', out], { cwd: dir, env: { PYTHONPATH: FAKE_NEST_PATH, FAKE_NEST_LOG: log } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const calls = (JSON.parse(readFileSync(log, 'utf8')) as { calls: Call[] }).calls;
    const d = deriveParams(params);
    const kernel = Object.fromEntries(calls.filter((c) => c.call === 'kernel').map((c) => [c.name, c.value]));
    expect(kernel).toEqual({ local_num_threads: 3, resolution: 0.1, rng_seed: 55, overwrite_files: true, print_time: true });

    const creates = calls.filter((c) => c.call === 'Create');
    expect(creates.map((c) => [c.model, c.n])).toEqual([
      ...d.numNeurons.map((n) => ['iaf_psc_exp', n]),
      ['spike_recorder', 8],
      ['poisson_generator', 8],
    ]);
    expect(creates[8].params).toEqual({ record_to: 'ascii', label: join(out, 'spike_recorder') });
    expect(creates[8].nodes).toEqual([7718, 7725]);

    // Neuron parameters and initial potentials, per population.
    const sets = calls.filter((c) => c.call === 'set');
    const np = params.net.neuron_params;
    for (let i = 0; i < 8; i++) {
      expect(sets[2 * i].params).toEqual({
        tau_syn_ex: np.tau_syn, tau_syn_in: np.tau_syn, E_L: np.E_L, V_th: np.V_th, V_reset: np.V_reset,
        t_ref: np.t_ref, C_m: np.C_m, tau_m: np.tau_m, I_e: expect.any(Number),
      });
      expect(near((sets[2 * i].params as { I_e: number }).I_e, d.dcAmpPa[i])).toBe(true);
      expect(sets[2 * i + 1].params).toEqual({ V_m: { normal: { mean: np.V0_mean.optimized[i], std: np.V0_std.optimized[i] } } });
    }
    expect(sets.slice(16).map((s) => s.params)).toEqual(d.poissonRateHz.map((rate) => ({ rate })));

    // 64 recurrent projections: target i, source j, N, weight and delay distributions.
    const connects = calls.filter((c) => c.call === 'Connect');
    const ranges = d.numNeurons.reduce<[number, number][]>((a, n) => [...a, [(a.at(-1)?.[1] ?? 0) + 1, (a.at(-1)?.[1] ?? 0) + n]], []);
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 8; j++) {
        const c = connects[i * 8 + j];
        const w = d.weightMeanPa[i][j];
        expect(c.pre).toEqual(ranges[j]);
        expect(c.post).toEqual(ranges[i]);
        expect(c.conn_spec).toEqual({ rule: 'fixed_total_number', N: d.numSynapses[i][j] });
        expect(c.syn_spec).toEqual({
          synapse_model: 'static_synapse',
          weight: { redraw: { normal: { mean: w, std: Math.abs(w * 0.1) } }, min: w < 0 ? '-inf' : 0, max: w < 0 ? 0 : 'inf' },
          delay: { redraw: { normal: { mean: d.delayMeanMs[i][j], std: d.delayMeanMs[i][j] * 0.5 } }, min: 0.05, max: 'inf' },
        });
      }
    }
    expect(connects.slice(64, 72).map((c) => [c.pre, c.post])).toEqual(ranges.map((r, i) => [r, [7718 + i, 7718 + i]]));
    expect(connects.slice(72).map((c) => [c.pre, c.post, c.conn_spec, c.syn_spec])).toEqual(
      ranges.map((r, i) => [[7726 + i, 7726 + i], r, { rule: 'all_to_all' }, { synapse_model: 'static_synapse', weight: d.weightExtPa, delay: 1.5 }]),
    );
    const tail = calls.slice(calls.findIndex((c) => c.call === 'Prepare')).map((c) => (c.call === 'Simulate' ? `Simulate ${c.t}` : c.call));
    expect(tail).toEqual(['Prepare', 'Cleanup', 'Simulate 500', 'Simulate 1000', 'SyncProcesses']);

    // NEST's files: node ids, one spike file per recorder and VP, rates; and the run's facts.
    const files = readdirSync(out).sort();
    expect(files.filter((f) => f.startsWith('spike_recorder-')).length).toBe(24);
    expect(readFileSync(join(out, 'population_nodeids.dat'), 'utf8')).toBe(ranges.map(([a, b]) => `${a} ${b}\n`).join(''));
    const used = JSON.parse(readFileSync(join(out, 'params.json'), 'utf8')) as ParamSet;
    expect(used).toEqual({ ...params, sim: { ...params.sim, local_num_threads: 3 } });
    const run = JSON.parse(readFileSync(join(out, 'nest_run.json'), 'utf8')) as Record<string, unknown>;
    expect(run).toMatchObject({ nest_version: 'fake-nest-3', mpi_processes: 1, local_num_threads: 3, virtual_processes: 3, rng_seed: 55 });
    // rate<i>.dat: byte-identical to what our reader and analysis make of the same spike files.
    const folder = readNestOutputFolderSync(out);
    const a = analyzeRun(folder.populations, { t0Ms: 500, t1Ms: 1500 });
    a.values.forEach((v, i) => {
      expect(readFileSync(join(out, `rate${i}.dat`), 'utf8')).toBe(Array.from(v.distributions.rates, (x) => `${formatNumpyE18(x)}\n`).join(''));
    });
    expect(a.populations.L23E.n_spikes).toBeGreaterThan(0);
  });

  it('creates and connects thalamus, DC stimulus and voltmeters when asked, with DC instead of Poisson', () => {
    const params = everythingOn();
    const { script, dir } = exportTo(params);
    const log = join(dir, 'log.json');
    const out = join(dir, 'data');
    const r = runPython([script, '--out', out], { cwd: dir, env: { PYTHONPATH: FAKE_NEST_PATH, FAKE_NEST_LOG: log } });
    expect(r.status, r.stderr).toBe(0);
    const calls = (JSON.parse(readFileSync(log, 'utf8')) as { calls: Call[] }).calls;
    const d = deriveParams(params);
    const creates = calls.filter((c) => c.call === 'Create');
    expect(creates.slice(8).map((c) => [c.model, c.n])).toEqual([
      ['spike_recorder', 8], ['voltmeter', 8], ['parrot_neuron', 902], ['poisson_generator', 1], ['dc_generator', 8],
    ]);
    expect(creates[9].params).toEqual({ interval: 1, record_to: 'ascii', record_from: ['V_m'], label: join(out, 'voltmeter') });
    const sets = calls.filter((c) => c.call === 'set');
    expect(sets[1].params).toEqual({ V_m: { normal: { mean: -58, std: 10 } } });
    expect((sets[0].params as { C_m: number }).C_m).toBe(240);
    expect(sets[16].params).toEqual({ rate: 120, start: 700, stop: 710 });
    expect(sets.slice(17).map((s) => s.params)).toEqual(d.dcStimAmpPa!.map((amplitude) => ({ amplitude, start: 650, stop: 750 })));
    const th = creates[10].nodes as [number, number];
    const connects = calls.filter((c) => c.call === 'Connect');
    expect(connects.some((c) => c.pre !== undefined && (c.pre as number[])[0] === (creates[9].nodes as number[])[0] && c.conn_spec === null)).toBe(true);
    const thal = connects.filter((c) => (c.pre as number[])[0] === th[0] && (c.pre as number[])[1] === th[1]);
    expect(thal.map((c) => (c.conn_spec as { N: number }).N)).toEqual(d.numThSynapses);
    expect(thal[2].syn_spec).toEqual({
      weight: { redraw: { normal: { mean: d.weightThPa, std: d.weightThPa! * 0.1 } }, min: 0, max: 'inf' },
      delay: { redraw: { normal: { mean: 1.5, std: 0.75 } }, min: 0.05, max: 'inf' },
    });
    expect(connects.filter((c) => c.syn_spec !== null && (c.conn_spec as { rule?: string } | null)?.rule === 'all_to_all')).toEqual([]);
    expect(calls.filter((c) => c.call === 'Simulate').map((c) => c.t)).toEqual([100, 200]);
  });

  it('under MPI only rank 0 writes the shared files; other ranks write only their VP files', () => {
    const { script, dir } = exportTo(defaultParams());
    const out = join(dir, 'data');
    const r = runPython([script, '--threads', '1', '--out', out], {
      cwd: dir,
      env: { PYTHONPATH: FAKE_NEST_PATH, FAKE_NEST_RANK: '1', FAKE_NEST_PROCS: '2' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(readdirSync(out).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `spike_recorder-${7718 + i}-1.dat`));
  });

  it('sim.overwrite_files false: refuses to replace an earlier run\'s output', () => {
    const params = defaultParams();
    params.sim.overwrite_files = false;
    const { script, dir } = exportTo(params);
    const out = join(dir, 'data');
    mkdirSync(out);
    writeFileSync(join(out, 'spike_recorder-7718-0.dat'), 'old\n');
    const r = runPython([script, '--out', out], { cwd: dir, env: { PYTHONPATH: FAKE_NEST_PATH } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/holds output of an earlier run \(spike_recorder-7718-0\.dat\) and sim\.overwrite_files is false/);
    expect(readFileSync(join(out, 'spike_recorder-7718-0.dat'), 'utf8')).toBe('old\n');
  });

  it('--rates-only reproduces the NEST example\'s rate<i>.dat byte for byte from its spike files', () => {
    const { script, dir } = exportTo(defaultParams());
    const out = join(dir, 'reference');
    const src = referenceRunDir('example-reference-data');
    mkdirSync(out);
    // Copied file by file: the reference folder is read-only, and a copy would keep its modes.
    for (const f of readdirSync(src)) if (!f.startsWith('rate')) writeFileSync(join(out, f), readFileSync(join(src, f)));
    const want = Array.from({ length: 8 }, (_, i) => readFileSync(join(src, `rate${i}.dat`), 'utf8'));
    const r = runPython([script, '--rates-only', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/L23E 0\.402, L23I 2\.017, L4E 3\.880/);
    for (let i = 0; i < 8; i++) {
      expect(existsSync(join(out, `rate${i}.dat`))).toBe(true);
      expect(readFileSync(join(out, `rate${i}.dat`), 'utf8') === want[i], `rate${i}.dat`).toBe(true);
    }
  });
});
