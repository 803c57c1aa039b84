// The page: src-renderer/index.html -> out/renderer (relative asset URLs, so app://studio/ and the
// localhost server serve the same files; component CSS goes to .css files, keeping style-src 'self').
import { svelte } from '@sveltejs/vite-plugin-svelte';
import path from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: path.join(import.meta.dirname, 'src-renderer'),
  base: './',
  logLevel: 'warn',
  plugins: [svelte()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    modulePreload: { polyfill: false },
  },
});
