// The Electron main process with 'electron' mocked: the window's security settings, the single-
// instance lock, the app:// protocol, IPC, the menu and the hardening of sessions and webContents.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const userData = mkdtempSync(path.join(tmpdir(), 'userdata-'));

const h = vi.hoisted(() => {
  type Fn = (...args: unknown[]) => unknown;
  const appHandlers = new Map<string, Fn>();
  const windows: { options: Record<string, unknown>; url?: string; handlers: Map<string, Fn>; webContents: { id: number; send: Fn } }[] = [];
  const state = { lock: true };
  const calls = {
    quit: 0,
    sandbox: 0,
    schemes: [] as unknown[],
    protocolHandled: [] as string[],
    ipcChannels: [] as string[],
    menuTemplate: null as unknown,
    permissionHandler: null as null | Fn,
    beforeRequest: null as null | Fn,
  };
  return { appHandlers, windows, state, calls };
});

vi.mock('electron', () => {
  let nextId = 1;
  class BrowserWindow {
    static getAllWindows = () => h.windows;
    webContents: { id: number; send: (...a: unknown[]) => void };
    handlers = new Map<string, (...a: unknown[]) => unknown>();
    options: Record<string, unknown>;
    url?: string;
    constructor(options: Record<string, unknown>) {
      this.options = options;
      this.webContents = { id: nextId++, send: vi.fn() };
      h.windows.push(this as never);
    }
    on(name: string, fn: (...a: unknown[]) => unknown) {
      this.handlers.set(name, fn);
      return this;
    }
    once(name: string, fn: (...a: unknown[]) => unknown) {
      return this.on(name, fn);
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    maximize() {}
    isDestroyed() {
      return false;
    }
    getNormalBounds() {
      return { x: 1, y: 2, width: 1280, height: 800 };
    }
    isMaximized() {
      return false;
    }
  }
  return {
    app: {
      requestSingleInstanceLock: () => h.state.lock,
      enableSandbox: () => void h.calls.sandbox++,
      quit: () => void h.calls.quit++,
      on: (name: string, fn: (...a: unknown[]) => unknown) => void h.appHandlers.set(name, fn),
      whenReady: () => Promise.resolve(),
      getPath: () => userData,
      getName: () => 'Microcircuit Studio',
      getVersion: () => '0.1.0',
      isPackaged: false,
      setAboutPanelOptions: () => {},
    },
    BrowserWindow,
    ipcMain: { handle: (channel: string) => void h.calls.ipcChannels.push(channel), removeHandler: () => {} },
    Menu: { buildFromTemplate: (t: unknown) => (h.calls.menuTemplate = t), setApplicationMenu: () => {} },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => void h.calls.schemes.push(...s),
      handle: (scheme: string) => void h.calls.protocolHandled.push(scheme),
    },
    screen: {
      getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
      getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: (...a: unknown[]) => unknown) => (h.calls.permissionHandler = fn),
        setPermissionCheckHandler: () => {},
        webRequest: { onBeforeRequest: (fn: (...a: unknown[]) => unknown) => (h.calls.beforeRequest = fn) },
      },
    },
    shell: { openExternal: vi.fn(), openPath: vi.fn() },
  };
});

async function startMain(): Promise<void> {
  vi.resetModules();
  await import('../../../src-main/electron/main.ts');
  await new Promise((r) => setTimeout(r, 0)); // let whenReady() resolve
}

describe('Electron main process', () => {
  beforeEach(() => {
    h.windows.length = 0;
    h.appHandlers.clear();
    h.calls.quit = 0;
    h.calls.ipcChannels.length = 0;
    h.calls.protocolHandled.length = 0;
  });

  it('opens one sandboxed, context-isolated window on app://', async () => {
    await startMain();
    expect(h.windows).toHaveLength(1);
    const win = h.windows[0];
    const prefs = win?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String(prefs.preload)).toMatch(/preload[/\\]preload\.cjs$/);
    expect(win?.url).toBe('app://studio/index.html');
    expect(win?.options).toMatchObject({ width: 1280, height: 800 });
    expect(h.calls.sandbox).toBeGreaterThan(0);
  });

  it('serves app:// as a privileged standard scheme and registers the IPC channel', async () => {
    await startMain();
    expect(h.calls.schemes).toContainEqual(expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }));
    expect(h.calls.protocolHandled).toEqual(['app']);
    expect(h.calls.ipcChannels).toEqual(['studio:invoke']);
    expect(h.calls.menuTemplate).toBeInstanceOf(Array);
    expect(h.appHandlers.has('second-instance')).toBe(true);
  });

  it('denies permissions and remote requests', async () => {
    await startMain();
    const granted = vi.fn();
    h.calls.permissionHandler?.({}, 'geolocation', granted);
    expect(granted).toHaveBeenCalledWith(false);
    const answer = vi.fn();
    h.calls.beforeRequest?.({ url: 'https://example.com/tracker.js' }, answer);
    expect(answer).toHaveBeenCalledWith({ cancel: true });
    h.calls.beforeRequest?.({ url: 'app://studio/assets/index.js' }, answer);
    expect(answer).toHaveBeenLastCalledWith({ cancel: false });
  });

  it('hardens every webContents: no navigation away, no new windows, no webviews', async () => {
    await startMain();
    const on = new Map<string, (...a: unknown[]) => unknown>();
    let openHandler: ((d: { url: string }) => unknown) | null = null;
    const contents = {
      on: (name: string, fn: (...a: unknown[]) => unknown) => void on.set(name, fn),
      setWindowOpenHandler: (fn: (d: { url: string }) => unknown) => (openHandler = fn),
    };
    h.appHandlers.get('web-contents-created')?.({}, contents);
    const prevent = vi.fn();
    on.get('will-navigate')?.({ preventDefault: prevent }, 'https://evil.example/');
    expect(prevent).toHaveBeenCalledOnce();
    on.get('will-navigate')?.({ preventDefault: prevent }, 'app://studio/index.html');
    expect(prevent).toHaveBeenCalledOnce();
    on.get('will-attach-webview')?.({ preventDefault: prevent });
    expect(prevent).toHaveBeenCalledTimes(2);
    expect(openHandler).not.toBeNull();
    expect(openHandler!({ url: 'https://nest-simulator.org' })).toEqual({ action: 'deny' });
  });

  it('a second instance quits without opening a window', async () => {
    h.state.lock = false;
    try {
      await startMain();
      expect(h.calls.quit).toBe(1);
      expect(h.windows).toHaveLength(0);
    } finally {
      h.state.lock = true;
    }
  });
});
