/**
 * The plots' own test page (test/e2e/plots-page): built by Vite into a temporary folder and served
 * to Chromium through request interception (no server, no browser download).
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { build } from 'vite';
import { collectProblems, launchChromium, repoRoot } from '../harness.ts';

export const PAGE_ORIGIN = 'http://plots.test';

export async function buildPlotsPage(): Promise<string> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'e2e-plots-'));
  await build({
    configFile: false,
    root: path.join(repoRoot, 'test/e2e/plots-page'),
    base: './',
    logLevel: 'error',
    plugins: [svelte({ configFile: false, compilerOptions: { runes: true } })],
    build: { outDir, emptyOutDir: true, target: 'chrome130', modulePreload: { polyfill: false } },
  });
  return outDir;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** Serves the built page at PAGE_ORIGIN for this page. */
export async function routePlotsPage(page: Page, dir: string): Promise<void> {
  await page.route(`${PAGE_ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir)) return route.fulfill({ status: 403 });
    try {
      return route.fulfill({ status: 200, contentType: TYPES[path.extname(file)] ?? 'application/octet-stream', body: readFileSync(file) });
    } catch {
      return route.fulfill({ status: 404 });
    }
  });
}

/** Opens a view of the page and waits until its data are made and mounted. */
export async function openView(page: Page, query: string): Promise<void> {
  await page.goto(`${PAGE_ORIGIN}/?${query}`);
  await page.waitForFunction(() => (globalThis as unknown as { __plotsPage?: { ready: boolean } }).__plotsPage?.ready === true, null, { timeout: 60_000 });
}

/** The built page and a Chromium to show it. */
export interface PlotsBrowser {
  pageDir: string;
  browser: Browser;
}

/** Builds the page and launches Chromium; on a failure, removes what it made. */
export async function openPlotsBrowser(): Promise<PlotsBrowser> {
  const pageDir = await buildPlotsPage();
  try {
    return { pageDir, browser: await launchChromium() };
  } catch (e) {
    rmSync(pageDir, { recursive: true, force: true });
    throw e;
  }
}

export async function closePlotsBrowser(p: PlotsBrowser | undefined): Promise<void> {
  await p?.browser.close();
  if (p) rmSync(p.pageDir, { recursive: true, force: true });
}

/** A new 1280x800 page (plus `options`) showing the view `query`, with what it reports as wrong (collectProblems). */
export async function newPlotsPage(p: PlotsBrowser, query: string, options: BrowserContextOptions = {}): Promise<{ page: Page; problems: string[] }> {
  const page = await p.browser.newPage({ viewport: { width: 1280, height: 800 }, ...options });
  const problems = collectProblems(page);
  await routePlotsPage(page, p.pageDir);
  await openView(page, query);
  return { page, problems };
}
