/**
 * `npm start [-- --no-build] [-- serve options]`: build, then the desktop app. Where the window
 * cannot open — Electron's binary was never downloaded (a machine behind a proxy, a sandbox), no
 * display, or Electron fails as it starts — it says why in one line and serves the same app on
 * 127.0.0.1 instead (src-main/server/serve.ts, which prints the URL to open), so `npm install` and
 * `npm start` always give a working app.
 *
 * The options after `--` go to the server when it is the one that runs (`--port`, `--data-dir`,
 * `--db`, `--renderer-dir`); `--no-build` skips the build (the tests, or a build already made).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The Electron executable the `electron` package would run, found as its index.js finds it
 * (path.txt, dist/, ELECTRON_OVERRIDE_DIST_PATH) but without its fallback of downloading it again,
 * which behind a proxy hangs or ends in "Electron failed to install correctly". A string when
 * there is one; otherwise why not.
 */
export function findElectron(repoRoot: string, env: NodeJS.ProcessEnv = process.env): { path: string } | { missing: string } {
  const pkg = path.join(repoRoot, 'node_modules', 'electron');
  if (!existsSync(path.join(pkg, 'package.json'))) return { missing: 'the electron package is not installed (run npm install)' };
  const pathFile = path.join(pkg, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, name || 'electron');
    return existsSync(p) ? { path: p } : { missing: `no Electron executable at ${p} (ELECTRON_OVERRIDE_DIST_PATH)` };
  }
  if (!name) return { missing: "Electron's binary was never downloaded (node_modules/electron has no path.txt: its download failed during npm install)" };
  const p = path.join(pkg, 'dist', name);
  return existsSync(p) ? { path: p } : { missing: `Electron's binary is missing (${path.relative(repoRoot, p)}: its download failed during npm install)` };
}

/** Why no window can open on this machine although Electron is there (no display), or null. */
export function whyNoDisplay(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)';
  return null;
}

/** Electron failing within this long of its start is taken as "the window cannot open". */
const EARLY_FAILURE_MS = 5000;

/**
 * Runs `cmd` with our stdio; resolves with its exit code (or the spawn error). Ctrl-C reaches the
 * child from the terminal (one process group), so here it only must not end us first; SIGTERM,
 * sent to us alone, is passed on.
 */
function run(cmd: string, args: string[]): Promise<{ code: number; error?: Error }> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
    const onInt = () => {};
    const onTerm = () => child.kill('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const done = (r: { code: number; error?: Error }) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(r);
    };
    child.once('error', (error) => done({ code: 1, error }));
    child.once('exit', (code, signal) => done({ code: code ?? (signal === 'SIGINT' ? 130 : 1) }));
  });
}

/** The server instead of the window: one line saying why, then serve.ts (which prints the URL). */
async function serveInstead(reason: string, serveArgs: string[]): Promise<number> {
  console.log(`The desktop window cannot open: ${reason}. Serving the same app on 127.0.0.1 instead (npm run serve):`);
  const r = await run(process.execPath, [path.join(root, 'src-main', 'server', 'serve.ts'), ...serveArgs]);
  return r.code;
}

async function main(argv: string[]): Promise<number> {
  const noBuild = argv.includes('--no-build');
  const serveArgs = argv.filter((a) => a !== '--no-build');
  if (!noBuild) {
    const { buildParts } = await import('./build.ts');
    await buildParts(['main', 'preload', 'engine', 'renderer']);
  }
  const electron = findElectron(root);
  if ('missing' in electron) return serveInstead(electron.missing, serveArgs);
  const noDisplay = whyNoDisplay();
  if (noDisplay !== null) return serveInstead(noDisplay, serveArgs);
  const started = Date.now();
  const r = await run(electron.path, ['.']);
  if (r.error) return serveInstead(`Electron could not be started (${r.error.message})`, serveArgs);
  if (r.code !== 0 && r.code !== 130 && Date.now() - started < EARLY_FAILURE_MS) {
    return serveInstead(`Electron exited with code ${r.code} as it started (its message is above)`, serveArgs);
  }
  return r.code;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
