// The page and a server that dies (issue 13 item 8), in a real Chromium: during a run the server
// process is killed (SIGKILL, as a crash); the page says it is not connected, claims nothing live,
// and tries again; the server is started again on the same port and data folder with the same token
// (MICROCIRCUIT_SERVE_TOKEN): the page reconnects by itself and shows where the run truly stands
// (interrupted: the server that ran it is gone). Killed again and started with a new token, the page
// says plainly that its token is refused and to open the new address; that address works.
// Screenshots go to test-output/.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { buildRenderer, launchChromium, outputDir, startServeProcess, textOf, type StartedServer } from './harness.ts';

const FIXED_TOKEN = 'e2e-connection-token-0123456789';

let rendererDir: string;
/** The servers started, in order (each restart is a new process on the first one's port and folder). */
const servers: StartedServer[] = [];
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
let runId = 0;

const current = (): StartedServer => servers[servers.length - 1]!;

before(async () => {
  rendererDir = await buildRenderer();
  servers.push(await startServeProcess(rendererDir, { env: { MICROCIRCUIT_SERVE_TOKEN: FIXED_TOKEN } }));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  // The browser logs failed requests and sockets while the server is down; errors of the page's own code are what count.
  page.on('pageerror', (e) => pageErrors.push(`page error: ${e.message}`));
});

after(async () => {
  await browser?.close();
  for (const s of servers.slice(0, -1)) await s.kill('SIGKILL');
  await servers.at(-1)?.stop(); // removes the shared data folder
  if (rendererDir) rmSync(rendererDir, { recursive: true, force: true });
});

const byTestId = (id: string): Locator => page.getByTestId(id);

async function setParam(group: string, pathName: string, value: string): Promise<void> {
  const details = page.locator(`details[data-group="${group}"]`);
  await details.locator('summary').click();
  const input = details.locator(`input[data-path="${pathName}"]`);
  await input.fill(value);
  await input.blur();
  await details.locator('summary').click();
}

async function restart(env: Record<string, string> = {}): Promise<StartedServer> {
  const first = servers[0]!;
  const port = Number(new URL(first.url).port);
  const next = await startServeProcess(rendererDir, { port, dataDir: first.dataDir, env });
  servers.push(next);
  return next;
}

describe('the page and a server that dies', () => {
  it('shows the link to the server, and a run in progress', async () => {
    await page.goto(current().url);
    await byTestId('empty-state').waitFor();
    await page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
    await setParam('populations', 'net.N_scaling', '0.05');
    await setParam('simulation', 'sim.t_sim', '120000');
    await byTestId('run-name').fill('e2e long run, server killed');
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/runs.start')), byTestId('start-run').click()]);
    runId = ((await response.json()) as { value: { id: number } }).value.id;
    await page.locator('[data-testid="phase-sim"][aria-current="step"]').waitFor({ timeout: 90_000 });
    await page.waitForFunction(() => /^about /.test(document.querySelector('[data-testid="remaining"]')?.textContent ?? ''), null, { timeout: 30_000 });
    await byTestId('raster-live').waitFor({ timeout: 30_000 });
  });

  it('the server is killed: the page says it is not connected and claims nothing live', async () => {
    await current().kill('SIGKILL');
    const banner = page.locator('[data-testid="connection-banner"][data-state="reconnecting"]');
    await banner.waitFor({ timeout: 10_000 });
    assert.match(await textOf(banner), /Not connected to the server \(since \d\d:\d\d:\d\d\)/);
    assert.equal(await textOf(byTestId('connection')), 'disconnected');
    assert.equal(await textOf(byTestId('remaining')), 'unknown (not connected)');
    assert.match(await textOf(byTestId('live-disconnected')), /where the run stood when the connection was lost/);
    assert.equal(await byTestId('raster-live').count(), 0, 'the raster does not say live');
    assert.equal(await byTestId('cancel-run').isDisabled(), true);
    assert.equal(await byTestId('start-run').isDisabled(), true, 'no start while the server cannot be reached');
    // It keeps trying (the try count grows) and stays honest.
    await page.waitForFunction(() => /try [3-9]|try \d\d/.test(document.querySelector('[data-testid="connection-banner"]')?.textContent ?? ''), null, { timeout: 20_000 });
    await page.screenshot({ path: path.join(outputDir, 'connection-lost-during-run.png') });
  });

  it('started again with the same token: the page reconnects by itself and shows the run interrupted', async () => {
    await restart({ MICROCIRCUIT_SERVE_TOKEN: FIXED_TOKEN });
    await byTestId('connection-banner').waitFor({ state: 'detached', timeout: 20_000 });
    await page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
    await page.locator(`[data-testid="live-run"][data-run-id="${runId}"] [data-testid="status-badge"][data-status="interrupted"]`).waitFor({ timeout: 10_000 });
    assert.match(await textOf(byTestId('run-failure')), /^The run was interrupted/);
    assert.equal(await byTestId('live-disconnected').count(), 0);
    assert.equal(await textOf(byTestId('remaining')), '–');
    assert.match(await textOf(byTestId('phase')), /^Interrupted during simulation/);
    await page.screenshot({ path: path.join(outputDir, 'connection-back-run-interrupted.png') });
    await byTestId('tab-history').click();
    assert.match(await textOf(page.locator(`[data-testid="history-row"][data-run-id="${runId}"]`)), /interrupted/);
    await byTestId('tab-run').click();
  });

  it('started again with a new token: the page says its token is refused and what to do', async () => {
    await current().kill('SIGKILL');
    await page.locator('[data-testid="connection-banner"][data-state="reconnecting"]').waitFor({ timeout: 10_000 });
    const fresh = await restart();
    assert.notEqual(fresh.token, FIXED_TOKEN);
    const banner = page.locator('[data-testid="connection-banner"][data-state="refused"]');
    await banner.waitFor({ timeout: 20_000 });
    assert.match(await textOf(banner), /no longer accepts this page.*restarted.*new access token.*Open the new address the server printed/);
    assert.equal(await textOf(byTestId('connection')), 'token refused');
    await page.screenshot({ path: path.join(outputDir, 'connection-token-refused.png') });
    // No more tries after a refusal: nothing but the new address can help.
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.waitForTimeout(6000);
    assert.deepEqual(sockets, []);
  });

  it('the new address works and shows the run as it is stored', async () => {
    await page.goto(current().url);
    await page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
    await byTestId('tab-history').click();
    assert.match(await textOf(page.locator(`[data-testid="history-row"][data-run-id="${runId}"]`)), /interrupted/);
  });

  it('no errors of the page itself', () => {
    assert.deepEqual(pageErrors, []);
  });
});
