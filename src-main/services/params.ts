import { PRESET_DESCRIPTIONS, PRESET_NAMES, presetParams } from '../../engine/params/presets.ts';
import type { Handler } from './dispatch.ts';

export function paramsHandlers(): { 'params.presets': Handler<'params.presets'>; 'params.defaults': Handler<'params.defaults'> } {
  return {
    'params.presets': () => PRESET_NAMES.map((name) => ({ name, description: PRESET_DESCRIPTIONS[name] })),
    'params.defaults': ({ preset }) => presetParams(preset),
  };
}
