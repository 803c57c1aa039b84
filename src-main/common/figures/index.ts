/**
 * Figures to publish (issue 15): every plot of the studio as an SVG document sized for a paper
 * (8.5 cm or 17.8 cm wide, 7–9 pt fonts, user unit 1 pt), with axes, units, labels, legends and the
 * method in its description. Pure TypeScript, no DOM: the page draws the same SVG it saves (and
 * rasterises it through a canvas for PNG at pngSize), the CLI writes it and renders PNGs with resvg.
 *
 *   const fig = spectrumFigure([{ label: 'run 3', data: await client.call('runs.spectrum', { id: 3 }) }], { widthCm: 8.5 });
 *   fig.svg            // the SVG text
 *   pngSize(fig, 300)  // { widthPx, heightPx } at 300 dpi
 */
export { COLUMN_WIDTHS_CM, DEFAULT_DPI, DEFAULT_FONT_PT, FIGURE_LIMITS, pngSize, resolveSize, type FigureOptions } from './layout.ts';
export { FONT_FAMILY, PT_PER_CM, type Figure } from './svg.ts';
export { rasterFigure, type RasterFigureData } from './raster.ts';
export { BOX_KEY, boxPlotFigure, type BoxFigureData, type BoxRow } from './boxplot.ts';
export { legendRows, panelsFigure, type AxisSpec, type Curve, type Panel, type PanelsFigureData } from './panels.ts';
export { activityFigure, spectrumFigure, voltageDistributionFigure, voltageFigure, type Labelled, type SeriesFigureOptions } from './series-figures.ts';
export { REFERENCE_COLOR, REFERENCE_LABEL, sweepFigure, type SweepFigureData, type SweepFigurePanel, type SweepFigureSeries } from './sweep-figures.ts';
export { scaleFraction, textOnViridis, viridis } from './colormap.ts';
