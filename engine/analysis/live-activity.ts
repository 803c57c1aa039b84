/**
 * The population activity of a running run, accumulated chunk by chunk as the spikes arrive (the
 * page's live view: run.spikes previews; or whole engine chunks). Pure and incremental: each chunk
 * adds its spikes to per-population counts in base bins of `baseBinMs` (bins (k·b, (k+1)·b] from
 * time 0, as the stored activity bins from the window start), kept in a ring of `capacityBins` bins
 * per population (the newest ones: memory is fixed at construction, whatever the run's length); any
 * wider bin that is a whole number of base bins is read back by summing them.
 *
 * Thinned chunks (every stride-th neuron, counted from node id 1: (id - 1) % stride === 0, as the
 * run manager's previews keep them) count each spike as 1 / (the share of the population's neurons
 * that the stride keeps), so the rate is estimated per neuron of the whole population whatever the
 * stride of each chunk; with stride 1 the counts are exact.
 */
import { binIndex } from './spikes.ts';
import { MAX_SERIES_BINS } from './series.ts';

export interface LivePopulation {
  name: string;
  firstId: number;
  lastId: number;
}

/** A chunk of spikes: sender node ids and stamps in integration steps (time = step · h). */
export interface LiveChunk {
  senders: ArrayLike<number>;
  steps: ArrayLike<number>;
  /** Every stride-th neuron was kept (1: all). */
  stride?: number;
  /** The chunk covers stamps up to this step: the bins that end by then are complete (silent ones 0). */
  toStep?: number;
}

export interface LiveActivity {
  /** Bin width, ms. */
  binMs: number;
  /** Start of the first bin, ms (bins are (t0 + k·w, t0 + (k+1)·w]). */
  t0Ms: number;
  /** Centre of each bin, ms. */
  x: Float64Array;
  /** Rate per population (in population order), spikes/s per neuron. */
  ratesHz: Float64Array[];
}

/** Neurons of [firstId, lastId] with (id - 1) % stride === 0. */
export function neuronsKept(firstId: number, lastId: number, stride: number): number {
  if (stride <= 1) return lastId - firstId + 1;
  const first = firstId + ((stride - ((firstId - 1) % stride)) % stride);
  return first > lastId ? 0 : Math.floor((lastId - first) / stride) + 1;
}

export class LiveActivityAccumulator {
  readonly populations: readonly LivePopulation[];
  readonly baseBinMs: number;
  readonly resolutionMs: number;
  readonly capacityBins: number;
  /** counts[p][k % capacity]: weighted spikes of population p in base bin k. */
  readonly #counts: Float64Array[];
  /** Population of each node id (offset minId), -1 outside. */
  readonly #popOf: Int16Array;
  readonly #minId: number;
  /** Base bins [#first, #end) are held; #end is one past the newest bin written. */
  #first = 0;
  #end = 0;
  /** Base bins [0, #complete) are complete (a chunk covered their end); -1 until a chunk says so. */
  #complete = -1;
  #dropped = 0;

  constructor(populations: readonly LivePopulation[], o: { baseBinMs: number; resolutionMs: number; capacityBins: number }) {
    if (populations.length === 0) throw new RangeError('populations: got none, allowed: at least one population');
    if (!(o.resolutionMs > 0)) throw new RangeError(`resolutionMs: got ${o.resolutionMs}, allowed: a positive number of ms`);
    const perStep = o.baseBinMs / o.resolutionMs;
    if (!(o.baseBinMs > 0) || Math.abs(perStep - Math.round(perStep)) > 1e-6 || Math.round(perStep) < 1) {
      throw new RangeError(`baseBinMs: got ${o.baseBinMs} ms, allowed: a whole number of steps of ${o.resolutionMs} ms`);
    }
    if (!Number.isInteger(o.capacityBins) || o.capacityBins < 1 || o.capacityBins > MAX_SERIES_BINS) {
      throw new RangeError(`capacityBins: got ${o.capacityBins}, allowed: a whole number from 1 to ${MAX_SERIES_BINS}`);
    }
    this.populations = populations.map((p) => ({ ...p }));
    this.baseBinMs = o.baseBinMs;
    this.resolutionMs = o.resolutionMs;
    this.capacityBins = o.capacityBins;
    this.#counts = populations.map(() => new Float64Array(o.capacityBins));
    let min = Infinity;
    let max = -Infinity;
    for (const p of populations) {
      if (!(Number.isInteger(p.firstId) && Number.isInteger(p.lastId) && p.firstId >= 1 && p.lastId >= p.firstId)) {
        throw new RangeError(`population ${p.name}: node ids ${p.firstId}..${p.lastId}, allowed: 1 <= firstId <= lastId`);
      }
      min = Math.min(min, p.firstId);
      max = Math.max(max, p.lastId);
    }
    if (max - min + 1 > 2 ** 24) throw new RangeError(`node ids ${min}..${max}: at most ${2 ** 24} neurons`);
    this.#minId = min;
    this.#popOf = new Int16Array(max - min + 1).fill(-1);
    populations.forEach((p, i) => this.#popOf.fill(i, p.firstId - min, p.lastId - min + 1));
  }

  /** Spikes that arrived after their bin had left the ring, or from unknown senders. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Base bins that activity() reads: the complete ones when chunks say how far they cover, else all written. */
  get #readEnd(): number {
    return this.#complete >= 0 ? this.#complete : this.#end;
  }

  /** The end of the newest bin activity() reads, ms. */
  get endMs(): number {
    return this.#readEnd * this.baseBinMs;
  }

  /** Adds a chunk's spikes. */
  push(chunk: LiveChunk): void {
    const stride = chunk.stride ?? 1;
    if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`stride: got ${stride}, allowed: a whole number >= 1`);
    if (chunk.senders.length !== chunk.steps.length) throw new RangeError(`${chunk.senders.length} senders but ${chunk.steps.length} steps`);
    const weights = this.populations.map((p) => {
      const kept = neuronsKept(p.firstId, p.lastId, stride);
      return kept > 0 ? (p.lastId - p.firstId + 1) / kept : 0;
    });
    const cap = this.capacityBins;
    const h = this.resolutionMs;
    const b = this.baseBinMs;
    for (let i = 0; i < chunk.senders.length; i++) {
      const local = chunk.senders[i] - this.#minId;
      const p = local >= 0 && local < this.#popOf.length ? this.#popOf[local] : -1;
      const k = binIndex(chunk.steps[i] * h, 0, b);
      if (p < 0 || k < 0) {
        this.#dropped++;
        continue;
      }
      if (k >= this.#end) this.#advance(k + 1);
      if (k < this.#first) {
        this.#dropped++;
        continue;
      }
      this.#counts[p][k % cap] += weights[p];
    }
    if (chunk.toStep !== undefined) {
      const complete = Math.floor((chunk.toStep * h) / b + 1e-9);
      if (complete > this.#end) this.#advance(complete);
      this.#complete = Math.max(this.#complete, complete);
    }
  }

  /** Moves the end to `end`, clearing the bins that the ring reuses. */
  #advance(end: number): void {
    const cap = this.capacityBins;
    const from = Math.max(this.#end, end - cap);
    for (let k = from; k < end; k++) for (const c of this.#counts) c[k % cap] = 0;
    this.#end = end;
    this.#first = Math.max(this.#first, end - cap);
  }

  /**
   * The activity in bins of `binMs` (a whole number of base bins) over the held time, or its last
   * `lastMs` ms; bins are aligned to time 0, a last partial bin dropped.
   */
  activity(binMs: number, lastMs?: number): LiveActivity {
    const per = binMs / this.baseBinMs;
    if (!(binMs > 0) || Math.abs(per - Math.round(per)) > 1e-6 || Math.round(per) < 1) {
      throw new RangeError(`binMs: got ${binMs} ms, allowed: a whole multiple of the base bin ${this.baseBinMs} ms`);
    }
    const m = Math.round(per);
    let firstBase = Math.ceil(this.#first / m) * m;
    if (lastMs !== undefined) {
      if (!(lastMs > 0)) throw new RangeError(`lastMs: got ${lastMs}, allowed: a positive number of ms`);
      firstBase = Math.max(firstBase, Math.ceil((this.#readEnd - lastMs / this.baseBinMs - 1e-9) / m) * m);
    }
    const n = Math.max(0, Math.floor((this.#readEnd - firstBase) / m));
    const x = new Float64Array(n);
    const t0Ms = firstBase * this.baseBinMs;
    for (let j = 0; j < n; j++) x[j] = t0Ms + (j + 0.5) * binMs;
    const cap = this.capacityBins;
    const ratesHz = this.populations.map((p, i) => {
      const c = this.#counts[i];
      const norm = (p.lastId - p.firstId + 1) * (binMs / 1000);
      const out = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        let s = 0;
        const k0 = firstBase + j * m;
        for (let k = k0; k < k0 + m; k++) s += c[k % cap];
        out[j] = s / norm;
      }
      return out;
    });
    return { binMs, t0Ms, x, ratesHz };
  }
}
