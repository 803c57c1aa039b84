/**
 * The one validation of a parameter set before a run: api.ts checkParams — the validator's issues
 * (params/validate.ts), then everything the engine would refuse once it plans the network (network/plan.ts planIssues:
 * populations without neurons, delays it cannot represent, more neurons on a thread than its
 * queue addresses) and the memory guard for the machine (params/estimate.ts checkMemory), found without
 * building anything and in the validator's issue shape (path, value, what is allowed). The
 * services (params.validate, params.estimate, runs.start) and the CLI (simulate) call it before
 * anything is stored, so a parameter error never leaves a failed run behind; runSimulation
 * refuses the same sets itself (validateParams, guardMemory, makePlan).
 *
 * Pure given the machine's facts, which are passed in (thisMachine() reads them); without them
 * only the machine-independent part is checked. More threads than cores is a warning: the run
 * works, only slower.
 */
import os from 'node:os';
import { memoryFacts } from './memory.ts';
import { checkParams } from './api.ts';
import { checkMemory } from './params/estimate.ts';
import type { ParamSet } from './params/types.ts';
import { ParamValidationError, type ValidationIssue } from './params/validate.ts';

/** What the check needs to know of the machine that will run the engine. */
export interface MachineFacts {
  cores: number;
  /** Memory available to a new run, bytes (memory.ts memoryFacts: the host's, or less under a cgroup limit). */
  availableBytes: number;
  /** Where that figure comes from, in words (e.g. the cgroup limit file), for the refusal. */
  availableFrom?: string;
}

export interface Runnability {
  /** What refuses the run: empty when it can run. */
  issues: ValidationIssue[];
  /** What the user should know but does not refuse it. */
  warnings: ValidationIssue[];
}

/** This machine's facts, now. */
export function thisMachine(): MachineFacts {
  const m = memoryFacts();
  return { cores: os.cpus().length, availableBytes: m.availableBytes, availableFrom: m.availableFrom };
}

/** The memory guard's refusal (params/estimate.ts checkMemory: the need, the limit and where it comes from), as an issue. */
function memoryIssues(p: ParamSet, machine: MachineFacts): ValidationIssue[] {
  const check = checkMemory(p, { availableBytes: machine.availableBytes, availableFrom: machine.availableFrom, cores: machine.cores });
  return check.ok ? [] : [check.issue];
}

function threadWarnings(p: ParamSet, cores: number): ValidationIssue[] {
  const threads = p.sim.local_num_threads;
  if (threads <= cores) return [];
  return [{
    path: 'sim.local_num_threads',
    value: threads,
    message: `more threads than the ${cores} cores of this machine: the run is not faster, its threads take turns on the cores (the spikes are the same for any thread count)`,
  }];
}

/** Every problem that would refuse a run of `input` (on `machine`, when given), and the warnings. */
export function checkRunnable(input: unknown, machine?: MachineFacts): Runnability {
  const issues = checkParams(input);
  // The memory guard and the warnings judge a set that plans: an estimate of a set that does not is meaningless.
  if (issues.length > 0 || !machine) return { issues, warnings: [] };
  const p = input as ParamSet;
  return { issues: memoryIssues(p, machine), warnings: threadWarnings(p, machine.cores) };
}

/** The parameter set typed and its warnings; throws a ParamValidationError listing every problem. */
export function assertRunnable(input: unknown, machine?: MachineFacts): { params: ParamSet; warnings: ValidationIssue[] } {
  const { issues, warnings } = checkRunnable(input, machine);
  if (issues.length > 0) throw new ParamValidationError(issues);
  return { params: input as ParamSet, warnings };
}
