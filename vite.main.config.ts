// Electron main process: src-main/electron/main.ts -> out/main/main.js (ESM; Electron, Node
// built-ins and npm dependencies stay external and load from node_modules at run time).
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

export const nodeExternals = ['electron', /^electron\//, /^node:/, ...builtinModules, 'better-sqlite3', 'ws'];

export default defineConfig({
  root: import.meta.dirname,
  publicDir: false,
  logLevel: 'warn',
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
