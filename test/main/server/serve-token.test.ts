// `npm run serve` makes a new access token at each start, unless MICROCIRCUIT_SERVE_TOKEN fixes one
// (open pages then reconnect after a restart, issue 13 item 8). A token that is too short or holds
// other characters is refused naming the variable and what is allowed, never echoing the secret.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../store/helpers.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SERVE = path.join(ROOT, 'src-main/server/serve.ts');
const SLOW = 60_000;

let dir: string;

beforeAll(() => {
  dir = tempDir('mcs-serve-token-');
  fs.mkdirSync(path.join(dir, 'renderer'));
  fs.writeFileSync(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>stand-in</title>');
});

afterAll(() => removeDir(dir));

/** Starts the server with `token` in the environment; stops it once it prints its URL. */
async function serve(token: string | undefined): Promise<{ code: number | null; out: string; err: string }> {
  const env = { ...process.env };
  if (token === undefined) delete env.MICROCIRCUIT_SERVE_TOKEN;
  else env.MICROCIRCUIT_SERVE_TOKEN = token;
  const child = spawn(process.execPath, [SERVE, '--port', '0', '--data-dir', path.join(dir, 'data'), '--renderer-dir', path.join(dir, 'renderer')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let stopped = false;
  child.stdout.setEncoding('utf8').on('data', (t: string) => {
    out += t;
    if (!stopped && /Open http/.test(out)) stopped = child.kill('SIGTERM');
  });
  child.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
  const timer = setTimeout(() => child.kill('SIGKILL'), SLOW);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, out, err };
}

const tokenOf = (out: string): string | undefined => /\?token=([\w-]+)/.exec(out)?.[1];

describe('serve: the access token', () => {
  it('a new one at each start; the one MICROCIRCUIT_SERVE_TOKEN names when set', { timeout: SLOW }, async () => {
    const [a, b] = [await serve(undefined), await serve(undefined)];
    expect(tokenOf(a.out)).toMatch(/^[\w-]{32}$/);
    expect(tokenOf(b.out)).not.toBe(tokenOf(a.out));
    const fixed = 'kept-across-restarts_0123456789';
    expect(tokenOf((await serve(fixed)).out)).toBe(fixed);
  });

  it('refuses a token that is too short or has other characters, without printing it', { timeout: SLOW }, async () => {
    for (const bad of ['short-secret', 'sixteen chars with spaces']) {
      const r = await serve(bad);
      expect(r.code).not.toBe(0);
      expect(r.out).not.toMatch(/Open http/);
      expect(r.err).toMatch(/MICROCIRCUIT_SERVE_TOKEN must be 16 to 256 letters, digits, '-' or '_'/);
      expect(r.err + r.out).not.toContain(bad);
    }
  });
});
