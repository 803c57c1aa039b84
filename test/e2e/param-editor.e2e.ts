// The parameter editor alone (src-renderer/components/params/preview) in a real Chromium, under the
// app's Content-Security-Policy, at 1280x800: every group expanded, an error at its field, the
// matrix grid with keyboard navigation and its dialog, a file with an unknown key, the memory
// warning. Screenshots land in test-output/params/ (light, and dark for a few).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Browser, Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { estimateRun } from '../../engine/params/estimate.ts';
import { deepMerge } from '../../engine/params/merge.ts';
import { presetParams } from '../../engine/params/presets.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import { contentSecurityPolicy } from '../../src-main/services/renderer-files.ts';
import { launchChromium, outputDir, repoRoot } from './harness.ts';

const shots = path.join(outputDir, 'params');
const GROUPS = ['populations', 'connectivity', 'synapses', 'neurons', 'external', 'stimuli', 'simulation', 'recording'];

let outDir: string;
let server: PreviewServer;
let base: string;
let browser: Browser;

before(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'e2e-param-editor-'));
  const root = path.join(repoRoot, 'src-renderer/components/params/preview');
  await build({ configFile: false, root, base: './', logLevel: 'error', plugins: [svelte()], build: { outDir, emptyOutDir: true, target: 'chrome130' } });
  server = await preview({
    configFile: false,
    root,
    logLevel: 'error',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, headers: { 'Content-Security-Policy': contentSecurityPolicy() } },
  });
  const address = server.httpServer.address();
  assert.ok(address && typeof address === 'object');
  base = `http://127.0.0.1:${address.port}/`;
  mkdirSync(shots, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.httpServer.close(() => resolve()) : resolve()));
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

async function open(query = '', colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/favicon/.test(m.location().url)) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(base + query);
  await page.getByTestId('estimate-neurons').waitFor();
  return { page, problems };
}

const group = (page: Page, id: string) => page.locator(`details[data-group="${id}"]`);
const scrollTo = (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`) });

describe('parameter editor in Chromium', () => {
  it('shows every group legibly in a 460 px panel (light and dark)', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page, problems } = await open('', scheme);
      assert.equal(await page.getByTestId('estimate-neurons').textContent(), '7,717');
      await shot(page, `${scheme}-top`);
      for (const id of GROUPS) {
        await group(page, id).locator('summary').click();
        await scrollTo(page, `details[data-group="${id}"]`);
        await shot(page, `${scheme}-group-${id}`);
        // nothing in the group overflows the panel sideways
        const overflow = await group(page, id).evaluate((el) => el.scrollWidth - el.clientWidth);
        assert.ok(overflow <= 1, `${id} overflows by ${overflow}px`);
        await group(page, id).locator('summary').click();
      }
      assert.deepEqual(problems, []);
      await page.close();
    }
  });

  it('shows the validator’s message at the field as one types, and jumps to the first problem', async () => {
    const { page, problems } = await open();
    await group(page, 'neurons').locator('summary').click();
    await page.getByLabel('Capacitance C_m').fill('-5');
    await page.getByLabel('Membrane τ_m').fill('1.2.3');
    const cm = page.locator('[data-field="net.neuron_params.C_m"]');
    assert.match((await cm.locator('.pe-issues').textContent()) ?? '', /must be a number > 0/);
    assert.match((await page.locator('[data-field="net.neuron_params.tau_m"] .pe-issues').textContent()) ?? '', /not a number/);
    assert.equal(await page.getByTestId('problem-count').textContent(), '2 problems');
    await scrollTo(page, '[data-group="neurons"]');
    await shot(page, 'light-error-at-field');
    await group(page, 'neurons').locator('summary').click();
    await page.getByTestId('problem-count').click();
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.path), 'net.neuron_params.C_m');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('edits the connection matrix with arrow keys, highlighting the focused row and column, and in a dialog', async () => {
    const { page, problems } = await open();
    await group(page, 'connectivity').locator('summary').click();
    const cell = (r: number, c: number) => page.locator(`[data-field="net.conn_probs"] input[data-path="net.conn_probs[${r}][${c}]"]`);
    await cell(4, 5).fill('1.5');
    await cell(1, 1).click();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.path), 'net.conn_probs[2][3]');
    await page.keyboard.type('0.2');
    assert.equal(await cell(2, 3).inputValue(), '0.2');
    assert.equal(await page.locator('[data-field="net.conn_probs"] th.hl').count(), 2);
    // all eight columns fit the panel
    const grid = await page.locator('[data-field="net.conn_probs"] table').evaluate((t) => ({ table: t.scrollWidth, box: t.parentElement!.clientWidth }));
    assert.ok(grid.table <= grid.box + 1, `grid ${grid.table}px in ${grid.box}px`);
    await scrollTo(page, '[data-field="net.conn_probs"]');
    await shot(page, 'light-matrix-grid');
    await page.locator('[data-expand="net.conn_probs"]').click();
    await page.locator('dialog[open] input[data-path="net.conn_probs[3][3]"]').click();
    await shot(page, 'light-matrix-dialog');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('dialog[open]').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('loads a file with an unknown key and offers the validator’s suggestion', async () => {
    const { page, problems } = await open();
    const file = { net: { N_scalling: 0.2, K_scaling: 0.2 }, sim: { t_sim: 2000 } };
    await page.getByTestId('param-file-input').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await page.getByText('did you mean "net.N_scaling"?', { exact: false }).waitFor();
    await shot(page, 'light-file-unknown-key');
    await page.getByRole('button', { name: 'Use net.N_scaling' }).click();
    const expected = estimateRun(deepMerge(presetParams('default'), { net: { N_scaling: 0.2, K_scaling: 0.2 }, sim: { t_sim: 2000 } }) as ParamSet).neurons;
    await page.waitForFunction((n) => document.querySelector('[data-testid="estimate-neurons"]')?.textContent === n, expected.toLocaleString('en-US'));
    assert.equal(await page.getByTestId('problem-count').textContent(), 'No problems');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('warns in colour when the estimate exceeds the available memory', async () => {
    const { page, problems } = await open('?avail=1500000000');
    await page.getByTestId('preset-select').selectOption('full');
    await page.waitForFunction(() => document.querySelector('[data-testid="estimate-neurons"]')?.textContent === '77,169');
    assert.equal(await page.locator('.pe-estimate .mem.refuse').count(), 1);
    await shot(page, 'light-memory-refuse');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
