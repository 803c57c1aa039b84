/**
 * The engine's headless runner (engine/cli/headless.ts), without the app: a parameter set in;
 * progress, rates, timings and NEST's output files out. `npm run simulate` (its arguments, the
 * database) is tested in test/main/cli/simulate.test.ts and test/main/runs/simulate-cli.test.ts.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../engine/api.ts';
import { runHeadless, type HeadlessIo } from '../../engine/cli/headless.ts';
import { composeParams } from '../../engine/params/merge.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import { validateParams } from '../../engine/params/validate.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tiny(...sets: string[]): ParamSet {
  return validateParams(composeParams({ preset: 'default', sets: ['net.N_scaling=0.02', 'sim.t_presim=100', 'sim.t_sim=200', ...sets] }));
}

function captureIo(isTerminal = false): HeadlessIo & { out_: string[]; err_: string[]; status_: string[] } {
  const out_: string[] = [];
  const err_: string[] = [];
  const status_: string[] = [];
  return { out_, err_, status_, out: (l) => out_.push(l), err: (l) => err_.push(l), status: (l) => status_.push(l), isTerminal };
}

describe('headless runner (engine/cli)', { timeout: 120_000 }, () => {
  it('runs, prints rates and timings, and writes NEST files, params.json and summary.json', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mc-cli-'));
    dirs.push(out);
    const io = captureIo();
    const r = await runHeadless(tiny('sim.rng_seed=3'), { outDir: out, quiet: true }, io);
    const stdout = io.out_.join('\n');
    expect(io.err_).toEqual([]);
    expect(stdout).toMatch(/L23E\s+414\s+\d+\.\d{3}/);
    expect(stdout).toMatch(/timings: build [\d.]+ s, presim [\d.]+ s, sim [\d.]+ s/);
    expect(stdout).toContain(`wrote NEST output, params.json and summary.json to ${out}`);
    expect(r.outcome.summary.seed).toBe(3);
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
    expect(ids[0]).toBe('1 414');
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
    // The summary carries the statistics of all 8 populations.
    expect(Object.keys(summary.statistics as Record<string, unknown>)).toHaveLength(8);
  });

  it('shows progress: lines off a terminal, a redrawn status line (cleared at the end) on one', async () => {
    const lines = captureIo(false);
    await runHeadless(tiny(), {}, lines);
    expect(lines.err_.some((l) => /^network: \d+ neurons/.test(l))).toBe(true);
    expect(lines.err_[lines.err_.length - 1]).toMatch(/^done 300 \/ 300 ms, \d+ spikes/);
    expect(lines.status_).toEqual([]);
    const terminal = captureIo(true);
    await runHeadless(tiny(), {}, terminal);
    expect(terminal.status_.some((l) => /^building network \d+%$/.test(l))).toBe(true);
    expect(terminal.status_.slice(-2)[0]).toMatch(/^done 300 \/ 300 ms, \d+ spikes/);
    expect(terminal.status_[terminal.status_.length - 1]).toBe('');
    expect(terminal.err_.some((l) => /^network: \d+ neurons/.test(l))).toBe(true);
  });

  it('analyses a window that is not a whole number of its bins (t_sim = 101 ms, 2-ms correlation bins)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mc-cli-'));
    dirs.push(out);
    await runHeadless(tiny('sim.t_presim=50', 'sim.t_sim=101'), { outDir: out, quiet: true }, captureIo());
    const stats = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).statistics;
    expect(Object.keys(stats)).toHaveLength(8);
    // 10 whole 10-ms rate bins; the last 1 ms is a dropped partial bin.
    expect(stats.L4E.pop_rate_10ms_bins_hz).toHaveLength(10);
    expect(stats.L4E.corr_2ms.n_sampled).toBe(200);
  });

  it('stops with CancelledError when its signal is aborted, passing on the spikes so far', async () => {
    const ac = new AbortController();
    let chunks = 0;
    const run = runHeadless(tiny('sim.t_sim=20000'), {
      quiet: true,
      signal: ac.signal,
      onSpikes: () => {
        if (++chunks === 3) ac.abort('enough');
      },
    }, captureIo());
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(chunks).toBeGreaterThanOrEqual(3);
  });
});
