import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { presetParams } from '../../../engine/params/presets.ts';
import { StudioClient } from '../../lib/client.ts';
import { LiveRun } from '../../lib/live-run.svelte.ts';
import { record } from '../../lib/test-fixtures.ts';
import { FakeTransport } from '../../test-support/fake-transport.ts';
import LiveActivity from './LiveActivity.svelte';

describe('LiveActivity', () => {
  it('waits for spikes, then shows a panel per population; the bin width is chosen here; a thinned feed says so', async () => {
    let frame: (() => void) | null = null;
    const live = new LiveRun(new StudioClient(new FakeTransport({ 'runs.start': () => ({ ok: true, value: record(5, 'running') }) })), (fn) => (frame = fn));
    await live.start(presetParams('default'), 'x');
    const pops = record(5, 'running').populations;
    render(LiveActivity, { live, populations: pops });
    expect(screen.getByTestId('live-activity').textContent).toMatch(/appears once the network simulates/);
    live.handle({ type: 'run.spikes', runId: 5, preview: { fromStep: 0, toStep: 200, senders: Uint32Array.from([1, 101, 201]), steps: Uint32Array.from([10, 20, 30]), stride: 4, totalSpikes: 12 } });
    (frame as unknown as () => void)();
    await screen.findByTestId('live-activity-panels');
    expect(screen.getAllByTestId('series-panel')).toHaveLength(8);
    expect(screen.getByTestId('live-activity').textContent).toMatch(/Estimated from every 4th neuron/);
    await fireEvent.change(screen.getByTestId('live-activity-bin'), { target: { value: '5' } });
    expect(live.activityBinMs).toBe(5);
    expect(live.activity!.binMs).toBe(5);
  });
});
