import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { presetParams } from '../../engine/params/presets.ts';
import { StudioClient } from '../lib/client.ts';
import { CompareState } from '../lib/compare.svelte.ts';
import { HistoryState } from '../lib/history.svelte.ts';
import { listItem } from '../lib/test-fixtures.ts';
import { FakeTransport } from '../test-support/fake-transport.ts';
import CompareTab from './CompareTab.svelte';
import { ensemblePair } from './plots/test-support/ensembles.ts';

const ONE_SEED =
  'Runs 1 and 3: one seed each cannot separate seed noise from a real difference (runs of the very same configuration with different seeds differ too). Run each configuration with several seeds (5 or more) and compare the ensembles to judge them.';

const dist = (name: string) => ({
  name,
  distributions: { rates: new Float64Array([1, 2]), cv_isi: new Float64Array([0.8]), corr_2ms: new Float64Array([0.01]) },
  scalars: { rate_mean: 1.5 },
});

/** The Compare tab over `t`, the history loaded; its compare state. */
async function mountCompare(t: FakeTransport): Promise<CompareState> {
  const client = new StudioClient(t);
  const history = new HistoryState(client);
  const compare = new CompareState(client);
  await history.refresh();
  render(CompareTab, { compare, history });
  return compare;
}

describe('CompareTab', () => {
  it('picks completed runs (the first is the base) and shows the services’ comparison', async () => {
    const t = new FakeTransport({
      'runs.list': () => ({ ok: true, value: [listItem(3, 'completed', { name: 'seed 7' }), listItem(2, 'failed'), listItem(1, 'completed', { name: 'seed 55' })] }),
      'runs.compare': () => ({
        ok: true,
        value: {
          runs: [
            { id: 1, name: 'seed 55', window: { t0Ms: 50, t1Ms: 250 }, meanRatesHz: [1.5] },
            { id: 3, name: 'seed 7', window: { t0Ms: 50, t1Ms: 250 }, meanRatesHz: [1.6] },
          ],
          populations: ['L23E'],
          pairs: [{ a: [1], b: [3], comparison: { rows: [{ population: 'L23E', statistic: 'rates', d: 0.03, threshold: 0.07, nOurs: 2, nReference: 2, verdict: 'pass', text: 'L23E rates agree' }], pass: true, problems: [] }, verdict: 'undecided', standing: 'within', summary: ONE_SEED, paramDiffs: [] }],
          ensembles: [],
          groups: [[1], [3]],
          groupSummaries: [],
          yardstick: { source: 'NEST', applies: false },
          caveats: ['The yardstick was measured at N_scaling 0.1.'],
          verdict: ONE_SEED,
          nestMeanRateRangesHz: [null],
          details: [
            { id: 1, params: presetParams('default'), distributions: [dist('L23E')] },
            { id: 3, params: { ...presetParams('default'), sim: { ...presetParams('default').sim, rng_seed: 7 } }, distributions: [dist('L23E')] },
          ],
        },
      }),
    });
    const compare = await mountCompare(t);
    const picks = screen.getAllByTestId('compare-pick') as HTMLInputElement[];
    expect(picks.map((p) => p.dataset.runId)).toEqual(['3', '1']); // failed runs cannot be compared
    expect((screen.getByTestId('run-compare') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(picks[1]!);
    await fireEvent.click(picks[0]!);
    expect(compare.picked).toEqual([1, 3]);
    await fireEvent.click(screen.getByTestId('run-compare'));
    await waitFor(() => expect(screen.getByTestId('comparison')).toBeTruthy());
    expect(t.calls.find((c) => c.method === 'runs.compare')?.payload).toEqual({ ids: [1, 3] });
    expect(screen.getByTestId('compare-note').textContent).toMatch(/measured at N_scaling 0\.1/);
    expect(screen.getByTestId('comparison').textContent).toMatch(/sim\.rng_seed/);
    // Two single runs: the services' plain statement, not a verdict from the KS table.
    expect(screen.getByTestId('compare-verdict').textContent).toBe(ONE_SEED);
    expect(screen.getByTestId('compare-verdict').className).toMatch(/unknown/);
  });

  it('compares the ensembles picked in the History as groups and shows their verdict, the headline first', async () => {
    const pair = ensemblePair(3, 1.3);
    const t = new FakeTransport({
      'runs.list': () => ({ ok: true, value: [] }),
      'runs.compare': () => ({
        ok: true,
        value: {
          runs: [],
          groups: [pair.a, pair.b],
          populations: ['L23E', 'L5E'],
          nestMeanRateRangesHz: [null, null],
          pairs: [],
          ensembles: [pair],
          groupSummaries: [],
          yardstick: { source: 'NEST', applies: false },
          caveats: ['The runs are analysed over windows of different lengths (1000 ms, 500 ms).'],
          verdict: pair.result.headline,
          details: [],
        },
      }),
    });
    const client = new StudioClient(t);
    const history = new HistoryState(client);
    const compare = new CompareState(client);
    await history.refresh();
    compare.toggleEnsemble({ id: 7, name: 'shipped × 3', runIds: pair.a });
    render(CompareTab, { compare, history });
    const button = screen.getByTestId('run-compare-ensembles') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(screen.getByTestId('compare-ensembles-note').textContent).toMatch(/Pick a second ensemble/);
    compare.toggleEnsemble({ id: 8, name: 'g −4.5 × 3', runIds: pair.b });
    await waitFor(() => expect(button.disabled).toBe(false));
    await fireEvent.click(button);
    await waitFor(() => expect(screen.getByTestId('ensemble-comparison')).toBeTruthy());
    expect(t.calls.find((c) => c.method === 'runs.compare')?.payload).toEqual({ groups: [pair.a, pair.b] });
    expect(screen.getByTestId('ensemble-verdict').querySelector('h3')?.textContent).toMatch(/shipped × 3 \(3 runs\) vs B g −4\.5 × 3/);
    expect(screen.getByTestId('ensemble-headline').textContent).toBe(pair.result.headline);
    expect(screen.getByTestId('ensemble-caveat').textContent).toMatch(/windows of different lengths/);
    // Picking another ensemble marks the verdict as out of date.
    compare.toggleEnsemble({ id: 9, name: 'bg 8.5 × 3', runIds: [31, 32, 33] });
    await waitFor(() => expect(button.textContent).toMatch(/Compare ensembles again/));
  });

  it('an ensemble comparison the services refuse says why; too many runs are refused before asking', async () => {
    const t = new FakeTransport({
      'runs.list': () => ({ ok: true, value: [] }),
      'runs.compare': () => ({ ok: false, error: { code: 'conflict', message: 'run 12 (x) is failed: only completed runs can be compared' } }),
    });
    const client = new StudioClient(t);
    const compare = new CompareState(client);
    const history = new HistoryState(client);
    compare.toggleEnsemble({ id: 1, name: 'a', runIds: [11, 12] });
    compare.toggleEnsemble({ id: 2, name: 'b', runIds: [13, 14] });
    render(CompareTab, { compare, history });
    await fireEvent.click(screen.getByTestId('run-compare-ensembles'));
    await waitFor(() => expect(screen.getByTestId('compare-ensembles-error').textContent).toMatch(/^The ensembles could not be compared: runs\.compare: run 12 \(x\) is failed/));
    compare.toggleEnsemble({ id: 3, name: 'big', runIds: Array.from({ length: 70 }, (_, i) => 100 + i) });
    await waitFor(() => expect(screen.getByTestId('compare-ensembles-note').textContent).toMatch(/hold 74 runs; one comparison takes at most 64/));
    expect((screen.getByTestId('run-compare-ensembles') as HTMLButtonElement).disabled).toBe(true);
  });

  it('a comparison the services refuse says why', async () => {
    const t = new FakeTransport({
      'runs.list': () => ({ ok: true, value: [listItem(3, 'completed'), listItem(1, 'completed')] }),
      'runs.compare': () => ({ ok: false, error: { code: 'conflict', message: 'run 3 has populations A, run 1 has B' } }),
    });
    await mountCompare(t);
    for (const p of screen.getAllByTestId('compare-pick')) await fireEvent.click(p);
    await fireEvent.click(screen.getByTestId('run-compare'));
    await waitFor(() => expect(screen.getByTestId('compare-error').textContent).toBe('The runs could not be compared: runs.compare: run 3 has populations A, run 1 has B'));
  });
});
