import { describe, expect, it } from 'vitest';
import { defaultDbPath, storeLocation, userDataDir } from '../../../src-main/store/paths.ts';

describe('default database path (as Electron computes userData)', () => {
  it('follows each platform', () => {
    expect(defaultDbPath({ platform: 'linux', env: {}, homeDir: '/home/ada' })).toBe('/home/ada/.config/Microcircuit Studio/runs.sqlite');
    expect(defaultDbPath({ platform: 'linux', env: { XDG_CONFIG_HOME: '/xdg' }, homeDir: '/home/ada' })).toBe(
      '/xdg/Microcircuit Studio/runs.sqlite',
    );
    expect(defaultDbPath({ platform: 'linux', env: { XDG_CONFIG_HOME: '' }, homeDir: '/home/ada' })).toBe(
      '/home/ada/.config/Microcircuit Studio/runs.sqlite',
    );
    expect(defaultDbPath({ platform: 'darwin', env: {}, homeDir: '/Users/ada' })).toBe(
      '/Users/ada/Library/Application Support/Microcircuit Studio/runs.sqlite',
    );
    expect(defaultDbPath({ platform: 'win32', env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, homeDir: 'C:\\Users\\ada' })).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Microcircuit Studio\\runs.sqlite',
    );
    expect(userDataDir({ platform: 'win32', env: {}, homeDir: 'C:\\Users\\ada' })).toBe('C:\\Users\\ada\\AppData\\Roaming\\Microcircuit Studio');
  });

  it('an empty variable counts as unset (XDG_CONFIG_HOME, APPDATA), never a folder relative to the working directory', () => {
    expect(userDataDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '' }, homeDir: '/home/ada' })).toBe('/home/ada/.config/Microcircuit Studio');
    expect(userDataDir({ platform: 'win32', env: { APPDATA: '' }, homeDir: 'C:\\Users\\ada' })).toBe('C:\\Users\\ada\\AppData\\Roaming\\Microcircuit Studio');
  });
});

describe('storeLocation: the store named by --db FILE or --data-dir DIR, else the app\'s', () => {
  const linux = { platform: 'linux' as const, env: {}, homeDir: '/home/ada' };
  it('resolves all three the same way for the command line and the server', () => {
    expect(storeLocation({}, linux)).toEqual({ dataDir: '/home/ada/.config/Microcircuit Studio', dbFile: '/home/ada/.config/Microcircuit Studio/runs.sqlite' });
    expect(storeLocation({ dataDir: '/data' }, linux)).toEqual({ dataDir: '/data', dbFile: '/data/runs.sqlite' });
    expect(storeLocation({ dbFile: '/elsewhere/mine.sqlite' }, linux)).toEqual({ dataDir: '/elsewhere', dbFile: '/elsewhere/mine.sqlite' });
  });
});
