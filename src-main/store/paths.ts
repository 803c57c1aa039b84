/**
 * Where the app keeps its data, for every process that needs it (the desktop app through Electron,
 * the localhost server, the command line): computed as Electron computes app.getPath('userData')
 * (appData + productName), so that all of them agree without Electron. An empty environment
 * variable counts as unset, as the XDG Base Directory spec says (and as Chromium reads it).
 */
import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Microcircuit Studio';
export const DB_FILE_NAME = 'runs.sqlite';

export interface PlatformEnv {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  homeDir: string;
}

function currentPlatform(): PlatformEnv {
  return { platform: process.platform, env: process.env, homeDir: os.homedir() };
}

/** A variable's value; undefined when unset or empty. */
function envVar(p: PlatformEnv, name: string): string | undefined {
  const v = p.env[name];
  return v === undefined || v === '' ? undefined : v;
}

function joinFor(p: PlatformEnv): (...parts: string[]) => string {
  return p.platform === 'win32' ? path.win32.join : path.posix.join;
}

/** Electron's appData folder: %APPDATA%, ~/Library/Application Support, or $XDG_CONFIG_HOME / ~/.config. */
export function appDataDir(p: PlatformEnv = currentPlatform()): string {
  switch (p.platform) {
    case 'win32':
      return envVar(p, 'APPDATA') ?? path.win32.join(p.homeDir, 'AppData', 'Roaming');
    case 'darwin':
      return path.posix.join(p.homeDir, 'Library', 'Application Support');
    default:
      return envVar(p, 'XDG_CONFIG_HOME') ?? path.posix.join(p.homeDir, '.config');
  }
}

/** The app's data folder (Electron's userData): the run database lives here. */
export function userDataDir(p: PlatformEnv = currentPlatform()): string {
  return joinFor(p)(appDataDir(p), APP_NAME);
}

/** The run database the app opens by default. */
export function defaultDbPath(p: PlatformEnv = currentPlatform()): string {
  return joinFor(p)(userDataDir(p), DB_FILE_NAME);
}

/** Where a store is: its data folder and its database file. */
export interface StoreLocation {
  dataDir: string;
  dbFile: string;
}

/**
 * The store named by a database file or a data folder (the two ways the command line and the
 * server accept), else the app's own. A database file's folder is its data folder.
 */
export function storeLocation(named: { dbFile?: string; dataDir?: string }, p: PlatformEnv = currentPlatform()): StoreLocation {
  if (named.dbFile !== undefined) return { dataDir: path.dirname(named.dbFile), dbFile: named.dbFile };
  const dataDir = named.dataDir ?? userDataDir(p);
  return { dataDir, dbFile: named.dataDir !== undefined ? path.join(dataDir, DB_FILE_NAME) : defaultDbPath(p) };
}
