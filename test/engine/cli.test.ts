/** `npm run simulate` as a user runs it: a real child process, real files. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'engine', 'cli', 'simulate.ts');

function simulate(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

describe('simulate CLI', () => {
  it('runs, prints rates and timings, and writes NEST files, params.json and summary.json', () => {
    const out = mkdtempSync(join(tmpdir(), 'mc-cli-'));
    const r = simulate(['--set', 'net.N_scaling=0.02', '--set', 'sim.t_presim=100', '--set', 'sim.t_sim=200', '--seed', '3', '--out', out, '--no-db']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/L23E\s+414\s+\d+\.\d{3}/);
    expect(r.stdout).toMatch(/timings: build [\d.]+ s, presim [\d.]+ s, sim [\d.]+ s/);
    const files = readdirSync(out).sort();
    expect(files).toContain('population_nodeids.dat');
    expect(files).toContain('params.json');
    expect(files).toContain('summary.json');
    expect(files.filter((f) => /^rate\d\.dat$/.test(f))).toHaveLength(8);
    const spikeFiles = files.filter((f) => f.startsWith('spike_recorder-'));
    expect(spikeFiles).toHaveLength(8);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    for (const k of ['populations', 'rates_hz', 'timings_s', 'num_neurons', 'num_synapses', 'num_spikes', 'threads', 'seed', 'engine_version', 'peak_rss_bytes']) {
      expect(summary, k).toHaveProperty(k);
    }
    expect(summary.seed).toBe(3);
    expect(summary.populations[0]).toBe('L23E');
    expect(Object.keys(summary.timings_s)).toEqual(['build', 'presim', 'sim']);
    // Node ids as NEST numbers them: neurons 1..N, then the 8 spike recorders.
    const ids = readFileSync(join(out, 'population_nodeids.dat'), 'utf8').trim().split('\n');
    expect(ids[0]).toBe(`1 ${summary.num_neurons > 0 ? 414 : 0}`);
    expect(spikeFiles[0]).toBe(`spike_recorder-${summary.num_neurons + 1}-0.dat`);
    const text = readFileSync(join(out, spikeFiles[0]), 'utf8').split('\n');
    expect(text[0]).toMatch(/^# NEST version: /);
    expect(text[1]).toBe('# RecordingBackendASCII version: 2');
    expect(text[2]).toBe('sender\ttime_ms');
    // Only the simulation phase is in the files, times with 3 decimals.
    for (const line of text.slice(3).filter(Boolean)) {
      const [sender, t] = line.split('\t');
      expect(Number(sender)).toBeGreaterThanOrEqual(1);
      expect(t).toMatch(/^\d+\.\d{3}$/);
      expect(Number(t)).toBeGreaterThan(100);
      expect(Number(t)).toBeLessThanOrEqual(300);
    }
    const params = JSON.parse(readFileSync(join(out, 'params.json'), 'utf8'));
    expect(params.net.N_scaling).toBe(0.02);
  });

  it('analyses a window that is not a whole number of its bins (t_sim = 101 ms, 2-ms correlation bins)', () => {
    const out = mkdtempSync(join(tmpdir(), 'mc-cli-'));
    const r = simulate(['--set', 'net.N_scaling=0.02', '--set', 'sim.t_presim=50', '--set', 'sim.t_sim=101', '--out', out, '--no-db', '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    const stats = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).statistics;
    expect(Object.keys(stats)).toHaveLength(8);
    // 10 whole 10-ms rate bins; the last 1 ms is a dropped partial bin.
    expect(stats.L4E.pop_rate_10ms_bins_hz).toHaveLength(10);
    expect(stats.L4E.corr_2ms.n_sampled).toBe(200);
  });

  it('refuses bad arguments with a clear message and exit status 2', () => {
    const a = simulate(['--preset', 'huge']);
    expect(a.status).toBe(2);
    expect(a.stderr).toContain('--preset = "huge": must be one of default, full');
    const b = simulate(['--threads', '0']);
    expect(b.status).toBe(2);
    expect(b.stderr).toContain('--threads = "0": must be a whole number >= 1');
    const c = simulate(['--bogus']);
    expect(c.status).toBe(2);
    expect(c.stderr).toMatch(/unknown argument "--bogus"/);
  });

  it('refuses invalid parameters, listing every problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mc-cli-'));
    const file = join(dir, 'p.json');
    writeFileSync(file, JSON.stringify({ net: { N_scalling: 0.2, conn_probs: [[0.5]] }, sim: { sim_resolution: -1 } }));
    const r = simulate(['--params', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('net.N_scalling = 0.2: unknown key (did you mean "net.N_scaling"?)');
    expect(r.stderr).toContain('sim.sim_resolution = -1');
    expect(r.stderr).toContain('net.conn_probs');
    writeFileSync(file, '{not json');
    const q = simulate(['--params', file]);
    expect(q.status).toBe(2);
    expect(q.stderr).toMatch(/not valid JSON/);
  });
});
