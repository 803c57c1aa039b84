/**
 * `npm run build [-- main preload engine renderer]`: builds the named parts (all by default) with
 * the vite.*.config.ts files, one after the other (the machine is small).
 */
import { build } from 'vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { presentEngineEntries } from '../vite.engine.config.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const PARTS = ['main', 'preload', 'engine', 'renderer'] as const;
type Part = (typeof PARTS)[number];

function isPart(s: string): s is Part {
  return (PARTS as readonly string[]).includes(s);
}

export async function buildParts(parts: readonly Part[]): Promise<void> {
  for (const part of parts) {
    if (part === 'engine' && Object.keys(presentEngineEntries(root)).length === 0) {
      console.log('engine: no engine/host/host.ts or engine/sim/worker.ts yet, skipped');
      continue;
    }
    const started = performance.now();
    await build({ configFile: path.join(root, `vite.${part}.config.ts`) });
    console.log(`${part}: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((a) => !isPart(a));
  if (unknown.length > 0) {
    console.error(`unknown part(s) ${unknown.join(', ')}; allowed: ${PARTS.join(', ')}`);
    process.exit(2);
  }
  await buildParts(asked.length > 0 ? asked.filter(isPart) : PARTS);
}
