/**
 * electron-builder configuration (`npm run dist`, which builds first). electron-builder loads this
 * TypeScript file itself (`--config electron.config.ts`).
 *
 * better-sqlite3 13 ships N-API prebuilds for every platform we target, so nothing is rebuilt for
 * Electron; its .node files are unpacked from the asar so they can be loaded.
 *
 * Fuses: no ELECTRON_RUN_AS_NODE (so the engine host must be a utilityProcess, never
 * child_process.fork of the app binary), no NODE_OPTIONS, no --inspect, app code only from the
 * asar, whose integrity is checked (macOS, Windows), cookies encrypted, no file:// extra privileges
 * (the page is served from app://).
 */
import type { Configuration } from 'electron-builder';

const config: Configuration = {
  appId: 'org.microcircuit.studio',
  productName: 'Microcircuit Studio',
  copyright: 'Copyright © 2025 the Microcircuit Studio authors',
  directories: { output: 'release', buildResources: 'resources' },
  files: [
    'package.json',
    'out/**/*',
    '!out/**/*.map',
    '!**/node_modules/better-sqlite3/{deps,src}/**',
    '!**/node_modules/better-sqlite3/binding.gyp',
  ],
  extraMetadata: { main: 'out/main/main.js' },
  asar: true,
  asarUnpack: ['node_modules/better-sqlite3/**'],
  npmRebuild: false,
  nodeGypRebuild: false,
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'resources/icon.png',
    category: 'Science',
    maintainer: 'Microcircuit Studio authors <studio@microcircuit.invalid>',
    synopsis: 'Run and compare simulations of the Potjans & Diesmann cortical microcircuit',
  },
  mac: {
    target: ['dmg'],
    icon: 'resources/icon.png',
    category: 'public.app-category.education',
  },
  win: {
    target: ['nsis'],
    icon: 'resources/icon.png',
  },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true },
};

export default config;
