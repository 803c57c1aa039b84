/**
 * Export of a run's parameters as a self-contained PyNEST (NEST 3.x) script, so that a researcher
 * can run the same network in NEST: `pynestScript()` is the script, `pynestParamsJson()` the
 * parameter file it reads (our format, which keeps the NEST example's section and key names).
 *
 * The script derives every parameter the way the NEST example's helpers do (pd14.md section 4),
 * creates and connects the network with the example's calls in the example's order (pd14.md 4.5:
 * the same node ids and, for a given seed and number of virtual processes, the same random
 * streams), presimulates, simulates and writes NEST's standard output files. Every parameter comes
 * from the JSON file: the script knows the full key list (PARAM_TYPES) and refuses a file with a
 * key missing or unknown, so nothing is silently ignored or hard-coded.
 *
 * It runs without NumPy: the derivation uses Python floats in the helpers' order of operations
 * (numpy's pairwise summation included), so `--dry-run` works anywhere and can be checked against
 * engine/params/derive.ts. `--rates-only` recomputes rate<i>.dat from an output folder.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParamSet } from '../params/types.ts';
import { validateParams } from '../params/validate.ts';

/**
 * The Python program (run_microcircuit.py beside this module: a plain Python file that linters and
 * py_compile read), followed in the export by the header pynestScript writes. Read on first use:
 * from engine/nest/ when run from source; from beside the bundle when built, where
 * vite.main.config.ts (runtimeFiles) copies it — out/main/ in dev builds and in the packaged app's
 * asar, which Electron's fs reads.
 */
const SCRIPT_BODY_URL = new URL('./run_microcircuit.py', import.meta.url);
let scriptBodyText: string | undefined;

function scriptBody(): string {
  scriptBodyText ??= readFileSync(fileURLToPath(SCRIPT_BODY_URL), 'utf8');
  return scriptBodyText;
}

/** File names of an export (the script looks for the parameter file beside itself). */
export const PYNEST_SCRIPT_NAME = 'run_microcircuit.py';
export const PYNEST_PARAMS_NAME = 'params.json';

export interface PynestMeta {
  /** Name of the run the parameters come from (shown in the script's header). */
  runName?: string;
  /** Version of Microcircuit Studio's engine that exports it. */
  engineVersion?: string;
}

/**
 * The parameter file the script reads: the complete parameter set in our JSON format (sections
 * sim, net, stim; NEST key names), one value per leaf. Throws a ParamValidationError for an invalid
 * set (it could not be run, here or in NEST).
 */
export function pynestParamsJson(params: ParamSet): string {
  validateParams(params);
  return `${JSON.stringify(params, null, 2)}\n`;
}

/** One header comment line: no control characters (a run name could hold anything). */
function commentText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/**
 * The PyNEST script for a parameter set. The parameters themselves live in the JSON file
 * (pynestParamsJson); `params` only fills the header's summary. Throws for an invalid set.
 */
export function pynestScript(params: ParamSet, meta: PynestMeta = {}): string {
  const p = validateParams(params);
  const lines = [
    '#!/usr/bin/env python3',
    '# -*- coding: utf-8 -*-',
    '#',
    `# Exported by Microcircuit Studio${meta.engineVersion ? ` (engine ${commentText(meta.engineVersion)})` : ''}.`,
  ];
  if (meta.runName) lines.push(`# Run: ${commentText(meta.runName)}`);
  lines.push(
    `# Parameters (read from ${PYNEST_PARAMS_NAME}, not from this header): N_scaling ${p.net.N_scaling}, K_scaling ${p.net.K_scaling},`,
    `#   seed ${p.sim.rng_seed}, ${p.sim.local_num_threads} thread(s), t_presim ${p.sim.t_presim} ms + t_sim ${p.sim.t_sim} ms at ${p.sim.sim_resolution} ms,`,
    `#   ${p.net.poisson_input ? 'Poisson' : 'DC'} background, thalamic input ${p.stim.thalamic_input ? 'on' : 'off'}, DC stimulus ${p.stim.dc_input ? 'on' : 'off'}, recording ${p.sim.rec_dev.join(', ') || 'nothing'}.`,
    '#',
  );
  return `${lines.join('\n')}\n${scriptBody()}`;
}

/** Writes `run_microcircuit.py` (executable) and `params.json` into dir; returns their paths. */
export function writePynestExportSync(dir: string, params: ParamSet, meta: PynestMeta = {}): { script: string; params: string } {
  const script = pynestScript(params, meta);
  const json = pynestParamsJson(params);
  mkdirSync(dir, { recursive: true });
  const scriptPath = join(dir, PYNEST_SCRIPT_NAME);
  const paramsPath = join(dir, PYNEST_PARAMS_NAME);
  writeFileSync(paramsPath, json);
  writeFileSync(scriptPath, script);
  chmodSync(scriptPath, 0o755);
  return { script: scriptPath, params: paramsPath };
}
