import { describe, expect, it } from 'vitest';
import { defaultDbPath, userDataDir } from '../../../src-main/store/paths.ts';

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
});
