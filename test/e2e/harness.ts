/**
 * End-to-end harness: builds the renderer into a temporary folder, starts the localhost server
 * (`node src-main/server/serve.ts --port 0`) on a temporary data dir, and drives Debian's Chromium
 * with playwright-core. Never downloads a browser: set CHROMIUM to use another executable.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { build } from 'vite';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const outputDir = path.join(repoRoot, 'test-output');

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export async function buildRenderer(): Promise<string> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'e2e-renderer-'));
  await build({ configFile: path.join(repoRoot, 'vite.renderer.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
  return outDir;
}

export interface StartedServer {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  output: () => string;
  /** Stops the server and removes its data folder. */
  stop: () => Promise<void>;
  /** Kills the server with `signal` (SIGKILL: as a crash) and waits for it to exit; the data folder stays. */
  kill: (signal: NodeJS.Signals) => Promise<void>;
}

export interface ServeOptions {
  /** The port (default: any free one); a restart passes the first one's, so open pages can find it. */
  port?: number;
  /** The data folder (default: a new temporary one); a restart passes the first one's. */
  dataDir?: string;
  /** More environment for the server (e.g. MICROCIRCUIT_SERVE_TOKEN). */
  env?: Record<string, string>;
}

/** Spawns the server and waits for the URL it prints. */
export async function startServeProcess(rendererDir: string, options: ServeOptions = {}): Promise<StartedServer> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'e2e-data-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(repoRoot, 'src-main/server/serve.ts'), '--port', String(options.port ?? 0), '--data-dir', dataDir, '--renderer-dir', rendererDir],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server printed no URL in 20 s:\n${output}`)), 20_000);
    const check = (): void => {
      const m = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before printing its URL:\n${output}`));
    });
  });
  const parsed = new URL(url);
  const kill = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
  };
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    output: () => output,
    kill,
    stop: async () => {
      await kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or set CHROMIUM`);
  }
  mkdirSync(outputDir, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Collects into `problems` what the page reports as wrong: console errors and uncaught exceptions. */
export function collectProblems(page: Page, problems: string[] = []): string[] {
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}

/** Calls `seen` with the method and the body of every request the page sends to the API (`/api/<method>`). */
export function onApiRequest(page: Page, seen: (method: string, body: string) => void): void {
  page.on('request', (r) => {
    const m = /\/api\/([\w.]+)$/.exec(r.url());
    if (m?.[1]) seen(m[1], r.postData() ?? '');
  });
}

/** The visible text of an element, white space collapsed. */
export const textOf = async (l: Locator): Promise<string> => ((await l.textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** The app in Chromium through the localhost server: the renderer built, the server started, one page open. */
export interface Studio {
  rendererDir: string;
  server: StartedServer;
  browser: Browser;
  page: Page;
  /** What the page reported as wrong (collectProblems). */
  problems: string[];
}

/** Builds the renderer, starts the server, opens a 1280x800 light page (plus `page` options); on a failure, closes what it opened. */
export async function openStudio(page: BrowserContextOptions = {}): Promise<Studio> {
  const opened: Partial<Studio> = {};
  try {
    opened.rendererDir = await buildRenderer();
    opened.server = await startServeProcess(opened.rendererDir);
    opened.browser = await launchChromium();
    opened.page = await opened.browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', ...page });
    opened.problems = collectProblems(opened.page);
    return opened as Studio;
  } catch (e) {
    await closeStudio(opened);
    throw e;
  }
}

/** Closes the browser, stops the server (removing its data folder) and removes the built renderer. */
export async function closeStudio(s: Partial<Studio> | undefined): Promise<void> {
  await s?.browser?.close();
  await s?.server?.stop();
  if (s?.rendererDir) rmSync(s.rendererDir, { recursive: true, force: true });
}

/** Opens a group of the parameter editor (if closed) and sets a number field as a user types it; closes the group again unless it was open or `keepOpen`. */
export async function setParamIn(page: Page, group: string, pathName: string, value: string, keepOpen = false): Promise<void> {
  const details = page.locator(`details[data-group="${group}"]`);
  const wasOpen = await details.evaluate((d) => (d as HTMLDetailsElement).open);
  if (!wasOpen) await details.locator('summary').click();
  const input = details.locator(`input[data-path="${pathName}"]`);
  await input.fill(value);
  await input.blur();
  // Leave the editor as it was (tidy screenshots).
  if (!wasOpen && !keepOpen) await details.locator('summary').click();
}

/** Starts a run named `name` from the Run tab; returns its id once its live card shows. */
export async function startRunIn(page: Page, name: string): Promise<number> {
  await page.getByTestId('tab-run').click();
  await page.getByTestId('run-name').fill(name);
  const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/runs.start')), page.getByTestId('start-run').click()]);
  const envelope = (await response.json()) as { ok: boolean; value: { id: number } };
  if (!envelope.ok) throw new Error(`runs.start failed: ${JSON.stringify(envelope)}`);
  await page.locator(`[data-testid="live-run"][data-run-id="${envelope.value.id}"]`).waitFor();
  return envelope.value.id;
}

/** Waits until the live run's status badge reads `status`. */
export async function liveStatusIn(page: Page, status: string, timeoutMs: number): Promise<void> {
  await page.locator(`[data-testid="live-run"] [data-testid="status-badge"][data-status="${status}"]`).waitFor({ timeout: timeoutMs });
}
