// Every plot component in a real Chromium with realistic synthetic data, light and dark, at
// 1280x800: screenshots land in test-output/plots/ to be looked at next to NEST's raster_plot.png
// and box_plot.png. Asserts what a screenshot cannot: no console errors, the parts are there.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { outputDir } from './harness.ts';
import { closePlotsBrowser, newPlotsPage, openPlotsBrowser, type PlotsBrowser } from './plots-page/page.ts';

let plots: PlotsBrowser;
const shots = path.join(outputDir, 'plots');

before(async () => {
  plots = await openPlotsBrowser();
});

after(() => closePlotsBrowser(plots));

async function view(query: string, colorScheme: 'light' | 'dark', run: (page: Page) => Promise<void>): Promise<void> {
  const { page, problems } = await newPlotsPage(plots, query, { colorScheme });
  await run(page);
  assert.deepEqual(problems, []);
  await page.close();
}

const rasterDrawn = (page: Page): Promise<unknown> =>
  page.waitForFunction(() => ((globalThis as unknown as { __studioPlotStats?: { raster?: { draws: number } } }).__studioPlotStats?.raster?.draws ?? 0) > 0);

describe('plots, light and dark', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`raster (${scheme}): NEST's 600-800 ms window, all neurons and every 10th`, async () => {
      for (const stride of [1, 10]) {
        await view(`view=raster&stride=${stride}`, scheme, async (page) => {
          await rasterDrawn(page);
          const labels = await page.evaluate(() => document.querySelector('.raster canvas') !== null);
          assert.ok(labels);
          assert.match((await page.getByTestId('raster-count').textContent()) ?? '', stride === 10 ? /^[\d,]+ spikes in 600–800 ms, every 10th neuron$/ : /^[\d,]+ spikes in 600–800 ms$/);
          await page.screenshot({ path: path.join(shots, `raster-stride${stride}-${scheme}.png`) });
        });
      }
    });

    it(`box plot (${scheme}): 8 populations, then two runs grouped`, async () => {
      await view('view=box', scheme, async (page) => {
        assert.equal(await page.getByTestId('box-band').count(), 8);
        assert.equal(await page.getByTestId('box-outliers').count(), 8);
        await page.screenshot({ path: path.join(shots, `box-${scheme}.png`) });
      });
      await view('view=box-grouped', scheme, async (page) => {
        assert.equal(await page.getByTestId('box').count(), 16);
        await page.screenshot({ path: path.join(shots, `box-grouped-${scheme}.png`), fullPage: true });
      });
    });

    it(`distributions (${scheme}): ECDF with D, histogram, NaN dropped, no data`, async () => {
      await view('view=dist', scheme, async (page) => {
        assert.equal(await page.getByTestId('dist-ks').count(), 1);
        assert.equal(await page.getByTestId('dist-no-data').count(), 1);
        assert.match((await page.getByTestId('dist-legend-item').nth(4).textContent()) ?? '', /3 NaN dropped/);
        await page.screenshot({ path: path.join(shots, `dist-${scheme}.png`) });
      });
    });

    it(`compare view (${scheme}): verdict, parameters, KS table, boxes, distributions`, async () => {
      await view('view=compare', scheme, async (page) => {
        const verdict = (await page.getByTestId('compare-verdict').textContent()) ?? '';
        assert.match(verdict, /^L23E rates\b.* differ: D=0\.\d{3} > 0\.\d{3}/);
        assert.equal(await page.getByTestId('ks-L23E-rates').getAttribute('data-verdict'), 'fail');
        assert.equal(await page.getByTestId('compare-params').locator('tbody tr').count(), 3);
        await page.getByTestId('compare-population').selectOption('L4E');
        await page.getByText('Distributions of L4E').waitFor();
        await page.screenshot({ path: path.join(shots, `compare-${scheme}.png`), fullPage: true });
      });
    });
  }
});
