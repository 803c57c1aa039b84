/**
 * No analysis problem turns a completed simulation into a failed run (issue 13 item 1): the
 * analysis is made to throw (vi.mock of engine/analysis/population-stats.ts, which both the
 * headless runner and the run statistics use), and the run must still be stored completed with
 * every spike, the --out files written, and the reason there are no statistics stored with it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as PopulationStats from '../../../engine/analysis/population-stats.ts';
import { populationLayout } from '../../../engine/host/populations.ts';
import { bufferedIo, runCli } from '../../../src-main/cli/framework/index.ts';
import { SIMULATE_PROGRAM } from '../../../src-main/cli/simulate-command.ts';
import { RunManager } from '../../../src-main/runs/run-manager.ts';
import { RunStore } from '../../../src-main/store/run-store.ts';
import { EventLog, fakeLauncher, fakeSummary, isState, tempStore, tick, tiny } from './helpers.ts';

const failure = vi.hoisted(() => ({ on: false }));

vi.mock('../../../engine/analysis/population-stats.ts', async (importOriginal) => {
  const original = await importOriginal<typeof PopulationStats>();
  return {
    ...original,
    analyzeRun: (...args: Parameters<typeof original.analyzeRun>) => {
      if (failure.on) throw new Error('injected analysis failure');
      return original.analyzeRun(...args);
    },
  };
});

let env: ReturnType<typeof tempStore>;
beforeEach(() => {
  env = tempStore();
  failure.on = true;
});
afterEach(() => {
  failure.on = false;
  env.cleanup();
});

describe('an analysis that fails at the end of a run', { timeout: 120_000 }, () => {
  it('npm run simulate: the run is stored completed with its spikes and --out files, and says why it has no statistics', async () => {
    env.store.closeSync();
    const db = env.store.path;
    const out = path.join(env.dir, 'out');
    const io = bufferedIo();
    const code = await runCli(SIMULATE_PROGRAM, ['--set', 'net.N_scaling=0.02', '--set', 'sim.t_presim=50', '--set', 'sim.t_sim=100', '--db', db, '--out', out, '--quiet'], io);
    const stderr = io.stderr.join('\n');
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('no statistics stored: the statistics could not be computed: injected analysis failure');
    expect(io.stdout.join('\n')).toMatch(/stored as run 1 in /);

    const store = RunStore.openSync(db, { create: false });
    try {
      const run = store.getRunSync(1);
      const summary = store.getSummarySync(1)!;
      expect(run).toMatchObject({ status: 'completed', hasStats: false, reason: null, spikesStored: summary.num_spikes, numSpikes: summary.num_spikes });
      expect(summary.num_spikes).toBeGreaterThan(0);
      expect(run.statsProblem).toBe('the statistics could not be computed: injected analysis failure');
    } finally {
      store.closeSync();
    }
    // NEST's spike files, params.json and summary.json are written; the rate files need the analysis.
    const files = fs.readdirSync(out);
    expect(files.some((f) => f.startsWith('spike_recorder-'))).toBe(true);
    expect(files).toContain('params.json');
    expect(files.some((f) => f.startsWith('rate'))).toBe(false);
    const written = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as { statistics: unknown; statistics_problem: string; num_spikes: number };
    expect(written.statistics).toBeNull();
    expect(written.statistics_problem).toBe('injected analysis failure');
  });

  it('the run manager: the run is completed, the reason there are no statistics stored and logged', async () => {
    const { launcher, hosts } = fakeLauncher();
    const manager = new RunManager({ store: env.store, launcher });
    const log = new EventLog();
    manager.onEvent(log.listener);
    try {
      const params = tiny();
      const pops = populationLayout(params);
      const id = manager.start(params, { name: 'analysis fails' });
      await tick();
      hosts[0].ready();
      hosts[0].say({ type: 'spikes', runId: id, chunk: { fromStep: 0, toStep: 600, senders: Uint32Array.of(1, 2), steps: Uint32Array.of(510, 520) } });
      const summary = fakeSummary(pops, 2);
      hosts[0].say({ type: 'done', runId: id, outcome: { params, summary } });
      const e = (await log.waitFor(isState(id, 'completed', 'failed'))).e;
      expect(e.type === 'run.state' && e.state).toBe('completed');
      const run = env.store.getRunSync(id);
      expect(run).toMatchObject({ status: 'completed', hasStats: false, spikesStored: 2, numSpikes: 2 });
      expect(run.statsProblem).toBe('the statistics could not be computed: injected analysis failure');
      expect(log.events.some(({ e }) => e.type === 'run.log' && e.line === 'no statistics stored: the statistics could not be computed: injected analysis failure')).toBe(true);
    } finally {
      await manager.close();
    }
  });
});
