/**
 * The step loop, one for the in-process runner (1 thread) and the worker threads: for each update
 * k, the spikes of update k - 1 are queued (the exchange's business: this thread's own, or every
 * thread's through shared memory), then the thalamic spikes stamped k; the partition updates; its
 * spikes are published, recorded, and the voltages sampled; every chunkSteps steps (and at the end)
 * the recorded spikes and voltages go out as a chunk.
 */
import type { NetworkPlan } from '../network/plan.ts';
import type { Partition } from './partition.ts';
import { SpikeBuffer, VoltBuffer } from './recorder.ts';

/** Epoch seconds with sub-millisecond resolution, comparable across threads. */
export const nowS = () => (performance.timeOrigin + performance.now()) / 1000;

/** Spike chunks cover this many steps (50 ms at 0.1 ms). */
export const CHUNK_STEPS = 500;

/** How a partition receives the spikes of the previous step and shows its own. */
export interface SpikeExchange {
  /** Queues into `part` the spikes of update k - 1 (k >= 1) that reach it. */
  deliver(part: Partition, k: number): void;
  /** Where the spikes of update k are written: out(k)[at(k)..]. */
  out(k: number): Uint32Array;
  at(k: number): number;
  /** The spikes of update k are out(k)[at(k) .. at(k) + n). */
  publish(k: number, n: number): void;
}

/** Recorded spikes (stamps in (fromStep, toStep]) and voltages of a chunk; its arrays are the receiver's. */
export interface LoopChunk {
  index: number;
  fromStep: number;
  toStep: number;
  senders: Uint32Array;
  stamps: Uint32Array;
  volt: { steps: Uint32Array; v: Float32Array } | null;
}

/** Wall-clock ms spent per phase of the loop (MICROCIRCUIT_PROFILE=1). */
export interface StepProfile {
  /** Queueing spikes: the previous step's and the thalamic ones. */
  deliverMs: number;
  /** Of which waiting for other threads (the exchange adds it). */
  waitMs: number;
  drainMs: number;
  /** The updates, the drain excluded. */
  updateMs: number;
}

/** What the loop tells its runner. */
export interface StepHooks {
  /** A chunk of recorded data, every chunkSteps steps and after the last. */
  chunk(c: LoopChunk): void;
  /** After each update, with the number of updates done (k + 1). */
  stepDone?(done: number): void;
}

export interface StepLoopOptions {
  chunkSteps?: number;
  /** Times the phases into this (the drain then runs apart from the update). */
  profile?: StepProfile;
}

export class StepLoop {
  readonly plan: NetworkPlan;
  readonly total: number;
  private readonly part: Partition;
  private readonly exchange: SpikeExchange;
  private readonly hooks: StepHooks;
  private readonly chunkSteps: number;
  private readonly profile: StepProfile | null;
  private readonly rec = new SpikeBuffer();
  private readonly volt: VoltBuffer | null;
  private chunk = 0;
  private chunkFrom = 0;

  constructor(part: Partition, exchange: SpikeExchange, hooks: StepHooks, opts: StepLoopOptions = {}) {
    this.plan = part.plan;
    this.part = part;
    this.exchange = exchange;
    this.hooks = hooks;
    this.chunkSteps = opts.chunkSteps ?? CHUNK_STEPS;
    this.profile = opts.profile ?? null;
    this.total = part.plan.presimSteps + part.plan.simSteps;
    this.volt = part.plan.voltStepInterval > 0 ? new VoltBuffer(part.numNeurons) : null;
  }

  /** Runs updates k0 .. k1 - 1 (in order, from 0, to total). */
  run(k0: number, k1: number): void {
    const { plan, part, exchange, hooks, profile, rec, volt } = this;
    for (let k = k0; k < k1; k++) {
      const t0 = profile ? performance.now() : 0;
      if (k > 0) exchange.deliver(part, k);
      part.deliverThalamic(k);
      if (profile) {
        const t1 = performance.now();
        part.queue.drain(k); // timed apart here; the update's own drain then finds the slot empty
        const t2 = performance.now();
        profile.deliverMs += t1 - t0;
        profile.drainMs += t2 - t1;
      }
      const t3 = profile ? performance.now() : 0;
      const out = exchange.out(k);
      const from = exchange.at(k);
      const end = part.update(k, out, from);
      if (profile) profile.updateMs += performance.now() - t3;
      exchange.publish(k, end - from);
      if (plan.recordSpikes) rec.append(out, from, end, k + 1);
      if (volt && (k + 1) % plan.voltStepInterval === 0) part.sampleV(volt.data, volt.row(k + 1));
      hooks.stepDone?.(k + 1);
      if ((k + 1) % this.chunkSteps === 0 || k + 1 === this.total) this.emit(k + 1);
    }
  }

  private emit(toStep: number): void {
    const s = this.rec.take();
    this.hooks.chunk({ index: this.chunk++, fromStep: this.chunkFrom, toStep, senders: s.senders, stamps: s.stamps, volt: this.volt ? this.volt.take() : null });
    this.chunkFrom = toStep;
  }
}
