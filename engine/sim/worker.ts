/**
 * Worker-thread entry: builds one partition and steps it in lockstep with the other workers.
 * Spikes are exchanged every step through a SharedArrayBuffer (double-buffered by step parity),
 * with one barrier per step; recorded spikes and voltages go to the parent in transferable chunks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { NetworkPlan } from '../build/plan.ts';
import { Partition } from './partition.ts';
import { SpikeBuffer, VoltBuffer } from './recorder.ts';

const nowS = () => (performance.timeOrigin + performance.now()) / 1000;

export const PARTITION_WORKER = 'microcircuit-partition';

export interface WorkerInit {
  /** Marks the workerData of a partition worker, so that importing this module elsewhere runs nothing. */
  kind: typeof PARTITION_WORKER;
  plan: NetworkPlan;
  threadIndex: number;
  threads: number;
  ctl: SharedArrayBuffer;
  spikes: SharedArrayBuffer;
  counts: SharedArrayBuffer;
  chunkSteps: number;
}

export type WorkerMessage =
  | { type: 'built'; threadIndex: number; synapses: number; synapseBytes: number; atS: number }
  | { type: 'presim'; threadIndex: number; atS: number }
  | { type: 'chunk'; threadIndex: number; chunk: number; fromStep: number; toStep: number; senders: Uint32Array; stamps: Uint32Array; vSteps: Uint32Array | null; v: Float32Array | null }
  | { type: 'done'; threadIndex: number; atS: number; events: number }
  | { type: 'error'; threadIndex: number; message: string; stack?: string };

/** Control words (Int32Array over `ctl`). */
export const CTL_BARRIER_COUNT = 0;
export const CTL_BARRIER_GEN = 1;
export const CTL_PROGRESS = 4; // + threadIndex: last completed update
export const CTL_BUILD = 4 + 256; // + threadIndex: synapses built / 1024
export const CTL_ARRIVED = 4 + 512; // + threadIndex: k + 1 once the spikes of update k are written
export const CTL_WORDS = 4 + 768;

/**
 * Spins of the barrier before it sleeps: a step's work differs between threads by tens of
 * microseconds, and waking from Atomics.wait costs about as much, so waiting threads spin for a
 * while first (some tens of microseconds) before sleeping.
 */
const SPIN = 20_000;

/** A sense-counting barrier over shared memory: spin, then sleep on the generation word. */
export function barrier(ctl: Int32Array, parties: number): void {
  const gen = Atomics.load(ctl, CTL_BARRIER_GEN);
  if (Atomics.add(ctl, CTL_BARRIER_COUNT, 1) === parties - 1) {
    Atomics.store(ctl, CTL_BARRIER_COUNT, 0);
    Atomics.add(ctl, CTL_BARRIER_GEN, 1);
    Atomics.notify(ctl, CTL_BARRIER_GEN);
    return;
  }
  for (let i = 0; i < SPIN; i++) if (Atomics.load(ctl, CTL_BARRIER_GEN) !== gen) return;
  while (Atomics.load(ctl, CTL_BARRIER_GEN) === gen) Atomics.wait(ctl, CTL_BARRIER_GEN, gen, 50);
}

/** Waits until thread t has written the spikes of step `step` (CTL_ARRIVED), spinning first. */
function waitArrived(ctl: Int32Array, t: number, step: number): void {
  for (let i = 0; i < SPIN; i++) if (Atomics.load(ctl, CTL_ARRIVED + t) >= step) return;
  for (;;) {
    const v = Atomics.load(ctl, CTL_ARRIVED + t);
    if (v >= step) return;
    Atomics.wait(ctl, CTL_ARRIVED + t, v, 50);
  }
}

function run(init: WorkerInit): void {
  const { plan, threadIndex, threads, chunkSteps } = init;
  const ctl = new Int32Array(init.ctl);
  const spikeBuf = new Uint32Array(init.spikes);
  const counts = new Int32Array(init.counts);
  const N = plan.numNeurons;
  const part = new Partition(plan, threadIndex);
  part.build((done) => Atomics.store(ctl, CTL_BUILD + threadIndex, Math.floor(done / 1024)));
  parentPort!.postMessage({ type: 'built', threadIndex, synapses: part.numSynapses, synapseBytes: part.synapseBytes, atS: nowS() } satisfies WorkerMessage);
  // Region starts of every thread's spikes (thread order = neuron order).
  const regionStart: number[] = [];
  for (let t = 0; t < threads; t++) {
    const [a] = plan.threadShards[t];
    regionStart.push(a < plan.shards.length ? plan.shards[a].start : N);
  }
  const myStart = part.firstNeuron;
  const total = plan.presimSteps + plan.simSteps;
  const rec = new SpikeBuffer();
  const volt = plan.voltStepInterval > 0 ? new VoltBuffer(part.numNeurons) : null;
  barrier(ctl, threads);
  let chunk = 0;
  let chunkFrom = 0;
  // MICROCIRCUIT_PROFILE=1: wall time per phase of the step loop, printed by each worker at the end.
  const prof = process.env.MICROCIRCUIT_PROFILE === '1';
  let tWait = 0;
  let tDeliver = 0;
  let tUpdate = 0;
  let tDrain = 0;
  for (let k = 0; k < total; k++) {
    const t0 = prof ? performance.now() : 0;
    let t1 = t0;
    if (k > 0) {
      // A split-phase barrier: this thread's own spikes of update k - 1 are queued at once, and only
      // then does it wait for the others' (integer inputs: the order of queueing cannot matter).
      // Double buffering by parity stays safe: a thread overwrites the region of update k - 1 in
      // update k + 1, after every other thread has written update k, hence read update k - 1.
      const par = (k - 1) & 1;
      const own = par * N + myStart;
      part.deliver(spikeBuf, own, own + counts[par * threads + threadIndex], k);
      let tw0 = 0;
      if (prof) tw0 = performance.now();
      for (let t = 0; t < threads; t++) if (t !== threadIndex) waitArrived(ctl, t, k);
      if (prof) {
        t1 = performance.now();
        tWait += t1 - tw0;
        tDeliver += tw0 - t0;
      }
      for (let t = 0; t < threads; t++) {
        if (t === threadIndex) continue;
        const from = par * N + regionStart[t];
        part.deliver(spikeBuf, from, from + counts[par * threads + t], k);
      }
    }
    part.deliverThalamic(k);
    let t2 = 0;
    if (prof) {
      t2 = performance.now();
      part.queue.drain(k); // timed apart here; update's own drain then finds the slot empty
      tDrain += performance.now() - t2;
    }
    const par = k & 1;
    const from = par * N + myStart;
    const end = part.update(k, spikeBuf, from);
    if (prof) {
      const t3 = performance.now();
      tDeliver += t2 - t1;
      tUpdate += t3 - t2;
    }
    counts[par * threads + threadIndex] = end - from;
    Atomics.store(ctl, CTL_ARRIVED + threadIndex, k + 1);
    Atomics.notify(ctl, CTL_ARRIVED + threadIndex);
    if (plan.recordSpikes) rec.append(spikeBuf, from, end, k + 1);
    if (volt && (k + 1) % plan.voltStepInterval === 0) part.sampleV(volt.data, volt.row(k + 1));
    if (k + 1 === plan.presimSteps && threadIndex === 0) parentPort!.postMessage({ type: 'presim', threadIndex, atS: nowS() } satisfies WorkerMessage);
    if ((k + 1) % 64 === 0 || k + 1 === total) Atomics.store(ctl, CTL_PROGRESS + threadIndex, k + 1);
    if ((k + 1) % chunkSteps === 0 || k + 1 === total) {
      const s = rec.take();
      const vv = volt ? volt.take() : null;
      const msg: WorkerMessage = {
        type: 'chunk', threadIndex, chunk, fromStep: chunkFrom, toStep: k + 1,
        senders: s.senders, stamps: s.stamps, vSteps: vv ? vv.steps : null, v: vv ? vv.v : null,
      };
      const transfer: ArrayBuffer[] = [s.senders.buffer as ArrayBuffer, s.stamps.buffer as ArrayBuffer];
      if (vv) transfer.push(vv.steps.buffer as ArrayBuffer, vv.v.buffer as ArrayBuffer);
      parentPort!.postMessage(msg, transfer);
      chunk++;
      chunkFrom = k + 1;
    }
  }
  if (prof) {
    const ms = (total * plan.hMs) / 1000;
    const f = (x: number) => (x / 1000 / ms).toFixed(2);
    process.stderr.write(`[worker ${threadIndex}] s per model s: barrier ${f(tWait)}, deliver ${f(tDeliver)}, drain ${f(tDrain)}, update ${f(tUpdate - tDrain)} (${part.numNeurons} neurons, ${part.events} events, queue ${(part.queue.bytes / 2 ** 20).toFixed(1)} MiB)\n`);
  }
  parentPort!.postMessage({ type: 'done', threadIndex, atS: nowS(), events: part.events } satisfies WorkerMessage);
}

if (parentPort && (workerData as Partial<WorkerInit> | null)?.kind === PARTITION_WORKER) {
  const init = workerData as WorkerInit;
  try {
    run(init);
  } catch (e) {
    const err = e as Error;
    parentPort.postMessage({ type: 'error', threadIndex: init.threadIndex, message: err.message, stack: err.stack } satisfies WorkerMessage);
  }
}
