import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Microcircuit Studio';

/**
 * Where Electron keeps this app's userData on this platform, so the localhost server and the CLI
 * use the same data (database, window state) as the desktop app. Pure: takes the environment.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
  }
}
