/**
 * Measures the spike storage on a synthetic full-scale run: Poisson spike trains of the 77,169 PD14
 * neurons at their published rates, delivered in engine-like chunks. Prints bytes per spike (blob,
 * whole file, and LEB128 varints for comparison), append throughput and query timings.
 *
 *   node test/main/store/measure-spikes.ts [--seconds S] [--chunk-ms MS]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fullParams } from '../../../engine/params/presets.ts';
import { RunStore } from '../../../src-main/store/run-store.ts';
import { splitChunkByPopulation } from '../../../src-main/store/spike-split.ts';
import { removeDir, summaryFor, tempDir } from './helpers.ts';
import { pd14Populations, syntheticChunks } from './synthetic.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '1' }, 'chunk-ms': { type: 'string', default: '10' } } });
const seconds = Number(values.seconds);
const chunkMs = Number(values['chunk-ms']);
const pops = pd14Populations(1);
const dir = tempDir('mcs-measure-');
const file = path.join(dir, 'runs.sqlite');

function varintBytes(x: number): number {
  let n = 1;
  while (x >= 128) {
    x = Math.floor(x / 128);
    n++;
  }
  return n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

try {
  const store = RunStore.openSync(file);
  const run = store.createRunSync({ name: 'measure', params: fullParams(), engineName: 'synthetic', engineVersion: '0' });
  store.startRunSync(run.id, { populations: pops });
  let spikes = 0;
  let varint = 0;
  let appendMs = 0;
  const lastStep = new Map<number, number>();
  for (const c of syntheticChunks({ populations: pops, durationMs: seconds * 1000, chunkMs, seed: 1 })) {
    for (const part of splitChunkByPopulation(c, pops, c.fromStep)) {
      let prev = lastStep.get(part.pop) ?? 0;
      for (let i = 0; i < part.steps.length; i++) {
        varint += varintBytes(part.steps[i] - prev) + varintBytes(part.offsets[i]);
        prev = part.steps[i];
      }
      lastStep.set(part.pop, prev);
    }
    const t = performance.now();
    store.appendSpikesSync(run.id, c);
    appendMs += performance.now() - t;
    spikes += c.senders.length;
  }
  store.markCompletedSync(run.id, summaryFor(pops, spikes));
  const blob = store.db.prepare('SELECT sum(length(data)) AS b, count(*) AS n FROM spike_chunks').get() as { b: number; n: number };
  store.reclaimSpaceSync();
  const fileBytes = fs.statSync(file).size;
  console.log(`spikes: ${spikes} in ${seconds} s of model time (${chunkMs} ms chunks), ${blob.n} chunk rows`);
  console.log(`bytes/spike: blobs ${(blob.b / spikes).toFixed(3)}, whole file ${(fileBytes / spikes).toFixed(3)}, LEB128 varints ${(varint / spikes).toFixed(3)}`);
  console.log(`append: ${appendMs.toFixed(0)} ms in total, ${((spikes / appendMs) * 1e-3).toFixed(2)} M spikes/s`);
  const t0 = Math.max(0, seconds - 1) * 1000;
  for (const [label, q] of [
    ['1 s window, stride 1 ', { t0Ms: t0, t1Ms: t0 + 1000, stride: 1 }],
    ['1 s window, stride 10', { t0Ms: t0, t1Ms: t0 + 1000, stride: 10 }],
    ['50 ms window, stride 1', { t0Ms: t0 + 400, t1Ms: t0 + 450, stride: 1 }],
  ] as const) {
    const times: number[] = [];
    let n = 0;
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      n = store.getSpikesSync(run.id, q).senders.length;
      times.push(performance.now() - t);
    }
    console.log(`${label}: first ${times[0].toFixed(1)} ms, median ${median(times.slice(1)).toFixed(1)} ms, ${n} spikes`);
  }
  const tc: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    store.getSpikeCountsSync(run.id, { t0Ms: t0, t1Ms: t0 + 1000 });
    tc.push(performance.now() - t);
  }
  console.log(`per-neuron counts over 1 s: median ${median(tc).toFixed(1)} ms`);
  store.closeSync();
} finally {
  removeDir(dir);
}
