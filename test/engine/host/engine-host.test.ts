/** The host's logic without a process: message validation, one run per host, bounded chunks, how each end is reported. */
import { describe, expect, it } from 'vitest';
import { CancelledError, type RunOutcome } from '../../../engine/api.ts';
import { EngineHost, type RunFn } from '../../../engine/host/engine-host.ts';
import { MAX_SPIKES_PER_MESSAGE, PROTOCOL_VERSION, isHostMessage, type HostMessage } from '../../../engine/host/protocol.ts';
import { composeParams } from '../../../engine/params/merge.ts';
import { defaultParams } from '../../../engine/params/presets.ts';

function hostWith(run?: RunFn) {
  const sent: HostMessage[] = [];
  const host = new EngineHost({ post: (m) => sent.push(m), run, pid: 4242 });
  return { host, sent, types: () => sent.map((m) => m.type) };
}

const fakeOutcome = (): RunOutcome => ({ params: defaultParams(), summary: {} as RunOutcome['summary'] });

/** A run that waits until it is cancelled. */
const untilCancelled: RunFn = (_p, o) =>
  new Promise((_resolve, reject) => o.signal!.addEventListener('abort', () => reject(new CancelledError(String(o.signal!.reason)))));

describe('EngineHost', () => {
  it("announces itself with 'ready'", () => {
    const { host, sent } = hostWith();
    host.announce();
    expect(sent).toEqual([{ type: 'ready', protocol: PROTOCOL_VERSION, pid: 4242, engineName: 'microcircuit-engine', engineVersion: expect.any(String) }]);
  });

  it('forwards progress, log and spikes (split into bounded messages), then done', async () => {
    const n = 2 * MAX_SPIKES_PER_MESSAGE + 10;
    const run: RunFn = async (_p, o) => {
      o.onProgress?.({ phase: 'building', phaseFraction: 0.5, tModelMs: 0, tTotalMs: 100, wallS: 0.1, spikesSoFar: 0, realTimeFactor: NaN, recentRatesHz: [] });
      o.onLog?.('network: 10 neurons');
      const steps = Uint32Array.from({ length: n }, (_, i) => 1 + Math.floor(i / 1000));
      o.onSpikes?.({ fromStep: 0, toStep: 500, senders: new Uint32Array(n).fill(3), steps });
      return fakeOutcome();
    };
    const { host, sent, types } = hostWith(run);
    host.receive({ type: 'start', runId: 7, params: defaultParams() });
    await host.ended;
    expect(types()).toEqual(['progress', 'log', 'spikes', 'spikes', 'spikes', 'done']);
    const chunks = sent.flatMap((m) => (m.type === 'spikes' ? [m.chunk] : []));
    expect(chunks.reduce((a, c) => a + c.senders.length, 0)).toBe(n);
    expect(chunks.every((c) => c.senders.length <= MAX_SPIKES_PER_MESSAGE)).toBe(true);
    expect(sent.every((m) => !('runId' in m) || m.runId === 7)).toBe(true);
  });

  it.each([
    ['a string', 'start'],
    ['an unknown type', { type: 'explode' }],
    ['a start without params', { type: 'start', runId: 1 }],
    ['a cancel with a number as reason', { type: 'cancel', reason: 5 }],
  ])("answers garbage (%s) with 'failed' of kind bad-message and goes on", async (_name, garbage) => {
    const { host, sent } = hostWith(async () => fakeOutcome());
    host.receive(garbage);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: 'failed', runId: null, kind: 'bad-message', reason: expect.stringMatching(/^message refused: /) });
    expect(isHostMessage(sent[0])).toBe(true);
    host.receive({ type: 'start', runId: 1, params: defaultParams() });
    await host.ended;
    expect(sent.at(-1)!.type).toBe('done');
  });

  it('refuses a second start: one run per host', async () => {
    const { host, sent } = hostWith(untilCancelled);
    host.receive({ type: 'start', runId: 1, params: defaultParams() });
    host.receive({ type: 'start', runId: 2, params: defaultParams() });
    expect(sent).toEqual([{ type: 'failed', runId: null, kind: 'bad-message', reason: expect.stringMatching(/already took run 1/) }]);
    host.receive({ type: 'cancel', reason: 'test over' });
    await host.ended;
  });

  it('reports invalid parameters with every issue (the real engine)', async () => {
    const { host, sent } = hostWith();
    const params = composeParams({ sets: ['net.N_scaling=-1', 'sim.t_sim=0'] });
    host.receive({ type: 'start', runId: 3, params });
    await host.ended;
    const last = sent.at(-1)!;
    expect(last).toMatchObject({ type: 'failed', runId: 3, kind: 'invalid-params' });
    expect(last.type === 'failed' && last.issues!.map((i) => i.path).sort()).toEqual(['net.N_scaling', 'sim.t_sim']);
    expect(isHostMessage(last)).toBe(true);
  });

  it('reports the memory guard (the real engine, a network far beyond any memory)', async () => {
    const { host, sent } = hostWith();
    host.receive({ type: 'start', runId: 3, params: composeParams({ sets: ['net.N_scaling=10', 'net.K_scaling=10'] }) });
    await host.ended;
    expect(sent.at(-1)).toMatchObject({ type: 'failed', runId: 3, kind: 'out-of-memory-guard', reason: expect.stringMatching(/not enough memory/) });
  });

  it('reports an engine error', async () => {
    const { host, sent } = hostWith(async () => {
      throw new Error('boom');
    });
    host.receive({ type: 'start', runId: 4, params: defaultParams() });
    await host.ended;
    expect(sent.at(-1)).toEqual({ type: 'failed', runId: 4, kind: 'engine-error', reason: 'the engine failed: boom' });
  });

  it('cancels the run through its AbortSignal, with the reason', async () => {
    const { host, sent } = hostWith(untilCancelled);
    host.receive({ type: 'start', runId: 5, params: defaultParams() });
    host.receive({ type: 'cancel', reason: 'cancelled by the user' });
    await host.ended;
    expect(sent).toEqual([{ type: 'cancelled', runId: 5, reason: 'cancelled by the user' }]);
  });

  it('ignores a cancel when no run is running, and anything the run says after its end', async () => {
    let late: (() => void) | null = null;
    const { host, sent, types } = hostWith(async (_p, o) => {
      late = () => o.onLog?.('too late');
      return fakeOutcome();
    });
    host.receive({ type: 'cancel', reason: 'early' });
    expect(sent[0]).toMatchObject({ type: 'log', level: 'warn', line: 'cancel ignored: no run is running' });
    host.receive({ type: 'start', runId: 6, params: defaultParams() });
    await host.ended;
    late!();
    expect(types()).toEqual(['log', 'done']);
  });

  it('reports a crash for the running run', () => {
    const { host, sent } = hostWith(untilCancelled);
    host.receive({ type: 'start', runId: 8, params: defaultParams() });
    host.crash(new Error('uncaught'));
    expect(sent).toEqual([{ type: 'failed', runId: 8, kind: 'crash', reason: expect.stringMatching(/^the engine process crashed: Error: uncaught/) }]);
  });
});
