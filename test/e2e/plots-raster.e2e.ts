// The raster plot in a real Chromium: 1M+ full-scale spikes (77,169 neurons, NEST's population
// layout) drawn through the draw hook, with the draw time printed and written to
// test-output/raster-timing.json (shown, never asserted: timings depend on the machine and its load);
// then zoom by dragging, pan by shift-dragging and the keyboard reset, as a user would.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { outputDir } from './harness.ts';
import { closePlotsBrowser, newPlotsPage, openPlotsBrowser, type PlotsBrowser } from './plots-page/page.ts';

let plots: PlotsBrowser;

before(async () => {
  plots = await openPlotsBrowser();
});

after(() => closePlotsBrowser(plots));

interface RasterStats {
  drawMs: number;
  prepMs: number;
  prepared: number;
  painted: number;
  dotPx: number;
  mode: string;
  draws: number;
  widthPx: number;
  heightPx: number;
}

async function open(query: string, deviceScaleFactor = 1): Promise<{ page: Page; problems: string[] }> {
  return newPlotsPage(plots, query, { deviceScaleFactor });
}

const stats = (page: Page): Promise<RasterStats> =>
  page.evaluate(() => (globalThis as unknown as { __studioPlotStats: { raster: RasterStats } }).__studioPlotStats.raster);

async function nextDraw(page: Page, after: number): Promise<RasterStats> {
  await page.waitForFunction((n) => ((globalThis as unknown as { __studioPlotStats?: { raster?: { draws: number } } }).__studioPlotStats?.raster?.draws ?? 0) > n, after, {
    timeout: 30_000,
  });
  return stats(page);
}

/** Pixels of the plot canvas in NEST's E and I colours. */
function countColours(page: Page): Promise<{ e: number; i: number }> {
  return page.evaluate(() => {
    const canvas = document.querySelector('.raster canvas') as HTMLCanvasElement;
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let e = 0;
    let i = 0;
    for (let k = 0; k < d.length; k += 4) {
      if (d[k] === 0x59 && d[k + 1] === 0x52 && d[k + 2] === 0x89) e++;
      else if (d[k] === 0xaf && d[k + 1] === 0x14 && d[k + 2] === 0x3c) i++;
    }
    return { e, i };
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('raster plot in Chromium', () => {
  it('draws a full-scale window of over 1,000,000 spikes and records the draw time', async () => {
    const results: Record<string, unknown>[] = [];
    const load = { before: os.loadavg() };
    for (const dpr of [1, 2]) {
      const { page, problems } = await open('view=raster-perf', dpr);
      const info = await page.evaluate(() => (globalThis as unknown as { __plotsPage: { spikes: number; neurons: number; genMs: number } }).__plotsPage);
      assert.equal(info.neurons, 77169);
      assert.ok(info.spikes >= 1_000_000, `only ${info.spikes} synthetic spikes`);
      const first = await nextDraw(page, 0);
      assert.equal(first.prepared, info.spikes, 'every spike is in the window and kept (stride 1)');
      assert.equal(first.painted, info.spikes, 'every spike is painted');
      const colours = await countColours(page);
      assert.ok(colours.e > 10_000 && colours.i > 10_000, `both colours drawn: ${JSON.stringify(colours)}`);

      // Redraws of the whole window: zoom in, then reset (the reset draw paints all spikes).
      const full: number[] = [];
      const zoomed: number[] = [];
      let s = first;
      for (let k = 0; k < 5; k++) {
        await page.getByTestId('raster-zoom-in').click();
        s = await nextDraw(page, s.draws);
        zoomed.push(s.drawMs);
        await page.getByTestId('raster-reset').click();
        s = await nextDraw(page, s.draws);
        assert.equal(s.painted, info.spikes);
        full.push(s.drawMs);
      }
      assert.deepEqual(problems, []);
      results.push({
        deviceScaleFactor: dpr,
        spikes: info.spikes,
        neurons: info.neurons,
        plotAreaPx: [s.widthPx, s.heightPx],
        dotPx: s.dotPx,
        mode: s.mode,
        prepMs: +first.prepMs.toFixed(1),
        firstDrawMs: +first.drawMs.toFixed(1),
        fullRedrawMs: full.map((x) => +x.toFixed(1)),
        fullRedrawMedianMs: +median(full).toFixed(1),
        zoomedHalfRedrawMedianMs: +median(zoomed).toFixed(1),
        syntheticDataMs: +info.genMs.toFixed(0),
        pixels: colours,
      });
      await page.close();
    }
    const report = {
      what: 'RasterPlot draw hook (paint + blit + frame), 1M+ synthetic full-scale spikes, Debian Chromium --disable-gpu, viewport 1280x800',
      date: new Date().toISOString(),
      chromium: plots.browser.version(),
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      loadavg: { before: load.before.map((x) => +x.toFixed(2)), after: os.loadavg().map((x) => +x.toFixed(2)) },
      results,
    };
    mkdirSync(outputDir, { recursive: true });
    writeFileSync(path.join(outputDir, 'raster-timing.json'), `${JSON.stringify(report, null, 2)}\n`);
    for (const r of results) {
      console.log(
        `raster draw, ${r.spikes} spikes at DPR ${r.deviceScaleFactor} (${(r.plotAreaPx as number[]).join('x')} px, ${r.dotPx}px dots, ${r.mode}): ` +
          `first ${r.firstDrawMs} ms, full redraw median ${r.fullRedrawMedianMs} ms ${JSON.stringify(r.fullRedrawMs)}, prep ${r.prepMs} ms; load ${report.loadavg.before.join(' ')} -> ${report.loadavg.after.join(' ')}`,
      );
    }
  });

  it('zooms by dragging, pans by shift-dragging, resets from the keyboard, and reports each window', async () => {
    const { page, problems } = await open('view=raster');
    const windows = (): Promise<[number, number][]> => page.evaluate(() => (globalThis as unknown as { __plotsPage: { windows: [number, number][] } }).__plotsPage.windows);
    const s = await nextDraw(page, 0);
    const over = await page.locator('.raster .u-over').boundingBox();
    assert.ok(over);
    const y = over.y + over.height / 2;
    // Drag over the middle half of 600..800 ms: 650..750 ms.
    await page.mouse.move(over.x + over.width * 0.25, y);
    await page.mouse.down();
    await page.mouse.move(over.x + over.width * 0.5, y, { steps: 4 });
    await page.mouse.move(over.x + over.width * 0.75, y, { steps: 4 });
    await page.mouse.up();
    const zoomedDraw = await nextDraw(page, s.draws);
    assert.ok(zoomedDraw.painted < s.painted, 'the zoomed window shows fewer spikes');
    let [a, b] = (await windows()).at(-1)!;
    assert.ok(Math.abs(a - 650) < 1 && Math.abs(b - 750) < 1, `drag-zoom to ${a}..${b}`);
    const shown = /^([\d.]+)–([\d.]+) ms$/.exec((await page.getByTestId('raster-window').textContent()) ?? '');
    assert.ok(shown && Math.abs(Number(shown[1]) - a) < 0.06 && Math.abs(Number(shown[2]) - b) < 0.06, `window shown: ${shown?.[0]}`);
    await page.screenshot({ path: path.join(outputDir, 'plots', 'raster-zoomed.png') });

    // Shift-drag right by a quarter of the plot: a quarter of the window earlier.
    await page.keyboard.down('Shift');
    await page.mouse.move(over.x + over.width * 0.5, y);
    await page.mouse.down();
    await page.mouse.move(over.x + over.width * 0.625, y, { steps: 3 });
    await page.mouse.move(over.x + over.width * 0.75, y, { steps: 3 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    [a, b] = (await windows()).at(-1)!;
    assert.ok(Math.abs(a - 625) < 1 && Math.abs(b - 725) < 1, `shift-drag pan to ${a}..${b}`);

    // Keyboard: the buttons are focusable and work with Enter, in toolbar order.
    await page.getByTestId('raster-reset').focus();
    await page.keyboard.press('Enter');
    assert.deepEqual((await windows()).at(-1), [600, 800]);
    await page.getByTestId('raster-zoom-in').focus();
    await page.keyboard.press('Enter');
    assert.deepEqual((await windows()).at(-1), [650, 750]);
    await page.keyboard.press('Tab'); // zoom out
    await page.keyboard.press('Tab'); // earlier
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'raster-pan-left');
    await page.keyboard.press('Enter');
    assert.deepEqual((await windows()).at(-1), [625, 725]);
    await page.keyboard.press('Tab'); // later
    await page.keyboard.press('Tab'); // reset
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'raster-reset');
    await page.keyboard.press('Enter');
    assert.deepEqual((await windows()).at(-1), [600, 800]);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
