/** What the run detail lists: the run's summary facts and the per-population statistics. Pure. */
import { STATISTICS, type DistributionKey, type PopulationValues } from '../../engine/analysis/statistics.ts';
import type { RunDetail } from '../../src-main/contract.ts';
import { formatBytes, formatCount, formatDateTime, formatDuration, formatMs, formatRate, formatValue, populationLabel } from './format.ts';

export interface Fact {
  label: string;
  value: string;
  /** A stable id for tests and for the screen reader's order. */
  key: string;
}

export function summaryFacts(d: RunDetail): Fact[] {
  const r = d.record;
  const t = r.timingsS;
  const m = r.machine;
  const facts: Fact[] = [
    { key: 'created', label: 'Created', value: formatDateTime(r.createdAtMs) },
    { key: 'finished', label: 'Finished', value: formatDateTime(r.finishedAtMs) },
    { key: 'window', label: 'Analysis window', value: `${formatMs(d.window.t0Ms)} – ${formatMs(d.window.t1Ms)}` },
    { key: 'scaling', label: 'N_scaling · K_scaling', value: `${formatValue(d.params.net.N_scaling)} · ${formatValue(d.params.net.K_scaling)}` },
    { key: 'seed', label: 'Seed (rng_seed)', value: String(r.seed) },
    { key: 'threads', label: 'Threads', value: r.threads === null ? '–' : String(r.threads) },
    { key: 'neurons', label: 'Neurons · synapses', value: `${formatCount(r.numNeurons)} · ${formatCount(r.numSynapses)}` },
    { key: 'spikes', label: 'Spikes stored', value: formatCount(r.spikesStored) },
    {
      key: 'timings',
      label: 'Build · presim · sim',
      value: t ? `${formatDuration(t.build)} · ${formatDuration(t.presim)} · ${formatDuration(t.sim)}` : '–',
    },
    { key: 'engine', label: 'Engine', value: `${r.engineName} ${r.engineVersion}` },
    {
      key: 'machine',
      label: 'Machine',
      value: m ? `${m.cpuModel}, ${m.cores} cores, ${formatBytes(m.totalMemBytes)}; ${m.os}; Node ${m.nodeVersion}` : '–',
    },
  ];
  if (d.summary?.peak_rss_bytes) facts.push({ key: 'memory', label: 'Peak memory', value: formatBytes(d.summary.peak_rss_bytes) });
  if (r.importedFrom) facts.push({ key: 'imported', label: 'Imported from', value: `${r.importedFrom.file}, ${formatDateTime(r.importedFrom.importedAtMs)}` });
  if (r.reason) facts.push({ key: 'reason', label: r.status === 'completed' ? 'Note' : 'Reason', value: r.reason });
  return facts;
}

export interface PopulationRow {
  name: string;
  label: string;
  neurons: string;
  rate: string;
  silent: string;
  cv: string;
  corr: string;
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : '–');
const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '–');

export function populationRows(d: RunDetail): PopulationRow[] {
  if (!d.stats) return [];
  return d.record.populations.map((p) => {
    const s = d.stats!.populations[p.name];
    return {
      name: p.name,
      label: populationLabel(p.name),
      neurons: formatCount(s?.n_neurons ?? p.lastId - p.firstId + 1),
      rate: s ? `${formatRate(s.rate_mean_hz)} ± ${formatRate(s.rate_std_hz)}` : '–',
      silent: s ? pct(s.frac_silent) : '–',
      cv: s ? f3(s.cv_isi.mean) : '–',
      corr: s ? f3(s.corr_2ms.mean) : '–',
    };
  });
}

/** What the population table's columns mean, in the words of the registry of statistics. */
export function populationTableNote(): string {
  const { rates, cv_isi: cv, corr_2ms: corr } = STATISTICS;
  return `Mean ± SD of the per-neuron ${rates.noun} (${rates.rule}); mean ${cv.label} (${cv.rule}); mean ${corr.label.toLowerCase()} (${corr.rule}).`;
}

/** One box-plot row per population for a distribution of the run's values. */
export function distributionRows(pops: readonly PopulationValues[], stat: DistributionKey): { name: string; values: Float64Array }[] {
  return pops.map((p) => ({ name: p.name, values: p.distributions[stat] }));
}
