// Unit tests: test/**/*.test.ts under Node (engine, services, server, Electron glue with 'electron'
// mocked), and src-renderer/**/*.spec.ts in happy-dom with the Svelte plugin. The end-to-end tests
// (test/e2e/*.e2e.ts) run after these, under node:test, in a real Chromium.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'renderer',
          include: ['src-renderer/**/*.spec.ts'],
          environment: 'happy-dom',
          setupFiles: ['src-renderer/test-setup.ts'],
        },
      },
    ],
  },
});
