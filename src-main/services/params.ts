/** Presets, validation and the estimate of a run: the parameter editor's requests. */
import os from 'node:os';
import { availableMemoryBytes } from '../../engine/memory.ts';
import { estimateRun } from '../../engine/params/estimate.ts';
import { PRESET_DESCRIPTIONS, PRESET_NAMES, presetParams } from '../../engine/params/presets.ts';
import { validateParams } from '../../engine/params/validate.ts';
import { checkRunnable, type MachineFacts } from '../../engine/runnable.ts';
import type { Handler } from './dispatch.ts';

type ParamsMethods = 'params.presets' | 'params.defaults' | 'params.validate' | 'params.estimate';

export interface ParamsMachine {
  cores(): number;
  availableBytes(): number;
}

export const thisMachine: ParamsMachine = { cores: () => os.cpus().length, availableBytes: availableMemoryBytes };

/** The machine's facts now, as the engine's one validation takes them. */
export function machineFacts(machine: ParamsMachine): MachineFacts {
  return { cores: machine.cores(), availableBytes: machine.availableBytes() };
}

export function paramsHandlers(machine: ParamsMachine = thisMachine): { [M in ParamsMethods]: Handler<M> } {
  return {
    'params.presets': () => PRESET_NAMES.map((name) => ({ name, description: PRESET_DESCRIPTIONS[name] })),
    'params.defaults': ({ preset }) => presetParams(preset),
    // What runs.start would refuse, all of it (engine/runnable.ts): an empty list means it starts.
    'params.validate': ({ params }) => checkRunnable(params, machineFacts(machine)).issues,
    'params.estimate': ({ params }) => {
      // Throws ParamValidationError (answered bad-request with every issue) for invalid parameters.
      const valid = validateParams(params);
      const facts = machineFacts(machine);
      const { issues, warnings } = checkRunnable(valid, facts);
      return { ...estimateRun(valid, facts.cores), cores: facts.cores, availableBytes: facts.availableBytes, issues, warnings };
    },
  };
}
