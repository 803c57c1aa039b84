/** `npm run simulate`'s arguments as a user meets them: a real process, exit statuses, messages. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const CLI = join(ROOT, 'src-main', 'cli', 'simulate.ts');
const dir = mkdtempSync(join(tmpdir(), 'mc-simulate-args-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function simulate(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

describe('npm run simulate: arguments', { timeout: 120_000 }, () => {
  it('refuses bad arguments with a clear message and exit status 2, running nothing', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const cases: [string[], string][] = [
      [['--preset', 'huge'], '--preset = "huge": must be one of default, full'],
      [['--threads', '0'], '--threads = "0": must be a whole number >= 1 in decimal digits'],
      [['--bogus'], 'unknown option --bogus; the options of simulate are --preset, --params, --set'],
      [['--thread', '2'], 'unknown option --thread (did you mean --threads?)'],
      [['--set', 'N_scaling'], '--set = "N_scaling": must be PATH=VALUE, e.g. net.N_scaling=0.5'],
      [['--set', 'net..N=1'], '--set = "net..N=1": the path "net..N" is malformed'],
      [['--preset', 'default', '--preset', 'full'], '--preset is given more than once ("default", "full"); it takes one value'],
      [['--out'], '--out needs a value: the path of a folder (created if missing)'],
      [['--name', '   '], '--name = "   ": a run name must not be empty'],
      [['--params', join(dir, 'missing.json')], `--params = ${JSON.stringify(join(dir, 'missing.json'))}: cannot read the file: no such file or folder (ENOENT)`],
      [['extra'], 'unexpected argument "extra"'],
      [['--out', file], `--out = ${JSON.stringify(file)}: is a file; a folder is needed`],
    ];
    for (const [args, message] of cases) {
      const r = simulate(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(`simulate: ${message}`);
      expect(r.stderr, args.join(' ')).toContain("See 'npm run simulate -- --help'.");
      expect(r.stdout, args.join(' ')).toBe('');
    }
  });

  it('refuses invalid parameters, listing every problem, without a usage line', () => {
    const file = join(dir, 'p.json');
    writeFileSync(file, JSON.stringify({ net: { N_scalling: 0.2, conn_probs: [[0.5]] }, sim: { sim_resolution: -1 } }));
    const r = simulate(['--params', file, '--no-db']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('net.N_scalling = 0.2: unknown key (did you mean "net.N_scaling"?)');
    expect(r.stderr).toContain('sim.sim_resolution = -1');
    expect(r.stderr).toContain('net.conn_probs');
    expect(r.stderr).not.toContain('Usage:');
    writeFileSync(file, '{not json');
    const q = simulate(['--params', file, '--no-db']);
    expect(q.status).toBe(2);
    expect(q.stderr).toMatch(/--params = ".*p\.json": not valid JSON/);
    writeFileSync(file, Buffer.from([0x7b, 0xff, 0x7d]));
    const bin = simulate(['--params', file, '--no-db']);
    expect(bin.status).toBe(2);
    expect(bin.stderr).toContain('not UTF-8 text');
  });

  it('refuses what the engine would refuse once planning (issue 13 item 3), storing no failed run', () => {
    const db = join(dir, 'refused.sqlite');
    const r = simulate(['--set', 'net.N_scaling=1e-9', '--db', db]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('net.N_scaling = 1e-9: leaves L23E');
    expect(r.stderr).toContain('without neurons');
    const q = simulate(['--preset', 'full', '--set', 'net.N_scaling=2', '--set', 'net.K_scaling=0.01', '--threads', '1', '--db', db]);
    expect(q.status).toBe(2);
    expect(q.stderr).toContain('sim.local_num_threads = 1: 154338 neurons on 1 thread(s)');
    // A --set that would reach a prototype, or allocate a list of its index's size, is refused by name.
    const proto = simulate(['--set', '__proto__.polluted=1', '--db', db]);
    expect(proto.status).toBe(2);
    expect(proto.stderr).toContain('__proto__ = {"polluted":1}: unknown key');
    const index = simulate(['--set', 'net.conn_probs[99999999]=0.1', '--db', db]);
    expect(index.status).toBe(2);
    expect(index.stderr).toContain('net.conn_probs[99999999] = 0.1: index 99999999 is out of range: net.conn_probs has 8 entries (0..7)');
    // Nothing was stored: the database was never created.
    expect(readdirSync(dir).filter((f) => f.startsWith('refused.sqlite'))).toEqual([]);
  });

  it('--help: every option with what it does; exit 0 without reading any file', () => {
    const r = simulate(['--params', '/dev/zero', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run simulate -- \[options\]/);
    for (const o of ['--preset NAME', '--params FILE.json', '--set PATH=VALUE', '--threads N', '--seed N', '--out DIR', '-q, --quiet', '--db FILE', '--data-dir DIR', '--no-db', '--name NAME', '-h, --help']) {
      expect(r.stdout).toContain(`  ${o}`);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.sqlite'))).toEqual([]);
  });
});
