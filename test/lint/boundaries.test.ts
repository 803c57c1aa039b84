// Guards the process boundaries of eslint.config.js: a wrong cross-process import must fail lint.
// Each case lints a snippet as if it were a file in that folder, through ESLint's Node API.
import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports' || m.ruleId === 'no-restricted-globals' || m.fatal)
    .map((m) => m.message);
}

const refused: [string, string, string, RegExp][] = [
  ['engine imports electron', 'engine/sim/x.ts', "import { app } from 'electron';\nexport const a = app;", /no Electron/],
  ['engine imports svelte', 'engine/x.ts', "import { mount } from 'svelte';\nexport const m = mount;", /UI or DOM-only/],
  ['engine imports uPlot (DOM-only)', 'engine/analysis/x.ts', "import uPlot from 'uplot';\nexport const u = uPlot;", /UI or DOM-only/],
  ['engine uses document', 'engine/x.ts', 'export const t = document.title;', /DOM-only/],
  ['engine imports src-main', 'engine/sim/x.ts', "import { contract } from '../../src-main/contract.ts';\nexport const c = contract;", /stands alone/],
  ['engine imports src-renderer', 'engine/x.ts', "import { summarizeParams } from '../src-renderer/lib/params-view.ts';\nexport const s = summarizeParams;", /stands alone/],
  ['engine imports src-main types', 'engine/x.ts', "import type { Method } from '../src-main/contract.ts';\nexport type M = Method;", /stands alone/],
  ['renderer imports node:fs', 'src-renderer/lib/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;", /no Node built-ins/],
  ['renderer imports fs', 'src-renderer/lib/x.ts', "import fs from 'fs';\nexport const f = fs;", /no Node built-ins/],
  ['renderer imports path', 'src-renderer/lib/x.ts', "import path from 'path';\nexport const p = path;", /no Node built-ins/],
  ['renderer imports child_process', 'src-renderer/x.ts', "import { spawn } from 'child_process';\nexport const s = spawn;", /no Node built-ins/],
  ['renderer imports better-sqlite3', 'src-renderer/x.ts', "import Database from 'better-sqlite3';\nexport const d = Database;", /main-process packages/],
  ['renderer imports electron', 'src-renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;", /must not import Electron/],
  ['renderer imports engine code', 'src-renderer/lib/x.ts', "import { runSimulation } from '../../engine/run.ts';\nexport const r = runSimulation;", /only with `import type`/],
  ['renderer imports the engine worker', 'src-renderer/lib/x.ts', "import { Partition } from '../../engine/sim/partition.ts';\nexport const p = Partition;", /only with `import type`/],
  ['a pure engine module imports node:fs', 'engine/analysis/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;", /shared with the page/],
  ['renderer imports src-main code', 'src-renderer/lib/x.ts', "import { contract } from '../../src-main/contract.ts';\nexport const c = contract;", /only with `import type`/],
  [
    'a Svelte component imports node:path',
    'src-renderer/components/X.svelte',
    "<script lang=\"ts\">\n  import path from 'node:path';\n  const p = path.sep;\n</script>\n<p>{p}</p>\n",
    /no Node built-ins/,
  ],
  ['a service imports electron', 'src-main/services/x.ts', "import { app } from 'electron';\nexport const a = app;", /thin glue/],
  ['the preload imports a service', 'src-main/electron/preload.ts', "import { createServices } from '../services/services.ts';\nexport const c = createServices;", /preload may import only/],
  ['src-main/common imports node:crypto', 'src-main/common/x.ts', "import { randomBytes } from 'node:crypto';\nexport const r = randomBytes;", /pure code/],
];

const allowed: [string, string, string][] = [
  ['renderer validates with the engine validator', 'src-renderer/lib/x.ts', "import { collectIssues } from '../../engine/params/validate.ts';\nexport const c = collectIssues;"],
  ['renderer computes statistics with engine/analysis', 'src-renderer/lib/x.ts', "import { boxplotStats } from '../../engine/analysis/descriptive.ts';\nexport const b = boxplotStats;"],
  ['renderer imports contract types', 'src-renderer/lib/x.ts', "import type { Method } from '../../src-main/contract.ts';\nexport type M = Method;"],
  ['renderer imports engine types inline', 'src-renderer/lib/x.ts', "import { type ParamSet } from '../../engine/params/types.ts';\nexport type P = ParamSet;"],
  ['renderer imports src-main/common', 'src-renderer/lib/x.ts', "import { encodeWire } from '../../src-main/common/wire.ts';\nexport const e = encodeWire;"],
  ['engine imports node:worker_threads', 'engine/sim/x.ts', "import { Worker } from 'node:worker_threads';\nexport const w = Worker;"],
  ['the Electron glue imports electron', 'src-main/electron/x.ts', "import { app } from 'electron';\nexport const a = app;"],
  ['a service imports electron types', 'src-main/services/x.ts', "import type { WebContents } from 'electron';\nexport type W = WebContents;"],
  ['the preload imports electron and the contract types', 'src-main/electron/preload.ts', "import { contextBridge } from 'electron';\nimport type { StudioTransport } from '../contract.ts';\nimport { INVOKE_CHANNEL } from './ipc-channels.ts';\nexport const x: [unknown, StudioTransport | null, string] = [contextBridge, null, INVOKE_CHANNEL];"],
];

describe('process boundaries fail lint', () => {
  it.each(refused)('%s', async (_name, file, code, message) => {
    const errors = await boundaryErrors(file, code);
    expect(errors.length, `expected a boundary error for ${file}`).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(message);
  });

  it.each(allowed)('%s is allowed', async (_name, file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });
});
