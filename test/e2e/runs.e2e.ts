// What a researcher does with runs, in a real Chromium through the localhost transport, with the
// real engine and database: set parameters in the editor, run, watch it, find it in the history,
// open its detail, rename and tag it, run again with another seed, compare the two, delete one
// (after a confirmation), reload (the history persists), refuse invalid parameters inline, cancel a
// running run. Screenshots of each view go to test-output/.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { closeStudio, liveStatusIn, onApiRequest, openStudio, outputDir, setParamIn, startRunIn, textOf, type StartedServer, type Studio } from './harness.ts';

let studio: Studio;
let server: StartedServer;
let browser: Browser;
let page: Page;
let problems: string[];
const requests: string[] = [];

before(async () => {
  studio = await openStudio();
  ({ server, browser, page, problems } = studio);
  onApiRequest(page, (method) => requests.push(method));
});

after(() => closeStudio(studio));

/** A screenshot of the window, with the parameter panel scrolled to its top. */
async function shot(name: string, p: Page = page): Promise<void> {
  await p.locator('aside').evaluate((el) => (el.scrollTop = 0));
  await p.screenshot({ path: path.join(outputDir, `${name}.png`) });
}
const byTestId = (id: string): Locator => page.getByTestId(id);

const setParam = (group: string, pathName: string, value: string, keepOpen = false): Promise<void> => setParamIn(page, group, pathName, value, keepOpen);

const startRun = (name: string): Promise<number> => startRunIn(page, name);

const waitForStatus = (status: string, timeoutMs = 90_000): Promise<void> => liveStatusIn(page, status, timeoutMs);

function historyRow(id: number): Locator {
  return page.locator(`[data-testid="history-row"][data-run-id="${id}"]`);
}

/** Whether a canvas inside the locator has painted pixels of the given colours (the raster's E/I dots). */
async function canvasHasDots(l: Locator): Promise<number> {
  return l.evaluate((root) => {
    let dots = 0;
    for (const c of Array.from(root.querySelectorAll('canvas'))) {
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0 || c.height === 0) continue;
      const data = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
        // NEST's colours: E #595289, I #af143c
        if (a > 0 && ((Math.abs(r - 0x59) < 24 && Math.abs(g - 0x52) < 24 && Math.abs(b - 0x89) < 24) || (Math.abs(r - 0xaf) < 24 && Math.abs(g - 0x14) < 24 && Math.abs(b - 0x3c) < 24))) dots++;
      }
    }
    return dots;
  });
}

let first = 0;
let second = 0;

describe('runs end to end', () => {
  it('a first-time user sees what to do', async () => {
    await page.goto(server.url);
    await byTestId('empty-state').waitFor();
    assert.match(await textOf(byTestId('empty-state')), /Pick a preset, press Run/);
    // No runs yet: the History tab carries no count.
    assert.equal(await textOf(byTestId('tab-history')), 'History');
    await shot('runs-empty');
  });

  it('sets a small network in the editor, runs it, sees progress then completed', async () => {
    await setParam('populations', 'net.N_scaling', '0.02');
    await setParam('simulation', 'sim.t_presim', '50');
    await setParam('simulation', 'sim.t_sim', '200');
    assert.match(await textOf(byTestId('changed-count')), /3 values changed/);
    first = await startRun('e2e first run');
    // Progress: the phase stepper moves, then the run completes.
    await page.locator('[data-testid="run-progress"] li[aria-current="step"], [data-testid="run-completed"]').first().waitFor();
    await waitForStatus('completed');
    assert.match(await textOf(byTestId('run-completed')), /^Completed: [\d,]+ spikes of 1,544 neurons/);
    assert.match(await textOf(byTestId('model-time')), /250 ms of 250 ms/);
    assert.ok((await canvasHasDots(byTestId('live-raster'))) > 0, 'the live raster shows spikes');
    await shot('run-completed');
  });

  it('finds the run in the history with its key parameters and rates', async () => {
    await byTestId('tab-history').click();
    const row = historyRow(first);
    await row.waitFor();
    assert.match(await textOf(row), /completed/);
    assert.match(await textOf(row), /e2e first run/);
    assert.match(await textOf(row), /N 0\.02 · K 0\.1/);
    assert.match(await textOf(row), /seed 55 · 1 thread · 200 ms/);
    const cells = await row.locator('.rates .layer-grid span').allTextContents();
    assert.equal(cells.length, 10);
    assert.deepEqual([cells[0], cells[5]], ['E', 'I']);
    for (const c of [...cells.slice(1, 5), ...cells.slice(6)]) assert.match(c, /^\d+\.\d\d$/);
    assert.equal(await textOf(byTestId('history-count')), '1 run');
  });

  it('opens the detail: raster drawn, box plot, distributions, summary', async () => {
    await historyRow(first).getByTestId('open-run').click();
    await byTestId('run-detail').waitFor();
    await byTestId('detail-boxplot').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="detail-raster"] canvas').length > 0);
    await page.waitForTimeout(300);
    assert.ok((await canvasHasDots(byTestId('detail-raster'))) > 50, 'the raster has dots');
    assert.ok((await byTestId('detail-boxplot').locator('svg rect').count()) >= 8, 'one box per population');
    assert.equal(await textOf(byTestId('fact-seed')), '55');
    assert.equal(await textOf(byTestId('fact-threads')), '1');
    assert.match(await textOf(byTestId('fact-engine')), /^microcircuit-engine \d/);
    assert.match(await textOf(byTestId('fact-window')), /50 ms – 250 ms/);
    assert.match(await textOf(byTestId('raster-caption')), /spikes of all neurons in 50 ms – 250 ms/);
    await shot('run-detail');
    // CV ISI and correlations are a tab of their own, loaded when opened.
    await byTestId('tab-distributions').click();
    await byTestId('detail-distributions').waitFor();
    await shot('run-detail-plots');
    await byTestId('tab-overview').click();
    await byTestId('raster-from').waitFor();

    // A narrower window and a stride ask the services again.
    await byTestId('raster-from').fill('100');
    await byTestId('raster-to').fill('150');
    await byTestId('raster-stride').fill('4');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/runs.spikes')), byTestId('raster-apply').click()]);
    await page.waitForFunction(() => /every 4th neuron in 100 ms – 150 ms/.test(document.querySelector('[data-testid="raster-caption"]')?.textContent ?? ''));
  });

  it('renames and tags the run inline', async () => {
    await byTestId('tab-history').click();
    const row = historyRow(first);
    await row.getByTestId('rename-run').click();
    await row.getByTestId('rename-input').fill('baseline seed 55');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/runs.rename')), row.getByTestId('rename-input').press('Enter')]);
    await row.getByTestId('add-tag').click();
    await row.getByTestId('tag-input').fill('baseline');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/runs.tag')), row.getByTestId('tag-input').press('Enter')]);
    // The reply has arrived; the page shows it a moment later.
    await row.getByTestId('tag').first().waitFor();
    assert.equal(await textOf(row.getByTestId('run-name-link')), 'baseline seed 55');
    assert.deepEqual(await row.getByTestId('tag').allTextContents(), ['baseline×']);
  });

  it('runs again with another seed and compares the two', async () => {
    await setParam('simulation', 'sim.rng_seed', '7');
    second = await startRun('e2e second seed 7');
    await waitForStatus('completed');
    await byTestId('tab-history').click();
    await historyRow(second).waitFor();
    await historyRow(first).getByTestId('pick-run').check();
    await historyRow(second).getByTestId('pick-run').check();
    await shot('history');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/runs.compare')), byTestId('compare-selected').click()]);
    await byTestId('comparison').waitFor();
    assert.ok((await textOf(byTestId('compare-verdict'))).length > 10);
    assert.match(await textOf(byTestId('compare-runs')), /baseline seed 55.*e2e second seed 7/);
    await shot('compare');
  });

  it('deletes a run only after a confirmation', async () => {
    await byTestId('tab-history').click();
    await historyRow(second).getByTestId('delete-run').click();
    // The open one: the History holds other dialogs (grouping runs as an ensemble), closed.
    const dialog = page.locator('dialog[data-testid="confirm-dialog"][open]');
    await dialog.waitFor();
    assert.match(await textOf(dialog), /e2e second seed 7/);
    // The focus starts on the safe choice; Escape closes without deleting.
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'confirm-cancel');
    await shot('delete-confirm');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await historyRow(second).count(), 1);
    await historyRow(second).getByTestId('delete-run').click();
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/runs.delete')), dialog.getByTestId('confirm-ok').click()]);
    await historyRow(second).waitFor({ state: 'detached' });
    assert.match(await textOf(byTestId('history-notice')), /Deleted “e2e second seed 7”/);
  });

  it('the history persists across a reload (it is read from the database)', async () => {
    await page.reload();
    await byTestId('tab-history').click();
    const row = historyRow(first);
    await row.waitFor();
    assert.equal(await textOf(row.getByTestId('run-name-link')), 'baseline seed 55');
    assert.deepEqual(await row.getByTestId('tag').allTextContents(), ['baseline×']);
    assert.equal(await historyRow(second).count(), 0);
    assert.equal(await textOf(byTestId('history-count')), '1 run');
  });

  it('invalid parameters are shown inline and the run does not start', async () => {
    await byTestId('tab-run').click();
    await setParam('populations', 'net.N_scaling', '-1', true);
    const input = page.locator('input[data-path="net.N_scaling"]');
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.match(await textOf(byTestId('start-blocked')), /1 parameter is invalid.*net\.N_scaling/);
    assert.equal(await byTestId('start-run').isDisabled(), true);
    const before = requests.filter((r) => r === 'runs.start').length;
    await byTestId('start-run').click({ force: true });
    await byTestId('run-name').press('Enter');
    await page.waitForTimeout(300);
    assert.equal(requests.filter((r) => r === 'runs.start').length, before, 'no runs.start was sent');
    await shot('run-invalid');
    // Back to the preset's 7,717 neurons for the next run.
    await setParam('populations', 'net.N_scaling', '0.1');
    await byTestId('start-blocked').waitFor({ state: 'detached' });
    await page.locator('details[data-group="populations"] summary').click();
  });

  it('cancelling a running run shows it cancelled with its reason', async () => {
    await setParam('simulation', 'sim.t_sim', '20000');
    const id = await startRun('e2e long run');
    await page.locator('[data-testid="phase-sim"][aria-current="step"]').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => (document.querySelector('[data-testid="live-raster"] canvas') as HTMLCanvasElement | null) !== null);
    await page.waitForTimeout(2500);
    assert.match(await textOf(byTestId('remaining')), /^about /);
    assert.ok((await canvasHasDots(byTestId('live-raster'))) > 0, 'the live raster shows spikes');
    await shot('run-live');
    await byTestId('cancel-run').click();
    await waitForStatus('cancelled', 30_000);
    assert.match(await textOf(byTestId('run-failure')), /The run was cancelled: cancelled by the user/);
    await shot('run-cancelled');
    await byTestId('tab-history').click();
    // The History learns of the run's end by its own event: wait for the row to catch up, then check it.
    await historyRow(id).filter({ hasText: 'cancelled' }).waitFor({ timeout: 15_000 }).catch(() => undefined);
    assert.match(await textOf(historyRow(id)), /cancelled/);
  });

  it('dark mode follows the system', async () => {
    const dark = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    await dark.goto(server.url);
    await dark.getByTestId('tab-history').click();
    await dark.locator(`[data-testid="history-row"][data-run-id="${first}"]`).waitFor();
    await shot('history-dark', dark);
    await dark.locator(`[data-testid="history-row"][data-run-id="${first}"]`).getByTestId('open-run').click();
    await dark.getByTestId('detail-boxplot').waitFor();
    await dark.waitForTimeout(300);
    await shot('run-detail-dark', dark);
    await dark.close();
  });

  it('no errors in the console', () => {
    assert.deepEqual(problems, []);
  });
});
