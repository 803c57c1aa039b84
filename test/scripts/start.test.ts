// `npm start` (scripts/start.ts) where the window cannot open: one line saying why, then the same
// app served on 127.0.0.1. Run for real, as a process, with Electron's binary missing (as it is on
// this machine and behind a proxy), with a stand-in Electron that fails as it starts, and with one
// that runs (no server then).
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findElectron, whyNoDisplay } from '../../scripts/start.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const START = path.join(ROOT, 'scripts', 'start.ts');

let dir: string;
let rendererDir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mc-start-'));
  rendererDir = path.join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Microcircuit Studio</title><p>the page</p>');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A folder holding an `electron` stand-in: a shell script that writes its arguments to a file and exits with `code`. */
function standIn(name: string, code: number): { dist: string; argsFile: string } {
  const dist = path.join(dir, name);
  mkdirSync(dist, { recursive: true });
  const argsFile = path.join(dist, 'args.txt');
  writeFileSync(path.join(dist, 'electron'), `#!/bin/sh\necho "$@" > '${argsFile}'\nexit ${code}\n`);
  chmodSync(path.join(dist, 'electron'), 0o755);
  return { dist, argsFile };
}

interface Started {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number>;
}

function start(env: NodeJS.ProcessEnv, tag: string): Started {
  const child = spawn(process.execPath, [START, '--no-build', '--port', '0', '--data-dir', path.join(dir, `data-${tag}`), '--renderer-dir', rendererDir], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number>((r) => child.once('exit', (code) => r(code ?? -1)));
  return { child, out: () => out, err: () => err, exited };
}

async function waitFor<T>(what: () => T | null, ms: number, s: Started): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = what();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`timed out; stdout:\n${s.out()}\nstderr:\n${s.err()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Checks the one line, then that the printed URL serves the page; stops the server. */
async function expectServed(s: Started, reason: RegExp): Promise<void> {
  const url = await waitFor(() => /^Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(s.out())?.[1] ?? null, 60_000, s);
  const lines = s.out().split('\n');
  expect(lines[0]).toMatch(/^The desktop window cannot open: .+\. Serving the same app on 127\.0\.0\.1 instead \(npm run serve\):$/);
  expect(lines[0]).toMatch(reason);
  expect(s.err()).not.toMatch(/Error|at .+:\d+:\d+/); // no stack trace
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(await res.text()).toContain('the page');
  s.child.kill('SIGTERM');
  expect(await s.exited).toBe(0);
}

const base = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  return env;
};

describe('npm start where the window cannot open', () => {
  it("serves the app when Electron's binary is missing (this machine: no download)", async () => {
    const env = base();
    // Where Electron's binary was downloaded after all, point it at a folder without one.
    if (!('missing' in findElectron(ROOT))) env.ELECTRON_OVERRIDE_DIST_PATH = path.join(dir, 'empty');
    await expectServed(start(env, 'missing'), /Electron|electron/);
  }, 90_000);

  it('serves the app when Electron fails as it starts', async () => {
    const { dist, argsFile } = standIn('failing', 1);
    await expectServed(start({ ...base(), ELECTRON_OVERRIDE_DIST_PATH: dist, DISPLAY: ':0' }, 'failing'), /Electron exited with code 1 as it started/);
    expect(readFileSync(argsFile, 'utf8').trim()).toBe('.');
  }, 90_000);

  it('serves the app when there is no display', async () => {
    if (process.platform !== 'linux') return;
    const { dist, argsFile } = standIn('no-display', 0);
    const env: NodeJS.ProcessEnv = { ...base(), ELECTRON_OVERRIDE_DIST_PATH: dist };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    await expectServed(start(env, 'no-display'), /no display/);
    expect(existsSync(argsFile)).toBe(false);
  }, 90_000);

  it('opens the window and serves nothing when Electron runs', async () => {
    const { dist, argsFile } = standIn('working', 0);
    const s = start({ ...base(), ELECTRON_OVERRIDE_DIST_PATH: dist, DISPLAY: ':0' }, 'working');
    expect(await s.exited).toBe(0);
    expect(readFileSync(argsFile, 'utf8').trim()).toBe('.');
    expect(s.out()).not.toMatch(/cannot open|Open http/);
  }, 90_000);
});

describe('findElectron', () => {
  const fakeRepo = (files: Record<string, string>) => {
    const r = mkdtempSync(path.join(dir, 'repo-'));
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(r, f)), { recursive: true });
      writeFileSync(path.join(r, f), text);
    }
    return r;
  };

  it('finds the binary named by path.txt in dist/, without downloading it', () => {
    const r = fakeRepo({ 'node_modules/electron/package.json': '{}', 'node_modules/electron/path.txt': 'electron', 'node_modules/electron/dist/electron': '' });
    expect(findElectron(r, {})).toEqual({ path: path.join(r, 'node_modules/electron/dist/electron') });
  });

  it('says why when the download never happened, the binary is gone, or the package is absent', () => {
    const never = fakeRepo({ 'node_modules/electron/package.json': '{}' });
    expect(findElectron(never, {})).toEqual({ missing: expect.stringMatching(/never downloaded .*path\.txt/) });
    const gone = fakeRepo({ 'node_modules/electron/package.json': '{}', 'node_modules/electron/path.txt': 'electron' });
    expect(findElectron(gone, {})).toEqual({ missing: expect.stringMatching(/binary is missing \(node_modules\/electron\/dist\/electron/) });
    expect(findElectron(fakeRepo({}), {})).toEqual({ missing: expect.stringMatching(/not installed/) });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH as the electron package does', () => {
    const r = fakeRepo({ 'node_modules/electron/package.json': '{}', 'other/electron': '' });
    expect(findElectron(r, { ELECTRON_OVERRIDE_DIST_PATH: path.join(r, 'other') })).toEqual({ path: path.join(r, 'other', 'electron') });
    expect(findElectron(r, { ELECTRON_OVERRIDE_DIST_PATH: path.join(r, 'nowhere') })).toEqual({ missing: expect.stringMatching(/ELECTRON_OVERRIDE_DIST_PATH/) });
  });

  it('knows a Linux session without a display', () => {
    expect(whyNoDisplay({}, 'linux')).toMatch(/no display/);
    expect(whyNoDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBeNull();
    expect(whyNoDisplay({}, 'darwin')).toBeNull();
  });
});
