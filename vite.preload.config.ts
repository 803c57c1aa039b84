// The preload: src-main/electron/preload.ts -> out/preload/preload.cjs. A sandboxed preload must be
// one CommonJS file that requires nothing but 'electron'.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: 'out/preload',
    emptyOutDir: true,
    target: 'chrome140',
    sourcemap: false,
    minify: false,
    lib: { entry: 'src-main/electron/preload.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
    rollupOptions: { external: ['electron'], output: { inlineDynamicImports: true } },
  },
});
