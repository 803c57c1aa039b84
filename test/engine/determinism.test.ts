/** The same parameters and seed give bit-identical spikes, run after run and for 1, 2 or 4 threads. */
import { describe, expect, it } from 'vitest';
import { composeParams } from '../../engine/params/merge.ts';
import { runSimulation } from '../../engine/run.ts';

async function spikesOf(sets: string[]): Promise<{ senders: Uint32Array; steps: Uint32Array }> {
  const senders: number[] = [];
  const steps: number[] = [];
  const base = ['net.N_scaling=0.05', 'sim.t_presim=100', 'sim.t_sim=200', 'stim.thalamic_input=true', 'stim.th_start=150', 'stim.dc_input=true', 'stim.dc_start=120'];
  await runSimulation(composeParams({ sets: [...base, ...sets] }), {
    onSpikes: (c) => {
      for (let i = 0; i < c.senders.length; i++) {
        senders.push(c.senders[i]);
        steps.push(c.steps[i]);
      }
    },
  });
  return { senders: Uint32Array.from(senders), steps: Uint32Array.from(steps) };
}

describe('determinism', () => {
  it('gives bit-identical spikes for 1, 2 and 4 threads and on a repeat run', async () => {
    const one = await spikesOf(['sim.local_num_threads=1']);
    expect(one.senders.length).toBeGreaterThan(1000);
    for (const threads of [2, 4, 1]) {
      const other = await spikesOf([`sim.local_num_threads=${threads}`]);
      expect(other.senders.length, `${threads} threads`).toBe(one.senders.length);
      expect(Buffer.from(other.senders.buffer).equals(Buffer.from(one.senders.buffer)), `${threads} threads senders`).toBe(true);
      expect(Buffer.from(other.steps.buffer).equals(Buffer.from(one.steps.buffer)), `${threads} threads times`).toBe(true);
    }
  }, 120_000);

  it('a different seed gives different spikes', async () => {
    const a = await spikesOf(['sim.rng_seed=1']);
    const b = await spikesOf(['sim.rng_seed=2']);
    expect(Buffer.from(a.senders.buffer).equals(Buffer.from(b.senders.buffer))).toBe(false);
  }, 60_000);

  it('spikes arrive time-ordered, on the grid, from the network neurons only', async () => {
    const a = await spikesOf([]);
    for (let i = 1; i < a.steps.length; i++) {
      expect(a.steps[i] > a.steps[i - 1] || (a.steps[i] === a.steps[i - 1] && a.senders[i] > a.senders[i - 1])).toBe(true);
    }
    expect(Math.max(...a.senders)).toBeLessThanOrEqual(3859);
    expect(Math.min(...a.senders)).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
