/**
 * Where the app keeps its run database, computed as Electron computes app.getPath('userData')
 * (appData + productName), so that the app, the CLI and the server agree without Electron.
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

/** Electron's appData folder: %APPDATA%, ~/Library/Application Support, or $XDG_CONFIG_HOME / ~/.config. */
export function appDataDir(p: PlatformEnv = currentPlatform()): string {
  switch (p.platform) {
    case 'win32':
      return p.env.APPDATA ?? path.win32.join(p.homeDir, 'AppData', 'Roaming');
    case 'darwin':
      return path.posix.join(p.homeDir, 'Library', 'Application Support');
    default:
      return p.env.XDG_CONFIG_HOME || path.posix.join(p.homeDir, '.config');
  }
}

/** The app's user-data folder (Electron's userData). */
export function userDataDir(p: PlatformEnv = currentPlatform()): string {
  const join = p.platform === 'win32' ? path.win32.join : path.posix.join;
  return join(appDataDir(p), APP_NAME);
}

/** The run database the app opens by default. */
export function defaultDbPath(p: PlatformEnv = currentPlatform()): string {
  const join = p.platform === 'win32' ? path.win32.join : path.posix.join;
  return join(userDataDir(p), DB_FILE_NAME);
}
