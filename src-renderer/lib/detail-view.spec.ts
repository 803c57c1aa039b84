import { describe, expect, it } from 'vitest';
import type { RunDetail } from '../../src-main/contract.ts';
import { distributionRows, populationRows, populationTableNote, summaryFacts } from './detail-view.ts';

const detail = {
  record: {
    id: 3,
    name: 'r',
    status: 'completed',
    createdAtMs: 0,
    finishedAtMs: 1000,
    seed: 55,
    threads: 2,
    numNeurons: 1543,
    numSynapses: 120000,
    spikesStored: 5000,
    engineName: 'microcircuit-engine',
    engineVersion: '0.1.0',
    timingsS: { build: 0.5, presim: 0.2, sim: 1.2 },
    machine: { cpuModel: 'EPYC', cores: 2, totalMemBytes: 8 * 2 ** 30, os: 'Linux', nodeVersion: '22' },
    reason: null,
    importedFrom: null,
    populations: [
      { name: 'L23E', firstId: 1, lastId: 10 },
      { name: 'L23I', firstId: 11, lastId: 13 },
    ],
  },
  params: { net: { N_scaling: 0.02, K_scaling: 0.1 } },
  window: { t0Ms: 50, t1Ms: 250 },
  summary: null,
  stats: {
    populations: {
      L23E: { n_neurons: 10, rate_mean_hz: 1.234, rate_std_hz: 0.5, frac_silent: 0.1, cv_isi: { mean: NaN }, corr_2ms: { mean: 0.0123 } },
    },
  },
  spikeTotals: [4000, 1000],
} as unknown as RunDetail;

describe('run detail', () => {
  it('lists timings, machine, engine version, seed and threads', () => {
    const facts = Object.fromEntries(summaryFacts(detail).map((f) => [f.key, f.value]));
    expect(facts.seed).toBe('55');
    expect(facts.threads).toBe('2');
    expect(facts.engine).toBe('microcircuit-engine 0.1.0');
    expect(facts.timings).toBe('0.5 s · 0.2 s · 1.2 s');
    expect(facts.machine).toMatch(/^EPYC, 2 cores, 8\.00 GiB/);
    expect(facts.window).toBe('50 ms – 250 ms');
  });

  it('per-population rows show what is known, dashes for NaN or missing statistics', () => {
    const [e, i] = populationRows(detail);
    expect(e).toMatchObject({ label: 'L2/3E', rate: '1.23 ± 0.50', silent: '10.0 %', cv: '–', corr: '0.012' });
    expect(i).toMatchObject({ label: 'L2/3I', neurons: '3', rate: '–' });
  });

  it('the population table says what counts, with the rules of the registry', () => {
    expect(populationTableNote()).toBe(
      'Mean ± SD of the per-neuron rates (every neuron, silent ones as 0); mean CV ISI (only neurons with ≥ 3 spikes in the window); ' +
        'mean spike-count correlation (200 neurons sampled, 2 ms bins (counted from the window start, a last partial bin dropped), pairs with a silent neuron dropped).',
    );
  });

  it('one box-plot row per population', () => {
    const pop = { name: 'L4E', distributions: { rates: new Float64Array(), cv_isi: new Float64Array([1]), corr_2ms: new Float64Array() }, scalars: { rate_mean: NaN, peak_freq: NaN, peak_power: NaN } };
    const rows = distributionRows([pop], 'cv_isi');
    expect(rows[0]!.name).toBe('L4E');
    expect(Array.from(rows[0]!.values)).toEqual([1]);
  });
});
