/** Presets, validation and the estimate of a run: the parameter editor's requests. */
import os from 'node:os';
import { availableMemoryBytes } from '../../engine/memory.ts';
import { estimateRun } from '../../engine/params/estimate.ts';
import { PRESET_DESCRIPTIONS, PRESET_NAMES, presetParams } from '../../engine/params/presets.ts';
import { collectIssues, validateParams } from '../../engine/params/validate.ts';
import type { Handler } from './dispatch.ts';

type ParamsMethods = 'params.presets' | 'params.defaults' | 'params.validate' | 'params.estimate';

export interface ParamsMachine {
  cores(): number;
  availableBytes(): number;
}

const thisMachine: ParamsMachine = { cores: () => os.cpus().length, availableBytes: availableMemoryBytes };

export function paramsHandlers(machine: ParamsMachine = thisMachine): { [M in ParamsMethods]: Handler<M> } {
  return {
    'params.presets': () => PRESET_NAMES.map((name) => ({ name, description: PRESET_DESCRIPTIONS[name] })),
    'params.defaults': ({ preset }) => presetParams(preset),
    'params.validate': ({ params }) => collectIssues(params),
    'params.estimate': ({ params }) => {
      // Throws ParamValidationError (answered bad-request with every issue) for invalid parameters.
      const valid = validateParams(params);
      const cores = machine.cores();
      return { ...estimateRun(valid, cores), cores, availableBytes: machine.availableBytes() };
    },
  };
}
