// Electron main process: src-main/electron/main.ts -> out/main/main.js (ESM; Electron, Node
// built-ins and npm dependencies stay external and load from node_modules at run time).
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { defineConfig, normalizePath, type Plugin } from 'vite';

export const nodeExternals = ['electron', /^electron\//, /^node:/, ...builtinModules, 'better-sqlite3', 'ws'];

/**
 * Files a module reads at run time from beside itself (`new URL('./file', import.meta.url)`), as
 * paths from the repository root. Run from source they are found where they are; in a build,
 * runtimeFiles copies each one beside every bundled chunk that contains its module.
 */
export const RUNTIME_FILES: readonly { module: string; file: string }[] = [
  // The PyNEST export's Python program (engine/nest/pynest.ts).
  { module: 'engine/nest/pynest.ts', file: 'engine/nest/run_microcircuit.py' },
];

/** Copies RUNTIME_FILES beside the output chunks that bundle their modules (see above). */
export function runtimeFiles(root: string): Plugin {
  return {
    name: 'microcircuit:runtime-files',
    generateBundle(_options, bundle) {
      for (const { module, file } of RUNTIME_FILES) {
        const id = normalizePath(path.join(root, module));
        for (const chunk of Object.values(bundle)) {
          if (chunk.type !== 'chunk' || !chunk.moduleIds.includes(id)) continue;
          const fileName = path.posix.join(path.posix.dirname(chunk.fileName), path.basename(file));
          this.emitFile({ type: 'asset', fileName, source: readFileSync(path.join(root, file)) });
        }
      }
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  publicDir: false,
  logLevel: 'warn',
  plugins: [runtimeFiles(import.meta.dirname)],
  build: {
    ssr: 'src-main/electron/main.ts',
    outDir: 'out/main',
    emptyOutDir: true,
    target: 'node22',
    sourcemap: true,
    minify: false,
    rollupOptions: {
      external: nodeExternals,
      output: { format: 'es', entryFileNames: 'main.js' },
    },
  },
});
