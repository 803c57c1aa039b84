// NEST interoperability in the History, in a real Chromium through the localhost transport with
// the real services: import a NEST reference output folder by picking its files, see it listed as
// from NEST, export it as NEST files (one download per file), and see a malformed folder refused
// with the file and line named. A screenshot of the History goes to test-output/.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Download, Locator, Page } from 'playwright-core';
import { referenceRoot } from '../validate/reference.ts';
import { closeStudio, openStudio, outputDir, textOf, type StartedServer, type Studio } from './harness.ts';

const FOLDER = path.join(referenceRoot(), 'default_N0.1_K0.1_t1_s1'); // spike files as .dat.gz

let studio: Studio;
let server: StartedServer;
let page: Page;
let problems: string[];

before(async () => {
  studio = await openStudio({ acceptDownloads: true });
  ({ server, page, problems } = studio);
});

after(() => closeStudio(studio));

const byTestId = (id: string): Locator => page.getByTestId(id);
const folderFiles = (dir: string) => readdirSync(dir).sort().map((name) => ({ name, mimeType: 'application/octet-stream', buffer: readFileSync(path.join(dir, name)) }));

describe('NEST interoperability in the History', { timeout: 120_000 }, () => {
  let id: number;

  it('imports a NEST output folder by picking its files and lists it as from NEST', async () => {
    await page.goto(server.url);
    await byTestId('tab-history').click();
    const button = byTestId('import-nest');
    assert.equal(await textOf(button), 'Import NEST output…');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/runs.importNest')),
      byTestId('import-nest-input').setInputFiles(folderFiles(FOLDER)),
    ]);
    const envelope = (await response.json()) as { ok: boolean; value: { id: number; origin: string } };
    assert.ok(envelope.ok, `runs.importNest failed: ${JSON.stringify(envelope)}`);
    assert.equal(envelope.value.origin, 'nest-import');
    id = envelope.value.id;
    const row = page.locator(`[data-testid="history-row"][data-run-id="${id}"]`);
    await row.waitFor();
    assert.match(await textOf(row), /completed.*from NEST/);
    assert.match(await textOf(byTestId('history-notice')), /Imported “.+” from \d+ NEST file\(s\)\./);
  });

  it('exports it as NEST files: one zip download listing its files, reachable by keyboard', async () => {
    const row = page.locator(`[data-testid="history-row"][data-run-id="${id}"]`);
    const toggle = row.getByTestId('export-menu-toggle');
    await toggle.focus();
    await page.keyboard.press('Enter'); // opens the menu
    await row.getByTestId('export-nest').waitFor();
    await page.screenshot({ path: path.join(outputDir, 'history-nest-import.png') });
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await row.getByTestId('export-nest').focus();
    await page.keyboard.press('Enter');
    await byTestId('history-notice').filter({ hasText: '-nest.zip' }).waitFor();
    await page.waitForTimeout(500);
    // Several files arrive as one archive (not one download each), and the notice lists them.
    assert.deepEqual(downloads.map((d) => d.suggestedFilename().replace(/^.*-nest\.zip$/, 'x-nest.zip')), ['x-nest.zip']);
    await byTestId('notice-files').locator('summary').click();
    const names = await byTestId('notice-files').locator('code').allTextContents();
    assert.ok(names.includes('population_nodeids.dat'), names.join(', '));
    assert.ok(names.some((n) => /^spike_recorder-\d+-0\.dat$/.test(n)), names.join(', '));
    assert.ok(names.includes('rate0.dat'), names.join(', '));
    assert.equal(await row.getByTestId('export-menu').evaluate((d) => (d as HTMLDetailsElement).open), false);
  });

  it('a folder with a malformed line is refused naming the file and line; no run is added', async () => {
    const files = folderFiles(path.join(referenceRoot(), 'example-reference-data'));
    const victim = files.find((f) => f.name === 'spike_recorder-7719-0.dat')!;
    const lines = victim.buffer.toString('utf8').split('\n');
    lines[5] = '12x\tnot-a-time';
    victim.buffer = Buffer.from(lines.join('\n'));
    const before = await page.getByTestId('history-row').count();
    await byTestId('import-nest-input').setInputFiles(files);
    const alert = byTestId('history-action-error');
    await alert.waitFor();
    assert.match(await textOf(alert), /could not be imported: (runs\.importNest: )?spike_recorder-7719-0\.dat line 6: /);
    assert.equal(await page.getByTestId('history-row').count(), before);
    await page.screenshot({ path: path.join(outputDir, 'history-nest-import-error.png') });
    assert.deepEqual(problems.filter((p) => !/status of 400/.test(p)), []);
  });
});
