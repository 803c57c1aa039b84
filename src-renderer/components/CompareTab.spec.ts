import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { presetParams } from '../../engine/params/presets.ts';
import { StudioClient } from '../lib/client.ts';
import { CompareState } from '../lib/compare.svelte.ts';
import { HistoryState } from '../lib/history.svelte.ts';
import { listItem } from '../lib/test-fixtures.ts';
import { FakeTransport } from '../test-support/fake-transport.ts';
import CompareTab from './CompareTab.svelte';

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
          pairs: [{ a: [1], b: [3], comparison: { rows: [{ population: 'L23E', statistic: 'rates', d: 0.03, threshold: 0.07, nOurs: 2, nReference: 2, verdict: 'pass', text: 'L23E rates agree' }], pass: true, problems: [] }, verdict: 'agree', summary: 's', paramDiffs: [] }],
          yardstick: { source: 'NEST', applies: false },
          caveats: ['The yardstick was measured at N_scaling 0.1.'],
          verdict: 'Runs 1 and 3 agree',
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
