// The memory estimate (engine/params/estimate.ts) against what the engine allocates: each term
// compared with the built network's arenas, rows and construction scratch, in a sparse network
// (rows of one or two synapses: a run word per synapse, pointers dominate — the regime where the
// old estimate was 38 % low) and a dense one (long rows: few runs); then the whole estimate
// against the peak RSS of a real run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STATE_ARRAYS } from '../../engine/models/iaf-psc-exp.ts';
import { makePlan } from '../../engine/network/plan.ts';
import {
  CONSTRUCTION_BYTES_PER_SYNAPSE,
  estimateRun,
  NEURON_ARENA_BYTES,
  QUEUE_CHUNK_BYTES,
  RUN_WORD_BYTES,
  SYNAPSE_WORD_BYTES,
} from '../../engine/params/estimate.ts';
import { composeParams } from '../../engine/params/merge.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import { Partition } from '../../engine/sim/partition.ts';
import type { WasmKernels } from '../../engine/sim/kernels-wasm.ts';
import { WASM_CHUNK_BYTES } from '../../engine/wasm/queue.ts';

interface Built {
  synapses: number;
  runs: number;
  pointerBytes: number;
  constructionBytes: number;
  queueBytes: number;
  neurons: number;
}

/** Builds every thread's partition in turn (as the workers would) and adds up what they hold. */
function build(p: ParamSet): Built {
  const plan = makePlan(p);
  const out: Built = { synapses: 0, runs: 0, pointerBytes: 0, constructionBytes: 0, queueBytes: 0, neurons: 0 };
  for (let t = 0; t < plan.threads; t++) {
    const part = new Partition(plan, t, { kernels: 'wasm' });
    const k = part.kernels as WasmKernels;
    let largest = 0;
    for (const s of part.shards) largest = Math.max(largest, plan.shardSynapses[s.shard.id].reduce((a, b) => a + b, 0));
    part.build();
    for (const s of part.shards) {
      out.runs += s.runs.length;
      out.pointerBytes += s.rowPtr.byteLength + s.runPtr.byteLength;
    }
    out.synapses += part.numSynapses;
    out.neurons += part.numNeurons;
    out.queueBytes += k.queue.capacityChunks * WASM_CHUNK_BYTES;
    // The scratch of engine/wasm/generate.ts as it is written: four words per synapse of the largest shard, and the packed pointers.
    out.constructionBytes += CONSTRUCTION_BYTES_PER_SYNAPSE * largest + 2 * 4 * (plan.numSources + 1);
  }
  return out;
}

const params = (sets: string[]) => composeParams({ preset: 'default', sets }) as ParamSet;
const within = (estimate: number, actual: number, tolerance: number) => expect(Math.abs(estimate / actual - 1), `${estimate} vs ${actual}`).toBeLessThan(tolerance);

describe('the memory estimate term by term', { timeout: 120_000 }, () => {
  it('the constants are the engine\'s own sizes', () => {
    expect(QUEUE_CHUNK_BYTES).toBe(WASM_CHUNK_BYTES);
    // V_m, i_syn, r_ref (the model's state arrays), then the Poisson count and the queue input.
    const state = Object.values(STATE_ARRAYS).reduce((a, ctor) => a + ctor.BYTES_PER_ELEMENT, 0);
    expect(NEURON_ARENA_BYTES).toBe(state + 1 + 4);
  });

  for (const [label, sets] of [
    ['sparse: N = 2, K = 0.01 on 2 threads', ['net.N_scaling=2', 'net.K_scaling=0.01', 'sim.local_num_threads=2']],
    ['dense: N = K = 0.2 on 3 threads', ['net.N_scaling=0.2', 'net.K_scaling=0.2', 'sim.local_num_threads=3']],
  ] as const) {
    it(label, () => {
      const p = params([...sets]);
      const e = estimateRun(p);
      const b = build(p);
      expect(e.synapses).toBe(b.synapses);
      expect(e.parts.synapses).toBe(SYNAPSE_WORD_BYTES * b.synapses);
      within(e.parts.runs, RUN_WORD_BYTES * b.runs, 0.03);
      expect(e.parts.pointers).toBe(b.pointerBytes);
      within(e.parts.queue, b.queueBytes, 0.05);
      // An upper bound: each thread's largest shard counted as one of the `threads` largest.
      expect(e.parts.construction).toBeGreaterThanOrEqual(b.constructionBytes);
      within(e.parts.construction, b.constructionBytes, 0.25);
      expect(e.neurons).toBe(b.neurons);
    });
  }

  it('counted runs and pointers where the old estimate had 5 bytes per synapse and 4 per source and shard', () => {
    // N = 8, K = 0.1 on 6 threads (issue 13: 2.84 GiB measured, 2.05 GiB estimated then).
    const e = estimateRun(params(['net.N_scaling=8', 'sim.local_num_threads=6']));
    expect(e.parts.runs / e.synapses).toBeGreaterThan(3); // nearly a run word per synapse
    within(e.peakBytes, 2.84 * 2 ** 30, 0.15);
  });
});

describe('the whole estimate against a real run', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mc-estimate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is within 15 % of the peak RSS of `npm run simulate` (N = 1, K = 0.05, 2 threads)', () => {
    const sets = ['net.N_scaling=1', 'net.K_scaling=0.05', 'sim.local_num_threads=2', 'sim.t_presim=50', 'sim.t_sim=100'];
    const root = path.resolve(import.meta.dirname, '..', '..');
    const r = spawnSync(process.execPath, [path.join(root, 'src-main', 'cli', 'simulate.ts'), '--no-db', '--quiet', '--out', dir, ...sets.flatMap((s) => ['--set', s])], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as { peak_rss_bytes: number };
    within(estimateRun(params(sets)).peakBytes, summary.peak_rss_bytes, 0.15);
  });
});
