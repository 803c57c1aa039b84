import { describe, expect, it } from 'vitest';
import type { RunVoltages, VoltageDistributions } from '../../../src-main/contract.ts';
import { EXC_COLOR, INH_COLOR } from './populations.ts';
import { parseNeuronIds, RECORD_VOLTAGE_HINT, TRACE_SHADES, voltageDistributionPanels, voltagePanels } from './voltage-view.ts';

const pops = [
  { name: 'L23E', firstId: 1, lastId: 80 },
  { name: 'L23I', firstId: 81, lastId: 100 },
];

describe('membrane potentials on the page', () => {
  it('a panel per population, a trace per neuron named by its NEST id, time from the sample steps', () => {
    const v: RunVoltages = {
      id: 1,
      window: { t0Ms: 100, t1Ms: 102 },
      resolutionMs: 0.1,
      steps: Uint32Array.from([1000, 1010, 1020]),
      populations: [
        // row-major [sample][neuron]: neurons 3 and 40
        { name: 'L23E', recorded: 80, senders: Uint32Array.from([3, 40]), vMv: Float32Array.from([-65, -60, -64, -59, -63, -58]) },
        { name: 'L23I', recorded: 20, senders: Uint32Array.from([90]), vMv: Float32Array.from([-70, -69, -68]) },
        { name: 'L4E', recorded: 0, senders: new Uint32Array(0), vMv: new Float32Array(0) },
      ],
    };
    const panels = voltagePanels(v);
    expect(panels.map((p) => [p.title, p.row, p.col, p.note])).toEqual([
      ['L2/3E', 0, 0, '2 of 80 recorded'],
      ['L2/3I', 0, 1, '1 of 20 recorded'],
    ]);
    expect(Array.from(panels[0]!.curves[0]!.x)).toEqual([100, 101, 102]);
    expect(panels[0]!.curves.map((c) => [c.label, c.color, Array.from(c.y)])).toEqual([
      ['neuron 3', EXC_COLOR, [-65, -64, -63]],
      ['neuron 40', TRACE_SHADES[0], [-60, -59, -58]],
    ]);
    expect(panels[1]!.curves[0]!.color).toBe(INH_COLOR);
  });

  it('the distribution of V: the fraction of samples at each bin centre, the median and how many neurons beside the title', () => {
    const d: VoltageDistributions = {
      id: 1,
      window: { t0Ms: 0, t1Ms: 10 },
      binMv: 0.5,
      rule: 'every sample',
      populations: [
        {
          name: 'L23E',
          neuronsRecorded: 80,
          neuronsUsed: 40,
          neuronStride: 2,
          samples: 10,
          box: { n: 4, mean: -60, median: -60.25, q1: -61, q3: -59, iqr: 2, whiskerLow: -62, whiskerHigh: -58, outliers: new Float64Array(0), outlierCount: 0, notchLow: 0, notchHigh: 0 },
          histogram: { loMv: -61, binMv: 0.5, counts: Uint32Array.from([1, 3, 0, 4]) },
        },
      ],
    } as unknown as VoltageDistributions;
    const [p] = voltageDistributionPanels(d);
    expect(p!.note).toBe('median -60.3 mV · 40 of 80 neurons');
    expect(Array.from(p!.curves[0]!.x)).toEqual([-60.75, -60.25, -59.75, -59.25]);
    expect(Array.from(p!.curves[0]!.y)).toEqual([0.125, 0.375, 0, 0.5]);
  });

  it('neurons typed by NEST id: separated by commas or spaces, within the run, each once; none means a few per population', () => {
    expect(parseNeuronIds('', pops)).toEqual({ ok: true, ids: [] });
    expect(parseNeuronIds(' 12, 90 3;12 ', pops)).toEqual({ ok: true, ids: [3, 12, 90] });
    expect(parseNeuronIds('12, x', pops)).toEqual({ ok: false, error: "Neurons: got “x”, allowed: NEST ids of this run's neurons, whole numbers from 1 to 100" });
    expect(parseNeuronIds('101', pops).ok).toBe(false);
    expect(parseNeuronIds('1.5', pops).ok).toBe(false);
    expect(RECORD_VOLTAGE_HINT).toMatch(/sim\.rec_dev includes "voltmeter"/);
  });
});
