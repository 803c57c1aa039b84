/**
 * The one validation of a parameter set before a run: the validator's issues (params/validate.ts),
 * then everything the engine would refuse once it plans the network (network/plan.ts planIssues:
 * populations without neurons, delays it cannot represent, more neurons on a thread than its
 * queue addresses) and the memory guard for the machine (memory.ts guardMemory), found without
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
import { availableMemoryBytes, guardMemory, MemoryGuardError } from './memory.ts';
import { planIssues } from './network/plan.ts';
import type { ParamSet } from './params/types.ts';
import { collectIssues, ParamValidationError, type ValidationIssue } from './params/validate.ts';

/** What the check needs to know of the machine that will run the engine. */
export interface MachineFacts {
  cores: number;
  /** Memory available to a new run, bytes (memory.ts availableMemoryBytes). */
  availableBytes: number;
}

export interface Runnability {
  /** What refuses the run: empty when it can run. */
  issues: ValidationIssue[];
  /** What the user should know but does not refuse it. */
  warnings: ValidationIssue[];
}

/** This machine's facts, now. */
export function thisMachine(): MachineFacts {
  return { cores: os.cpus().length, availableBytes: availableMemoryBytes() };
}

const gib = (bytes: number): string => (bytes / 2 ** 30).toFixed(2);

function memoryIssues(p: ParamSet, availableBytes: number): ValidationIssue[] {
  try {
    guardMemory(p, availableBytes);
    return [];
  } catch (e) {
    if (!(e instanceof MemoryGuardError)) throw e;
    return [{
      path: 'net.N_scaling',
      value: p.net.N_scaling,
      message: `the network needs about ${gib(e.neededBytes)} GiB of memory, and ${gib(e.availableBytes)} GiB are available to a run: ` +
        'a smaller net.N_scaling or net.K_scaling, fewer recorded devices (sim.rec_dev), or closing other programs',
    }];
  }
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
  const issues = collectIssues(input);
  if (issues.length > 0) return { issues, warnings: [] };
  const p = input as ParamSet;
  issues.push(...planIssues(p));
  if (machine) issues.push(...memoryIssues(p, machine.availableBytes));
  return { issues, warnings: machine ? threadWarnings(p, machine.cores) : [] };
}

/** The parameter set typed and its warnings; throws a ParamValidationError listing every problem. */
export function assertRunnable(input: unknown, machine?: MachineFacts): { params: ParamSet; warnings: ValidationIssue[] } {
  const { issues, warnings } = checkRunnable(input, machine);
  if (issues.length > 0) throw new ParamValidationError(issues);
  return { params: input as ParamSet, warnings };
}
