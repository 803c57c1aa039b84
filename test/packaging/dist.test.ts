// Packaging with electron.config.ts, exercised here with a stand-in Electron executable (the real
// binary cannot be downloaded on this machine): electron-builder `--linux dir` with `electronDist`
// pointing at a folder that holds a fake `electron` carrying Electron's fuse sentinel, so the
// configured fuses are flipped and checked too.
import { listPackage } from '@electron/asar';
import { Platform, build } from 'electron-builder';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../electron.config.ts';
import { buildParts } from '../../scripts/build.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_COUNT = 8;
/** @electron/fuses' wire: one byte per fuse, '0' off, '1' on, in this order. */
const FuseState = { DISABLE: 0x30, ENABLE: 0x31 } as const;
const FuseV1Options = {
  RunAsNode: 0,
  EnableCookieEncryption: 1,
  EnableNodeOptionsEnvironmentVariable: 2,
  EnableNodeCliInspectArguments: 3,
  EnableEmbeddedAsarIntegrityValidation: 4,
  OnlyLoadAppFromAsar: 5,
  LoadBrowserProcessSpecificV8Snapshot: 6,
  GrantFileProtocolExtraPrivileges: 7,
} as const;
const work = mkdtempSync(path.join(tmpdir(), 'dist-test-'));
const electronDist = path.join(work, 'electron-dist');
const output = path.join(work, 'release');
const appDir = path.join(output, 'linux-unpacked');

/** A shell script standing in for Electron, with a fuse wire (version 1, all fuses enabled). */
function writeStandInElectron(): void {
  const script = `#!/bin/sh\necho "stand-in Electron: packaging test only" >&2\nexit 1\n# ${SENTINEL}`;
  const wire = Buffer.concat([Buffer.from(script, 'latin1'), Buffer.from([1, FUSE_COUNT]), Buffer.alloc(FUSE_COUNT, FuseState.ENABLE), Buffer.from('\n')]);
  const exe = path.join(electronDist, 'electron');
  writeFileSync(exe, wire);
  chmodSync(exe, 0o755);
  writeFileSync(path.join(electronDist, 'version'), JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version);
  writeFileSync(path.join(electronDist, 'LICENSE'), 'stand-in');
}

function fuseStates(exe: string): number[] {
  const bytes = readFileSync(exe);
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
  return [...bytes.subarray(at + 2, at + 2 + FUSE_COUNT)];
}

beforeAll(async () => {
  mkdirSync(electronDist, { recursive: true });
  writeStandInElectron();
  await buildParts(['main', 'preload', 'engine', 'renderer']);
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    config: { ...config, electronDist, directories: { ...config.directories, output } },
  });
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('electron-builder with a stand-in Electron', () => {
  it('packs the app into resources/app.asar', () => {
    const asar = path.join(appDir, 'resources', 'app.asar');
    expect(existsSync(asar)).toBe(true);
    const files = listPackage(asar, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    for (const f of ['/package.json', '/out/main/main.js', '/out/preload/preload.cjs', '/out/renderer/index.html', '/node_modules/ws/package.json']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.includes('better-sqlite3/deps/'))).toEqual([]);
  });

  it('built the engine entries side by side, so each bundled `new URL("./x.js", import.meta.url)` finds its file', () => {
    const engineDir = path.join(root, 'out', 'engine');
    const files = existsSync(engineDir) ? readdirSync(engineDir).filter((f) => f.endsWith('.js')) : [];
    if (existsSync(path.join(root, 'engine/host/host.ts'))) expect(files).toContain('host.js');
    for (const file of files) {
      const code = readFileSync(path.join(engineDir, file), 'utf8');
      for (const m of code.matchAll(/new URL\(\s*["']\.\/([\w.-]+\.js)["']/g)) {
        expect(files, `${file} refers to ./${m[1]}`).toContain(m[1]);
      }
    }
  });

  it('ships each file a bundle reads from beside itself (vite RUNTIME_FILES), in out/ and in the asar', () => {
    const files = listPackage(path.join(appDir, 'resources', 'app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    let found = 0;
    for (const part of ['main', 'engine']) {
      const dir = path.join(root, 'out', part);
      if (!existsSync(dir)) continue;
      for (const js of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'))) {
        const code = readFileSync(path.join(dir, js), 'utf8');
        for (const m of code.matchAll(/new URL\(\s*["']\.\/([\w.-]+)["'],\s*import\.meta\.url/g)) {
          if (m[1].endsWith('.js')) continue;
          const beside = path.posix.join(path.posix.dirname(js.replaceAll('\\', '/')), m[1]);
          expect(existsSync(path.join(dir, beside)), `out/${part}/${beside}, read by ${js}`).toBe(true);
          expect(files, `/out/${part}/${beside} in the asar`).toContain(`/out/${part}/${beside}`);
          found++;
        }
      }
    }
    expect(found).toBeGreaterThan(0);
    expect(readFileSync(path.join(root, 'out', 'main', 'run_microcircuit.py'), 'utf8')).toBe(readFileSync(path.join(root, 'engine', 'nest', 'run_microcircuit.py'), 'utf8'));
  });

  it("unpacks better-sqlite3's native module from the asar", () => {
    const unpacked = path.join(appDir, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3');
    expect(existsSync(path.join(unpacked, 'prebuilds', 'linux-x64.node'))).toBe(true);
    expect(existsSync(path.join(unpacked, 'lib', 'index.js'))).toBe(true);
  });

  it('names the executable after the product and flips the configured fuses', () => {
    const exe = path.join(appDir, 'microcircuit-studio');
    expect(existsSync(exe)).toBe(true);
    const states = fuseStates(exe);
    expect(states[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(states[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    expect(states[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(states[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(states[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(states[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(states[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
  });
});
