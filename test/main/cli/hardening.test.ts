/**
 * The command-line hardening of issue 13, tested as users meet it: real processes (`npm run simulate`,
 * `npm run runs`, `npm run serve`), real files, real pipes.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, writeRun, tempDatabase } from '../store/helpers.ts';
import { pd14Populations, syntheticChunks } from '../store/synthetic.ts';
import { referenceRunDir } from '../../validate/reference.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const RUNS = path.join(ROOT, 'src-main/cli/runs.ts');
const SIMULATE = path.join(ROOT, 'src-main/cli/simulate.ts');
const SERVE = path.join(ROOT, 'src-main/server/serve.ts');
const TINY = ['--set', 'net.N_scaling=0.02', '--set', 'sim.t_presim=50', '--set', 'sim.t_sim=100'];
// Each case spawns Node (0.3 s and more on a busy machine), some run a small network.
const SLOW = 120_000;

let dir: string;
let db: string;

interface Result {
  code: number | null;
  out: string;
  err: string;
}

function cli(entry: string, args: string[], o: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Result {
  const r = spawnSync(process.execPath, [entry, ...args], {
    cwd: o.cwd ?? ROOT,
    encoding: 'utf8',
    env: o.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: o.timeoutMs ?? 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Starts the localhost server, waits for its URL, stops it; returns what it printed. */
async function serveOutput(args: string[], o: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Result> {
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir, { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>stand-in</title>');
  const child = spawn(process.execPath, [SERVE, '--port', '0', '--renderer-dir', rendererDir, ...args], {
    cwd: o.cwd ?? ROOT,
    env: o.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let stopped = false;
  child.stdout.setEncoding('utf8').on('data', (t: string) => {
    out += t;
    if (!stopped && /Open http/.test(out)) stopped = child.kill('SIGTERM'); // once: a second one ends it at once
  });
  child.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, out, err };
}

beforeAll(() => {
  ({ dir, db } = tempDatabase('mcs-cli-hardening-', (store) => {
    const pops = pd14Populations(0.1);
    writeRun(store, pops, syntheticChunks({ populations: pops, durationMs: 50 }), { name: 'baseline' });
  }));
});

afterAll(() => removeDir(dir));

describe('issue 13: command-line hardening', () => {
  it('booleans take no value and integers are decimal only: --quiet=no, --no-db=false, --seed 0x10 are refused naming the option, the value and what is allowed', () => {
    const quiet = cli(SIMULATE, [...TINY, '--no-db', '--quiet=no']);
    expect(quiet.code, quiet.err).toBe(2);
    expect(quiet.err).toMatch(/--quiet = "no": takes no value/);
    const noDb = cli(SIMULATE, [...TINY, '--quiet', '--no-db=false']);
    expect(noDb.code, noDb.err).toBe(2);
    expect(noDb.err).toMatch(/--no-db = "false": takes no value/);
    const seed = cli(SIMULATE, [...TINY, '--quiet', '--no-db', '--seed', '0x10']);
    expect(seed.code, seed.err).toBe(2);
    expect(seed.err).toMatch(/--seed = "0x10": must be a whole number from 1 to 2147483647 in decimal digits/);
    for (const bad of ['1e1', '2.0', ' 3', '+4']) {
      const limit = cli(RUNS, ['list', '--limit', bad, '--db', db]);
      expect(limit.code, bad).toBe(2);
      expect(limit.err, bad).toContain(`--limit = ${JSON.stringify(bad)}: must be a whole number >= 1 in decimal digits`);
    }
    const json = cli(RUNS, ['list', '--json=yes', '--db', db]);
    expect(json.code).toBe(2);
    expect(json.err).toMatch(/--json = "yes": takes no value/);
  }, SLOW);

  it('a closed stdout ends the command quietly (`runs import DIR | head -1`, `runs list | head -1`)', async () => {
    const closedOutput = async (args: string[]): Promise<Result> => {
      const child = spawn(process.execPath, [RUNS, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy(); // the reader is gone before the command writes its first line
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      return { code, out: '', err };
    };
    const imported = await closedOutput(['import', referenceRunDir('default_N0.1_K0.1_t1_s3'), '--db', path.join(dir, 'epipe.sqlite')]);
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    const listed = await closedOutput(['list', '--db', db]);
    expect(listed.err).toBe('');
    expect(listed.code).toBe(0);
  }, SLOW);

  it('the server and the CLI agree on the data folder when XDG_CONFIG_HOME is empty (empty = unset)', async () => {
    const home = path.join(dir, 'home-xdg');
    const cwd = path.join(dir, 'cwd');
    fs.mkdirSync(cwd, { recursive: true });
    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: '' };
    const listed = cli(RUNS, ['list'], { env, cwd });
    const cliDb = /no run database at (.+) yet/.exec(listed.out)?.[1];
    expect(cliDb, listed.out + listed.err).toBe(path.join(home, '.config', 'Microcircuit Studio', 'runs.sqlite'));
    const served = await serveOutput([], { env, cwd });
    const dataDir = /data in (.+)\)/.exec(served.out)?.[1];
    expect(dataDir, served.out + served.err).toBe(path.join(home, '.config', 'Microcircuit Studio'));
    expect(fs.readdirSync(cwd)).toEqual([]); // no "Microcircuit Studio" folder in the working directory
  }, SLOW);

  it('the CLI and the server name the store the same way (--db FILE, --data-dir DIR); --db naming a folder says so', async () => {
    const data = path.join(dir, 'data-dir');
    const listed = cli(RUNS, ['list', '--data-dir', data]);
    expect(listed.code, listed.err).toBe(0);
    expect(listed.out).toContain(`no run database at ${path.join(data, 'runs.sqlite')} yet`);
    const both = cli(RUNS, ['list', '--data-dir', data, '--db', db]);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/--db and --data-dir name the same thing: give one/);
    for (const r of [cli(RUNS, ['list', '--db', dir]), cli(SIMULATE, [...TINY, '--quiet', '--db', dir])]) {
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain(`--db = ${JSON.stringify(dir)}: is a folder; --db takes the database file (such as ${path.join(dir, 'runs.sqlite')}), --data-dir the folder`);
      expect(r.err).not.toMatch(/disk I\/O error/);
    }
    const fileAsDir = cli(RUNS, ['list', '--data-dir', db]);
    expect(fileAsDir.code).toBe(2);
    expect(fileAsDir.err).toContain(`--data-dir = ${JSON.stringify(db)}: is a file`);
    const served = await serveOutput(['--db', path.join(dir, 'served', 'runs-b.sqlite')]);
    expect(served.out, served.err).toContain(`Run database: ${path.join(dir, 'served', 'runs-b.sqlite')}`);
    expect(served.out).toContain('terminated (SIGTERM): closing');
    expect(served.code).toBe(0);
    const refused = await serveOutput(['--db', dir]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`--db = ${JSON.stringify(dir)}: is a folder`);
  }, SLOW);

  it('errors name the user\'s paths, never internal temporary files', () => {
    for (const args of [['export', '1', '/nonexistent-folder/x.mcrun'], ['export-csv', '1', '/nonexistent-folder/x.csv']]) {
      const r = cli(RUNS, [...args, '--db', db]);
      expect(r.code, r.err).toBe(1);
      expect(r.err).toContain(args[2]);
      expect(r.err).not.toMatch(/partial/);
    }
  }, SLOW);

  it('terminal output escapes control bytes from a file or an argument', () => {
    const arg = cli(RUNS, ['list', '--\x1b[31mred', '--db', db]);
    expect(arg.code).toBe(2);
    expect(arg.err).toContain('unknown option --\\u001b[31mred');
    const file = path.join(dir, 'control.json');
    fs.writeFileSync(file, '\x1b[2J\x07{');
    const params = cli(SIMULATE, ['--params', file, '--no-db']);
    expect(params.code).toBe(2);
    const exported = cli(RUNS, ['export', '1', path.join(dir, 'no-such-folder', 'a\x1b]0;title\x07.mcrun'), '--db', db]);
    expect(exported.code).toBe(1);
    for (const r of [arg, params, exported]) {
      // eslint-disable-next-line no-control-regex
      expect(r.out + r.err).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    }
  }, SLOW);

  it('--params: a UTF-8 BOM is accepted; a file over 16 MiB, /dev/zero and a FIFO are refused before being read', () => {
    const bom = path.join(dir, 'bom.json');
    fs.writeFileSync(bom, '\ufeff' + JSON.stringify({ net: { N_scaling: 0.02 }, sim: { t_presim: 50, t_sim: 100 } }));
    const ok = cli(SIMULATE, ['--params', bom, '--no-db', '--quiet']);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/L23E\s+414\s/);
    const big = path.join(dir, 'big.json');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 17 * 2 ** 20);
    const tooBig = cli(SIMULATE, ['--params', big, '--no-db']);
    expect(tooBig.code).toBe(2);
    expect(tooBig.err).toContain(`--params = ${JSON.stringify(big)}: the file has 17 MiB; a parameter file has at most 16 MiB`);
    const zero = cli(SIMULATE, ['--params', '/dev/zero', '--no-db'], { timeoutMs: 20_000 });
    expect(zero.code).toBe(2);
    expect(zero.err).toContain('--params = "/dev/zero": not a regular file (a character device)');
    const fifo = path.join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const piped = cli(SIMULATE, ['--params', fifo, '--no-db'], { timeoutMs: 20_000 });
    expect(piped.code).toBe(2);
    expect(piped.err).toContain(`--params = ${JSON.stringify(fifo)}: not a regular file (a FIFO)`);
  }, SLOW);
});
