/**
 * Golden spike trains: a SHA-256 of every recorded spike (sender ids, then stamps) for fixed seeds,
 * pinned before the engine was restructured (issue 11) and required to stay exactly the same after.
 * Any change to a draw, an update, a delay or the order in which inputs are summed shows here.
 *
 * Two scales (N = K = 0.1 and N = 0.1, K = 1), without and with thalamic + DC input, each for 1 and 2
 * threads and for the JavaScript and the WebAssembly kernels: the engine promises the same spikes for
 * every thread count and kernel, so each configuration has one hash.
 *
 * A deliberate change of the engine's semantics (a new ENGINE_VERSION) re-pins these values, and the
 * commit that does it says why.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { composeParams } from '../../engine/params/merge.ts';
import { runSimulation } from '../../engine/run.ts';

interface Golden {
  name: string;
  sets: string[];
  spikes: number;
  sha256: string;
}

const STIMULI = ['stim.thalamic_input=true', 'stim.th_start=120', 'stim.dc_input=true', 'stim.dc_start=90', 'stim.dc_dur=60'];

const GOLDEN: Golden[] = [
  {
    name: 'N = K = 0.1',
    sets: ['net.N_scaling=0.1', 'net.K_scaling=0.1', 'sim.rng_seed=55', 'sim.t_presim=100', 'sim.t_sim=150'],
    spikes: 5041,
    sha256: '5ab09bb54d79546dd7fe008e4c3b6a4292aed3522f6f7e4572f09afe46f6f1f1',
  },
  {
    name: 'N = K = 0.1, thalamic + DC',
    sets: ['net.N_scaling=0.1', 'net.K_scaling=0.1', 'sim.rng_seed=7', 'sim.t_presim=100', 'sim.t_sim=150', ...STIMULI],
    spikes: 13197,
    sha256: 'c02e70e14d3fec5e37d50d9166605a440cbfc844e1efc80741a94e00cfaa61d6',
  },
  {
    name: 'N = 0.1, K = 1',
    sets: ['net.N_scaling=0.1', 'net.K_scaling=1', 'sim.rng_seed=3', 'sim.t_presim=50', 'sim.t_sim=100'],
    spikes: 4432,
    sha256: 'b7827c9f60ecde4d8ee842d2a173669ddd0c2fc0734af629d96c8540503594d9',
  },
  {
    name: 'N = 0.1, K = 1, thalamic + DC',
    sets: ['net.N_scaling=0.1', 'net.K_scaling=1', 'sim.rng_seed=11', 'sim.t_presim=50', 'sim.t_sim=100', ...STIMULI],
    spikes: 15230,
    sha256: '957b16645e41ed175f686b2549df79e2cb2dae80817a98ff51a12a76395e73f0',
  },
];

async function spikeHash(sets: string[]): Promise<{ spikes: number; sha256: string }> {
  const senders: Uint32Array[] = [];
  const steps: Uint32Array[] = [];
  await runSimulation(composeParams({ sets }), {
    skipMemoryGuard: true,
    onSpikes: (c) => {
      senders.push(c.senders.slice());
      steps.push(c.steps.slice());
    },
  });
  const h = createHash('sha256');
  let n = 0;
  for (const s of senders) {
    h.update(new Uint8Array(s.buffer, s.byteOffset, s.byteLength));
    n += s.length;
  }
  for (const s of steps) h.update(new Uint8Array(s.buffer, s.byteOffset, s.byteLength));
  return { spikes: n, sha256: h.digest('hex') };
}

const saved = process.env.MICROCIRCUIT_KERNELS;
afterEach(() => {
  if (saved === undefined) delete process.env.MICROCIRCUIT_KERNELS;
  else process.env.MICROCIRCUIT_KERNELS = saved;
});

describe('golden spike trains (unchanged by refactoring)', () => {
  for (const g of GOLDEN) {
    for (const kernels of ['js', 'wasm'] as const) {
      for (const threads of [1, 2]) {
        it(`${g.name}: ${kernels} kernels, ${threads} thread(s)`, async () => {
          process.env.MICROCIRCUIT_KERNELS = kernels;
          const got = await spikeHash([...g.sets, `sim.local_num_threads=${threads}`]);
          expect(got.spikes).toBeGreaterThan(100);
          expect(got).toEqual({ spikes: g.spikes, sha256: g.sha256 });
        }, 120_000);
      }
    }
  }
});
