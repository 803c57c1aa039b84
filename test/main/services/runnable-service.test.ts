// One validation for the page, the services and the CLI (issue 13 item 3): params.validate reports
// everything runs.start would refuse — what planning refuses and the memory guard for this machine
// — and runs.start refuses it before anything is stored, so a parameter error never leaves a failed
// run behind. Threads above the core count are a warning: the estimate carries it and a started
// run logs it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeParams } from '../../../engine/params/merge.ts';
import type { ParamSet } from '../../../engine/params/types.ts';
import type { Reply, StudioEvent } from '../../../src-main/contract.ts';
import type { StudioServices } from '../../../src-main/services/services.ts';
import { closeServices, dispatcher, openServices, type TestServices } from './harness.ts';
import { fakeLauncher } from '../runs/helpers.ts';

const full = (...sets: string[]): ParamSet => composeParams({ preset: 'full', sets }) as ParamSet;
const tiny = (...sets: string[]): ParamSet => composeParams({ sets: ['net.N_scaling=0.02', 'sim.t_presim=50', 'sim.t_sim=100', ...sets] }) as ParamSet;

let t: TestServices;
let services: StudioServices;
const events: StudioEvent[] = [];

const { call, refusal } = dispatcher(() => services, 'ipc');

beforeAll(() => {
  t = openServices('mcs-runnable-', {
    // A small machine: 2 cores, 1 GiB available (the full-scale network needs about 2 GiB).
    machine: { cores: () => 2, availableBytes: () => 2 ** 30 },
    launcher: fakeLauncher().launcher,
  });
  services = t.services;
  services.events.subscribe((e) => events.push(e));
});

afterAll(() => closeServices(t));

/** Each: parameters the validator alone passes, and the field the one validation names. */
const REFUSED: [string, ParamSet, string, RegExp][] = [
  ['a population without neurons', tiny('net.N_scaling=1e-9'), 'net.N_scaling', /without neurons/],
  ['more neurons on a thread than its queue addresses', full('net.N_scaling=2', 'net.K_scaling=0.01', 'sim.local_num_threads=1'), 'sim.local_num_threads', /at most 131072/],
  ['delays of more than 4096 distinct steps', tiny('sim.sim_resolution=0.001', 'sim.rec_V_int=1'), 'net.delay_exc_mean', /at most 4096 distinct delays/],
  ['delays of more than 65535 steps', tiny('net.delay_exc_mean=7000', 'net.delay_rel_std=0'), 'sim.sim_resolution', /at most 65535 steps/],
  ['a network the machine cannot hold', full(), 'net.N_scaling', /needs about \d+\.\d\d GiB .*90 % of the 1\.00 GiB available/],
];

describe('params.validate and runs.start agree', () => {
  for (const [what, params, field, message] of REFUSED) {
    it(`${what}: named by params.validate, refused by runs.start, nothing stored`, async () => {
      const issues = await call('params.validate', { params });
      expect(issues.map((i) => i.path)).toEqual([field]);
      expect(issues[0].message).toMatch(message);
      const e = await refusal('runs.start', { params, name: what });
      expect(e.code).toBe('bad-request');
      expect(e.issues?.map((i) => i.path)).toEqual([field]);
      expect(e.field).toBe(`params.${field}`);
      expect(await call('runs.list', {})).toEqual([]);
      const est = await services.dispatch('params.estimate', { params }, { transport: 'ipc' });
      if (est.ok) expect((est.value as Reply<'params.estimate'>).issues.map((i) => i.path)).toEqual([field]);
    });
  }

  it('threads above the core count: a warning in the estimate and in the run log, never a refusal', async () => {
    const params = tiny('sim.local_num_threads=4');
    expect(await call('params.validate', { params })).toEqual([]);
    const est = await call('params.estimate', { params });
    expect(est.issues).toEqual([]);
    expect(est.warnings.map((w) => [w.path, w.value])).toEqual([['sim.local_num_threads', 4]]);
    expect(est.warnings[0].message).toMatch(/more threads than the 2 cores/);
    const record = await call('runs.start', { params, name: 'four threads' });
    expect(record.status).toBe('queued');
    const log = events.find((e) => e.type === 'run.log' && e.runId === record.id);
    expect(log).toMatchObject({ type: 'run.log', level: 'warn', line: expect.stringMatching(/^sim\.local_num_threads = 4: more threads than the 2 cores/) as unknown as string });
    await call('runs.cancel', { id: record.id });
  });
});
