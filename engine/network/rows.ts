/**
 * A shard's incoming synapses as compressed rows by source, so that a spike addresses one
 * contiguous block: row s is the synapse words syn[rowPtr[s] .. rowPtr[s+1]) (local target and
 * weight level: engine/base/event-word.ts), ordered by delay and grouped in runs of one delay,
 * runs[runPtr[s] .. runPtr[s+1]) (run words: delay << 16 | count). Queueing a row costs one slot
 * look-up per run. At full scale: a 4-byte word per synapse, a run word per ~4 synapses, two
 * pointers per source.
 *
 * Built from synapses drawn as (key, scratch word) pairs — key = source << dBits | delay — by a
 * stable sort on the key and a packing pass (JavaScript here; engine/wasm/generate.ts does the same
 * in WebAssembly, bit for bit).
 */
import { eventIndex, eventLevel, MAX_RUN_LENGTH, runDelay, runLength } from '../base/event-word.ts';

export interface Rows {
  rowPtr: Uint32Array;
  syn: Uint32Array;
  runPtr: Uint32Array;
  runs: Uint32Array;
}

/** Bits of the delay field of a construction key, for delays up to maxDelaySteps. */
export const delayBits = (maxDelaySteps: number) => Math.max(1, Math.ceil(Math.log2(maxDelaySteps + 1)));

/**
 * Stable LSD radix sort of the n (key, word) pairs in (keysA, wordsA) on the low keyBits bits of
 * the key, in two passes: through (keysB, wordsB) and back, so the sorted pairs are in (keysA,
 * wordsA). `counts` has room for 2^ceil(keyBits / 2) + 1 buckets.
 */
export function sortByKey(keysA: Uint32Array, wordsA: Uint32Array, keysB: Uint32Array, wordsB: Uint32Array, n: number, keyBits: number, counts: Uint32Array): void {
  const loBits = Math.ceil(keyBits / 2);
  const hiBits = keyBits - loBits;
  const loMask = 2 ** loBits - 1;
  let sd = keysA;
  let tw = wordsA;
  for (let pass = 0; pass < 2; pass++) {
    const buckets = 2 ** (pass === 0 ? loBits : hiBits);
    const cnt = counts;
    cnt.fill(0, 0, buckets + 1);
    if (pass === 0) for (let q = 0; q < n; q++) cnt[(sd[q] & loMask) + 1]++;
    else for (let q = 0; q < n; q++) cnt[(sd[q] >>> loBits) + 1]++;
    for (let b = 0; b < buckets; b++) cnt[b + 1] += cnt[b];
    const sd2 = sd === keysA ? keysB : keysA;
    const tw2 = tw === wordsA ? wordsB : wordsA;
    if (pass === 0) {
      for (let q = 0; q < n; q++) {
        const k = sd[q];
        const to = cnt[k & loMask]++;
        sd2[to] = k;
        tw2[to] = tw[q];
      }
    } else {
      for (let q = 0; q < n; q++) {
        const k = sd[q];
        const to = cnt[k >>> loBits]++;
        sd2[to] = k;
        tw2[to] = tw[q];
      }
    }
    sd = sd2;
    tw = tw2;
  }
}

/**
 * The rows of n synapses sorted by key = source << dBits | delay, with scratch words target << 16
 * | signed 16-bit level: synapse words, row pointers and runs of one delay (at most MAX_RUN_LENGTH
 * long), in new arrays.
 */
export function packRows(keys: Uint32Array, words: Uint32Array, n: number, numSources: number, dBits: number): Rows {
  let numRuns = 0;
  let prev = -1;
  let len = 0;
  for (let q = 0; q < n; q++) {
    const k = keys[q];
    if (k !== prev || len === MAX_RUN_LENGTH) {
      numRuns++;
      prev = k;
      len = 0;
    }
    len++;
  }
  const rowPtr = new Uint32Array(numSources + 1);
  const syn = new Uint32Array(n);
  const runPtr = new Uint32Array(numSources + 1);
  const runs = new Uint32Array(numRuns);
  const dMask = 2 ** dBits - 1;
  let r = -1;
  prev = -1;
  len = 0;
  for (let q = 0; q < n; q++) {
    const k = keys[q];
    const src = k >>> dBits;
    rowPtr[src + 1]++;
    const x = words[q];
    syn[q] = ((x >>> 16) << 15) | (x & 0x7fff); // scratch word to synapse word (engine/base/event-word.ts)
    if (k !== prev || len === MAX_RUN_LENGTH) {
      r++;
      runs[r] = (k & dMask) * 65536; // a run word of this delay, its count added below
      runPtr[src + 1]++;
      prev = k;
      len = 0;
    }
    runs[r]++;
    len++;
  }
  for (let s = 0; s < numSources; s++) {
    rowPtr[s + 1] += rowPtr[s];
    runPtr[s + 1] += runPtr[s];
  }
  return { rowPtr, syn, runPtr, runs };
}

/** Calls fn(local target, signed level, delay in steps) for every synapse of source s, in row order. */
export function forEachSynapse(rows: Rows, s: number, fn: (target: number, level: number, delaySteps: number) => void): void {
  let q = rows.rowPtr[s];
  for (let r = rows.runPtr[s]; r < rows.runPtr[s + 1]; r++) {
    const h = rows.runs[r];
    for (let c = runLength(h); c > 0; c--, q++) fn(eventIndex(rows.syn[q]), eventLevel(rows.syn[q]), runDelay(h));
  }
}

/** Bytes held by rows: synapse words, runs and the two pointers per source. */
export const rowBytes = (rows: Rows) => rows.rowPtr.byteLength + rows.syn.byteLength + rows.runPtr.byteLength + rows.runs.byteLength;
