import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate } from '../../../src-main/electron/menu.ts';

const labels = (t: MenuItemConstructorOptions[]) => t.map((m) => m.label ?? m.role);
const sub = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];

describe('application menu', () => {
  it('has File, Edit, View, Window and Help with About', () => {
    const onShowDataFolder = vi.fn();
    const t = buildMenuTemplate({ appName: 'Microcircuit Studio', platform: 'linux', isPackaged: true, onShowDataFolder });
    expect(labels(t)).toEqual(['File', 'editMenu', 'View', 'windowMenu', 'help']);
    const help = sub(t[4]);
    expect(help[0]).toMatchObject({ role: 'about', label: 'About Microcircuit Studio' });
    const file = sub(t[0]);
    expect(file.at(-1)?.role).toBe('quit');
    (file[0]?.click as () => void)();
    expect(onShowDataFolder).toHaveBeenCalledOnce();
  });

  it('packaged builds have no DevTools; development builds do', () => {
    const opts = { appName: 'M', platform: 'linux' as const, onShowDataFolder: () => {} };
    const roles = (isPackaged: boolean) => sub(buildMenuTemplate({ ...opts, isPackaged })[2]).map((i) => i.role);
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(false)).toContain('toggleDevTools');
  });

  it('macOS gets the app menu first', () => {
    const t = buildMenuTemplate({ appName: 'Microcircuit Studio', platform: 'darwin', isPackaged: true, onShowDataFolder: () => {} });
    expect(labels(t)[0]).toBe('Microcircuit Studio');
    expect(sub(t[1]).at(-1)?.role).toBe('close');
  });
});
