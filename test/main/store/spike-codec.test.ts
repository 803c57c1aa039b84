import { describe, expect, it } from 'vitest';
import { RunStoreError } from '../../../src-main/store/errors.ts';
import { decodeSpikes, encodeSpikes, offsetBits, strideMask, type SpikeSink } from '../../../src-main/store/spike-codec.ts';
import { chunksFromUnsorted, sortWithinSteps, splitChunkByPopulation } from '../../../src-main/store/spike-split.ts';
import { concatChunks, pd14Populations, syntheticChunks } from './synthetic.ts';
import { seededRandom } from '../../../src-renderer/lib/plots/test-support/pd14-synthetic.ts';

function sinkFor(n: number): SpikeSink {
  return { senders: new Uint32Array(n), steps: new Uint32Array(n), length: 0 };
}

function roundTrip(steps: number[], offsets: number[], popSize: number, firstId = 1): void {
  const s = Uint32Array.from(steps);
  const o = Uint32Array.from(offsets);
  const blob = encodeSpikes(s, o, popSize);
  const sink = sinkFor(steps.length);
  const last = decodeSpikes(blob, steps.length, steps[0] ?? 0, popSize, firstId, sink);
  expect(sink.length).toBe(steps.length);
  expect(Array.from(sink.steps)).toEqual(steps);
  expect(Array.from(sink.senders)).toEqual(offsets.map((x) => x + firstId));
  if (steps.length > 0) expect(last).toBe(steps[steps.length - 1]);
}

/** Random canonical data: non-decreasing steps with the given mean gap, offsets sorted within a step. */
function randomSpikes(n: number, popSize: number, meanGap: number, seed: number): { steps: number[]; offsets: number[] } {
  const r = seededRandom(seed);
  const steps: number[] = [];
  const offsets: number[] = [];
  let step = Math.floor(r() * 1000);
  for (let i = 0; i < n; i++) {
    step += Math.floor(-Math.log(1 - r()) * meanGap);
    steps.push(step);
    offsets.push(Math.floor(r() * popSize));
  }
  const s = Uint32Array.from(steps);
  const o = Uint32Array.from(offsets);
  sortWithinSteps(s, o);
  return { steps: Array.from(s), offsets: Array.from(o) };
}

describe('spike codec', () => {
  it('round-trips dense, sparse and edge-case data exactly', () => {
    roundTrip([], [], 10);
    roundTrip([5], [0], 1);
    roundTrip([5, 5, 5, 6], [0, 0, 0, 0], 1); // a population of one neuron: 0-bit offsets
    roundTrip([0, 0xffffffff], [3, 4], 5); // the largest step delta
    roundTrip([7, 7, 7], [0, 1, 21914], 21915);
    roundTrip([1, 2, 3], [0xffffff, 0, 0x1000000], 0x1000001); // offsets wider than 24 bits
    roundTrip([1, 2, 3], [0xfffffffe, 0, 5], 0xffffffff); // 32-bit offsets
    for (const [gap, size, seed] of [
      [0.05, 21915, 1],
      [0.5, 20683, 2],
      [30, 1065, 3],
      [5000, 100, 4],
      [1e6, 2 ** 20, 5],
    ]) {
      const { steps, offsets } = randomSpikes(3000, size, gap, seed);
      roundTrip(steps, offsets, size, 1 + seed * 1000);
    }
  });

  it('keeps only the window and the stride-th neurons, stopping past the window', () => {
    const { steps, offsets } = randomSpikes(5000, 1000, 0.7, 9);
    const blob = encodeSpikes(Uint32Array.from(steps), Uint32Array.from(offsets), 1000);
    const from = steps[1200];
    const to = steps[3100];
    const sink = sinkFor(5000);
    decodeSpikes(blob, 5000, steps[0], 1000, 101, sink, { fromStep: from, toStep: to, keep: strideMask(1000, 7) });
    const expected = steps.flatMap((s, i) => (s >= from && s <= to && offsets[i] % 7 === 0 ? [[s, offsets[i] + 101]] : []));
    expect(sink.length).toBe(expected.length);
    expect(Array.from(sink.steps.subarray(0, sink.length))).toEqual(expected.map((e) => e[0]));
    expect(Array.from(sink.senders.subarray(0, sink.length))).toEqual(expected.map((e) => e[1]));
  });

  it('refuses data out of canonical order or outside the population', () => {
    expect(() => encodeSpikes(Uint32Array.of(5, 4), Uint32Array.of(0, 0), 3)).toThrow(/decrease/);
    expect(() => encodeSpikes(Uint32Array.of(5, 5), Uint32Array.of(2, 1), 3)).toThrow(/ascending/);
    expect(() => encodeSpikes(Uint32Array.of(5), Uint32Array.of(3), 3)).toThrow(/outside/);
  });

  it('detects damaged chunks instead of returning wrong spikes', () => {
    const { steps, offsets } = randomSpikes(400, 5000, 2, 11);
    const blob = encodeSpikes(Uint32Array.from(steps), Uint32Array.from(offsets), 5000);
    const decode = (data: Uint8Array, count = 400, size = 5000): void => {
      decodeSpikes(data, count, steps[0], size, 1, sinkFor(count + 10));
    };
    expect(() => decode(blob.subarray(0, 3))).toThrow(RunStoreError);
    expect(() => decode(blob.subarray(0, blob.length - 2))).toThrow(/ends before/);
    expect(() => decode(Uint8Array.from([...blob, 0, 0]))).toThrow(/trailing/);
    expect(() => decode(blob, 401)).toThrow(/ends before/);
    expect(() => decode(blob, 399)).toThrow(/trailing|padding/);
    expect(() => decode(blob, 400, 70000)).toThrow(/width/);
    const badCodec = blob.slice();
    badCodec[0] = 9;
    expect(() => decode(badCodec)).toThrow(/codec/);
    // flipping bits anywhere either throws or still decodes only in-range spikes (never out of bounds)
    const r = seededRandom(5);
    for (let k = 0; k < 200; k++) {
      const bad = blob.slice();
      const i = 4 + Math.floor(r() * (bad.length - 4));
      bad[i] ^= 1 << Math.floor(r() * 8);
      const sink = sinkFor(410);
      try {
        decodeSpikes(bad, 400, steps[0], 5000, 1, sink);
      } catch (e) {
        expect(e).toBeInstanceOf(RunStoreError);
        continue;
      }
      expect(Math.max(0, ...sink.senders.subarray(0, sink.length))).toBeLessThanOrEqual(5000);
    }
  });

  it('offset width is ceil(log2(size))', () => {
    expect([1, 2, 3, 4, 5, 21915, 2 ** 24, 2 ** 24 + 1].map(offsetBits)).toEqual([0, 1, 2, 2, 3, 15, 24, 25]);
  });

  it('stores full-scale PD14 Poisson spikes in at most 4 bytes per spike (measured: about 1.8)', () => {
    const pops = pd14Populations(1);
    const chunks = [...syntheticChunks({ populations: pops, durationMs: 1000, chunkMs: 1000, seed: 3 })];
    const all = concatChunks(chunks);
    const parts = splitChunkByPopulation({ fromStep: 0, toStep: 10000, ...all }, pops, 0);
    let bytes = 0;
    for (const p of parts) bytes += encodeSpikes(p.steps, p.offsets, pops[p.pop].lastId - pops[p.pop].firstId + 1).length;
    const perSpike = bytes / all.senders.length;
    expect(all.senders.length).toBeGreaterThan(240_000);
    expect(perSpike).toBeLessThan(2.0);
  });
});

describe('splitChunkByPopulation', () => {
  const pops = [
    { name: 'A', firstId: 1, lastId: 10 },
    { name: 'B', firstId: 11, lastId: 15 },
    { name: 'C', firstId: 20, lastId: 29 },
  ];

  it('splits by population and sorts senders within a step', () => {
    const parts = splitChunkByPopulation(
      { fromStep: 0, toStep: 10, senders: Uint32Array.of(12, 3, 1, 25, 11, 4), steps: Uint32Array.of(1, 1, 1, 2, 2, 3) },
      pops,
      0,
    );
    expect(parts.map((p) => [p.pop, Array.from(p.steps), Array.from(p.offsets)])).toEqual([
      [0, [1, 1, 3], [0, 2, 3]],
      [1, [1, 2], [1, 0]],
      [2, [2], [5]],
    ]);
  });

  it('refuses chunks that break the engine contract, naming the problem', () => {
    const chunk = (senders: number[], steps: number[], fromStep = 0, toStep = 10) => ({
      fromStep,
      toStep,
      senders: Uint32Array.from(senders),
      steps: Uint32Array.from(steps),
    });
    expect(() => splitChunkByPopulation(chunk([1, 2], [3]), pops, 0)).toThrow(/2 senders but 1 steps/);
    expect(() => splitChunkByPopulation(chunk([1, 2], [3, 2]), pops, 0)).toThrow(/not time-ordered/);
    expect(() => splitChunkByPopulation(chunk([17], [3]), pops, 0)).toThrow(/sender 17 .* no population/);
    expect(() => splitChunkByPopulation(chunk([1], [11]), pops, 0)).toThrow(/outside \(0, 10\]/);
    expect(() => splitChunkByPopulation(chunk([1], [0]), pops, 0)).toThrow(/outside/);
    expect(() => splitChunkByPopulation(chunk([1], [6], 5, 10), pops, 8)).toThrow(/before the end of the previous chunk/);
    expect(() =>
      splitChunkByPopulation({ fromStep: 0, toStep: 5, senders: [1] as unknown as Uint32Array, steps: Uint32Array.of(1) }, pops, 0),
    ).toThrow(/Uint32Array/);
  });
});

describe('chunksFromUnsorted', () => {
  it('turns spikes in any order into time-ordered chunks the store accepts', () => {
    const pops = pd14Populations(0.1);
    const chunks = [...syntheticChunks({ populations: pops, durationMs: 30, chunkMs: 30, seed: 4 })];
    const { senders, steps } = concatChunks(chunks);
    const r = seededRandom(8);
    const perm = Array.from(senders.keys()).sort(() => r() - 0.5);
    const shuffled = { senders: Uint32Array.from(perm, (i) => senders[i]), steps: Uint32Array.from(perm, (i) => steps[i]) };
    const out = chunksFromUnsorted(shuffled.senders, shuffled.steps, 70);
    let after = 0;
    let n = 0;
    for (const c of out) {
      expect(c.toStep - c.fromStep).toBe(70);
      splitChunkByPopulation(c, pops, after); // throws on any contract breach
      after = c.toStep;
      n += c.senders.length;
    }
    expect(n).toBe(senders.length);
    expect(() => chunksFromUnsorted(Uint32Array.of(1), Uint32Array.of(0))).toThrow(/steps start at 1/);
  });
});
