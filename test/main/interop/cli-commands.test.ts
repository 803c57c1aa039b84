/** The NEST interop subcommands of `npm run runs` (src-main/interop/cli-commands.ts), run through the runs program. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readSpikeCsvSync } from '../../../engine/nest/csv.ts';
import { bufferedIo, runCli } from '../../../src-main/cli/framework/index.ts';
import { RUNS_PROGRAM } from '../../../src-main/cli/runs-commands.ts';
import { INTEROP_COMMANDS } from '../../../src-main/interop/cli-commands.ts';
import type { RunStore } from '../../../src-main/store/run-store.ts';
import { referenceRunDir } from '../../validate/reference.ts';
import { dbFingerprint } from '../store/helpers.ts';
import { copyFolder, openStore, replaceLine, runCount, closeStoreDir, storeInTempDir } from './helpers.ts';

// Each case reads reference data, spawns processes or fills a store: generous limits on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const EXAMPLE = referenceRunDir('example-reference-data');
let dir: string;
let store: RunStore;

beforeAll(() => {
  ({ dir, store } = storeInTempDir('mcs-interop-cli-'));
});
afterAll(() => closeStoreDir(store, dir));

/** `npm run runs -- COMMAND ARGS --db <the test's store>`, in this process. */
async function runs(...args: string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const io = bufferedIo();
  const code = await runCli(RUNS_PROGRAM, [...args, '--db', store.path], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('import', () => {
  it('a NEST folder: exit 0, what was stored and the notes', async () => {
    const c = await runs('import', EXAMPLE, '--tag', 'nest', '--tag', 'reference');
    expect(c.code).toBe(0);
    expect(c.stderr).toEqual([]);
    expect(c.stdout[0]).toMatch(/^Imported run 1: NEST import: example-reference-data \(completed, 20,497 spikes of 7,717 neurons, NEST master@7c40d9e9a, 1 VP file\(s\) per recorder\)\.$/);
    expect(c.stdout).toContain('  parameters       inferred (default preset, N_scaling 0.1)');
    expect(c.stdout).toContain('  analysis window  (500, 1500] ms');
    expect(c.stdout).toContain('  statistics       stored');
    expect(c.stdout.some((l) => l.startsWith('  note: '))).toBe(true);
    expect(store.getRunSync(1).tags).toEqual(['nest', 'params-inferred', 'reference']);
  });

  it('a malformed folder: exit 1, the file and line, nothing stored', async () => {
    const folder = copyFolder(EXAMPLE, path.join(dir, 'bad'));
    replaceLine(path.join(folder, 'spike_recorder-7721-0.dat'), 9, 'x');
    const before = dbFingerprint(store);
    const c = await runs('import', folder);
    expect(c.code).toBe(1);
    expect(c.stderr).toEqual([`runs import: refused: ${path.join(folder, 'spike_recorder-7721-0.dat')} line 9: expected "<sender>\\t<time_ms>", got "x"`, 'Nothing was stored.']);
    expect(dbFingerprint(store)).toBe(before);
  });

  it("a run file: delegated to the store's run-file import", async () => {
    const file = path.join(dir, 'run1.mcrun');
    store.exportRunSync(1, file);
    store.deleteRunSync(1);
    const c = await runs('import', file);
    expect(c.code).toBe(0);
    expect(c.stdout[0]).toMatch(/^Imported run \d+: NEST import: example-reference-data \(completed, 20,497 spikes\)\.$/);
    const e = await runs('import', file, '--name', 'x', '--tag', 'y');
    expect(e.code).toBe(2);
    expect(e.stderr[0]).toBe('runs import: --name, --tag apply to NEST folders, not to run files');
  });

  it('bad arguments: exit 2 with the usage', async () => {
    for (const args of [[], [path.join(dir, 'nope')], [EXAMPLE, '--colour', 'red'], [EXAMPLE, EXAMPLE], [EXAMPLE, '--tag', 'two words']]) {
      const c = await runs('import', ...args);
      expect(c.code, args.join(' ')).toBe(2);
      expect(c.stderr.join('\n'), args.join(' ')).toContain('Usage: npm run runs -- import PATH [--name NAME] [--tag TAG]... [--params FILE]');
      expect(c.stderr[c.stderr.length - 1]).toBe("See 'npm run runs -- import --help'.");
    }
  });
});

describe('compare, export-csv, export-nest, export-pynest', () => {
  let a: number;
  let b: number;
  beforeAll(async () => {
    a = store.listRunsSync({ order: 'oldest' })[0].id;
    expect((await runs('import', referenceRunDir('default_N0.1_K0.1_t1_s3'))).code).toBe(0);
    b = store.listRunsSync()[0].id;
  });

  /** `runs COMMAND <run a> <test folder>/FOLDER`, which must succeed; the folder and what it printed. */
  async function exportA(command: string, folder: string): Promise<{ out: string; c: Awaited<ReturnType<typeof runs>> }> {
    const out = path.join(dir, folder);
    const c = await runs(command, String(a), out);
    expect(c.code).toBe(0);
    return { out, c };
  }

  it('compare A B: the text report; --json: the typed result', async () => {
    const c = await runs('compare', String(a), String(b));
    expect(c.code).toBe(0);
    // The headline first, then the runs and the details.
    expect(c.stdout[0]).toMatch(/^Verdict: One seed each cannot tell seed noise from a real difference; (all 24 KS distances lie within|\d+ of 24 KS distances lie beyond) NEST's seed-to-seed spread \(context, not a verdict/);
    expect(c.stdout[2]).toMatch(/^Run \d+: NEST import: example-reference-data/);
    expect(c.stdout.join('\n')).toMatch(/^Runs \d+ and \d+: one seed each cannot separate seed noise from a real difference/m);
    const j = await runs('compare', String(a), String(b), '--json');
    expect(j.code).toBe(0);
    const parsed = JSON.parse(j.stdout.join('\n')) as { runs: { id: number }[]; pairs: { comparison: { rows: unknown[] } }[] };
    expect(parsed.runs.map((r) => r.id)).toEqual([a, b]);
    expect(parsed.pairs[0].comparison.rows).toHaveLength(24);
    const s = await runs('compare', `${a},${b}`, `${b}`);
    expect(s.code).toBe(1);
    expect(s.stderr[0]).toMatch(/^runs compare: run \d+ is listed twice$/);
  });

  it('compare 1,2,3 4-6: two ensembles, the verdict first, then one row per population and statistic', async () => {
    const more: number[] = [];
    for (const seed of ['s1', 's2', 's4', 's5', 's6']) {
      expect((await runs('import', referenceRunDir(`default_N0.1_K0.1_t1_${seed}`))).code).toBe(0);
      more.push(store.listRunsSync()[0].id);
    }
    const [x1, x2, x4, x5, x6] = more;
    expect([x5, x6]).toEqual([x4 + 1, x4 + 2]);
    const c = await runs('compare', `${b},${x1},${x2}`, `${x4}-${x6}`);
    expect(c.code).toBe(0);
    const text = c.stdout.join('\n');
    expect(text).toMatch(/^Ensemble A: runs \d+, \d+ and \d+ \(NEST 3\.10\.0-post0\.dev0; N_scaling 0\.1, K_scaling 0\.1 assumed; seeds 55\?, 55\?, 55\?; window \(500, 1500\] ms\)$/m);
    // Three seeds a side cannot show a difference: the verdict says so rather than guessing.
    expect(text).toContain('Verdict: Too few seeds to tell seed noise from a real difference (3 and 3 seeds); the distances are shown, without a verdict.');
    expect(text).toMatch(/^POP\s+STATISTIC\s+A MEAN ± SD\s+B MEAN ± SD\s+CHANGE \(95 % CI\)\s+SEEDS VARY\s+KS BETWEEN \/ WITHIN\s+P KS\s+P MEAN\s+VERDICT$/m);
    expect(text).toMatch(/^L4E\s+rates\s+\d\.\d+ ± 0\.\d+\s+\d\.\d+ ± 0\.\d+\s+[+−]\d/m);
    expect(text).toMatch(/^Note: With 3 and 3 seeds there are too few relabellings of the seeds: no p-value can fall below 0\.100/m);
    const j = await runs('compare', `${b},${x1},${x2}`, `${x4}-${x6}`, '--json');
    const parsed = JSON.parse(j.stdout.join('\n')) as { groups: number[][]; ensembles: { result: { verdict: string; rows: unknown[] } }[]; groupSummaries: unknown[] };
    expect(parsed.groups).toEqual([
      [b, x1, x2],
      [x4, x5, x6],
    ]);
    expect(parsed.ensembles[0].result).toMatchObject({ verdict: 'undecided' });
    expect(parsed.ensembles[0].result.rows).toHaveLength(24);
    expect(parsed.groupSummaries).toHaveLength(2);
  });

  it('compare: bad arguments exit 2, a missing run exits 1', async () => {
    const cases: [string[], string][] = [
      [[String(a)], 'runs compare: missing B'],
      [[String(a), 'two'], 'runs compare: B = "two": a run id is a whole number >= 1'],
      [['5-3', '6'], 'runs compare: A = "5-3": the range 5-3 runs backwards: write the lower id first'],
      [['1-100', '200'], 'runs compare: A = "1-100": the range 1-100 holds 100 runs; a comparison takes at most 64'],
      [['1-40', '41-70'], 'runs compare: 70 runs in all; a comparison takes at most 64'],
      [[String(a), '0'], 'runs compare: B = "0": a run id is a whole number >= 1'],
      [['1', '2', '3', '4', '5', '6', '7', '8', '9'], 'runs compare: C: at most 6 value(s), got 7'],
    ];
    for (const [args, message] of cases) {
      const c = await runs('compare', ...args);
      expect(c.code, args.join(' ')).toBe(2);
      expect(c.stderr[0], args.join(' ')).toContain(message);
    }
    const m = await runs('compare', String(a), '999');
    expect(m.code).toBe(1);
    expect(m.stderr[0]).toMatch(/^runs compare: no run with id 999/);
  });

  it('export-csv ID FILE [--rates]: writes, refuses to overwrite without --force', async () => {
    const file = path.join(dir, 'spikes.csv');
    const c = await runs('export-csv', String(a), file);
    expect(c.code).toBe(0);
    expect(c.stdout).toEqual([`Wrote 20,497 spikes of run ${a} to ${file}.`]);
    expect(readSpikeCsvSync(file).senders.length).toBe(20497);
    const again = await runs('export-csv', String(a), file, '--rates');
    expect(again.code).toBe(2);
    expect(again.stderr[0]).toBe(`runs export-csv: FILE = ${JSON.stringify(file)}: exists; choose another name or add --force`);
    const forced = await runs('export-csv', String(a), file, '--rates', '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toEqual([`Wrote the rates of 7,717 neurons of run ${a} to ${file}.`]);
    expect(fs.readFileSync(file, 'utf8').startsWith('node_id,population,rate_hz\n1,L23E,')).toBe(true);
  });

  it("export-nest ID DIR: NEST's files; refuses a folder holding NEST files unless --force (which clears them)", async () => {
    const { out, c } = await exportA('export-nest', 'nest-out');
    expect(c.stdout[0]).toBe(`Wrote 20,497 spikes of run ${a} as NEST output to ${out} (17 files).`);
    expect(fs.readFileSync(path.join(out, 'spike_recorder-7720-0.dat')).equals(fs.readFileSync(path.join(EXAMPLE, 'spike_recorder-7720-0.dat')))).toBe(true);
    const again = await runs('export-nest', String(a), out);
    expect(again.code).toBe(2);
    expect(again.stderr[0]).toMatch(/holds NEST files \(/);
    fs.writeFileSync(path.join(out, 'spike_recorder-7720-1.dat'), 'stale VP file\n');
    const onFile = await runs('export-nest', String(a), path.join(out, 'spike_recorder-7720-1.dat'));
    expect(onFile.code).toBe(2);
    expect(onFile.stderr[0]).toBe(`runs export-nest: DIR = ${JSON.stringify(path.join(out, 'spike_recorder-7720-1.dat'))}: is a file; a folder is needed`);
    expect((await runs('export-nest', String(a), out, '--force')).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'spike_recorder-7720-1.dat'))).toBe(false);
  });

  it('export-pynest ID DIR: the script and its parameters', async () => {
    const { out, c } = await exportA('export-pynest', 'pynest');
    expect(c.stdout[0]).toBe(`Wrote ${path.join(out, 'run_microcircuit.py')} and ${path.join(out, 'params.json')}.`);
    expect(c.stdout[2]).toMatch(/imported from NEST without a parameter file/);
    expect((await runs('export-pynest', String(a), out)).code).toBe(2);
    expect((await runs('export-pynest', String(a), out, '--force')).code).toBe(0);
  });
});

describe('in the runs program', () => {
  it('several runs: compare A B C, sets of seeds, exports; a missing database exits 1', async () => {
    const db = path.join(dir, 'wired.sqlite');
    const io = bufferedIo();
    const main = (...args: string[]) => runCli(RUNS_PROGRAM, args, io);
    expect(await main('import', EXAMPLE, '--db', db, '--tag', 'a')).toBe(0);
    expect(await main('import', referenceRunDir('default_N0.1_K0.1_t1_s4'), '--db', db)).toBe(0);
    expect(await main('import', referenceRunDir('default_N0.1_K0.1_t1_s5'), '--db', db)).toBe(0);
    expect(io.stderr).toEqual([]);
    io.stdout.length = 0;
    expect(await main('compare', '1', '2', '3', '--db', db)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/run 1 vs run 3: KS distance/);
    expect(await main('compare', '1,2', '3', '--db', db)).toBe(0);
    expect(await main('compare', '1', '--db', db)).toBe(2);
    expect(await main('export-csv', '1', path.join(dir, 'w.csv'), '--rates', '--db', db)).toBe(0);
    expect(await main('export-nest', '1', path.join(dir, 'w-nest'), '--db', db)).toBe(0);
    expect(await main('export-pynest', '2', path.join(dir, 'w-py'), '--db', db)).toBe(0);
    expect(await main('compare', '1', '2', '--db', path.join(dir, 'none.sqlite'))).toBe(1);
    expect(io.stderr[io.stderr.length - 1]).toMatch(/^runs compare: there is no run database at .*none\.sqlite yet$/);
    expect(fs.existsSync(path.join(dir, 'none.sqlite'))).toBe(false);
    // The run commands leave Ctrl-C to the system (they never read the signal, so it is never taken).
    const untouchable = () => {
      throw new Error('a runs command read the signal');
    };
    expect(await runCli(RUNS_PROGRAM, ['list', '--db', db], bufferedIo(), untouchable)).toBe(0);
    expect(await runCli(RUNS_PROGRAM, ['compare', '1', '2', '--db', db], bufferedIo(), untouchable)).toBe(0);
    io.stdout.length = 0;
    expect(await main('help')).toBe(0);
    for (const c of INTEROP_COMMANDS) expect(io.stdout).toContainEqual(expect.stringMatching(new RegExp(`^  ${c.name} `)));
    io.stdout.length = 0;
    expect(await main('help', 'compare')).toBe(0);
    expect(io.stdout[0]).toBe('Usage: npm run runs -- compare A B [C]... [options]');
  });

  it('spawned as users run it: exit statuses and output', () => {
    const db = path.join(dir, 'spawned.sqlite');
    const run = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'src-main/cli/runs.ts'), ...args, '--db', db], { cwd: ROOT, encoding: 'utf8' });
    const imported = run('import', EXAMPLE);
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(/^Imported run 1: NEST import: example-reference-data/);
    const bad = run('export-csv', '1');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^runs export-csv: missing FILE\nUsage: npm run runs -- export-csv ID FILE \[--rates\] \[--force\]/);
    const store2 = openStore(path.dirname(db), path.basename(db));
    expect(runCount(store2)).toBe(1);
    store2.closeSync();
  }, 60_000);
});
