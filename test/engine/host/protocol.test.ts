/** The host protocol's validators: what each end accepts, and what it refuses with a reason. */
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../../engine/params/presets.ts';
import {
  MAX_SPIKES_PER_MESSAGE,
  MAX_TEXT_LENGTH,
  PROTOCOL_VERSION,
  isHostMessage,
  isParentMessage,
  parseHostMessage,
  parseParentMessage,
} from '../../../engine/host/protocol.ts';

const problem = (r: { ok: boolean; problem?: string }) => (r.ok ? null : r.problem);

describe('parent -> host messages', () => {
  it('accepts start and cancel', () => {
    expect(isParentMessage({ type: 'start', runId: 3, params: defaultParams() })).toBe(true);
    expect(isParentMessage({ type: 'cancel', reason: 'cancelled by the user' })).toBe(true);
  });

  it.each([
    ['not an object', 42, /must be an object with a type, got 42/],
    ['null', null, /got null/],
    ['an array', [1], /got an array/],
    ['an unknown type', { type: 'launch' }, /unknown message type "launch": allowed are start, cancel/],
    ['no type', {}, /unknown message type undefined/],
    ['start without runId', { type: 'start', params: {} }, /start.runId = \(missing\): must be a positive integer/],
    ['start with runId 0', { type: 'start', runId: 0, params: {} }, /start.runId = 0/],
    ['start with a fractional runId', { type: 'start', runId: 1.5, params: {} }, /start.runId = 1.5/],
    ['start with params a string', { type: 'start', runId: 1, params: 'default' }, /start.params = "default": must be the parameter set/],
    ['cancel without reason', { type: 'cancel' }, /cancel.reason = \(missing\)/],
    ['cancel with a blank reason', { type: 'cancel', reason: '  ' }, /cancel.reason/],
    ['cancel with a huge reason', { type: 'cancel', reason: 'x'.repeat(MAX_TEXT_LENGTH + 1) }, /at most 10000 characters/],
  ])('refuses %s', (_name, m, why) => {
    expect(problem(parseParentMessage(m))).toMatch(why);
  });
});

const summary = {
  populations: [{ name: 'L23E', firstId: 1, lastId: 10 }],
  rates_hz: [1],
  timings_s: { build: 0.1, presim: 0.1, sim: 0.2 },
  num_neurons: 10,
  num_synapses: 20,
  num_spikes: 3,
  threads: 1,
  seed: 55,
  engine_version: 'microcircuit-engine 0.1.0',
  peak_rss_bytes: 1e8,
  machine: { cpuModel: 'x', cores: 2, totalMemBytes: 1e9, os: 'linux', nodeVersion: 'v22' },
  spike_recorder_ids: [11],
  total_nest_nodes: 11,
  resolution_ms: 0.1,
};

const spikes = (n: number) => ({
  type: 'spikes',
  runId: 1,
  chunk: { fromStep: 0, toStep: 500, senders: new Uint32Array(n).fill(1), steps: new Uint32Array(n).fill(10) },
});

describe('host -> parent messages', () => {
  it('accepts each message type', () => {
    const ok = [
      { type: 'ready', protocol: PROTOCOL_VERSION, pid: 123, engineName: 'e', engineVersion: '1' },
      {
        type: 'progress',
        runId: 1,
        progress: { phase: 'sim', phaseFraction: 0.5, tModelMs: 10, tTotalMs: 20, wallS: 1, spikesSoFar: 5, realTimeFactor: NaN, recentRatesHz: [1, 2] },
      },
      spikes(10),
      { type: 'voltage', runId: 1, chunk: { steps: new Uint32Array([10, 20]), senders: new Uint32Array([1, 2, 3]), vMv: new Float32Array(6) } },
      { type: 'log', runId: null, level: 'info', line: 'hello' },
      { type: 'done', runId: 1, outcome: { params: defaultParams(), summary } },
      { type: 'failed', runId: 1, kind: 'invalid-params', reason: 'bad', issues: [{ path: 'net.N_scaling', value: -1, message: 'must be > 0' }] },
      { type: 'failed', runId: null, kind: 'bad-message', reason: 'bad' },
      { type: 'cancelled', runId: 1, reason: 'user' },
    ];
    for (const m of ok) expect(problem(parseHostMessage(m)), m.type).toBeNull();
  });

  it.each([
    ['a ready of another protocol version', { type: 'ready', protocol: 99, pid: 1, engineName: 'e', engineVersion: '1' }, /ready.protocol = 99/],
    ['progress with an unknown phase', { type: 'progress', runId: 1, progress: { phase: 'warming' } }, /progress.phase = "warming"/],
    ['spikes as plain arrays', { type: 'spikes', runId: 1, chunk: { fromStep: 0, toStep: 1, senders: [1], steps: [1] } }, /chunk.senders = an array: must be a Uint32Array/],
    [
      'spikes with lengths that differ',
      { type: 'spikes', runId: 1, chunk: { fromStep: 0, toStep: 1, senders: new Uint32Array(2), steps: new Uint32Array(1) } },
      /2 senders but 1 steps/,
    ],
    ['a spike chunk over the message bound', spikes(MAX_SPIKES_PER_MESSAGE + 1), /at most 65536 per message/],
    [
      'a chunk that ends before it starts',
      { type: 'spikes', runId: 1, chunk: { fromStep: 9, toStep: 1, senders: new Uint32Array(0), steps: new Uint32Array(0) } },
      /ends \(step 1\) before it starts \(step 9\)/,
    ],
    [
      'voltage with the wrong number of values',
      { type: 'voltage', runId: 1, chunk: { steps: new Uint32Array(2), senders: new Uint32Array(3), vMv: new Float32Array(5) } },
      /5 values for 2 samples x 3 neurons/,
    ],
    ['done without num_spikes', { type: 'done', runId: 1, outcome: { params: {}, summary: { ...summary, num_spikes: undefined } } }, /outcome.summary.num_spikes/],
    ['failed of an unknown kind', { type: 'failed', runId: 1, kind: 'oops', reason: 'x' }, /failed.kind = "oops"/],
    ['cancelled without a run id', { type: 'cancelled', reason: 'x' }, /cancelled.runId = \(missing\)/],
    ['an unknown type', { type: 'hello' }, /unknown message type "hello"/],
  ])('refuses %s', (_name, m, why) => {
    expect(problem(parseHostMessage(m))).toMatch(why);
  });

  it("keeps typed arrays through Node's 'advanced' serialization", () => {
    const m = deserialize(serialize(spikes(5))) as unknown;
    expect(isHostMessage(m)).toBe(true);
    expect((m as ReturnType<typeof spikes>).chunk.senders).toBeInstanceOf(Uint32Array);
  });
});
