/** runSimulation as the host and CLI use it: options of the example, progress, cancellation, the memory guard. */
import { describe, expect, it } from 'vitest';
import { CancelledError, type RunProgress, type VoltageChunk } from '../../engine/api.ts';
import { estimateRun, guardMemory, MemoryGuardError } from '../../engine/memory.ts';
import { composeParams } from '../../engine/params/merge.ts';
import { fullParams } from '../../engine/params/presets.ts';
import { ParamValidationError } from '../../engine/params/validate.ts';
import { runSimulation } from '../../engine/run.ts';
import { deriveParams } from '../../engine/params/derive.ts';
import type { ParamSet } from '../../engine/params/types.ts';

const small = ['net.N_scaling=0.02', 'sim.t_presim=50', 'sim.t_sim=100'];

describe('runSimulation', () => {
  it('reports progress through building, presimulation and simulation', async () => {
    const phases = new Set<string>();
    let last: RunProgress | null = null;
    const out = await runSimulation(composeParams({ sets: small }), {
      onProgress: (p) => {
        phases.add(p.phase);
        last = p;
      },
    });
    expect([...phases]).toEqual(expect.arrayContaining(['validating', 'building', 'done']));
    expect(last!.tModelMs).toBeCloseTo(150, 9);
    expect(last!.spikesSoFar).toBe(out.summary.num_spikes);
    expect(out.summary.timings_s.build).toBeGreaterThan(0);
    expect(out.summary.num_neurons).toBe(deriveParams(composeParams({ sets: small }) as ParamSet).totalNeurons);
  });

  it('refuses invalid parameters before building anything', async () => {
    await expect(runSimulation(composeParams({ sets: ['net.N_scaling=-1'] }))).rejects.toBeInstanceOf(ParamValidationError);
  });

  it('runs without Poisson input (DC compensation), with original V0 and with a voltmeter', async () => {
    const volt: VoltageChunk[] = [];
    const out = await runSimulation(
      composeParams({ sets: [...small, 'net.poisson_input=false', 'net.V0_type="original"', 'sim.rec_dev=["spike_recorder","voltmeter"]', 'sim.rec_V_int=1.0'] }),
      { onVoltage: (c) => volt.push(c) },
    );
    expect(out.summary.num_spikes).toBeGreaterThan(0);
    const steps = volt.flatMap((c) => Array.from(c.steps));
    // One sample per ms, stamped at multiples of 1 ms, over the whole run.
    expect(steps.length).toBe(150);
    expect(steps[0]).toBe(10);
    expect(steps[steps.length - 1]).toBe(1500);
    const c = volt[0];
    expect(c.senders.length).toBe(out.summary.num_neurons);
    expect(c.vMv.length).toBe(c.steps.length * c.senders.length);
    // Membrane potentials are absolute (mV): after the transient, below threshold and around rest.
    const lastChunk = volt[volt.length - 1];
    const lastRow = lastChunk.vMv.subarray(lastChunk.vMv.length - c.senders.length);
    const meanV = lastRow.reduce((a, b) => a + b, 0) / lastRow.length;
    expect(Math.max(...lastRow)).toBeLessThan(-50);
    expect(meanV).toBeGreaterThan(-70);
    expect(meanV).toBeLessThan(-50);
  });

  it('records nothing when rec_dev is empty', async () => {
    let chunks = 0;
    const out = await runSimulation(composeParams({ sets: [...small, 'sim.rec_dev=[]'] }), {
      onSpikes: (c) => (chunks += c.senders.length),
    });
    expect(chunks).toBe(0);
    expect(out.summary.spike_recorder_ids).toEqual([]);
  });

  for (const threads of [1, 2]) {
    it(`cancels within a second during construction and during simulation (${threads} thread${threads > 1 ? 's' : ''})`, async () => {
      // During construction: a network that takes several seconds to build.
      const ac = new AbortController();
      let building = false;
      const t0 = performance.now();
      const p = runSimulation(composeParams({ sets: ['net.N_scaling=0.3', 'net.K_scaling=1', `sim.local_num_threads=${threads}`] }), {
        signal: ac.signal,
        onProgress: (pr) => {
          if (pr.phase === 'building' && !building) {
            building = true;
            setTimeout(() => ac.abort('user asked'), 200);
          }
        },
      });
      await expect(p).rejects.toBeInstanceOf(CancelledError);
      expect(performance.now() - t0).toBeLessThan(200 + 1500 + 2000);
      // During simulation.
      const ac2 = new AbortController();
      let tAbort = 0;
      const q = runSimulation(composeParams({ sets: ['net.N_scaling=0.05', 'sim.t_sim=100000', `sim.local_num_threads=${threads}`] }), {
        signal: ac2.signal,
        onProgress: (pr) => {
          if ((pr.phase === 'presim' || pr.phase === 'sim') && tAbort === 0) {
            tAbort = performance.now();
            ac2.abort('stop');
          }
        },
      });
      await expect(q).rejects.toThrow(/stop/);
      expect(performance.now() - tAbort).toBeLessThan(1000);
    }, 60_000);
  }
});

describe('memory estimate and guard', () => {
  it('estimates full scale at a 4-byte word per synapse plus runs and rows, under 4 GiB', () => {
    const e = estimateRun(fullParams());
    expect(e.synapses).toBe(298880968);
    expect(e.parts.synapses).toBe(298880968 * 4);
    // 4.64 bytes per synapse measured, row pointers included (README).
    expect((e.parts.synapses + e.parts.runs + e.parts.pointers) / e.synapses).toBeCloseTo(4.64, 1);
    expect(e.peakBytes).toBeLessThan(4 * 2 ** 30);
    expect(e.peakBytes).toBeGreaterThan(1.5 * 2 ** 30);
  });
  it('refuses with needed versus available before building', async () => {
    expect(() => guardMemory(fullParams(), 1 * 2 ** 30)).toThrow(MemoryGuardError);
    try {
      guardMemory(fullParams(), 1 * 2 ** 30);
    } catch (e) {
      expect((e as Error).message).toMatch(/needs about \d+\.\d\d GiB .*a run may use 0\.90 GiB: 90 % of the 1\.00 GiB available/);
    }
    const big = composeParams({ preset: 'full', sets: ['net.N_scaling=10', 'net.K_scaling=10'] });
    await expect(runSimulation(big)).rejects.toBeInstanceOf(MemoryGuardError);
  });
});
