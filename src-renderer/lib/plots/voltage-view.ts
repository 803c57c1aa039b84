/**
 * The membrane potentials on the page: the traces of the chosen neurons as one panel per
 * population (one curve per neuron, named by its NEST id), the distribution of V per population
 * (fraction of samples per bin), the neurons a user types (NEST ids, checked against the run's
 * populations and the request's bound), and what to do when the voltmeter was not recorded. Pure.
 */
import { MAX_VOLTAGE_NEURONS } from '../../../src-main/common/limits.ts';
import type { RunVoltages, VoltageDistributions } from '../../../src-main/contract.ts';
import { groupByLayer, isExcitatory, populationColor, populationLabel } from './populations.ts';
import type { PanelCurve, SeriesPanel } from './series-sets.ts';

/** Colours of the 2nd, 3rd, … neuron of a panel (the 1st takes the population's colour). */
export const TRACE_SHADES = ['#1f77b4', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'] as const;

function place(names: readonly string[]): (name: string) => { row: number; col: number } {
  const layers = groupByLayer(names.map((name) => ({ name })));
  return (name) => ({ row: layers.findIndex((l) => l.members.some((m) => m.name === name)), col: isExcitatory(name) ? 0 : 1 });
}

/** One panel per population with a trace per chosen neuron, over time (ms). */
export function voltagePanels(v: RunVoltages): SeriesPanel[] {
  const x = Float64Array.from(v.steps, (s) => s * v.resolutionMs);
  const at = place(v.populations.map((p) => p.name));
  return v.populations
    .filter((p) => p.senders.length > 0)
    .map((p) => {
      const k = p.senders.length;
      const curves: PanelCurve[] = Array.from(p.senders, (id, j) => ({
        set: j,
        label: `neuron ${id}`,
        color: j === 0 ? populationColor(p.name) : TRACE_SHADES[(j - 1) % TRACE_SHADES.length],
        x,
        y: Float64Array.from({ length: x.length }, (_, s) => p.vMv[s * k + j]),
      }));
      return { population: p.name, title: populationLabel(p.name), note: `${k} of ${p.recorded} recorded`, ...at(p.name), curves };
    });
}

/** One panel per population: the fraction of V samples in each bin, at the bins' centres (mV). */
export function voltageDistributionPanels(d: VoltageDistributions): SeriesPanel[] {
  const at = place(d.populations.map((p) => p.name));
  return d.populations.map((p) => {
    const h = p.histogram;
    const n = h.counts.reduce((a, c) => a + c, 0);
    const x = Float64Array.from({ length: h.counts.length }, (_, k) => h.loMv + (k + 0.5) * h.binMv);
    const y = Float64Array.from(h.counts, (c) => (n > 0 ? c / n : 0));
    const used = p.neuronStride > 1 ? `${p.neuronsUsed} of ${p.neuronsRecorded} neurons` : `${p.neuronsRecorded} neurons`;
    return {
      population: p.name,
      title: populationLabel(p.name),
      note: `median ${Number.isFinite(p.box.median) ? p.box.median.toFixed(1) : '–'} mV · ${used}`,
      ...at(p.name),
      curves: [{ set: 0, label: p.name, color: populationColor(p.name), x, y }],
    };
  });
}

export type ParsedNeurons = { ok: true; ids: number[] } | { ok: false; error: string };

/**
 * Node ids typed by a user ("12, 480 3001"): whole numbers within the run's populations, at most
 * MAX_VOLTAGE_NEURONS; empty text means "a few of each population".
 */
export function parseNeuronIds(text: string, populations: readonly { name: string; firstId: number; lastId: number }[]): ParsedNeurons {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  if (parts.length === 0) return { ok: true, ids: [] };
  const first = populations[0]?.firstId ?? 1;
  const last = populations[populations.length - 1]?.lastId ?? 1;
  const ids: number[] = [];
  for (const p of parts) {
    const n = Number(p);
    if (!/^\d+$/.test(p) || !Number.isSafeInteger(n) || n < first || n > last) {
      return { ok: false, error: `Neurons: got “${p}”, allowed: NEST ids of this run's neurons, whole numbers from ${first} to ${last}` };
    }
    if (!ids.includes(n)) ids.push(n);
  }
  if (ids.length > MAX_VOLTAGE_NEURONS) return { ok: false, error: `Neurons: got ${ids.length}, allowed: at most ${MAX_VOLTAGE_NEURONS}` };
  return { ok: true, ids: ids.sort((a, b) => a - b) };
}

/** How to record the membrane potential, for a run that did not. */
export const RECORD_VOLTAGE_HINT =
  'This run did not record membrane potentials. To record them, tick “voltmeter” under Recording → Devices in the parameter editor ' +
  '(sim.rec_dev includes "voltmeter"; the voltmeter samples every neuron every sim.rec_V_int ms, 1 ms by default) and run again.';
