// What a researcher looks at after a run (issue 15), in a real Chromium through the localhost
// transport with the real engine and database: a small network run with the voltmeter on, its
// population activity live and stored, the spectra, the membrane potentials under the raster with
// a shared zoom, the distributions with their keys, every parameter with the differences marked,
// notes found by the History's search, every plot saved as SVG and PNG (the SVGs compared with the
// CLI's `runs figure` of the same run), a NEST export arriving as one zip, and two runs' activity
// and spectra overlaid, then as one ensemble (mean ± SD). Screenshots and saved figures go to
// test-output/; timings are printed and written to test-output/analysis-timings.json, never asserted.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Download, Locator, Page } from 'playwright-core';
import { pngDpi } from '../../src-renderer/lib/figures/png-dpi.ts';
import { buildRenderer, launchChromium, liveStatusIn, outputDir, repoRoot, setParamIn, startRunIn, startServeProcess, type StartedServer } from './harness.ts';

let rendererDir: string;
let server: StartedServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];
const downloads: string[] = [];
const timings: Record<string, number | string> = {};
const figures = path.join(outputDir, 'figures');
const VIEWPORT = { width: 1440, height: 1000 };

before(async () => {
  rmSync(figures, { recursive: true, force: true });
  mkdirSync(figures, { recursive: true });
  rendererDir = await buildRenderer();
  server = await startServeProcess(rendererDir);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: VIEWPORT, colorScheme: 'light', acceptDownloads: true });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
});

after(async () => {
  writeFileSync(path.join(outputDir, 'analysis-timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
  console.log('analysis timings (ms):', JSON.stringify(timings));
  await browser?.close();
  await server?.stop();
  if (rendererDir) rmSync(rendererDir, { recursive: true, force: true });
});

const byTestId = (id: string): Locator => page.getByTestId(id);
const text = async (l: Locator): Promise<string> => ((await l.textContent()) ?? '').replace(/\s+/g, ' ').trim();

async function shot(name: string, p: Page = page): Promise<void> {
  await p.locator('aside').evaluate((el) => (el.scrollTop = 0));
  await p.screenshot({ path: path.join(outputDir, `${name}.png`) });
}

/** Scrolls the main panel so that the element is at its top, then a screenshot. */
async function shotAt(name: string, l: Locator, p: Page = page): Promise<void> {
  await l.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await p.waitForTimeout(150);
  await shot(name, p);
}

const setParam = (group: string, pathName: string, value: string): Promise<void> => setParamIn(page, group, pathName, value, true);

const startRun = (name: string): Promise<number> => startRunIn(page, name);

const waitForStatus = (status: string, timeoutMs = 240_000): Promise<void> => liveStatusIn(page, status, timeoutMs);

/** Opens a tab of the run detail and records the time from the click to its panels (`panels`) in the timings. */
async function timeTab(tab: string, panels: string, timing: string, timeoutMs = 30_000): Promise<void> {
  const t0 = Date.now();
  await byTestId(tab).click();
  await byTestId(panels).waitFor({ timeout: timeoutMs });
  timings[timing] = Date.now() - t0;
}

/** Saves a plot through its Save figure… menu; returns the downloaded file's path. */
async function saveFigure(testid: string, format: 'svg' | 'png', o: { dpi?: string; width?: string } = {}): Promise<string> {
  const menu = byTestId(`${testid}-menu`);
  await menu.scrollIntoViewIfNeeded();
  if (!(await menu.evaluate((d) => (d as HTMLDetailsElement).open))) await byTestId(`${testid}-toggle`).click();
  await byTestId(`${testid}-${format}`).check();
  if (o.width) await byTestId(`${testid}-width`).selectOption(o.width);
  if (format === 'png' && o.dpi) {
    await byTestId(`${testid}-dpi`).selectOption('other');
    await byTestId(`${testid}-dpi-value`).fill(o.dpi);
  }
  const waiting = page.waitForEvent('download', { timeout: 60_000 });
  waiting.catch(() => {}); // awaited below; a failed save is reported in its words instead
  await byTestId(`${testid}-save`).click();
  await byTestId(`${testid}-saved`).waitFor({ timeout: 60_000 });
  const said = await text(byTestId(`${testid}-saved`));
  if (!said.startsWith('Saved')) throw new Error(`${testid} (${format}): ${said}`);
  const download = await waiting;
  const file = path.join(figures, (download as Download).suggestedFilename());
  await (download as Download).saveAs(file);
  await byTestId(`${testid}-saved`).waitFor();
  assert.match(await text(byTestId(`${testid}-saved`)), format === 'svg' ? /^Saved .*\.svg \(SVG, [\d.]+ × [\d.]+ cm/ : /^Saved .*\.png \(PNG, .* at \d+ dpi = \d+ × \d+ px/);
  await byTestId(`${testid}-toggle`).click();
  return file;
}

/** The same figure drawn by the CLI (`npm run runs -- figure`), as SVG text. */
function cliFigure(id: number, args: string[]): string {
  const out = path.join(figures, `cli-run-${id}-${args.filter((a) => !a.startsWith('--')).join('-').replace(/[^\w.-]+/g, '_')}.svg`);
  execFileSync(process.execPath, [path.join(repoRoot, 'src-main/cli/runs.ts'), 'figure', String(id), '--kind', ...args, '--out', out, '--force', '--data-dir', server.dataDir], { cwd: repoRoot, stdio: 'pipe' });
  return readFileSync(out, 'utf8');
}

/** Drags across the middle of a uPlot chart from `from` to `to` (fractions of its width). */
async function drag(over: Locator, from: number, to: number): Promise<void> {
  const box = await over.boundingBox();
  assert.ok(box, 'the plot has a box');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * from, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((from + to) / 2), y, { steps: 4 });
  await page.mouse.move(box.x + box.width * to, y, { steps: 4 });
  await page.mouse.up();
}

let runId = 0;
let runName = '';

describe('analysis of a run end to end', () => {
  it('a small network with the voltmeter on: the live view shows the population activity', async () => {
    await page.goto(server.url);
    await page.locator('[data-testid="empty-state"]').waitFor();
    await setParam('populations', 'net.N_scaling', '0.05');
    await setParam('simulation', 'sim.t_presim', '100');
    await setParam('simulation', 'sim.t_sim', '1000');
    const recording = page.locator('details[data-group="recording"]');
    if (!(await recording.evaluate((d) => (d as HTMLDetailsElement).open))) await recording.locator('summary').click();
    await recording.locator('label', { hasText: 'voltmeter' }).locator('input[type="checkbox"]').check();
    for (const g of ['populations', 'simulation', 'recording']) await page.locator(`details[data-group="${g}"] summary`).click();
    runName = 'e2e analysis';
    runId = await startRun(runName);
    await byTestId('live-activity-panels').waitFor({ timeout: 120_000 });
    await page.waitForTimeout(1200);
    assert.equal(await byTestId('live-activity-panels').getByTestId('series-panel').count(), 8);
    await byTestId('live-activity-bin').selectOption('5');
    await byTestId('live-activity').scrollIntoViewIfNeeded();
    await shot('analysis-live');
    await waitForStatus('completed');
    await byTestId('live-activity').scrollIntoViewIfNeeded();
    await shot('analysis-live-completed');
  });

  it('the detail opens on its first tab without waiting for the slower analyses; the raster tells what is under the pointer', async () => {
    const t0 = Date.now();
    await byTestId('open-live-run').click();
    await byTestId('run-detail').waitFor();
    await page.waitForFunction(() => ((globalThis as unknown as { __studioPlotStats?: { raster?: { draws: number } } }).__studioPlotStats?.raster?.draws ?? 0) > 0);
    timings['small run: detail to raster drawn'] = Date.now() - t0;
    await byTestId('detail-boxplot').waitFor();
    timings['small run: detail to rate box plot'] = Date.now() - t0;
    assert.match(await text(byTestId('box-key')), /^Box: quartiles \(25–75 %\); black line: median; grey dashed line: mean; whiskers: .*red \+: values beyond the whiskers/);
    const over = page.locator('[data-testid="detail-raster"] .u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.3);
    await page.waitForFunction(() => /neuron \d+ \(L[\d/]+[EI]\) at [\d.]+ ms/.test(document.querySelector('[data-testid="raster-hover"]')?.textContent ?? ''));
    await shot('analysis-detail-overview');
    // Notes, searchable in the History.
    await byTestId('notes-input').fill('thalamic pulse test; oscillation check');
    await byTestId('notes-save').click();
    await byTestId('notes-saved').waitFor();
    await byTestId('run-notes').scrollIntoViewIfNeeded();
    await shot('analysis-detail-notes');
  });

  it('activity: every population, any bin width; a drag zooms every panel', async () => {
    await timeTab('tab-activity', 'activity-panels', 'small run: activity tab (1 ms bins)');
    assert.match(await text(byTestId('activity-caption')), /1 ms bins from the window start.*window \(100, 1100\] ms, 1,000 bins; computed in \d+ ms/);
    assert.equal(await byTestId('activity-panels').getByTestId('series-panel').count(), 8);
    await byTestId('activity-bin').fill('0.5');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/runs.activity')), byTestId('activity-apply').click()]);
    await page.waitForFunction(() => /0\.5 ms bins.*2,000 bins/.test(document.querySelector('[data-testid="activity-caption"]')?.textContent ?? ''));
    await byTestId('activity-bin').fill('0.25');
    await byTestId('activity-apply').click();
    assert.match(await text(page.getByRole('alert').first()), /Bin width: got 0\.25 ms, allowed: a whole multiple of the resolution 0\.1 ms/);
    await byTestId('activity-bin').fill('2');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/runs.activity')), byTestId('activity-apply').click()]);
    await page.waitForFunction(() => /2 ms bins/.test(document.querySelector('[data-testid="activity-caption"]')?.textContent ?? ''));
    await shotAt('analysis-activity', byTestId('activity-panels'));
    await drag(page.locator('[data-testid="activity-panels"] [data-population="L4E"] .u-over'), 0.3, 0.5);
    await page.waitForFunction(() => !(document.querySelector('[data-testid="activity-panels"] [data-testid="series-reset"]') as HTMLButtonElement | null)?.disabled);
    await shotAt('analysis-activity-zoomed', byTestId('activity-panels'));
    await byTestId('activity-panels').getByTestId('series-reset').click();
  });

  it('spectra: log axes, Welch window and overlap stated, the peak of each population listed', async () => {
    await timeTab('tab-spectra', 'spectrum-panels', 'small run: spectra tab');
    assert.match(await text(byTestId('spectrum-method')), /Welch: activity in 1 ms bins, 256 ms hann segments overlapping 50 %.*segments of 256 samples averaged \(128 overlapping\), resolution 3\.91 Hz; window \(100, 1100\] ms/);
    const peaks = await page.locator('[data-testid="peak-row"] [data-testid="peak-hz"]').allTextContents();
    assert.equal(peaks.length, 8);
    for (const p of peaks) assert.match(p, /^\d+\.\d Hz$/);
    await shotAt('analysis-spectra', byTestId('spectrum-panels'));
  });

  it('membrane potentials: traces of chosen neurons under the raster, zoomed with it; the distribution of V', async () => {
    await byTestId('tab-voltage').click();
    await byTestId('voltage-panels').waitFor();
    assert.match(await text(byTestId('voltage-caption')), /V of 24 neurons in \[100, 1100\] ms/);
    await byTestId('voltage-neurons').fill('5, 2100, 3200');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/runs.voltages')), byTestId('voltage-apply').click()]);
    await page.waitForFunction(() => /V of 3 neurons/.test(document.querySelector('[data-testid="voltage-caption"]')?.textContent ?? ''));
    await byTestId('voltage-dist-panels').waitFor();
    assert.equal(await byTestId('voltage-dist-panels').getByTestId('series-panel').count(), 8);
    // A drag in the raster zooms the traces too (their Reset comes on).
    await drag(page.locator('[data-testid="voltage-raster"] .u-over'), 0.2, 0.45);
    await page.waitForFunction(() => !(document.querySelector('[data-testid="voltage-panels"] [data-testid="series-reset"]') as HTMLButtonElement | null)?.disabled);
    await page.waitForTimeout(200);
    await shotAt('analysis-voltage', page.locator('[data-testid="detail-panel-voltage"]'));
    await shotAt('analysis-voltage-distribution', byTestId('voltage-dist-panels'));
    await byTestId('voltage-panels').getByTestId('series-reset').click();
  });

  it('distributions with the key of the box plot; pairs at r = 1 explained where there are any', async () => {
    await timeTab('tab-distributions', 'detail-distributions', 'small run: distributions tab', 60_000);
    assert.equal(await byTestId('detail-distributions').getByTestId('box-key').count(), 2);
    const note = page.getByTestId('corr-note');
    timings['small run: pairs at r = 1'] = (await note.count()) > 0 ? await text(note) : 'none';
    await shotAt('analysis-distributions', byTestId('detail-distributions'));
  });

  it('every parameter, grouped as in the editor, the differences from the preset marked', async () => {
    await byTestId('tab-parameters').click();
    await byTestId('params-groups').waitFor();
    // N_scaling, t_presim and the voltmeter differ from the preset (its t_sim is 1000 ms already).
    assert.equal(await text(byTestId('params-summary')), '3 values differ from the preset “default” (marked).');
    const marked = await page.locator('[data-testid="param-row"][data-differs="true"]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.path));
    assert.deepEqual(marked.sort(), ['net.N_scaling', 'sim.rec_dev', 'sim.t_presim']);
    await shot('analysis-parameters');
    await byTestId('params-only-diff').check();
    assert.equal(await page.getByTestId('param-row').count(), 3);
    await shot('analysis-parameters-differences');
  });

  it('every plot saves as SVG and PNG; the SVGs are the CLI’s figures of the same run', async () => {
    const id = runId;
    await byTestId('tab-overview').click();
    const raster = await saveFigure('raster-figure', 'svg');
    assert.equal(readFileSync(raster, 'utf8'), cliFigure(id, ['raster', '--from', '100', '--to', '1100']), 'raster: UI and CLI figures are the same SVG');
    const rasterPng = await saveFigure('raster-figure', 'png', { dpi: '300' });
    assert.deepEqual(pngDpi(readFileSync(rasterPng)), { x: 300, y: 300 });
    const rates = await saveFigure('rates-figure', 'svg');
    assert.equal(readFileSync(rates, 'utf8'), cliFigure(id, ['boxplot']), 'rate box plot: UI and CLI figures are the same SVG');
    await saveFigure('rates-figure', 'png');

    await byTestId('tab-activity').click();
    await byTestId('activity-panels').waitFor();
    const activity = await saveFigure('activity-figure', 'svg');
    assert.equal(readFileSync(activity, 'utf8'), cliFigure(id, ['activity', '--bin', '2', '--caption']), 'activity: UI and CLI figures are the same SVG');
    await saveFigure('activity-figure', 'png', { width: '17.8' });

    await byTestId('tab-spectra').click();
    await byTestId('spectrum-panels').waitFor();
    const spectra = await saveFigure('spectrum-figure', 'svg');
    assert.equal(readFileSync(spectra, 'utf8'), cliFigure(id, ['spectrum', '--caption']), 'spectra: UI and CLI figures are the same SVG');
    const spectraPng = await saveFigure('spectrum-figure', 'png', { dpi: '600' });
    assert.deepEqual(pngDpi(readFileSync(spectraPng)), { x: 600, y: 600 });

    await byTestId('tab-voltage').click();
    await byTestId('voltage-panels').waitFor();
    const voltage = await saveFigure('voltage-figure', 'svg');
    assert.equal(readFileSync(voltage, 'utf8'), cliFigure(id, ['voltage', '--neurons', '5,2100,3200', '--caption']), 'membrane potentials: UI and CLI figures are the same SVG');
    await saveFigure('voltage-figure', 'png');
    await saveFigure('vdist-figure', 'svg');
    await saveFigure('vdist-figure', 'png');

    await byTestId('tab-distributions').click();
    await byTestId('detail-distributions').waitFor();
    const cv = await saveFigure('cv-figure', 'svg');
    assert.equal(readFileSync(cv, 'utf8'), cliFigure(id, ['boxplot', '--statistic', 'cv_isi']), 'CV ISI box plot: UI and CLI figures are the same SVG');
    await saveFigure('cv-figure', 'png');
    await saveFigure('corr-figure', 'svg');
    await saveFigure('corr-figure', 'png');
    await shotAt('analysis-figure-menu', byTestId('detail-distributions'));
  });

  it('the History finds the run by its notes; a NEST export arrives as one zip with what it holds listed', async () => {
    await byTestId('tab-history').click();
    await byTestId('filter-text').fill('oscillation');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="history-row"]').length === 1);
    const row = page.locator(`[data-testid="history-row"][data-run-id="${runId}"]`);
    assert.match(await text(row.getByTestId('row-notes')), /thalamic pulse test; oscillation check/);
    await byTestId('filter-text').fill('no such words');
    await byTestId('history-empty').waitFor();
    await byTestId('filter-text').fill('');
    await row.waitFor();
    const before = downloads.length;
    await row.getByTestId('export-menu-toggle').click();
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('export-nest').click()]);
    const zip = path.join(figures, download.suggestedFilename());
    await download.saveAs(zip);
    await byTestId('history-notice').waitFor();
    assert.equal(downloads.length, before + 1, 'one download');
    assert.match(download.suggestedFilename(), /\.zip$/);
    assert.deepEqual([...readFileSync(zip).subarray(0, 2)], [0x50, 0x4b]);
    assert.match(await text(byTestId('history-notice')), /^Saved “e2e analysis” as e2e-analysis.*-nest\.zip: \d+ files, [\d.]+ [KM]iB in all\./);
    await byTestId('notice-files').locator('summary').click();
    const files = await byTestId('notice-files').locator('code').allTextContents();
    assert.ok(files.includes('population_nodeids.dat'), files.join(', '));
    assert.ok(files.some((f) => /^spike_recorder-\d+-0\.dat$/.test(f)));
    timings['NEST export files in the zip'] = files.length;
    await shot('analysis-export-zip');
  });

  it('two runs compared: activity and spectra overlaid, peaks per run', async () => {
    await setParam('simulation', 'sim.rng_seed', '7');
    const recording = page.locator('details[data-group="recording"]');
    if (!(await recording.evaluate((d) => (d as HTMLDetailsElement).open))) await recording.locator('summary').click();
    await recording.locator('label', { hasText: 'voltmeter' }).locator('input[type="checkbox"]').uncheck();
    for (const g of ['simulation', 'recording']) await page.locator(`details[data-group="${g}"] summary`).click();
    const second = await startRun('e2e analysis seed 7');
    await waitForStatus('completed');
    await byTestId('tab-history').click();
    await page.locator(`[data-testid="history-row"][data-run-id="${second}"]`).waitFor();
    await page.locator(`[data-testid="history-row"][data-run-id="${runId}"]`).getByTestId('pick-run').check();
    await page.locator(`[data-testid="history-row"][data-run-id="${second}"]`).getByTestId('pick-run').check();
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/runs.compare')), byTestId('compare-selected').click()]);
    await byTestId('compare-activity-panels').waitFor({ timeout: 60_000 });
    await byTestId('compare-spectrum-panels').waitFor({ timeout: 60_000 });
    assert.match(await text(byTestId('compare-activity-panels').getByTestId('series-legend')), /e2e analysis \(#\d+\).*e2e analysis seed 7 \(#\d+\)/);
    assert.equal(await page.locator('[data-testid="compare-series"] [data-testid="peak-row"]').first().locator('[data-testid="peak-hz"]').count(), 2);
    await shotAt('analysis-compare-activity', byTestId('compare-series'));
    await shotAt('analysis-compare-spectra', byTestId('compare-spectrum-panels'));
    await saveFigure('compare-activity-figure', 'svg');
    await saveFigure('compare-spectrum-figure', 'png');
    await saveFigure('compare-box-figure', 'svg');
    await saveFigure('dist-figure-rates', 'svg');
    await saveFigure('dist-figure-corr_2ms', 'png');
    // The two runs as one ensemble: one mean curve per population, shaded ± SD; saved as a figure too.
    await byTestId('compare-ensemble').check();
    await byTestId('compare-ensemble-note').waitFor();
    assert.equal(await byTestId('compare-series').getByTestId('series-legend').count(), 0);
    assert.equal(await page.locator('[data-testid="compare-series"] [data-testid="peak-row"]').first().locator('[data-testid="peak-hz"]').count(), 1);
    await shotAt('analysis-compare-ensemble', byTestId('compare-series'));
    await saveFigure('compare-activity-figure', 'png');
  });

  it('dark mode: the series views follow the system', async () => {
    const dark = await browser.newPage({ viewport: VIEWPORT, colorScheme: 'dark' });
    dark.on('pageerror', (e) => problems.push(`page error (dark): ${e.message}`));
    await dark.goto(server.url);
    await dark.getByTestId('tab-history').click();
    await dark.locator(`[data-testid="history-row"][data-run-id="${runId}"]`).getByTestId('open-run').click();
    await dark.getByTestId('detail-boxplot').waitFor();
    await dark.waitForTimeout(300);
    await shot('analysis-detail-dark', dark);
    const tabs = [
      ['tab-spectra', 'spectrum-panels', 'analysis-spectra-dark'],
      ['tab-voltage', 'voltage-panels', 'analysis-voltage-dark'],
    ] as const;
    for (const [tab, panels, name] of tabs) {
      await dark.getByTestId(tab).click();
      await dark.getByTestId(panels).waitFor();
      await dark.waitForTimeout(300);
      await shot(name, dark);
    }
    await dark.close();
  });

  it('no errors in the console', () => {
    assert.deepEqual(problems, []);
  });
});
