// The one validation (issue 13 item 3): checkRunnable reports everything the engine would refuse
// once it plans the network (empty populations, neurons per thread, delay limits) and the memory
// guard for the machine it is given, in the validator's issue shape, so that nothing it passes is
// refused later; threads above the core count are a warning, not an error.
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../engine/network/plan.ts';
import { composeParams } from '../../engine/params/merge.ts';
import { defaultParams } from '../../engine/params/presets.ts';
import type { ParamSet } from '../../engine/params/types.ts';
import { ParamValidationError, validateParams } from '../../engine/params/validate.ts';
import { assertRunnable, checkRunnable, type MachineFacts } from '../../engine/runnable.ts';
import { runSimulation } from '../../engine/run.ts';

const BIG_MACHINE: MachineFacts = { cores: 64, availableBytes: 2 ** 40 };

const params = (...sets: string[]): ParamSet => composeParams({ preset: 'full', sets }) as ParamSet;

/** makePlan's refusal, or null when it plans. */
function planRefusal(p: ParamSet): ParamValidationError | null {
  try {
    makePlan(validateParams(p));
    return null;
  } catch (e) {
    if (e instanceof ParamValidationError) return e;
    throw e;
  }
}

describe('checkRunnable', () => {
  it('passes the presets on a large machine, without warnings', () => {
    expect(checkRunnable(defaultParams(), BIG_MACHINE)).toEqual({ issues: [], warnings: [] });
    expect(checkRunnable(params(), BIG_MACHINE)).toEqual({ issues: [], warnings: [] });
  });

  it('refuses an N_scaling that leaves a population without neurons, naming the smallest that works', () => {
    const { issues } = checkRunnable(params('net.N_scaling=1e-9'), BIG_MACHINE);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('net.N_scaling');
    expect(issues[0].value).toBe(1e-9);
    // 0.5 / 1065 (L5I, the smallest population) = 0.000469...: below that L5I rounds to 0 neurons.
    expect(issues[0].message).toMatch(/leaves L23E, L23I, .*L6I without neurons.*must be above 0\.000469/);
    expect(checkRunnable(params('net.N_scaling=0.00047'), BIG_MACHINE).issues).toEqual([]);
    expect(checkRunnable(params('net.N_scaling=0.00046'), BIG_MACHINE).issues.map((i) => i.path)).toEqual(['net.N_scaling']);
  });

  it('refuses more neurons on a thread than the delay queue addresses, as planning does', () => {
    const p = params('net.N_scaling=10', 'sim.local_num_threads=4');
    const { issues } = checkRunnable(p, BIG_MACHINE);
    expect(issues.map((i) => [i.path, i.value])).toEqual([['sim.local_num_threads', 4]]);
    expect(issues[0].message).toMatch(/a thread can own at most 131072: use at least 7 threads/);
    expect(planRefusal(p)?.issues).toEqual(issues);
    expect(checkRunnable(params('net.N_scaling=10', 'sim.local_num_threads=8'), BIG_MACHINE).issues).toEqual([]);
  });

  it('refuses delays of more than 4096 distinct steps, and delays of more than 65535 steps', () => {
    const wide = params('sim.sim_resolution=0.001', 'sim.t_presim=1', 'sim.t_sim=1', 'sim.rec_V_int=1');
    const w = checkRunnable(wide, BIG_MACHINE).issues;
    expect(w.map((i) => i.path)).toEqual(['net.delay_exc_mean']); // 1.5 ± 0.75 ms: about 7070 steps of 1 µs (the inhibitory 0.75 ± 0.375 ms fit)
    expect(w[0].message).toMatch(/at most 4096 distinct delays/);
    const long = params('net.delay_exc_mean=7000', 'net.delay_rel_std=0');
    const l = checkRunnable(long, BIG_MACHINE).issues;
    expect(l.map((i) => i.path)).toEqual(['sim.sim_resolution']);
    expect(l[0].message).toMatch(/delays of up to 70000 steps: at most 65535 steps/);
    for (const p of [wide, long]) expect(planRefusal(p)).not.toBeNull();
  });

  it('refuses a network the machine cannot hold, with what it needs and what is available', () => {
    const small: MachineFacts = { cores: 2, availableBytes: 2 ** 30 };
    const { issues } = checkRunnable(params(), small);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('net.N_scaling');
    expect(issues[0].message).toMatch(/needs about \d+\.\d\d GiB .*90 % of the 1\.00 GiB available/);
    // Without the machine's facts the check is the machine-independent part.
    expect(checkRunnable(params()).issues).toEqual([]);
  });

  it('warns (without refusing) about more threads than cores', () => {
    const r = checkRunnable(params('sim.local_num_threads=8'), { cores: 2, availableBytes: 2 ** 40 });
    expect(r.issues).toEqual([]);
    expect(r.warnings).toEqual([
      { path: 'sim.local_num_threads', value: 8, message: expect.stringMatching(/more threads than the 2 cores/) as unknown as string },
    ]);
  });

  it('reports the validator\'s issues first and plans nothing for a set that fails them', () => {
    const p = params('net.N_scaling=-1');
    expect(checkRunnable(p, BIG_MACHINE).issues.map((i) => i.path)).toEqual(['net.N_scaling']);
    expect(() => assertRunnable(p, BIG_MACHINE)).toThrow(ParamValidationError);
    expect(assertRunnable(params(), BIG_MACHINE).params.net.N_scaling).toBe(1);
  });

  it('agrees with planning: whatever it passes, makePlan plans', () => {
    const cases = [
      ['net.N_scaling=1e-9'],
      ['net.N_scaling=0.0004'],
      ['net.N_scaling=2', 'sim.local_num_threads=1'],
      ['net.N_scaling=2', 'sim.local_num_threads=2'],
      ['net.N_scaling=10', 'sim.local_num_threads=7'],
      ['sim.sim_resolution=0.001', 'sim.t_presim=1', 'sim.t_sim=1', 'sim.rec_V_int=1'],
      ['sim.sim_resolution=0.01', 'sim.t_presim=1', 'sim.t_sim=1', 'sim.rec_V_int=1'],
      ['net.delay_exc_mean=6000', 'net.delay_rel_std=0'],
      ['net.delay_exc_mean=7000', 'net.delay_rel_std=0'],
      ['stim.thalamic_input=true', 'stim.delay_th_mean=8000', 'stim.delay_th_rel_std=0'],
      ['net.delay_rel_std=5'],
    ];
    for (const sets of cases) {
      const p = params('net.K_scaling=0.01', ...sets);
      const planned = planRefusal(p) === null;
      const passed = checkRunnable(p).issues.length === 0;
      expect({ sets, passed }).toEqual({ sets, passed: planned });
    }
  });

  it('the engine refuses the same sets before building anything', async () => {
    await expect(runSimulation(params('net.N_scaling=1e-9'), { skipMemoryGuard: true })).rejects.toThrow(/without neurons/);
  });
});
