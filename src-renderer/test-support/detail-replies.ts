/**
 * Replies of the run detail's requests for renderer specs, shaped as the services send them, for
 * run 4 (the test fixture's record: 8 populations of 100 neurons, 0.1 ms resolution, analysis
 * window (500, 1500] ms). Values are small and made up; the specs check what the page does with them.
 */
import { presetParams } from '../../engine/params/presets.ts';
import type { Envelope } from '../../src-main/contract.ts';
import { record } from '../lib/test-fixtures.ts';
import { FakeTransport, type FakeAnswer } from './fake-transport.ts';

export const NAMES = ['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I'];
const window = { t0Ms: 500, t1Ms: 1500 };
const ok = (value: unknown): Envelope<unknown> => ({ ok: true, value });

export function detailTransport(o: { hasVoltage?: boolean; extra?: Record<string, FakeAnswer> } = {}): FakeTransport {
  const params = presetParams('default');
  const times = Float64Array.from({ length: 10 }, (_, k) => 500 + k * 100 + 50);
  return new FakeTransport({
    'runs.get': () => ok({ record: record(4, 'completed', { name: 'baseline', hasVoltage: o.hasVoltage ?? false }), params, window, summary: null, stats: null, spikeTotals: [] }),
    'runs.spikes': () => ok({ senders: Uint32Array.from([1, 150]), steps: Uint32Array.from([5001, 5002]), resolutionMs: 0.1, groups: [] }),
    'runs.counts': () => ok({ durationS: 1, populations: [{ pop: 0, name: 'L23E', firstId: 1, counts: new Uint32Array([1, 2, 0]) }] }),
    'runs.activity': (p) => {
      const q = p as { t0Ms?: number; t1Ms?: number; binMs?: number };
      return ok({
        id: 4,
        window: { t0Ms: q.t0Ms ?? 500, t1Ms: q.t1Ms ?? 1500 },
        binMs: q.binMs ?? 1,
        rule: `${q.binMs ?? 1} ms bins from the window start (a last partial bin dropped), per neuron`,
        timesMs: times,
        populations: NAMES.map((name, i) => ({ name, nNeurons: 100, ratesHz: Float64Array.from(times, (_, k) => i + k) })),
      });
    },
    'runs.spectrum': () =>
      ok({
        id: 4,
        window,
        options: { binMs: 1, segmentMs: 256, overlap: 0.5, taper: 'hann', detrend: 'constant', peakBandHz: { minHz: 1, maxHz: 300 } },
        rule: 'Welch: activity in 1 ms bins, 256 ms hann segments overlapping 50 %, mean removed; peak searched in 1–300 Hz',
        frequenciesHz: Float64Array.from([0, 3.90625, 82.03125, 160]),
        segments: 6,
        segmentLength: 256,
        overlapLength: 128,
        resolutionHz: 3.90625,
        populations: NAMES.map((name) => ({ name, psd: Float64Array.from([1, 0.1, 2, 0.01]), peakHz: 82.03125, peakPower: 2 })),
      }),
    'runs.voltages': (p) => {
      const neurons = (p as { neurons?: number[] }).neurons ?? [3, 120];
      return ok({
        id: 4,
        window: { t0Ms: 500, t1Ms: 1500 },
        resolutionMs: 0.1,
        steps: Uint32Array.from([5000, 5010, 5020]),
        populations: NAMES.map((name, i) => {
          const ids = neurons.filter((n) => n > i * 100 && n <= (i + 1) * 100);
          return { name, recorded: 100, senders: Uint32Array.from(ids), vMv: Float32Array.from({ length: 3 * ids.length }, (_, k) => -65 + k) };
        }),
      });
    },
    'runs.voltageDistribution': () =>
      ok({
        id: 4,
        window,
        binMv: 0.5,
        rule: 'every sample of the recorded neurons in (500, 1500] ms',
        populations: NAMES.map((name) => ({
          name,
          neuronsRecorded: 100,
          neuronsUsed: 100,
          neuronStride: 1,
          samples: 1000,
          box: { n: 3, mean: -60, median: -60, q1: -61, q3: -59, iqr: 2, whiskerLow: -62, whiskerHigh: -58, outliers: new Float64Array(0), outlierCount: 0, notchLow: 0, notchHigh: 0 },
          histogram: { loMv: -62, binMv: 0.5, counts: Uint32Array.from([1, 4, 2]) },
        })),
      }),
    'runs.distributions': () =>
      ok({
        id: 4,
        window,
        populations: NAMES.map((name, i) => ({
          name,
          distributions: { rates: Float64Array.from([1, 2, 3]), cv_isi: Float64Array.from([0.8, 0.9]), corr_2ms: Float64Array.from(i === 5 ? [0.01, 1, 1, 0.2] : [0.01, 0.02, 0.2]) },
          scalars: { rate_mean: 2, peak_freq: 82, peak_power: 2 },
        })),
      }),
    ...o.extra,
  });
}
