/**
 * Timings the plots leave on `window.__studioPlotStats` for tests and benchmarks (the e2e raster test
 * reads the draw time of 1M spikes from here). Plain numbers; nothing reads them in the app.
 */

export interface RasterDrawStats {
  /** Time spent in the raster's draw hook (paint + blit), ms, of the latest draw. */
  drawMs: number;
  /** Time of the latest data preparation (split by population, y and colour), ms. */
  prepMs: number;
  /** Spikes prepared (in the window, kept by the stride) and painted in the latest draw. */
  prepared: number;
  painted: number;
  /** Side of a spike's square, device px. */
  dotPx: number;
  /** 'pixels' (ImageData) or 'rects' (fillRect). */
  mode: 'pixels' | 'rects';
  /** Draws so far. */
  draws: number;
  /** Plot area, device px. */
  widthPx: number;
  heightPx: number;
}

export interface PlotStats {
  raster?: RasterDrawStats;
  /** Milliseconds from opening a run's detail to the reply of each request of its first tab. */
  detail?: Record<string, number>;
}

type WithStats = { __studioPlotStats?: PlotStats };

export function recordRasterStats(stats: RasterDrawStats): void {
  const g = globalThis as WithStats;
  g.__studioPlotStats ??= {};
  g.__studioPlotStats.raster = stats;
}

export function recordDetailTimings(timings: Record<string, number>): void {
  const g = globalThis as WithStats;
  g.__studioPlotStats ??= {};
  g.__studioPlotStats.detail = timings;
}

export function plotStats(): PlotStats | undefined {
  return (globalThis as WithStats).__studioPlotStats;
}
