/**
 * The delay queue (engine/sim/queue.ts) and its WebAssembly twin (engine/wasm/queue.ts): events
 * reach exactly the update their slot names, sums are exact integer sums, the pool grows without
 * losing events, and both queues hold the same events after the same appends.
 */
import { describe, expect, it } from 'vitest';
import { eventIndex, eventLevel, MAX_QUEUE_INPUTS, packEvent, QUEUE_CHUNK } from '../../engine/base/event-word.ts';
import { makePlan } from '../../engine/network/plan.ts';
import { composeParams } from '../../engine/params/merge.ts';
import { ParamValidationError, validateParams } from '../../engine/params/validate.ts';
import type { WasmKernels } from '../../engine/sim/kernels-wasm.ts';
import { Partition } from '../../engine/sim/partition.ts';
import { DelayQueue } from '../../engine/sim/queue.ts';
import { KernelArena } from '../../engine/wasm/arena.ts';
import { WasmQueue } from '../../engine/wasm/queue.ts';

describe('event words', () => {
  it('pack a 17-bit input index and a signed 15-bit level, and unpack them', () => {
    for (const i of [0, 1, 4095, 77168, MAX_QUEUE_INPUTS - 1]) {
      for (const l of [0, 1, -1, 16383, -16383, 2275, -9100]) {
        const x = packEvent(i, l);
        expect([eventIndex(x), eventLevel(x)]).toEqual([i, l]);
      }
    }
  });
});

describe('DelayQueue', () => {
  it('delivers each event at the update of its slot, summing levels exactly', () => {
    const slots = 8;
    const input = new Int32Array(5);
    const q = new DelayQueue(slots, input, 1);
    q.reserve(4);
    q.push(3, packEvent(2, 100));
    q.push(3, packEvent(2, -30));
    q.push(5, packEvent(4, 7));
    q.push(0, packEvent(0, 1));
    expect(q.pending()).toEqual([1, 0, 0, 2, 0, 1, 0, 0]);
    expect(q.drain(3)).toBe(2);
    expect(Array.from(input)).toEqual([0, 0, 70, 0, 0]);
    expect(q.drain(11)).toBe(0); // slot 3 again: already empty
    expect(q.drain(13)).toBe(1); // 13 mod 8 = 5
    expect(q.drain(8)).toBe(1); // slot 0
    expect(Array.from(input)).toEqual([1, 0, 70, 0, 7]);
    expect(q.pending()).toEqual(new Array(slots).fill(0));
  });

  it('grows its pool on reserve and keeps every event, in order, across many chunks', () => {
    const slots = 3;
    const input = new Int32Array(1000);
    const q = new DelayQueue(slots, input, 1);
    const n = 5 * QUEUE_CHUNK + 17;
    q.reserve(n);
    expect(q.capacityChunks).toBeGreaterThanOrEqual(Math.ceil(n / QUEUE_CHUNK) + slots);
    const expected = new Int32Array(1000);
    for (let e = 0; e < n; e++) {
      const i = (e * 7919) % 1000;
      const l = (e % 61) - 30;
      q.push(1, packEvent(i, l));
      expected[i] += l;
    }
    const snap = q.snapshot();
    expect(snap.length).toBe(3 * n);
    expect([snap[0], snap[1], snap[2]]).toEqual([1, 0, -30]);
    expect(q.drain(1)).toBe(n);
    expect(Array.from(input)).toEqual(Array.from(expected));
    // Drained chunks are reused: the same load again needs no growth.
    const cap = q.capacityChunks;
    q.reserve(n);
    expect(q.capacityChunks).toBe(cap);
  });

  it('refuses an append without room and more inputs than an event can address', () => {
    const q = new DelayQueue(2, new Int32Array(1), 1);
    // 1 initial chunk: the first open succeeds, the second (other slot) finds no free chunk.
    q.push(0, packEvent(0, 1));
    expect(() => q.push(1, packEvent(0, 1))).toThrow(/without reserve/);
    expect(() => new DelayQueue(2, new Int32Array(MAX_QUEUE_INPUTS + 1))).toThrow(/at most 131072 neurons/);
  });
});

describe('WasmQueue', () => {
  it('drains as the JavaScript queue does (same sums, same pending events), growing the arena when needed', () => {
    const slots = 5;
    const inputs = 300;
    const arena = new KernelArena(1 << 16);
    const wq = new WasmQueue(arena, slots, 10, inputs, 1);
    const jq = new DelayQueue(slots, new Int32Array(inputs), 1);
    const gen0 = arena.generation;
    // Append through the kernel: one shard of 300 inputs whose rows are written into the arena,
    // each row four runs (delays 1..4) of 175 event words.
    const rows = 10;
    const perRow = 700;
    const runLen = 175;
    const rp = arena.alloc(4 * (rows + 1));
    const syn = arena.alloc(4 * rows * perRow);
    const rr = arena.alloc(4 * (rows + 1));
    const runs = arena.alloc(4 * rows * 4);
    const m = arena.memory.buffer;
    const rpv = new Uint32Array(m, rp, rows + 1);
    const sv = new Uint32Array(m, syn, rows * perRow);
    const rrv = new Uint32Array(m, rr, rows + 1);
    const runv = new Uint32Array(m, runs, rows * 4);
    for (let r = 0; r <= rows; r++) {
      rpv[r] = r * perRow;
      rrv[r] = r * 4;
    }
    for (let i = 0; i < rows * 4; i++) runv[i] = (1 + (i % 4)) * 65536 + runLen;
    const wordOf = (q: number) => packEvent((q * 13) % inputs, ((q * 37) % 2001) - 1000);
    for (let q = 0; q < rows * perRow; q++) sv[q] = wordOf(q);
    const src = Uint32Array.of(3, 7, 7, 0);
    for (let stamp = 1; stamp <= 3; stamp++) {
      const ev = src.length * perRow; // (views of the arena die when it grows: count from the layout)
      wq.reserve(ev);
      jq.reserve(ev);
      wq.loadSources(src, 0, src.length);
      expect(arena.exports.append(rp, syn, rr, runs, wq.srcPtr, src.length, (stamp - 1) % slots, slots, wq.q, 0)).toBe(ev);
      // The same events through the JavaScript queue.
      for (const s of src) {
        for (let q = s * perRow; q < (s + 1) * perRow; q++) {
          const d = 1 + Math.floor((q % perRow) / runLen);
          jq.push((stamp - 1 + d) % slots, wordOf(q));
        }
      }
    }
    expect(arena.generation).toBeGreaterThan(gen0); // the pool outgrew the first memory
    expect(wq.snapshot()).toEqual(jq.snapshot());
    for (let k = 0; k < 8; k++) expect(wq.drain(k)).toBe(jq.drain(k));
    expect(Array.from(new Int32Array(arena.memory.buffer, wq.inputPtr, inputs))).toEqual(Array.from(jq.input));
    expect(jq.input.some((x) => x !== 0)).toBe(true);
  });
});

/** The first issue planning refuses the (validated) parameters with; fails the test if it plans them. */
function planRefusal(params: unknown): ParamValidationError['issues'][number] {
  const valid = validateParams(params);
  try {
    makePlan(valid);
  } catch (e) {
    expect(e).toBeInstanceOf(ParamValidationError);
    return (e as ParamValidationError).issues[0];
  }
  throw new Error('makePlan accepted the parameters');
}

describe('threads and the queue', () => {
  it('a plan with more neurons on one thread than an event can address is refused, naming the field', () => {
    const issue = planRefusal(composeParams({ preset: 'full', sets: ['net.N_scaling=2', 'sim.local_num_threads=1'] }));
    expect(issue.path).toBe('sim.local_num_threads');
    expect(issue.value).toBe(1);
    expect(issue.message).toMatch(/at most 131072: use at least 2 threads/);
    expect(() => makePlan(validateParams(composeParams({ preset: 'full', sets: ['net.N_scaling=2', 'sim.local_num_threads=2'] })))).not.toThrow();
  });
});

describe('a partition whose queue grows mid-run', () => {
  it('gives the JavaScript partition\'s spikes, voltages and event count while its WebAssembly memory grows', { timeout: 60_000 }, () => {
    const plan = makePlan(validateParams(composeParams({ preset: 'full', sets: ['net.N_scaling=0.02', 'sim.local_num_threads=1', 'sim.t_presim=0', 'sim.t_sim=100'] })));
    const js = new Partition(plan, 0, { kernels: 'js' });
    const wasm = new Partition(plan, 0, { kernels: 'wasm', queueChunks: 1 }); // one chunk: the pool (and the memory) must grow
    js.build();
    wasm.build();
    const arena = (wasm.kernels as WasmKernels).arena;
    const gen0 = arena.generation;
    const N = plan.numNeurons;
    const st = [js, wasm].map(() => ({ prev: new Uint32Array(N), cur: new Uint32Array(N), n: 0 }));
    let spikes = 0;
    for (let k = 0; k < 1000; k++) {
      [js, wasm].forEach((p, i) => {
        const s = st[i];
        p.deliver(s.prev, 0, s.n, k);
        p.deliverThalamic(k);
        s.n = p.update(k, s.cur, 0);
        [s.prev, s.cur] = [s.cur, s.prev];
      });
      expect(Array.from(st[1].prev.subarray(0, st[1].n)), `spikes at step ${k}`).toEqual(Array.from(st[0].prev.subarray(0, st[0].n)));
      spikes += st[0].n;
      if (k % 250 === 249) {
        const vj = new Float32Array(N);
        const vw = new Float32Array(N);
        js.sampleV(vj, 0);
        wasm.sampleV(vw, 0);
        expect(Array.from(vw)).toEqual(Array.from(vj));
      }
    }
    expect(spikes).toBeGreaterThan(100);
    expect(arena.generation).toBeGreaterThan(gen0);
    expect(wasm.events).toBe(js.events);
  });
});

describe('delays and the run words', () => {
  it('delays the engine cannot sample or store are refused, naming the field', () => {
    const issue = planRefusal(composeParams({ sets: ['net.delay_exc_mean=5000', 'sim.sim_resolution=0.05', 'sim.t_sim=100', 'sim.t_presim=0'] }));
    expect(issue.path).toBe('net.delay_exc_mean');
    expect(issue.value).toBe(5000);
    expect(String(issue.message)).toMatch(/at most 4096 distinct delays/);
  });
});
