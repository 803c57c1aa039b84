// Ensembles and sweeps end to end, in a real Chromium through the localhost transport, with the
// real engine and database: run the editor's parameters with 3 seeds (an ensemble, followed in the
// Run view, one row in the History with mean ± SD over seeds); define a two-parameter sweep in the
// Sweeps view (a bad value names the point, the parameter and the value before anything runs; the
// plan shows the grid, time, memory and disk); start it, cancel it part way, resume it; see the
// plots (lines with error bars, heatmaps), open a point, show its runs in the History; export the
// sweep table as CSV and the plots as SVG; group runs by hand; compare two ensembles of 5 seeds
// (the shipped configuration against net.bg_rate = 8.5) and read the verdict, and two single runs (the
// one-seed wording). At the shipped scale (N = K = 0.1), with 50 + 200 ms of model time a run.
// Screenshots of each step go to test-output/.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { buildRenderer, launchChromium, outputDir, setParamIn, startServeProcess, type StartedServer } from './harness.ts';

let rendererDir: string;
let server: StartedServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];

before(async () => {
  rendererDir = await buildRenderer();
  server = await startServeProcess(rendererDir);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: 'light', acceptDownloads: true });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (rendererDir) rmSync(rendererDir, { recursive: true, force: true });
});

async function shot(name: string, p: Page = page): Promise<void> {
  await p.locator('aside').evaluate((el) => (el.scrollTop = 0));
  await p.screenshot({ path: path.join(outputDir, `${name}.png`) });
}
const byTestId = (id: string): Locator => page.getByTestId(id);
const text = async (l: Locator): Promise<string> => ((await l.textContent()) ?? '').replace(/\s+/g, ' ').trim();

const setParam = (group: string, pathName: string, value: string): Promise<void> => setParamIn(page, group, pathName, value);

/** Waits until the batch card on show has this status. */
async function batchStatus(status: string, timeout = 180_000): Promise<void> {
  await page.locator(`[data-testid="batch-progress"][data-status="${status}"]`).first().waitFor({ timeout });
}

let seedsBatch = 0;
let sweepBatch = 0;
let changedBatch = 0;

describe('ensembles and sweeps end to end', () => {
  it('runs the editor parameters with 5 seeds: an ensemble followed in the Run view', async () => {
    await page.goto(server.url);
    await byTestId('empty-state').waitFor();
    await setParam('simulation', 'sim.t_presim', '50');
    await setParam('simulation', 'sim.t_sim', '200');
    await byTestId('run-seeds').fill('5');
    assert.equal(await text(byTestId('start-run')), 'Run 5 seeds');
    assert.match(await text(byTestId('seeds-hint')), /5 runs of these parameters with seeds from the editor's seed on/);
    await byTestId('run-name').fill('e2e shipped');
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/batches.start')), byTestId('start-run').click()]);
    const reply = (await response.json()) as { ok: boolean; value: { id: number; seeds: number[] } };
    assert.ok(reply.ok, JSON.stringify(reply));
    seedsBatch = reply.value.id;
    assert.deepEqual(reply.value.seeds, [55, 56, 57, 58, 59]);
    await byTestId('batch-progress').waitFor();
    await shot('sweeps-seeds-running');
    await batchStatus('completed');
    assert.match(await text(byTestId('batch-runs')), /^5 of 5 ended$/);
    await shot('sweeps-seeds-done');
  });

  it('runs a small real change (net.bg_rate 8 → 8.5) with 5 seeds: the second ensemble', async () => {
    await byTestId('tab-run').click();
    await setParam('external', 'net.bg_rate', '8.5');
    await byTestId('run-seeds').fill('5');
    await byTestId('run-name').fill('e2e bg 8.5');
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/batches.start')), byTestId('start-run').click()]);
    const reply = (await response.json()) as { ok: boolean; value: { id: number } };
    assert.ok(reply.ok, JSON.stringify(reply));
    changedBatch = reply.value.id;
    await page.locator(`[data-testid="batch-progress"][data-batch-id="${changedBatch}"][data-status="completed"]`).waitFor({ timeout: 180_000 });
    // Back to the shipped value for the sweep.
    await setParam('external', 'net.bg_rate', '8');
  });

  it('the History shows the ensemble as one row with mean ± SD over seeds; open, its statistics and runs', async () => {
    await byTestId('tab-history').click();
    const group = page.locator(`[data-testid="history-group"][data-key="batch-${seedsBatch}"]`);
    await group.waitFor();
    assert.match(await text(group), /e2e shipped/);
    assert.match(await text(group), /ensemble of 5 seeds \(55–59\)/);
    await group.getByTestId('ensemble-rates').waitFor();
    const cells = await group.locator('[data-testid="ensemble-rates"] span:not(.ei)').allTextContents();
    assert.equal(cells.length, 8);
    for (const c of cells) assert.match(c, /^\d+\.\d\d±\d+\.\d\d$/);
    // Closed: the runs are not listed on their own.
    assert.equal(await page.locator('[data-testid="history-row"]').count(), 0);
    await group.getByTestId('group-toggle').click();
    await byTestId('ensemble-stats').waitFor();
    assert.equal(await page.locator('[data-testid="history-row"]').count(), 5);
    assert.match(await text(byTestId('ensemble-stats')), /Mean rate \(spikes\/s\).*Mean CV ISI.*Mean correlation/);
    await shot('sweeps-history-ensemble');
  });

  it('defines a two-parameter sweep: a bad value is named before anything runs; the plan shows the grid and the costs', async () => {
    await byTestId('tab-sweeps').click();
    await byTestId('new-sweep').click();
    const form = byTestId('sweep-form');
    await form.waitFor();
    const axes = form.getByTestId('sweep-axis');
    await axes.nth(0).getByTestId('axis-field').selectOption('net.g');
    await axes.nth(0).getByTestId('axis-values').fill('-4.5,-4');
    await form.getByTestId('axis-add').click();
    await axes.nth(1).getByTestId('axis-field').selectOption('net.bg_rate');
    await axes.nth(1).getByTestId('axis-values').fill('-1:8:9');
    await form.getByTestId('sweep-seeds').fill('2');
    await form.getByTestId('sweep-name').fill('e2e g × bg_rate');
    await byTestId('plan-problems').waitFor();
    assert.match(await text(byTestId('plan-problems')), /net\.g = -4\.5, net\.bg_rate = -1.*net\.bg_rate.*-1/);
    assert.equal(await form.getByTestId('sweep-start').isDisabled(), true);
    assert.equal(await page.locator('[data-testid="plan-cell"][data-bad="true"]').count(), 2);
    await byTestId('plan-problems').scrollIntoViewIfNeeded();
    await shot('sweeps-plan-bad');
    await axes.nth(1).getByTestId('axis-values').fill('8,9');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="plan-problems"]').length === 0 && document.querySelector('[data-testid="plan-runs"]')?.textContent?.includes('8 runs'));
    assert.match(await text(byTestId('plan-runs')), /2 × 2 points × 2 seeds = 8 runs/);
    assert.match(await text(byTestId('plan-time')), /^about .+ s/);
    assert.match(await text(byTestId('plan-memory')), /MiB/);
    assert.match(await text(byTestId('plan-disk')), /(KiB|MiB)/);
    assert.equal(await text(form.getByTestId('sweep-start')), 'Start 8 runs');
    await form.getByTestId('sweep-start').scrollIntoViewIfNeeded();
    await shot('sweeps-plan');
  });

  it('starts the sweep, cancels it part way, resumes it with only its missing runs', async () => {
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/batches.start')), byTestId('sweep-start').click()]);
    sweepBatch = ((await response.json()) as { value: { id: number } }).value.id;
    const card = page.locator(`[data-testid="batch-progress"][data-batch-id="${sweepBatch}"]`);
    await card.waitFor();
    await page.waitForFunction(() => /^[2-7] of 8 ended/.test(document.querySelector('[data-testid="batch-runs"]')?.textContent?.trim() ?? ''), undefined, { timeout: 180_000 });
    assert.match(await text(card.getByTestId('batch-current')), /Running: net\.g = -4(\.5)?, net\.bg_rate = [89] · seed 5[56]/);
    assert.match(await text(card.getByTestId('batch-points')), /of 4$/);
    await shot('sweeps-running');
    await card.getByTestId('batch-cancel').click();
    await batchStatus('cancelled');
    assert.match(await text(card.getByTestId('batch-reason')), /Cancelled: cancelled by the user/);
    const resume = card.getByTestId('batch-resume');
    assert.match(await text(resume), /Resume: make the [1-6] missing runs?/);
    await shot('sweeps-cancelled');
    await resume.click();
    await batchStatus('completed');
    assert.match(await text(card.getByTestId('batch-runs')), /^8 of 8 ended$/);
    assert.match(await text(card.getByTestId('batch-points')), /^4 of 4$/);
  });

  it('plots every population against the swept parameter with error bars; heatmaps; NEST says why it has no band here', async () => {
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="sweep-plot"] canvas').length >= 8);
    assert.equal(await page.locator('[data-testid="sweep-plot"]').count(), 8);
    assert.match(await text(byTestId('sweep-legend')), /net\.bg_rate = 8.*net\.bg_rate = 9.*mean over 2 seeds, bars ± SD/);
    assert.match(await text(byTestId('reference-note')), /does not apply: this sweep keeps sim\.t_presim = 50 \(shipped: 500\), sim\.t_sim = 200 \(shipped: 1,000\) fixed/);
    await page.waitForTimeout(300);
    await byTestId('sweep-results').scrollIntoViewIfNeeded();
    await shot('sweeps-lines');
    await byTestId('mode-heatmap').check();
    await page.locator('[data-testid="sweep-heatmap"]').first().waitFor();
    assert.equal(await page.locator('[data-testid="sweep-heatmap"]').count(), 8);
    assert.equal(await page.locator('[data-testid="sweep-heatmap"]').first().getByTestId('heat-cell').count(), 4);
    await shot('sweeps-heatmap');
    await byTestId('stat-cv_isi').check();
    assert.match(await text(byTestId('reference-note')), /does not apply/);
    await byTestId('mode-lines').check();
    await byTestId('stat-rate_hz').check();
  });

  it('a click on a point opens it: its statistics and runs; its runs in the History', async () => {
    // The first panel's point at net.g = -4, net.bg_rate = 8 (the last point of the grid): click where uPlot drew it.
    const at = await page.locator('[data-testid="sweep-plot"]').first().evaluate(() => {
      const over = document.querySelector('[data-testid="sweep-plot"] .u-over') as HTMLElement;
      const r = over.getBoundingClientRect();
      return { left: r.left, top: r.top, width: r.width, height: r.height };
    });
    // Scan for the hit (the points sit where the data are; the read-out tells when the pointer is on one).
    let opened = false;
    for (let fx = 0.95; fx > 0.5 && !opened; fx -= 0.01) {
      for (let fy = 0.02; fy < 0.98 && !opened; fy += 0.02) {
        await page.mouse.move(at.left + at.width * fx, at.top + at.height * fy);
        const readout = await text(page.locator('[data-testid="sweep-plot"] .readout').first());
        if (/x = -4: /.test(readout)) {
          await page.mouse.click(at.left + at.width * fx, at.top + at.height * fy);
          opened = true;
        }
      }
    }
    assert.ok(opened, 'a point of the first panel was found under the pointer');
    const point = byTestId('sweep-point');
    await point.waitFor();
    assert.match(await text(point), /^Point [23]: net\.g = -4, net\.bg_rate = [89]/);
    assert.equal(await point.getByTestId('point-run').count(), 2);
    await point.scrollIntoViewIfNeeded();
    await shot('sweeps-point');
    // Its ensemble can be picked for Compare from here (and unpicked).
    await point.getByTestId('point-compare').click();
    assert.equal(await text(point.getByTestId('point-compare')), 'Picked for Compare');
    assert.equal(await text(byTestId('tab-compare').locator('.badge')), '1');
    await point.getByTestId('point-compare').click();
    assert.equal(await text(point.getByTestId('point-compare')), 'Pick for Compare');
    await point.getByTestId('point-history').click();
    await byTestId('history-only').waitFor();
    assert.match(await text(byTestId('history-only')), /Showing the 2 runs of point [23] of e2e g × bg_rate/);
    await shot('sweeps-history-point');
    await byTestId('history-only-clear').click();
  });

  it('exports the sweep table as CSV and the plots as an SVG figure', async () => {
    await byTestId('tab-sweeps').click();
    await page.locator(`[data-testid="batch-row"][data-batch-id="${sweepBatch}"] [data-testid="batch-select"]`).click();
    await byTestId('export-csv').waitFor();
    const [csv] = await Promise.all([page.waitForEvent('download'), byTestId('export-csv').click()]);
    assert.equal(csv.suggestedFilename(), 'e2e-g-bg-rate-table.csv');
    const lines = readFileSync(await csv.path(), 'utf8').trim().split('\n');
    assert.equal(lines[0], 'point,net.g,net.bg_rate,population,n_runs,rate_hz_mean,rate_hz_sd,cv_isi_mean,cv_isi_sd,corr_mean,corr_sd');
    assert.equal(lines.length, 1 + 4 * 8);
    // The plots as a figure to publish, through the same Save figure… menu as every other plot:
    // SVG two columns wide, then PNG at 300 dpi.
    await byTestId('sweep-figure-toggle').click();
    await byTestId('sweep-figure-svg').check();
    await byTestId('sweep-figure-width').selectOption('17.8');
    const [svg] = await Promise.all([page.waitForEvent('download'), byTestId('sweep-figure-save').click()]);
    const doc = readFileSync(await svg.path(), 'utf8');
    assert.match(doc, /^<svg[^>]+width="17\.8cm"/);
    assert.match(doc, /Mean rate against net\.g/);
    await byTestId('sweep-figure-saved').filter({ hasText: '.svg' }).waitFor();
    assert.match(await text(byTestId('sweep-figure-saved')), /^Saved e2e-g-bg-rate-rate[-_]hz\.svg \(SVG, 17\.8 × [\d.]+ cm/);
    await byTestId('sweep-figure-png').check();
    await byTestId('sweep-figure-dpi').selectOption('300');
    const [png] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), byTestId('sweep-figure-save').click()]);
    assert.deepEqual([...readFileSync(await png.path()).subarray(1, 4)], [0x50, 0x4e, 0x47]);
    await byTestId('sweep-figure-saved').filter({ hasText: '.png' }).waitFor();
    assert.match(await text(byTestId('sweep-figure-saved')), /^Saved e2e-g-bg-rate-rate[-_]hz\.png \(PNG, .* at 300 dpi = \d+ × \d+ px/);
  });

  it('the History groups the sweep by point; runs are grouped by hand; two ensembles are picked for Compare', async () => {
    await byTestId('tab-history').click();
    const sweepRow = page.locator(`[data-testid="history-group"][data-key="batch-${sweepBatch}"]`);
    await sweepRow.waitFor();
    assert.match(await text(sweepRow), /sweep: net\.g \(2 values\) × net\.bg_rate \(2 values\), 2 seeds \(55–56\) per point/);
    await sweepRow.getByTestId('group-toggle').click();
    const points = page.locator('[data-testid="history-group"][data-kind="point"]');
    assert.equal(await points.count(), 4);
    await points.first().getByTestId('group-toggle').click();
    await byTestId('ensemble-stats').first().waitFor();
    await shot('sweeps-history');

    // Two runs of the ensemble of seeds, grouped by hand.
    const seedsRow = page.locator(`[data-testid="history-group"][data-key="batch-${seedsBatch}"]`);
    if ((await seedsRow.getByTestId('group-toggle').getAttribute('aria-expanded')) !== 'true') await seedsRow.getByTestId('group-toggle').click();
    const seedRuns = page.locator('[data-testid="history-row"]');
    const ids = await seedRuns.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-run-id'))));
    const mine = ids.filter((id) => id <= 3).slice(0, 2);
    for (const id of mine) await page.locator(`[data-testid="history-row"][data-run-id="${id}"]`).first().getByTestId('pick-run').check();
    await byTestId('group-selected').click();
    await byTestId('group-name').fill('two seeds by hand');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/ensembles.group')), page.locator('dialog[open]').getByTestId('confirm-ok').click()]);
    const byHand = page.locator('[data-testid="history-group"][data-kind="ensemble"]');
    await byHand.waitFor();
    assert.match(await text(byHand), /two seeds by hand.*ensemble grouped by hand · 2 runs/);

    await shot('sweeps-history-groups');
  });

  it('compares the two ensembles of 5 seeds: the headline first, each population and statistic on demand', async () => {
    const shippedRow = page.locator(`[data-testid="history-group"][data-key="batch-${seedsBatch}"]`);
    const changedRow = page.locator(`[data-testid="history-group"][data-key="batch-${changedBatch}"]`);
    await shippedRow.getByTestId('pick-ensemble').check();
    await changedRow.getByTestId('pick-ensemble').check();
    await byTestId('tab-compare').click();
    const picked = byTestId('compare-ensembles');
    await picked.waitFor();
    assert.match(await text(picked), /e2e shipped base.*e2e bg 8\.5 vs base/);
    const started = Date.now();
    await byTestId('run-compare-ensembles').click();
    const verdict = byTestId('ensemble-verdict');
    await verdict.waitFor({ timeout: 60_000 });
    console.log(`ensemble verdict (5 + 5 runs) shown after ${Date.now() - started} ms`);
    assert.match(await text(verdict.locator('h3')), /A e2e shipped \(5 runs\) vs B e2e bg 8\.5 \(5 runs\)/);
    // More background input raises the rates beyond what 5 seeds vary by.
    assert.equal(await verdict.getAttribute('data-verdict'), 'differ');
    const headline = await text(byTestId('ensemble-headline'));
    assert.match(headline, /differ/);
    // Over 200 ms, low-rate populations have few neurons with 3 spikes (CV ISI): those statistics cannot be compared, and say so.
    assert.match(await text(byTestId('ensemble-count')), /^\d+ of 24 statistics differ(; \d+ could not be compared \(no values\))?; p ≤ \S+ counts as a difference \(Benjamini–Hochberg, q = 0\.05 over \d+ tests\)/);
    console.log(`verdict: ${headline}\n${await text(byTestId('ensemble-count'))}`);
    assert.match(await text(byTestId('ensemble-params')), /net\.bg_rate 8 → 8\.5/);
    await byTestId('ensemble-comparison').scrollIntoViewIfNeeded();
    await shot('sweeps-ensemble-verdict');
    await byTestId('ensemble-details').locator('summary').click();
    assert.equal(await page.locator('[data-testid="ensemble-row"]').count(), 24);
    assert.equal(await page.locator('[data-testid="ensemble-row"]').first().getAttribute('data-verdict'), 'differs');
    // The headline, then the table's first rows (the ones that differ).
    await byTestId('ensemble-verdict').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot('sweeps-ensemble-details');
  });

  it('compares two single runs: one seed each cannot separate seed noise from a real difference', async () => {
    const picks = page.locator('[data-testid="compare-pick"]');
    await picks.nth(0).check();
    await picks.nth(1).check();
    await byTestId('run-compare').click();
    await byTestId('comparison').waitFor({ timeout: 60_000 });
    assert.match(await text(byTestId('compare-verdict')), /one seed each cannot separate seed noise from a real difference/);
    await byTestId('compare-verdict').scrollIntoViewIfNeeded();
    await shot('sweeps-compare-single');
  });

  it('the Sweeps view in the dark', async () => {
    const dark = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    await dark.goto(server.url);
    await dark.getByTestId('tab-sweeps').click();
    await dark.locator(`[data-testid="batch-row"][data-batch-id="${sweepBatch}"] [data-testid="batch-select"]`).click();
    await dark.waitForFunction(() => document.querySelectorAll('[data-testid="sweep-plot"] canvas').length >= 8);
    await dark.waitForTimeout(300);
    await dark.getByTestId('sweep-results').scrollIntoViewIfNeeded();
    await shot('sweeps-dark', dark);
    await dark.close();
  });

  it('no errors in the console', () => {
    assert.deepEqual(problems, []);
  });
});
