import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readSpikeCsvSync } from '../../../engine/nest/csv.ts';
import { main } from '../../../src-main/cli/runs-main.ts';
import { RUN_COMMANDS, type CliIo } from '../../../src-main/cli/runs-commands.ts';
import {
  compareCommand,
  exportCsvCommand,
  exportNestCommand,
  exportPynestCommand,
  importCommand,
  INTEROP_COMMANDS,
  interopRunCommands,
  type InteropCliContext,
} from '../../../src-main/interop/cli-commands.ts';
import type { RunStore } from '../../../src-main/store/run-store.ts';
import { referenceRunDir } from '../../validate/reference.ts';
import { dbFingerprint, removeDir, tempDir } from '../store/helpers.ts';
import { copyFolder, openStore, replaceLine, runCount } from './helpers.ts';

// Each case reads reference data, spawns processes or fills a store: generous limits on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const EXAMPLE = referenceRunDir('example-reference-data');
let dir: string;
let store: RunStore;

beforeAll(() => {
  dir = tempDir('mcs-interop-cli-');
  store = openStore(dir);
});
afterAll(() => {
  store.closeSync();
  removeDir(dir);
});

function ctx(): InteropCliContext & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { store, out: (l) => stdout.push(l), err: (l) => stderr.push(l), stdout, stderr };
}

describe('import', () => {
  it('a NEST folder: exit 0, what was stored and the notes', () => {
    const c = ctx();
    expect(importCommand([EXAMPLE, '--tag', 'nest', '--tag', 'reference'], c)).toBe(0);
    expect(c.stderr).toEqual([]);
    expect(c.stdout[0]).toMatch(/^Imported run 1: NEST import: example-reference-data \(completed, 20,497 spikes of 7,717 neurons, NEST master@7c40d9e9a, 1 VP file\(s\) per recorder\)\.$/);
    expect(c.stdout).toContain('  parameters       inferred (default preset, N_scaling 0.1)');
    expect(c.stdout).toContain('  analysis window  (500, 1500] ms');
    expect(c.stdout).toContain('  statistics       stored');
    expect(c.stdout.some((l) => l.startsWith('  note: '))).toBe(true);
    expect(store.getRunSync(1).tags).toEqual(['nest', 'params-inferred', 'reference']);
  });

  it('a malformed folder: exit 1, the file and line, nothing stored', () => {
    const folder = copyFolder(EXAMPLE, path.join(dir, 'bad'));
    replaceLine(path.join(folder, 'spike_recorder-7721-0.dat'), 9, 'x');
    const before = dbFingerprint(store);
    const c = ctx();
    expect(importCommand([folder], c)).toBe(1);
    expect(c.stderr).toEqual([`import: refused: ${path.join(folder, 'spike_recorder-7721-0.dat')} line 9: expected "<sender>\\t<time_ms>", got "x"`, 'Nothing was stored.']);
    expect(dbFingerprint(store)).toBe(before);
  });

  it('a run file: delegated to the store\'s run-file import', () => {
    const file = path.join(dir, 'run1.mcrun');
    store.exportRunSync(1, file);
    store.deleteRunSync(1);
    const c = ctx();
    expect(importCommand([file], c)).toBe(0);
    expect(c.stdout[0]).toMatch(/^Imported run \d+: NEST import: example-reference-data \(completed, 20,497 spikes\)\.$/);
    const e = ctx();
    expect(importCommand([file, '--name', 'x'], e)).toBe(2);
    expect(e.stderr[0]).toBe('import: --name apply to NEST folders, not to run files');
  });

  it('bad arguments: exit 2 with the usage', () => {
    for (const args of [[], [path.join(dir, 'nope')], [EXAMPLE, '--colour', 'red'], [EXAMPLE, EXAMPLE]]) {
      const c = ctx();
      expect(importCommand(args, c), args.join(' ')).toBe(2);
      expect(c.stderr[c.stderr.length - 1]).toBe('Usage: import PATH [--name NAME] [--tag TAG]... [--params FILE]');
    }
  });
});

describe('compare, export-csv, export-nest, export-pynest', () => {
  let a: number;
  let b: number;
  beforeAll(() => {
    a = store.listRunsSync({ order: 'oldest' })[0].id;
    const c = ctx();
    expect(importCommand([referenceRunDir('default_N0.1_K0.1_t1_s3')], c)).toBe(0);
    b = store.listRunsSync()[0].id;
  });

  it('compare A B: the text report; --json: the typed result', () => {
    const c = ctx();
    expect(compareCommand([String(a), String(b)], c)).toBe(0);
    expect(c.stdout[0]).toMatch(/^Run \d+: NEST import: example-reference-data/);
    expect(c.stdout[0]).toMatch(/Verdict: Runs \d+ and \d+ (agree|differ)/);
    const j = ctx();
    expect(compareCommand([String(a), String(b), '--json'], j)).toBe(0);
    const parsed = JSON.parse(j.stdout[0]) as { runs: { id: number }[]; pairs: { comparison: { rows: unknown[] } }[] };
    expect(parsed.runs.map((r) => r.id)).toEqual([a, b]);
    expect(parsed.pairs[0].comparison.rows).toHaveLength(24);
    const s = ctx();
    expect(compareCommand([`${a},${b}`, `${b}`], s)).toBe(1);
    expect(s.stderr[0]).toMatch(/^compare: run \d+ is listed twice$/);
  });

  it('compare: bad arguments exit 2, a missing run exits 1', () => {
    for (const args of [[String(a)], [String(a), 'two'], [`${a},${b}`, '5', '6'], [String(a), '0']]) {
      const c = ctx();
      expect(compareCommand(args, c), args.join(' ')).toBe(2);
    }
    const m = ctx();
    expect(compareCommand([String(a), '999'], m)).toBe(1);
    expect(m.stderr[0]).toMatch(/^compare: no run with id 999/);
  });

  it('export-csv ID FILE [--rates]: writes, refuses to overwrite without --force', () => {
    const file = path.join(dir, 'spikes.csv');
    const c = ctx();
    expect(exportCsvCommand([String(a), file], c)).toBe(0);
    expect(c.stdout).toEqual([`Wrote 20,497 spikes of run ${a} to ${file}.`]);
    expect(readSpikeCsvSync(file).senders.length).toBe(20497);
    const again = ctx();
    expect(exportCsvCommand([String(a), file, '--rates'], again)).toBe(2);
    expect(again.stderr[0]).toBe(`export-csv: FILE = ${JSON.stringify(file)}: exists; choose another name or add --force`);
    const forced = ctx();
    expect(exportCsvCommand([String(a), file, '--rates', '--force'], forced)).toBe(0);
    expect(forced.stdout).toEqual([`Wrote the rates of 7,717 neurons of run ${a} to ${file}.`]);
    expect(fs.readFileSync(file, 'utf8').startsWith('node_id,population,rate_hz\n1,L23E,')).toBe(true);
  });

  it('export-nest ID DIR: NEST\'s files; refuses a folder holding NEST files unless --force (which clears them)', () => {
    const out = path.join(dir, 'nest-out');
    const c = ctx();
    expect(exportNestCommand([String(a), out], c)).toBe(0);
    expect(c.stdout[0]).toBe(`Wrote 20,497 spikes of run ${a} as NEST output to ${out} (17 files).`);
    expect(fs.readFileSync(path.join(out, 'spike_recorder-7720-0.dat')).equals(fs.readFileSync(path.join(EXAMPLE, 'spike_recorder-7720-0.dat')))).toBe(true);
    const again = ctx();
    expect(exportNestCommand([String(a), out], again)).toBe(2);
    expect(again.stderr[0]).toMatch(/holds NEST files \(population_nodeids\.dat|holds NEST files/);
    fs.writeFileSync(path.join(out, 'spike_recorder-7720-1.dat'), 'stale VP file\n');
    expect(exportNestCommand([String(a), out, '--force'], ctx())).toBe(0);
    expect(fs.existsSync(path.join(out, 'spike_recorder-7720-1.dat'))).toBe(false);
  });

  it('export-pynest ID DIR: the script and its parameters', () => {
    const out = path.join(dir, 'pynest');
    const c = ctx();
    expect(exportPynestCommand([String(a), out], c)).toBe(0);
    expect(c.stdout[0]).toBe(`Wrote ${path.join(out, 'run_microcircuit.py')} and ${path.join(out, 'params.json')}.`);
    expect(c.stdout[2]).toMatch(/imported from NEST without a parameter file/);
    expect(exportPynestCommand([String(a), out], ctx())).toBe(2);
    expect(exportPynestCommand([String(a), out, '--force'], ctx())).toBe(0);
  });
});

describe('wiring into the runs CLI', () => {
  it('interopRunCommands() entries run through the runs CLI\'s own dispatcher (main) and table', async () => {
    const db = path.join(dir, 'wired.sqlite');
    const saved = [...RUN_COMMANDS];
    // The wiring the report proposes: the folder-or-file import replaces `import`, the others are appended.
    RUN_COMMANDS.splice(RUN_COMMANDS.findIndex((c) => c.name === 'import'), 1, ...interopRunCommands());
    const lines: { out: string[]; err: string[] } = { out: [], err: [] };
    const io: CliIo = { out: (l) => lines.out.push(l), err: (l) => lines.err.push(l), confirm: () => null };
    try {
      expect(await main(['import', EXAMPLE, '--db', db, '--tag', 'a'], io)).toBe(0);
      expect(await main(['import', referenceRunDir('default_N0.1_K0.1_t1_s4'), '--db', db], io)).toBe(0);
      expect(await main(['import', referenceRunDir('default_N0.1_K0.1_t1_s5'), '--db', db], io)).toBe(0);
      expect(lines.err).toEqual([]);
      lines.out.length = 0;
      expect(await main(['compare', '1', '2', '3', '--db', db], io)).toBe(0);
      expect(lines.out[0]).toMatch(/run 1 vs run 3: KS distance/);
      expect(await main(['compare', '1,2', '3', '--db', db], io)).toBe(0);
      expect(await main(['compare', '1', '--db', db], io)).toBe(2);
      expect(await main(['export-csv', '1', path.join(dir, 'w.csv'), '--rates', '--db', db], io)).toBe(0);
      expect(await main(['export-nest', '1', path.join(dir, 'w-nest'), '--db', db], io)).toBe(0);
      expect(await main(['export-pynest', '2', path.join(dir, 'w-py'), '--db', db], io)).toBe(0);
      expect(await main(['compare', '1', '2', '--db', path.join(dir, 'none.sqlite')], io)).toBe(1);
      expect(lines.err[lines.err.length - 1]).toMatch(/there is no run database at/);
      lines.out.length = 0;
      expect(await main(['help'], io)).toBe(0);
      for (const c of INTEROP_COMMANDS) expect(lines.out[0]).toContain(`  ${c.name}`);
      expect(await main(['help', 'compare'], io)).toBe(0);
      expect(lines.out[1]).toMatch(/^Usage: npm run runs -- compare A B \[C\] \[D\] \[E\] \[F\] \[G\] \[H\] \[options\]/);
    } finally {
      RUN_COMMANDS.splice(0, RUN_COMMANDS.length, ...saved);
    }
  });

  it('spawned as a process (test runner script): exit codes and output', () => {
    const db = path.join(dir, 'spawned.sqlite');
    const cli = path.join(ROOT, 'test/main/interop/interop-cli.ts');
    const run = (...args: string[]) => spawnSync(process.execPath, [cli, '--db', db, ...args], { cwd: ROOT, encoding: 'utf8' });
    const imported = run('import', EXAMPLE);
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(/^Imported run 1: NEST import: example-reference-data/);
    const bad = run('export-csv', '1');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('export-csv: missing FILE\nUsage: export-csv ID FILE [--rates] [--force]\n');
    const store2 = openStoreAt(db);
    expect(runCount(store2)).toBe(1);
    store2.closeSync();
  }, 60_000);
});

function openStoreAt(file: string): RunStore {
  return openStore(path.dirname(file), path.basename(file));
}
