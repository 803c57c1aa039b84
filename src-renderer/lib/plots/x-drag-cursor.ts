import type uPlot from 'uplot';

/**
 * The cursor of a plot zoomed along x only (the raster, the series panels): a vertical line, no
 * points, a drag of 3 px or more selects an x range that the plot's own handler applies; with a
 * sync key, the pointer's x is shared with the other plots of that key.
 */
export function xDragCursor(syncKey: string | undefined): uPlot.Cursor {
  return {
    x: true,
    y: false,
    points: { show: false },
    drag: { x: true, y: false, setScale: false, dist: 3 },
    ...(syncKey ? { sync: { key: syncKey, setSeries: false, scales: ['x', null] as [string, null] } } : {}),
  };
}
