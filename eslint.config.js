// Lint for the whole repository. Besides the usual recommended rules it enforces the process
// boundaries (shared/style.md): each folder runs in one process, and an import from the wrong
// environment fails lint. test/lint/boundaries.test.ts lints bad snippets to keep these rules honest.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Matches any Node built-in: `node:fs`, `fs`, `fs/promises`, `path`, `child_process`, ... */
const NODE_BUILTINS = `^(node:.*|(${builtinModules.map(escape).join('|')})(/.*)?)$`;
const pkg = (...names) => `^(${names.map(escape).join('|')})(/.*)?$`;
/** A runtime import of one of our own folders, however it is reached (`../../src-main/x.ts`). */
const folder = (...names) => `(^|/)(${names.map(escape).join('|')})(/|$)`;

const forbid = (regex, message, allowTypeImports = false) => ({ regex, message, allowTypeImports });

const rules = {
  engine: [
    forbid(pkg('electron'), 'engine/ runs in plain Node (CLI, worker thread, utility process): no Electron.'),
    forbid(pkg('svelte', 'uplot', 'happy-dom', '@testing-library/svelte'), 'engine/ must not use UI or DOM-only packages.'),
    forbid(folder('src-main', 'src-renderer'), 'engine/ stands alone: it must not import the app (src-main, src-renderer).'),
  ],
  renderer: [
    forbid(NODE_BUILTINS, 'src-renderer/ runs in the sandboxed page: no Node built-ins. Ask the main process through the contract.'),
    forbid(pkg('electron'), 'src-renderer/ must not import Electron: use the transport (window.studio or the localhost one).'),
    forbid(pkg('better-sqlite3', 'ws'), 'src-renderer/ must not use main-process packages (SQLite, the ws server).'),
    // The engine's pure modules (parameters: presets, validation, derivation; analysis: statistics)
    // are shared with the page, so the UI validates and analyses exactly as the engine does.
    forbid('(^|/)engine/(?!params/|analysis/|api\\.ts$)', 'src-renderer/ may import engine/ only with `import type`, except the pure engine/params, engine/analysis and engine/api.ts: the engine runs in another process.', true),
    forbid('(^|/)src-main/(?!common/)', 'src-renderer/ may import src-main/ only with `import type` (the contract types), except the pure src-main/common/.', true),
  ],
  common: [
    forbid(NODE_BUILTINS, 'src-main/common/ is pure code for page and services alike: no Node built-ins.'),
    forbid(pkg('electron', 'svelte', 'uplot', 'better-sqlite3', 'ws'), 'src-main/common/ is pure code: no Electron, UI or Node-only packages.'),
    forbid('(^|/)(engine|src-renderer)(/|$)|(^|/)src-main/(?!common/)|^\\.\\./', 'src-main/common/ may import the other folders only with `import type`.', true),
  ],
  main: [
    forbid(pkg('electron'), 'Only the thin glue in src-main/electron/ imports Electron; services must run under plain Node.', true),
    forbid(pkg('svelte', 'uplot'), 'src-main/ runs in the main process: no UI packages.'),
    forbid(folder('src-renderer'), 'src-main/ may import src-renderer/ only with `import type`.', true),
  ],
  glue: [
    forbid(pkg('svelte', 'uplot'), 'src-main/ runs in the main process: no UI packages.'),
    forbid(folder('src-renderer'), 'src-main/ may import src-renderer/ only with `import type`.', true),
  ],
  preload: [
    forbid(
      '^(?!electron$|\\./ipc-channels\\.ts$).*',
      'The preload may import only electron, ./ipc-channels.ts and the contract types (`import type`).',
      true,
    ),
  ],
};

const restrict = (patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });

const DOM_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement', 'requestAnimationFrame'].map(
  (name) => ({ name, message: `${name} is DOM-only: engine/ runs in plain Node.` }),
);

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'release/', 'test-output/', '.vite/', 'bench-results/', '**/*.d.ts.map'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  { ignores: ['src-renderer/**', 'src-main/common/**'], languageOptions: { globals: { ...globals.node } } },
  { files: ['engine/**'], rules: { ...restrict(rules.engine), 'no-restricted-globals': ['error', ...DOM_GLOBALS] } },
  // Shared with the page: no Node built-ins in the engine's pure modules.
  {
    files: ['engine/params/**', 'engine/analysis/**', 'engine/api.ts'],
    rules: restrict([...rules.engine, forbid(NODE_BUILTINS, 'engine/params, engine/analysis and engine/api.ts are shared with the page: no Node built-ins.')]),
  },
  { files: ['src-renderer/**'], languageOptions: { globals: { ...globals.browser } }, rules: restrict(rules.renderer) },
  // Specs run under vitest, not in the page: they may take test data from the engine (presets).
  { files: ['src-renderer/**/*.spec.ts'], rules: restrict(rules.renderer.filter((r) => !r.message.includes('engine/'))) },
  { files: ['src-main/**'], rules: restrict(rules.main) },
  { files: ['src-main/electron/**'], rules: restrict(rules.glue) },
  // Shared with the page: the payload validator and the binary wire frames.
  { files: ['src-main/common/**'], languageOptions: { globals: { ...globals['shared-node-browser'] } }, rules: restrict(rules.common) },
  { files: ['src-main/electron/preload.ts'], rules: restrict(rules.preload) },
);
