/**
 * Compact spike encoding for one population's chunk (pure; no I/O).
 *
 * A chunk holds n spikes in canonical order: by step, and by sender within a step. Blob layout:
 *
 *   byte 0  codec id (1)
 *   byte 1  W: bits of a sender offset (offset = node id - population's first id), ceil(log2(size))
 *   byte 2  kStep: Exp-Golomb order of the step deltas
 *   byte 3  kGap: Exp-Golomb order of the sender gaps within a step
 *   then an MSB-first bit stream, per spike:
 *     EG_kStep(step - previous step)            (the first spike: step - t0Step, i.e. 0)
 *     if the step equals the previous spike's:  EG_kGap(offset - previous offset)
 *     else:                                     offset in W bits
 *   zero bits pad the last byte.
 *
 * The count, the first step (t0Step) and the last step are kept beside the blob (table columns, or
 * the export's JSON), so a reader knows how many spikes to decode. Exp-Golomb of order k codes a
 * value d >= 0 as v = d + 2^k written in bitlen(v) bits after bitlen(v) - k - 1 zero bits; the
 * encoder picks both orders per chunk to minimise the size. On PD14 full-scale Poisson data this is
 * about 1.9 bytes per spike against about 3.1 for LEB128 varints of (step delta, offset).
 */
import { RunStoreError } from './errors.ts';

export const SPIKE_CODEC_ID = 1;
const HEADER_BYTES = 4;
/**
 * The most spikes one chunk holds (the writer splits larger ones): a reader can allocate a chunk's
 * spikes before decoding it, 32 MiB at most. Far above any chunk a run writes (a population's spikes
 * in 50 ms of model time, or a NEST import's 1 s).
 */
export const MAX_CHUNK_SPIKES = 1 << 22;

/** The most spikes `bytes` bytes of chunk data can hold: every spike takes at least one bit. */
export function maxSpikesInBytes(bytes: number): number {
  return Math.max(0, bytes - HEADER_BYTES) * 8;
}
const MAX_ORDER = 24;
const TWO_24 = 16777216;
const TWO_32 = 4294967296;

/** Bits needed for values 0..size-1 (0 for a population of one neuron). */
export function offsetBits(popSize: number): number {
  return popSize <= 1 ? 0 : bitLength(popSize - 1);
}

function bitLength(x: number): number {
  return x < TWO_32 ? 32 - Math.clz32(x) : 32 + bitLength(Math.floor(x / TWO_32));
}

/** Exp-Golomb order minimising the total size of `values` (estimated from a bit-length histogram). */
function bestOrder(hist: Float64Array): number {
  let best = 0;
  let bestCost = Infinity;
  for (let k = 0; k <= MAX_ORDER; k++) {
    let cost = 0;
    for (let b = 0; b < hist.length; b++) {
      if (hist[b] !== 0) cost += hist[b] * (b <= k ? k + 1 : 2 * b - k - 1);
    }
    if (cost < bestCost) {
      bestCost = cost;
      best = k;
    }
  }
  return best;
}

class BitWriter {
  buf: Uint8Array;
  pos: number;
  acc = 0;
  n = 0;

  constructor(capacity: number, start: number) {
    this.buf = new Uint8Array(Math.max(capacity, start + 16));
    this.pos = start;
  }

  /** Writes the low `bits` bits of `value` (bits <= 24, value < 2^bits). */
  private write24(value: number, bits: number): void {
    if (this.pos + 8 > this.buf.length) {
      const grown = new Uint8Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    const acc = (this.acc << bits) | value;
    let n = this.n + bits;
    while (n >= 8) {
      n -= 8;
      this.buf[this.pos++] = (acc >>> n) & 255;
    }
    this.acc = acc & ((1 << n) - 1);
    this.n = n;
  }

  write(value: number, bits: number): void {
    if (bits <= 24) {
      this.write24(value, bits);
    } else {
      this.write24(Math.floor(value / TWO_24), bits - 24);
      this.write24(value % TWO_24, 24);
    }
  }

  writeExpGolomb(d: number, k: number): void {
    const v = d + 2 ** k;
    const nb = bitLength(v);
    const zeros = nb - k - 1;
    if (zeros > 0) this.write(0, zeros);
    this.write(v, nb);
  }

  finish(): Uint8Array {
    if (this.n > 0) this.write24(0, 8 - this.n);
    return this.buf.slice(0, this.pos);
  }
}

/**
 * Encodes one population's spikes. `steps` must be non-decreasing and `offsets` ascending within
 * equal steps (canonical order, see sortWithinSteps); offsets must be < popSize. The first step is
 * the chunk's t0Step.
 */
export function encodeSpikes(steps: Uint32Array, offsets: Uint32Array, popSize: number): Uint8Array {
  const count = steps.length;
  if (offsets.length !== count) throw new RangeError('steps and offsets differ in length');
  const w = offsetBits(popSize);
  const stepHist = new Float64Array(34);
  const gapHist = new Float64Array(34);
  for (let i = 1; i < count; i++) {
    const d = steps[i] - steps[i - 1];
    if (d < 0) throw new RangeError(`spike steps decrease at index ${i}`);
    stepHist[bitLength(d)]++;
    if (d === 0) {
      const g = offsets[i] - offsets[i - 1];
      if (g < 0) throw new RangeError(`sender offsets are not ascending within step ${steps[i]}`);
      gapHist[bitLength(g)]++;
    }
  }
  const kStep = bestOrder(stepHist);
  const kGap = bestOrder(gapHist);
  const writer = new BitWriter(HEADER_BYTES + count * 3, HEADER_BYTES);
  writer.buf[0] = SPIKE_CODEC_ID;
  writer.buf[1] = w;
  writer.buf[2] = kStep;
  writer.buf[3] = kGap;
  let prevStep = count > 0 ? steps[0] : 0;
  let prevOffset = 0;
  for (let i = 0; i < count; i++) {
    const step = steps[i];
    const offset = offsets[i];
    if (offset >= popSize) throw new RangeError(`sender offset ${offset} outside the population (size ${popSize})`);
    const d = step - prevStep;
    writer.writeExpGolomb(d, kStep);
    if (i > 0 && d === 0) writer.writeExpGolomb(offset - prevOffset, kGap);
    else writer.write(offset, w);
    prevStep = step;
    prevOffset = offset;
  }
  return writer.finish();
}

/** Where decoded spikes go: node ids and steps, written from index `length` on. */
export interface SpikeSink {
  senders: Uint32Array;
  steps: Uint32Array;
  length: number;
}

/**
 * Which decoded spikes to keep: steps in [fromStep, toStep], and senders whose offset has a non-zero
 * entry in `keep` (null keeps all). A mask, not a modulo: an integer division per spike would cost
 * as much as the rest of the decoding.
 */
export interface SpikeFilter {
  fromStep: number;
  toStep: number;
  keep: Uint8Array | null;
}

const ALL: SpikeFilter = { fromStep: 0, toStep: Infinity, keep: null };

/** A `keep` mask for every stride-th neuron of a population (offsets 0, stride, 2 stride, ...). */
export function strideMask(popSize: number, stride: number): Uint8Array | null {
  if (stride === 1) return null;
  const keep = new Uint8Array(popSize);
  for (let o = 0; o < popSize; o += stride) keep[o] = 1;
  return keep;
}

function corrupt(what: string): RunStoreError {
  return new RunStoreError('corrupt-data', `corrupt spike chunk: ${what}`);
}

/**
 * Decodes a chunk into `sink` (which must have room for the kept spikes), keeping those that pass
 * `filter`; stops early past filter.toStep. Every read is bounds-checked: malformed data throws a
 * RunStoreError('corrupt-data') and never reads out of range. Returns the last step decoded.
 *
 * The bit reader is inlined by hand (local variables, int32 accumulator, no calls in the loop): it
 * runs about three times faster than a method-based reader.
 */
export function decodeSpikes(
  data: Uint8Array,
  count: number,
  t0Step: number,
  popSize: number,
  firstId: number,
  sink: SpikeSink,
  filter: SpikeFilter = ALL,
): number {
  const len = data.length;
  if (len < HEADER_BYTES) throw corrupt(`${len} bytes, shorter than its header`);
  if (data[0] !== SPIKE_CODEC_ID) throw corrupt(`unknown codec ${data[0]}`);
  const w = data[1];
  const kStep = data[2];
  const kGap = data[3];
  if (w !== offsetBits(popSize)) throw corrupt(`offset width ${w} does not fit a population of ${popSize}`);
  if (kStep > MAX_ORDER || kGap > MAX_ORDER) throw corrupt('code order out of range');
  // Reading goes at most 4 bytes past the end (as zeros); past that the data is truncated.
  const endPos = len + 4;
  const fromStep = filter.fromStep;
  const toStep = filter.toStep;
  const keep = filter.keep;
  const senders = sink.senders;
  const outSteps = sink.steps;
  const biasStep = 2 ** kStep;
  const biasGap = 2 ** kGap;
  let out = sink.length;
  let pos = HEADER_BYTES;
  let acc = 0; // int32: the n valid bits, left-aligned; the bits below them are zero
  let n = 0;
  let step = t0Step;
  let offset = 0;
  for (let i = 0; i < count; i++) {
    // --- step delta: Exp-Golomb of order kStep
    let z = 0;
    for (;;) {
      while (n <= 24) {
        acc |= (pos < len ? data[pos] : 0) << (24 - n);
        pos++;
        n += 8;
      }
      if (acc !== 0) break;
      z += n;
      n = 0;
      if (pos > endPos) throw corrupt(`data ends before spike ${i + 1} of ${count}`);
    }
    let c = Math.clz32(acc);
    z += c;
    acc <<= c;
    n -= c;
    let bits = z + kStep + 1;
    let v: number;
    if (bits <= 24) {
      while (n <= 24) {
        acc |= (pos < len ? data[pos] : 0) << (24 - n);
        pos++;
        n += 8;
      }
      v = acc >>> (32 - bits);
      acc <<= bits;
      n -= bits;
    } else {
      if (bits > 33) throw corrupt('code too long');
      v = 0;
      while (bits > 0) {
        const take = bits > 16 ? 16 : bits;
        while (n <= 24) {
          acc |= (pos < len ? data[pos] : 0) << (24 - n);
          pos++;
          n += 8;
        }
        v = v * (1 << take) + (acc >>> (32 - take));
        acc <<= take;
        n -= take;
        bits -= take;
      }
    }
    const d = v - biasStep;
    step += d;
    // --- sender: a gap (Exp-Golomb of order kGap) within a step, else W bits
    if (d === 0 && i > 0) {
      z = 0;
      for (;;) {
        while (n <= 24) {
          acc |= (pos < len ? data[pos] : 0) << (24 - n);
          pos++;
          n += 8;
        }
        if (acc !== 0) break;
        z += n;
        n = 0;
        if (pos > endPos) throw corrupt(`data ends before spike ${i + 1} of ${count}`);
      }
      c = Math.clz32(acc);
      z += c;
      acc <<= c;
      n -= c;
      bits = z + kGap + 1;
      if (bits > 24) throw corrupt('sender gap code too long');
      while (n <= 24) {
        acc |= (pos < len ? data[pos] : 0) << (24 - n);
        pos++;
        n += 8;
      }
      offset += (acc >>> (32 - bits)) - biasGap;
      acc <<= bits;
      n -= bits;
    } else if (w === 0) {
      offset = 0;
    } else {
      bits = w;
      offset = 0;
      while (bits > 0) {
        const take = bits > 16 ? 16 : bits;
        while (n <= 24) {
          acc |= (pos < len ? data[pos] : 0) << (24 - n);
          pos++;
          n += 8;
        }
        offset = offset * (1 << take) + (acc >>> (32 - take));
        acc <<= take;
        n -= take;
        bits -= take;
      }
    }
    // bytes read past the end are zeros: consuming any of their bits means the data is truncated
    if (pos > len && (pos - len) * 8 > n) throw corrupt(`data ends before spike ${i + 1} of ${count}`);
    if (offset >= popSize) throw corrupt(`sender offset ${offset} outside the population (size ${popSize})`);
    if (step > toStep) {
      if (step > 0xffffffff) throw corrupt('step beyond 2^32');
      sink.length = out;
      return step;
    }
    if (step >= fromStep && (keep === null || keep[offset] !== 0)) {
      senders[out] = firstId + offset;
      outSteps[out] = step;
      out++;
    }
  }
  sink.length = out;
  if (step > 0xffffffff) throw corrupt('step beyond 2^32');
  // n valid bits remain in acc, of which (pos - len) * 8 are past the end: the rest is padding
  const spare = n - (pos - len) * 8;
  if (spare >= 8) throw corrupt(`${Math.floor(spare / 8)} bytes of trailing data`);
  if (acc !== 0) throw corrupt('padding bits are not zero');
  return step;
}
