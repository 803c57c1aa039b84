// The app shell in a real Chromium through the localhost transport: the header and the parameter
// panel show what the main-process services answered; the page obeys its CSP; screenshots land in
// test-output/ (light and dark).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { presetParams } from '../../engine/params/presets.ts';
import type { AppInfo, Envelope } from '../../src-main/contract.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import { buildRenderer, launchChromium, outputDir, startServeProcess, type StartedServer } from './harness.ts';

let rendererDir: string;
let server: StartedServer;
let browser: Browser;

before(async () => {
  rendererDir = await buildRenderer();
  server = await startServeProcess(rendererDir);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (rendererDir) rmSync(rendererDir, { recursive: true, force: true });
});

interface Watched {
  page: Page;
  problems: string[];
}

async function openPage(colorScheme: 'light' | 'dark' = 'light'): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme });
  const problems: string[] = [];
  page.on('console', (m) => {
    // The CSP test below provokes a violation on purpose; any other is a problem.
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { page, problems };
}

async function replyOf<T>(page: Page, method: string, action: () => Promise<unknown>): Promise<T> {
  const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/api/${method}`) && r.request().method() === 'POST'), action()]);
  const envelope = (await response.json()) as Envelope<T>;
  assert.ok(envelope.ok, `${method} failed: ${JSON.stringify(envelope)}`);
  return envelope.value;
}

const text = async (page: Page, testId: string): Promise<string> => (await page.getByTestId(testId).textContent())?.trim() ?? '';

describe('app shell over the localhost transport', () => {
  it('shows the services’ app info and default parameters, and switches presets', async () => {
    const { page, problems } = await openPage();
    const infoReply = page.waitForResponse((r) => r.url().endsWith('/api/app.info'));
    const params = await replyOf<ParamSet>(page, 'params.defaults', () => page.goto(server.url));
    const info = ((await (await infoReply).json()) as Envelope<AppInfo>) as { ok: true; value: AppInfo };

    // What the services sent is what the engine's preset says ...
    assert.deepEqual(params, presetParams('default'));
    assert.equal(info.value.transport, 'web');
    // ... and what the page shows is what the services sent (the editor shows the values).
    const field = (p: string) => page.locator(`input[data-path="${p}"]`);
    const open = (group: string) => page.locator(`details[data-group="${group}"] summary`).click();
    await page.getByTestId('param-editor').waitFor();
    assert.equal(await text(page, 'engine-version'), `${info.value.engineName} ${info.value.engineVersion}`);
    assert.equal(await text(page, 'transport'), 'Browser (localhost)');
    await open('populations');
    assert.equal(await field('net.N_scaling').inputValue(), String(params.net.N_scaling));
    await open('simulation');
    assert.equal(await field('sim.rng_seed').inputValue(), String(params.sim.rng_seed));
    assert.equal(await field('sim.t_sim').inputValue(), String(params.sim.t_sim));
    // The estimate comes from the services (the page cannot know the available memory).
    await page.getByTestId('estimate-memory').waitFor();
    assert.match(await text(page, 'estimate-memory'), /of [\d.]+ GiB/);
    assert.match(await text(page, 'empty-state'), /Pick a preset, press Run/);
    await page.screenshot({ path: path.join(outputDir, 'app-shell.png') });

    const full = await replyOf<ParamSet>(page, 'params.defaults', () => page.getByTestId('preset-select').selectOption('full'));
    assert.equal(full.net.N_scaling, 1);
    await page.waitForFunction(() => (document.querySelector('input[data-path="net.N_scaling"]') as HTMLInputElement | null)?.value === '1');
    assert.equal(await field('sim.local_num_threads').inputValue(), String(full.sim.local_num_threads));

    assert.deepEqual(problems, []);
    await page.close();
  });

  it('follows the system’s dark colour scheme', async () => {
    const { page, problems } = await openPage('dark');
    await page.goto(server.url);
    await page.getByTestId('param-editor').waitFor();
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(22, 24, 29)');
    await page.screenshot({ path: path.join(outputDir, 'app-shell-dark.png') });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the page may open its event WebSocket, and nothing else remote', async () => {
    const { page } = await openPage();
    await page.goto(server.url);
    await page.getByTestId('param-editor').waitFor();
    const outcome = await page.evaluate(async (token) => {
      const tryOpen = (url: string) =>
        new Promise<string>((resolve) => {
          try {
            const ws = new WebSocket(url);
            ws.onopen = () => {
              ws.close();
              resolve('open');
            };
            ws.onerror = () => resolve('error');
          } catch (e) {
            resolve(`blocked: ${String(e)}`);
          }
        });
      const own = await tryOpen(`ws://${location.host}/ws?token=${token}`);
      // Another local port: CSP refuses it before any network (a securitypolicyviolation).
      const violation = new Promise<string>((resolve) =>
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true }),
      );
      const fetched = await fetch('http://127.0.0.1:9/').then(
        () => 'fetched',
        () => 'refused',
      );
      return { own, fetched, directive: await violation };
    }, server.token);
    assert.deepEqual(outcome, { own: 'open', fetched: 'refused', directive: 'connect-src' });
    await page.close();
  });

  it('without the token the server refuses and the page explains', async () => {
    const { page } = await openPage();
    const response = await page.goto(`${server.origin}/`);
    assert.equal(response?.status(), 401);
    assert.match(await page.content(), /missing token/);
    await page.close();
  });
});
