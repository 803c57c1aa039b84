// The engine's process entries: engine/host/host.ts (the utility process / child process) and
// engine/sim/worker.ts (worker threads), built side by side into out/engine/ so that
// `new URL('./sim-worker.js', import.meta.url)` in the bundled host finds the worker. Entries that do not exist
// yet are skipped; with none, there is nothing to build.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vite';
import { nodeExternals, runtimeFiles } from './vite.main.config.ts';

/** Output names are what the bundled code expects beside it (engine/runner.ts workerUrl()). */
export const ENGINE_ENTRIES = { host: 'engine/host/host.ts', 'sim-worker': 'engine/sim/worker.ts' } as const;

export function presentEngineEntries(root: string): Record<string, string> {
  return Object.fromEntries(Object.entries(ENGINE_ENTRIES).filter(([, file]) => existsSync(path.join(root, file))));
}

export default defineConfig({
  root: import.meta.dirname,
  publicDir: false,
  logLevel: 'warn',
  plugins: [runtimeFiles(import.meta.dirname)],
  build: {
    ssr: true,
    outDir: 'out/engine',
    emptyOutDir: true,
    target: 'node22',
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: presentEngineEntries(import.meta.dirname),
      external: nodeExternals,
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
