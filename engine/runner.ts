/**
 * Runs a network plan: in the calling thread (1 thread) or in worker threads over SharedArrayBuffer
 * (2 or more), with identical spikes either way. Reports progress, streams spikes and voltages in
 * bounded chunks, honours cancellation within a fraction of a second.
 */
import { Worker } from 'node:worker_threads';
import { CancelledError, type RunCallbacks, type RunProgress } from './api.ts';
import type { NetworkPlan } from './network/plan.ts';
import { NUM_POPS } from './params/types.ts';
import { Partition } from './sim/partition.ts';
import { mergeSpikes } from './sim/recorder.ts';
import { CHUNK_STEPS, nowS, StepLoop, type SpikeExchange } from './sim/step.ts';
import { CTL_BUILD, CTL_PROGRESS, CTL_WORDS, PARTITION_WORKER, type WorkerInit, type WorkerMessage } from './sim/worker.ts';

export interface RunTimes {
  build: number;
  presim: number;
  sim: number;
}

export interface RunnerResult {
  times: RunTimes;
  numSynapses: number;
  synapseBytes: number;
  /** Synaptic events delivered (spikes x synapses crossed). */
  events: number;
  /** Spikes per population: whole run and analysis window (t_presim, t_presim + t_sim]. */
  spikesTotal: number[];
  spikesWindow: number[];
}

export class Tally {
  readonly total = new Array<number>(NUM_POPS).fill(0);
  readonly window = new Array<number>(NUM_POPS).fill(0);
  readonly recent = new Array<number>(NUM_POPS).fill(0);
  all = 0;
  /** Spikes are tallied up to this step (the end of the last chunk added). */
  coveredStep = 0;
  private readonly popOf: Uint8Array;
  private readonly w0: number;
  private readonly w1: number;
  constructor(plan: NetworkPlan) {
    this.popOf = new Uint8Array(plan.numNeurons + 1);
    for (let i = 0; i < NUM_POPS; i++) this.popOf.fill(i, plan.popStart[i] + 1, plan.popStart[i + 1] + 1);
    this.w0 = plan.presimSteps;
    this.w1 = plan.presimSteps + plan.simSteps;
  }
  add(senders: Uint32Array, stamps: Uint32Array, toStep: number): void {
    this.coveredStep = Math.max(this.coveredStep, toStep);
    for (let x = 0; x < senders.length; x++) {
      const p = this.popOf[senders[x]];
      this.total[p]++;
      this.recent[p]++;
      const st = stamps[x];
      if (st > this.w0 && st <= this.w1) this.window[p]++;
    }
    this.all += senders.length;
  }
}

/** Wall-clock seconds of stepping the real-time factor is averaged over. */
export const SPEED_WINDOW_S = 2;

/**
 * The real-time factor over a sliding window: wall-clock seconds per model second over the last
 * `windowS` seconds of stepping (from the oldest sample at or before the window's start). One
 * progress interval alone (0.1-0.2 s) scatters by a factor of two: a chunk handed over, a garbage
 * collection, a late timer; the window evens that out and still follows a real change of speed
 * within `windowS`.
 */
export class SpeedWindow {
  readonly windowS: number;
  private readonly samples: { wallS: number; modelS: number }[] = [];
  constructor(windowS = SPEED_WINDOW_S) {
    this.windowS = windowS;
  }
  /** Stepping is at model time `modelS` at wall time `wallS` (both increasing). */
  push(wallS: number, modelS: number): void {
    const last = this.samples[this.samples.length - 1];
    if (last && (wallS < last.wallS || modelS < last.modelS)) return;
    this.samples.push({ wallS, modelS });
    const from = wallS - this.windowS;
    while (this.samples.length > 2 && this.samples[1].wallS <= from) this.samples.shift();
  }
  /** Wall-clock seconds per model second over the window; NaN before any model time has passed. */
  realTimeFactor(): number {
    const a = this.samples[0];
    const b = this.samples[this.samples.length - 1];
    if (!a || b.modelS <= a.modelS) return NaN;
    return (b.wallS - a.wallS) / (b.modelS - a.modelS);
  }
}

/** Progress reports: phase, model time, spikes, the real-time factor (SpeedWindow) and recent rates. */
export class ProgressReporter {
  private lastCovered = 0;
  private rates: number[] = [];
  private readonly speed = new SpeedWindow();
  private readonly t0: number;
  private readonly plan: NetworkPlan;
  private readonly cb: RunCallbacks;
  private readonly tally: Tally;
  private readonly now: () => number;
  constructor(plan: NetworkPlan, cb: RunCallbacks, tally: Tally, now: () => number = nowS) {
    this.plan = plan;
    this.cb = cb;
    this.tally = tally;
    this.now = now;
    this.t0 = now();
  }
  building(fraction: number): void {
    const total = this.plan.presimSteps + this.plan.simSteps;
    this.emit({ phase: 'building', phaseFraction: fraction, tModelMs: 0, tTotalMs: total * this.plan.hMs, wallS: this.now() - this.t0, spikesSoFar: 0, realTimeFactor: NaN, recentRatesHz: [] });
  }
  /** Stepping began at `atS` (epoch seconds, as nowS): the speed is measured from there, not from before the build. */
  begin(atS: number): void {
    this.speed.push(atS, 0);
  }
  stepping(step: number): void {
    const p = this.plan;
    const total = p.presimSteps + p.simSteps;
    const wall = this.now();
    this.speed.push(wall, (step * p.hMs) / 1000);
    // Rates over the model time whose spikes have been tallied (chunks arrive after the steps they cover).
    const covered = this.tally.coveredStep;
    const dTallyS = ((covered - this.lastCovered) * p.hMs) / 1000;
    if (dTallyS > 0) {
      this.rates = this.tally.recent.map((c, i) => (p.derived.numNeurons[i] > 0 ? c / (p.derived.numNeurons[i] * dTallyS) : 0));
      this.tally.recent.fill(0);
      this.lastCovered = covered;
    }
    const inPresim = step < p.presimSteps;
    const frac = inPresim ? step / Math.max(1, p.presimSteps) : (step - p.presimSteps) / Math.max(1, p.simSteps);
    this.emit({
      phase: step >= total ? 'done' : inPresim ? 'presim' : 'sim',
      phaseFraction: Math.min(1, frac),
      tModelMs: step * p.hMs,
      tTotalMs: total * p.hMs,
      wallS: wall - this.t0,
      spikesSoFar: this.tally.all,
      realTimeFactor: this.speed.realTimeFactor(),
      recentRatesHz: this.rates,
    });
  }
  private emit(p: RunProgress): void {
    this.cb.onProgress?.(p);
  }
}

function checkCancelled(cb: RunCallbacks): void {
  if (cb.signal?.aborted) throw new CancelledError(typeof cb.signal.reason === 'string' ? cb.signal.reason : 'run cancelled');
}

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

/** One thread: the spikes of an update go to the next through two arrays, swapped each step. */
class LocalExchange implements SpikeExchange {
  private prev: Uint32Array;
  private cur: Uint32Array;
  private nPrev = 0;
  constructor(numNeurons: number) {
    this.prev = new Uint32Array(numNeurons);
    this.cur = new Uint32Array(numNeurons);
  }
  deliver(part: Partition, k: number): void {
    part.deliver(this.prev, 0, this.nPrev, k);
  }
  out(): Uint32Array {
    return this.cur;
  }
  at(): number {
    return 0;
  }
  publish(_k: number, n: number): void {
    const t = this.prev;
    this.prev = this.cur;
    this.cur = t;
    this.nPrev = n;
  }
}

/** 1 thread: the partition runs here, in slices of steps between which events (cancel, progress) are served. */
export async function runInProcess(plan: NetworkPlan, cb: RunCallbacks): Promise<RunnerResult> {
  const tally = new Tally(plan);
  const progress = new ProgressReporter(plan, cb, tally);
  const tBuild0 = nowS();
  const part = new Partition(plan, 0);
  const planned = Math.max(1, part.plannedSynapses);
  // Build shard by shard, yielding between shards so that cancellation works during construction.
  let builtBefore = 0;
  let lastReport = 0;
  const builder = part.kernels.newBuilder();
  for (const s of part.shards) {
    checkCancelled(cb);
    part.buildShard(s, builder, (d) => {
      const now = nowS();
      if (now - lastReport > 0.2) {
        lastReport = now;
        progress.building((builtBefore + d) / planned);
      }
    });
    builtBefore += s.numSynapses;
    progress.building(builtBefore / planned);
    await yieldToEventLoop();
  }
  builder.release();
  const tBuild1 = nowS();
  progress.begin(tBuild1);

  const total = plan.presimSteps + plan.simSteps;
  let tPresimEnd = tBuild1;
  const loop = new StepLoop(part, new LocalExchange(plan.numNeurons), {
    chunk: (c) => {
      tally.add(c.senders, c.stamps, c.toStep);
      cb.onSpikes?.({ fromStep: c.fromStep, toStep: c.toStep, senders: c.senders, steps: c.stamps });
      if (c.volt) cb.onVoltage?.({ steps: c.volt.steps, senders: allSenders(plan), vMv: c.volt.v });
    },
    stepDone: (done) => {
      if (done === plan.presimSteps) tPresimEnd = nowS();
    },
  });
  let lastProgress = nowS();
  const sliceSteps = 50;
  for (let k0 = 0; k0 < total; k0 += sliceSteps) {
    checkCancelled(cb);
    const k1 = Math.min(total, k0 + sliceSteps);
    loop.run(k0, k1);
    const now = nowS();
    if (now - lastProgress > 0.2 || k1 === total) {
      lastProgress = now;
      progress.stepping(k1);
    }
    await yieldToEventLoop();
  }
  const tEnd = nowS();
  if (plan.presimSteps === 0) tPresimEnd = tBuild1;
  return {
    times: { build: tBuild1 - tBuild0, presim: tPresimEnd - tBuild1, sim: tEnd - tPresimEnd },
    numSynapses: part.numSynapses,
    synapseBytes: part.synapseBytes,
    events: part.events,
    spikesTotal: tally.total,
    spikesWindow: tally.window,
  };
}

let allSendersCache: { plan: NetworkPlan; ids: Uint32Array } | null = null;
function allSenders(plan: NetworkPlan): Uint32Array {
  if (allSendersCache?.plan !== plan) {
    const ids = new Uint32Array(plan.numNeurons);
    for (let i = 0; i < ids.length; i++) ids[i] = i + 1;
    allSendersCache = { plan, ids };
  }
  return allSendersCache.ids;
}

/** URL of the worker entry: engine/sim/worker.ts when run from source, sim-worker.js beside the bundle (vite.engine.config.ts). */
function workerUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return new URL('./sim/worker.ts', here);
  return new URL('./sim-worker.js', here);
}

/** 2+ threads: one worker per partition, spikes exchanged every step through shared memory. */
export async function runWithWorkers(plan: NetworkPlan, cb: RunCallbacks, url: URL = workerUrl()): Promise<RunnerResult> {
  const W = plan.threads;
  const N = plan.numNeurons;
  const ctlSab = new SharedArrayBuffer(CTL_WORDS * 4);
  const ctl = new Int32Array(ctlSab);
  const spikes = new SharedArrayBuffer(Math.max(4, 2 * N * 4));
  const counts = new SharedArrayBuffer(2 * W * 4);
  const tally = new Tally(plan);
  const progress = new ProgressReporter(plan, cb, tally);
  const total = plan.presimSteps + plan.simSteps;
  const tBuild0 = nowS();
  const workers: Worker[] = [];
  const pending = new Map<number, (WorkerMessage & { type: 'chunk' })[]>();
  let built = 0;
  let done = 0;
  let numSynapses = 0;
  let synapseBytes = 0;
  let tBuild1 = 0;
  let tPresimEnd = 0;
  let lastDoneAt = 0;
  let events = 0;
  let planned = 0;
  for (const [a, b] of plan.threadShards) for (let s = a; s < b; s++) for (const c of plan.shardSynapses[s]) planned += c;

  return await new Promise<RunnerResult>((resolve, reject) => {
    let finished = false;
    const finish = (err: Error | null, result?: RunnerResult) => {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      cb.signal?.removeEventListener('abort', onAbort);
      const terminations = workers.map((w) => w.terminate());
      void Promise.allSettled(terminations).then(() => (err ? reject(err) : resolve(result!)));
    };
    const onAbort = () => finish(new CancelledError(typeof cb.signal?.reason === 'string' ? cb.signal.reason : 'run cancelled'));
    cb.signal?.addEventListener('abort', onAbort);
    if (cb.signal?.aborted) {
      onAbort();
      return;
    }

    const timer = setInterval(() => {
      if (built < W) {
        let d = 0;
        for (let t = 0; t < W; t++) d += Atomics.load(ctl, CTL_BUILD + t) * 1024;
        progress.building(Math.min(1, d / Math.max(1, planned)));
        return;
      }
      let step = total;
      for (let t = 0; t < W; t++) step = Math.min(step, Atomics.load(ctl, CTL_PROGRESS + t));
      progress.stepping(step);
    }, 100);

    const flushChunks = () => {
      // Emit chunks in order once every worker delivered its part.
      for (;;) {
        const next = [...pending.keys()].sort((a, b) => a - b)[0];
        if (next === undefined) return;
        const parts = pending.get(next)!;
        if (parts.length < W) return;
        pending.delete(next);
        parts.sort((a, b) => a.threadIndex - b.threadIndex);
        const merged = mergeSpikes(parts.map((p) => ({ senders: p.senders, stamps: p.stamps })));
        tally.add(merged.senders, merged.stamps, parts[0].toStep);
        cb.onSpikes?.({ fromStep: parts[0].fromStep, toStep: parts[0].toStep, senders: merged.senders, steps: merged.stamps });
        if (parts[0].v && parts[0].vSteps) {
          const rows = parts[0].vSteps.length;
          const v = new Float32Array(rows * N);
          let col = 0;
          for (const p of parts) {
            const cols = p.v!.length / Math.max(1, rows);
            for (let r = 0; r < rows; r++) v.set(p.v!.subarray(r * cols, (r + 1) * cols), r * N + col);
            col += cols;
          }
          cb.onVoltage?.({ steps: parts[0].vSteps, senders: allSenders(plan), vMv: v });
        }
      }
    };

    for (let t = 0; t < W; t++) {
      const init: WorkerInit = { kind: PARTITION_WORKER, plan, threadIndex: t, threads: W, ctl: ctlSab, spikes, counts, chunkSteps: CHUNK_STEPS };
      const w = new Worker(url, { workerData: init });
      workers.push(w);
      w.on('message', (m: WorkerMessage) => {
        switch (m.type) {
          case 'built':
            built++;
            numSynapses += m.synapses;
            synapseBytes += m.synapseBytes;
            tBuild1 = Math.max(tBuild1, m.atS);
            if (built === W) progress.begin(tBuild1);
            return;
          case 'presim':
            tPresimEnd = m.atS;
            return;
          case 'chunk': {
            const list = pending.get(m.chunk) ?? [];
            list.push(m);
            pending.set(m.chunk, list);
            flushChunks();
            return;
          }
          case 'done':
            done++;
            lastDoneAt = Math.max(lastDoneAt, m.atS);
            events += m.events;
            if (done === W) {
              flushChunks();
              const tEnd = Math.max(lastDoneAt, tPresimEnd);
              if (tPresimEnd === 0) tPresimEnd = plan.presimSteps === 0 ? tBuild1 : tEnd;
              progress.stepping(total);
              finish(null, {
                times: { build: tBuild1 - tBuild0, presim: tPresimEnd - tBuild1, sim: tEnd - tPresimEnd },
                numSynapses,
                synapseBytes,
                events,
                spikesTotal: tally.total,
                spikesWindow: tally.window,
              });
            }
            return;
          case 'error':
            finish(new Error(`engine worker ${m.threadIndex} failed: ${m.message}`));
            return;
          default: {
            const never: never = m;
            finish(new Error(`unexpected worker message ${JSON.stringify(never)}`));
          }
        }
      });
      w.on('error', (e) => finish(new Error(`engine worker ${t} crashed: ${e.message}`)));
      w.on('exit', (code) => {
        if (finished) return;
        // A worker that finished normally may exit before its last messages are dispatched here.
        const fail = () => {
          if (!finished && done < W) finish(new Error(`engine worker ${t} exited with code ${code} before the run finished`));
        };
        if (code === 0) setTimeout(fail, 2000);
        else fail();
      });
    }
  });
}
