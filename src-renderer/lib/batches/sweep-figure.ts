/**
 * The sweep's figure to save, from the panels the page draws (sweep-plot.ts) and the sweep table's
 * words (statistic, unit, seeds): the shared figure module draws it (src-main/common/figures), and
 * the file name comes from the batch. Pure.
 */
import type { SweepStatisticInfo, SweepTable } from '../../../src-main/batches/sweep-table.ts';
import { sweepFigure, type Figure, type FigureOptions } from '../../../src-main/common/figures/index.ts';
import { fileStem } from '../figures/save-figure.ts';
import { axisLabel, axisUnit } from './sweep-fields.ts';
import type { SweepPanel } from './sweep-plot.ts';

export function sweepFigureOf(t: SweepTable, panels: readonly SweepPanel[], stat: SweepStatisticInfo, xAxis: number, referenceNote: string | null, options: FigureOptions = {}): Figure {
  const axis = t.axes[xAxis];
  const seeds = t.seeds.length;
  const other = t.axes.length > 1 ? t.axes[1 - xAxis] : null;
  const one = `mean ± SD over ${seeds} ${seeds === 1 ? 'seed' : 'seeds'}`;
  const description = [
    `${stat.label} (${stat.description}) against ${axis.path}${other ? `, one line per value of ${other.path}` : ''}; ${one} (seeds ${t.seeds.join(', ')}), the band ± 1 SD.`,
    `Batch ${t.batch.id}: ${t.batch.name}.`,
    referenceNote ?? '',
  ]
    .filter((s) => s !== '')
    .join(' ');
  return sweepFigure(
    {
      title: `${stat.label} against ${axis.path}`,
      description,
      x: { label: `${axisLabel(axis.path)} (${axis.path})`, unit: axisUnit(axis.path) },
      y: { label: stat.label, unit: stat.unit },
      panels: panels.map((p) => ({ ...p, series: p.series.map((s) => (other ? s : { ...s, label: one })) })),
    },
    options,
  );
}

/** A file name from a batch's name: 'sweep net.g × net.bg_rate, 3 seeds' → 'sweep-net-g-net-bg-rate-3-seeds.csv'. */
export function batchFileName(name: string, suffix: string, ext: string): string {
  return `${fileStem(name, 60, 'sweep')}${suffix ? `-${suffix}` : ''}.${ext}`;
}
