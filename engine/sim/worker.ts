/**
 * Worker-thread entry: builds one partition and runs the step loop (./step.ts) in lockstep with
 * the other workers. Spikes are exchanged every step through a SharedArrayBuffer (double-buffered
 * by step parity); recorded spikes and voltages go to the parent in transferable chunks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { NetworkPlan } from '../network/plan.ts';
import { Partition } from './partition.ts';
import { nowS, StepLoop, type SpikeExchange, type StepProfile } from './step.ts';

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
const CTL_BARRIER_COUNT = 0;
const CTL_BARRIER_GEN = 1;
export const CTL_PROGRESS = 4; // + threadIndex: last completed update
export const CTL_BUILD = 4 + 256; // + threadIndex: synapses built / 1024
const CTL_ARRIVED = 4 + 512; // + threadIndex: k + 1 once the spikes of update k are written
export const CTL_WORDS = 4 + 768;

/**
 * Spins of the barrier before it sleeps: a step's work differs between threads by tens of
 * microseconds, and waking from Atomics.wait costs about as much, so waiting threads spin for a
 * while first (some tens of microseconds) before sleeping.
 */
const SPIN = 20_000;

/** A sense-counting barrier over shared memory: spin, then sleep on the generation word. */
function barrier(ctl: Int32Array, parties: number): void {
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

/**
 * Spikes between threads: every thread writes the spikes of update k to its region of the shared
 * spike buffer (half k & 1: double-buffered by step parity) and announces them (CTL_ARRIVED); for
 * update k + 1 it queues its own at once, and the others' once they have arrived.
 */
class SharedExchange implements SpikeExchange {
  private readonly ctl: Int32Array;
  private readonly spikes: Uint32Array;
  private readonly counts: Int32Array;
  private readonly threadIndex: number;
  private readonly threads: number;
  private readonly N: number;
  /** First neuron of every thread's region (thread order = neuron order). */
  private readonly regionStart: number[] = [];
  private readonly myStart: number;
  private readonly profile: StepProfile | null;

  constructor(init: WorkerInit, myStart: number, profile: StepProfile | null) {
    const { plan, threads } = init;
    this.ctl = new Int32Array(init.ctl);
    this.spikes = new Uint32Array(init.spikes);
    this.counts = new Int32Array(init.counts);
    this.threadIndex = init.threadIndex;
    this.threads = threads;
    this.N = plan.numNeurons;
    for (let t = 0; t < threads; t++) {
      const [a] = plan.threadShards[t];
      this.regionStart.push(a < plan.shards.length ? plan.shards[a].start : this.N);
    }
    this.myStart = myStart;
    this.profile = profile;
  }

  deliver(part: Partition, k: number): void {
    // A split-phase barrier: this thread's own spikes of update k - 1 are queued at once, and only
    // then does it wait for the others' (integer inputs: the order of queueing cannot matter).
    // Double buffering by parity stays safe: a thread overwrites the region of update k - 1 in
    // update k + 1, after every other thread has written update k, hence read update k - 1.
    const { ctl, counts, threads, threadIndex } = this;
    const par = (k - 1) & 1;
    const own = par * this.N + this.myStart;
    part.deliver(this.spikes, own, own + counts[par * threads + threadIndex], k);
    const tw0 = this.profile ? performance.now() : 0;
    for (let t = 0; t < threads; t++) if (t !== threadIndex) waitArrived(ctl, t, k);
    if (this.profile) this.profile.waitMs += performance.now() - tw0;
    for (let t = 0; t < threads; t++) {
      if (t === threadIndex) continue;
      const from = par * this.N + this.regionStart[t];
      part.deliver(this.spikes, from, from + counts[par * threads + t], k);
    }
  }

  out(): Uint32Array {
    return this.spikes;
  }

  at(k: number): number {
    return (k & 1) * this.N + this.myStart;
  }

  publish(k: number, n: number): void {
    this.counts[(k & 1) * this.threads + this.threadIndex] = n;
    Atomics.store(this.ctl, CTL_ARRIVED + this.threadIndex, k + 1);
    Atomics.notify(this.ctl, CTL_ARRIVED + this.threadIndex);
  }
}

function run(init: WorkerInit): void {
  const { plan, threadIndex, chunkSteps } = init;
  const ctl = new Int32Array(init.ctl);
  const part = new Partition(plan, threadIndex);
  part.build((done) => Atomics.store(ctl, CTL_BUILD + threadIndex, Math.floor(done / 1024)));
  parentPort!.postMessage({ type: 'built', threadIndex, synapses: part.numSynapses, synapseBytes: part.synapseBytes, atS: nowS() } satisfies WorkerMessage);
  // MICROCIRCUIT_PROFILE=1: wall time per phase of the step loop, printed by each worker at the end.
  const profile: StepProfile | null = process.env.MICROCIRCUIT_PROFILE === '1' ? { deliverMs: 0, waitMs: 0, drainMs: 0, updateMs: 0 } : null;
  const total = plan.presimSteps + plan.simSteps;
  const loop = new StepLoop(part, new SharedExchange(init, part.firstNeuron, profile), {
    chunk: (c) => {
      const msg: WorkerMessage = {
        type: 'chunk', threadIndex, chunk: c.index, fromStep: c.fromStep, toStep: c.toStep,
        senders: c.senders, stamps: c.stamps, vSteps: c.volt ? c.volt.steps : null, v: c.volt ? c.volt.v : null,
      };
      const transfer: ArrayBuffer[] = [c.senders.buffer as ArrayBuffer, c.stamps.buffer as ArrayBuffer];
      if (c.volt) transfer.push(c.volt.steps.buffer as ArrayBuffer, c.volt.v.buffer as ArrayBuffer);
      parentPort!.postMessage(msg, transfer);
    },
    stepDone: (done) => {
      if (done === plan.presimSteps && threadIndex === 0) parentPort!.postMessage({ type: 'presim', threadIndex, atS: nowS() } satisfies WorkerMessage);
      if (done % 64 === 0 || done === total) Atomics.store(ctl, CTL_PROGRESS + threadIndex, done);
    },
  }, { chunkSteps, profile: profile ?? undefined });
  barrier(ctl, init.threads);
  loop.run(0, total);
  if (profile) {
    const ms = (total * plan.hMs) / 1000;
    const f = (x: number) => (x / 1000 / ms).toFixed(2);
    process.stderr.write(`[worker ${threadIndex}] s per model s: barrier ${f(profile.waitMs)}, deliver ${f(profile.deliverMs - profile.waitMs)}, drain ${f(profile.drainMs)}, update ${f(profile.updateMs)} (${part.numNeurons} neurons, ${part.events} events, queue ${(part.queue.bytes / 2 ** 20).toFixed(1)} MiB)\n`);
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
