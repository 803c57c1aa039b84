/** The `runs` CLI, tested by spawning it as users do: `node src-main/cli/runs.ts ...` on Node 22. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, writeRun, tempDatabase } from '../store/helpers.ts';
import { pd14Populations, syntheticChunks } from '../store/synthetic.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(ROOT, 'src-main/cli/runs.ts');
let dir: string;
let db: string;
// Each case spawns Node (about 0.3 s, more on a busy machine): generous timeouts.
const SLOW = 60_000;

function runs(args: string[], env: Record<string, string> = {}): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  ({ dir, db } = tempDatabase('mcs-cli-', (store) => {
    const pops = pd14Populations(0.1);
    writeRun(store, pops, syntheticChunks({ populations: pops, durationMs: 50 }), { name: 'baseline', tags: ['paper'] });
    const failed = writeRun(store, pops, syntheticChunks({ populations: pops, durationMs: 20, seed: 2 }), { name: 'thalamic pulse', end: 'running' });
    store.markFailedSync(failed.id, 'worker crashed');
  }));
});

afterAll(() => removeDir(dir));

describe('runs CLI', () => {
  it('lists runs with filters, as a table or JSON', () => {
    const all = runs(['list', '--db', db]);
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/^ID\s+STATUS\s+CREATED\s+NEURONS\s+SPIKES\s+TAGS\s+NAME/);
    expect(all.out).toMatch(/\n2\s+failed .* thalamic pulse\n1\s+completed .*paper\s+baseline/);
    const failed = runs(['list', '--status', 'failed', '--db', db]);
    expect(failed.out).toContain('thalamic pulse');
    expect(failed.out).not.toContain('baseline');
    const tagged = JSON.parse(runs(['list', '--tag', 'paper', '--json', '--db', db]).out) as { id: number; name: string }[];
    expect(tagged.map((r) => r.name)).toEqual(['baseline']);
    expect(runs(['list', '--name', 'NOPE', '--db', db]).out).toContain('No runs match.');
  }, SLOW);

  it('shows a run, and its parameter set as a reusable JSON file', () => {
    const r = runs(['show', '2', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Run 2: thalamic pulse');
    expect(r.out).toMatch(/status\s+failed \(worker crashed\)/);
    expect(r.out).toMatch(/populations\s+L23E 1-2068/);
    const params = JSON.parse(runs(['show', '1', '--params', '--db', db]).out) as { sim: { rng_seed: number } };
    expect(params.sim.rng_seed).toBe(55);
  }, SLOW);

  it('refuses bad arguments with exit code 2, naming the argument, the value and what is allowed', () => {
    const cases: [string[], RegExp][] = [
      [['list', '--status', 'done'], /--status = "done": must be one of queued, running, completed, failed, cancelled, interrupted/],
      [['list', '--origin', 'web'], /--origin = "web": must be one of engine, nest-import, file-import/],
      [['list', '--limit', '-3'], /--limit/],
      [['list', '--colour'], /unknown option --colour; the options of list are --status, --tag/],
      [['show', 'abc'], /ID = "abc": a run id is a whole number >= 1/],
      [['show'], /show: missing ID/],
      [['show', '1', '2'], /unexpected argument "2"/],
      [['rename', '1', ''], /NAME = "": a run name must not be empty/],
      [['tag', '1', 'two words'], /TAG = "two words": a tag must be one word of at most 64 characters, without spaces or control characters: "two words" is not \(for example "two-words"\)/],
      [['frobnicate'], /unknown command "frobnicate"; the commands are list, show, export, import, compare, export-csv, export-nest, export-pynest, delete, rename, tag/],
      [['import', path.join(dir, 'missing.mcrun')], /PATH = ".*missing\.mcrun": no such file or folder/],
      [['delete', '1'], /add --yes \(stdin is not a terminal\)/],
      [[], /Usage: npm run runs -- COMMAND/],
    ];
    for (const [args, message] of cases) {
      const r = runs([...args, ...(args.length ? ['--db', db] : [])]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(message);
    }
    expect(runs(['list', '--db', db]).out).toMatch(/\n1\s+completed/); // nothing was deleted
  }, SLOW);

  it('fails with exit code 1 on a missing run or a damaged file', () => {
    const missing = runs(['show', '99', '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no run with id 99');
    const junk = path.join(dir, 'junk.mcrun');
    fs.writeFileSync(junk, 'not a run');
    const bad = runs(['import', junk, '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/not a Microcircuit Studio run file/);
  }, SLOW);

  it('exports, imports into another database, renames, tags and deletes', () => {
    const file = path.join(dir, 'shared.mcrun');
    const exp = runs(['export', '1', file, '--db', db]);
    expect(exp.code, exp.err).toBe(0);
    expect(exp.out).toMatch(/Exported run 1 to .*shared\.mcrun/);
    expect(runs(['export', '1', file, '--db', db]).code).toBe(2); // exists
    expect(runs(['export', '1', file, '--force', '--db', db]).code).toBe(0);
    const other = path.join(dir, 'other', 'runs.sqlite');
    const imp = runs(['import', file, '--db', other]);
    expect(imp.code, imp.err).toBe(0);
    expect(imp.out).toMatch(/Imported run 1: baseline \(completed, [\d,]+ spikes\)/);
    expect(runs(['import', file, '--db', other]).err).toMatch(/already in the database as run 1/);
    expect(runs(['rename', '1', 'from a colleague', '--db', other]).out).toContain('"from a colleague"');
    expect(runs(['tag', '1', 'shared', '--db', other]).out).toContain('paper, shared');
    expect(runs(['list', '--tag', 'shared', '--db', other]).out).toContain('from a colleague');
    const del = runs(['delete', '1', '--yes', '--db', other]);
    expect(del.code, del.err).toBe(0);
    expect(runs(['list', '--db', other]).out).toContain('No runs match.');
  }, SLOW);

  it('uses the app database in the user-data folder by default', () => {
    const home = path.join(dir, 'home');
    const r = runs(['list'], { HOME: home, XDG_CONFIG_HOME: '' });
    expect(r.code).toBe(0);
    expect(r.out).toContain(`no run database at ${path.join(home, '.config', 'Microcircuit Studio', 'runs.sqlite')} yet`);
    expect(fs.existsSync(home)).toBe(false); // listing creates nothing
  }, SLOW);
});
