import type uPlot from 'uplot';

/**
 * Keeps a uPlot in step with the element that holds it: the plot takes the host's width when the
 * host is resized, and repaints (its colours read from CSS variables) when the system switches
 * between light and dark. Returns the function that stops both; call it before `u.destroy()`.
 * One home for the raster, the series plots and the sweep plot.
 */
export function followHost(u: uPlot, host: HTMLElement, heightPx: number): () => void {
  const resize = new ResizeObserver(() => {
    const w = host.clientWidth;
    if (w > 0 && w !== u.width) u.setSize({ width: w, height: heightPx });
  });
  resize.observe(host);
  const dark = window.matchMedia?.('(prefers-color-scheme: dark)');
  const onScheme = (): void => u.redraw(false, true);
  dark?.addEventListener?.('change', onScheme);
  return () => {
    resize.disconnect();
    dark?.removeEventListener?.('change', onScheme);
  };
}
