// `npm run runs -- figure | notes | export-all | list --search`, run through the runs program in this
// process, on a store of synthetic runs (and one spawned as users do, for the PNG).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultParams } from '../../../engine/params/presets.ts';
import { bufferedIo, runCli } from '../../../src-main/cli/framework/index.ts';
import { RUNS_PROGRAM } from '../../../src-main/cli/runs-commands.ts';
import { removeDir, writeRun, tempDatabase } from '../store/helpers.ts';
import { pd14Populations, syntheticChunks } from '../store/synthetic.ts';

vi.setConfig({ testTimeout: 60_000 });
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let dir: string;
let db: string;

async function runs(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = bufferedIo();
  const code = await runCli(RUNS_PROGRAM, [...args, '--db', db], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

beforeAll(() => {
  ({ dir, db } = tempDatabase('mcs-figure-cli-', (store) => {
    const pops = pd14Populations(0.02);
    const params = defaultParams();
    params.sim.t_presim = 100;
    params.sim.t_sim = 300;
    writeRun(store, pops, syntheticChunks({ populations: pops, durationMs: 400, seed: 1 }), { name: 'baseline', params });
    writeRun(store, pops, syntheticChunks({ populations: pops, durationMs: 400, seed: 2 }), { name: 'second seed', params, tags: ['ensemble'] });
  }));
});
afterAll(() => removeDir(dir));

describe('runs figure', () => {
  it('writes each kind as SVG, sized for a column, and says what it wrote', async () => {
    for (const [kind, ids] of [['raster', '1'], ['boxplot', '1,2'], ['activity', '1,2'], ['spectrum', '1']] as const) {
      const out = path.join(dir, `${kind}.svg`);
      const r = await runs('figure', ids, '--kind', kind, '--out', out);
      expect(r.err, kind).toBe('');
      expect(r.code, kind).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Wrote .* to ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(SVG, 8.5 × [\\d.]+ cm, [\\d.]+ KiB\\)\\.$`));
      expect(fs.readFileSync(out, 'utf8')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" version="1.1" width="8.5cm"/);
    }
    const box = fs.readFileSync(path.join(dir, 'boxplot.svg'), 'utf8');
    expect(box).toContain('1: baseline');
    expect(box).toContain('2: second seed');
  });

  it('writes a PNG at the DPI asked for, its resolution recorded (spawned as users run it)', () => {
    const out = path.join(dir, 'spectrum.png');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'src-main/cli/runs.ts'), 'figure', '2', '--kind', 'spectrum', '--width', '17.8', '--dpi', '300', '--out', out, '--db', db], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\(PNG at 300 dpi, 17.8 × [\d.]+ cm, /);
    const png = fs.readFileSync(out);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(Math.round((17.8 / 2.54) * 300));
    const phys = png.indexOf('pHYs');
    expect(phys).toBeGreaterThan(0);
    expect(png.readUInt32BE(phys + 4)).toBe(Math.round(300 / 0.0254));
  });

  it('refuses what it cannot draw, naming the option', async () => {
    const svg = path.join(dir, 'x.svg');
    expect(await runs('figure', '1', '--kind', 'activity', '--bin', '0.25', '--out', svg)).toMatchObject({ code: 2, err: 'runs figure: --bin: got 0.25 ms, allowed: a whole multiple of the resolution 0.1 ms' });
    expect((await runs('figure', '1', '--kind', 'activity', '--bin', '0.01', '--out', svg)).err).toMatch(/--bin = "0.01": must be a decimal number >= 0.1 and <= 50/);
    expect((await runs('figure', '1', '--kind', 'raster', '--out', path.join(dir, 'x.pdf'))).err).toMatch(/the extension chooses the format: .svg or .png/);
    expect((await runs('figure', '1', '--kind', 'raster', '--out', svg, '--width', '2')).err).toMatch(/--width = "2": must be a decimal number >= 4 and <= 40/);
    expect((await runs('figure', '1,2', '--kind', 'raster', '--out', svg)).err).toBe('runs figure: ID: got 2 runs, allowed: one run for a raster figure');
    expect(await runs('figure', '1', '--kind', 'voltage', '--out', svg)).toMatchObject({ code: 1, err: expect.stringMatching(/recorded no membrane potentials/) });
    expect((await runs('figure', '1', '--out', svg)).err).toMatch(/--kind is needed/);
    fs.writeFileSync(svg, 'keep');
    expect((await runs('figure', '1', '--kind', 'raster', '--out', svg)).err).toMatch(/the file exists; choose another name or add --force/);
    expect(fs.readFileSync(svg, 'utf8')).toBe('keep');
  });
});

describe('runs notes and list --search', () => {
  it('shows, sets from text or a file, clears, and the list finds runs by them', async () => {
    expect((await runs('notes', '1')).out).toBe('Run 1 has no notes.');
    expect((await runs('notes', '1', '--set', 'Gamma at 82 Hz')).out).toBe('Run 1 notes (14 characters) saved.');
    expect((await runs('notes', '1')).out).toBe('Gamma at 82 Hz');
    expect((await runs('list', '--search', 'gamma')).out).toMatch(/^ID .*\n1 .*baseline$/);
    expect((await runs('list', '--search', 'ENSEMBLE')).out).toMatch(/\n2 .*second seed$/);
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'line one\nline two\n');
    await runs('notes', '2', '--file', file);
    expect((await runs('show', '2')).out).toContain('  notes\n    line one\n    line two');
    expect((await runs('notes', '2', '--clear')).out).toBe('Run 2 has no notes now.');
    expect((await runs('notes', '2', '--set', 'a', '--clear')).err).toMatch(/--set and --clear exclude each other/);
    fs.writeFileSync(file, Buffer.from([0xff, 0xfe, 0x00]));
    expect((await runs('notes', '2', '--file', file)).err).toMatch(/not UTF-8 text/);
    expect((await runs('notes', '2', '--set', 'x'.repeat(20_001))).err).toMatch(/notes have at most 20000 characters/);
  });
});

describe('runs export-all', () => {
  it('writes every format into its folder and lists each file with its size', async () => {
    const out = path.join(dir, 'all');
    const r = await runs('export-all', '1', out);
    expect(r.err).toBe('');
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^Wrote \\d+ files \\([\\d.]+ (KiB|MiB)\\) of run 1 to ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:$`));
    const listed = lines.slice(1).map((l) => l.trim().split('  ')[0]);
    expect(listed).toEqual(expect.arrayContaining(['csv/baseline-rates.csv', 'csv/baseline-spikes.csv', 'nest/population_nodeids.dat', 'nest/params.json', 'pynest/run_microcircuit.py', 'pynest/params.json']));
    for (const f of listed) expect(fs.existsSync(path.join(out, f)), f).toBe(true);
    expect((await runs('export-all', '1', out)).err).toMatch(/csv\/ holds files already; choose another folder or add --force/);
    const only = await runs('export-all', '1', path.join(dir, 'only'), '--formats', 'pynest');
    expect(only.out.split('\n').slice(1).map((l) => l.trim().split('  ')[0])).toEqual(['pynest/params.json', 'pynest/run_microcircuit.py']);
    expect((await runs('export-all', '1', out, '--formats', 'pdf')).err).toMatch(/must be one of spikes-csv, rates-csv, nest, pynest/);
  });
});

describe('a simulated run with the voltmeter', () => {
  it('stores the membrane potentials, so the voltage figure can draw them', async () => {
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, 'src-main/cli/simulate.ts'), '--set', 'net.N_scaling=0.01', '--set', 'sim.t_presim=20', '--set', 'sim.t_sim=30', '--set', 'sim.rec_dev=["spike_recorder","voltmeter"]', '--name', 'with V', '--quiet', '--db', db],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const id = Number(/stored as run (\d+)/.exec(r.stdout)?.[1]);
    expect((await runs('show', String(id))).out).toMatch(/voltmeter\s+recorded/);
    const out = path.join(dir, 'voltage.svg');
    const f = await runs('figure', String(id), '--kind', 'voltage', '--out', out);
    expect(f.err).toBe('');
    expect(fs.readFileSync(out, 'utf8')).toMatch(/<text[^>]*>V \(mV\)<\/text>/);
  });
});
