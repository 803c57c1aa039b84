/**
 * Electron's main process: thin glue. It creates the services (the same ones the localhost server
 * uses), serves the renderer on app://, wires IPC to the shared dispatcher and opens the one window.
 * All logic lives in src-main/services and the pure modules beside this file.
 */
import { app, BrowserWindow, ipcMain, Menu, protocol, screen, session, shell, utilityProcess } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_NAME, ENGINE_VERSION } from '../../engine/api.ts';
import { electronHostLauncher } from '../runs/electron-launcher.ts';
import type { HostLauncher } from '../runs/launcher.ts';
import { createServices, type StudioServices } from '../services/services.ts';
import { fitBounds, loadWindowStateSync, MIN_SIZE, saveWindowStateSync } from '../services/window-state.ts';
import { EVENT_CHANNEL } from './ipc-channels.ts';
import { registerIpc } from './ipc.ts';
import { buildMenuTemplate } from './menu.ts';
import { APP_URL } from './policy.ts';
import { registerAppScheme, serveAppProtocol } from './protocol.ts';
import { hardenSession, hardenWebContents } from './security.ts';

const here = path.dirname(fileURLToPath(import.meta.url)); // out/main
const RENDERER_DIR = path.join(here, '..', 'renderer');
const PRELOAD = path.join(here, '..', 'preload', 'preload.cjs');

registerAppScheme(protocol);
app.enableSandbox();

const ourWebContents = new Set<number>();

function createWindow(services: StudioServices): BrowserWindow {
  const stateFile = path.join(app.getPath('userData'), 'window-state.json');
  const saved = loadWindowStateSync(stateFile);
  const bounds = fitBounds(saved?.bounds ?? null, [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea));
  const win = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: app.getName(),
    backgroundColor: '#1b1d22',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  const id = win.webContents.id;
  ourWebContents.add(id);
  if (saved?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  let saveTimer: NodeJS.Timeout | undefined;
  const save = (): void => {
    clearTimeout(saveTimer);
    try {
      saveWindowStateSync(stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (error) {
      console.error('could not save the window state:', error);
    }
  };
  const saveSoon = (): void => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 500);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('close', save);

  const unsubscribe = services.events.subscribe((event) => {
    if (!win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event);
  });
  win.on('closed', () => {
    unsubscribe();
    ourWebContents.delete(id);
  });
  void win.loadURL(APP_URL);
  return win;
}

function start(): void {
  let services: StudioServices | null = null;
  let win: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, (url) => void shell.openExternal(url)));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Quit waits for the services: running runs are cancelled, their engine processes awaited and the
  // database closed, so no run is left 'running' and no host outlives the app.
  app.on('will-quit', (event) => {
    if (!services) return;
    event.preventDefault();
    const closing = services;
    services = null;
    void closing
      .close()
      .catch((error: unknown) => console.error('the services did not close cleanly:', error))
      .finally(() => app.quit());
  });

  void app.whenReady().then(() => {
    // Each run's engine host in a utility process (utilityProcess.fork works once the app is ready).
    const launcher: HostLauncher = (listeners) => electronHostLauncher(utilityProcess)(listeners);
    services = createServices({ identity: { name: app.getName(), version: app.getVersion() }, dataDir: app.getPath('userData'), launcher });
    hardenSession(session.defaultSession);
    serveAppProtocol(protocol, RENDERER_DIR);
    registerIpc(ipcMain, services.dispatch, ourWebContents);
    app.setAboutPanelOptions({
      applicationName: app.getName(),
      applicationVersion: app.getVersion(),
      credits: `Engine: ${ENGINE_NAME} ${ENGINE_VERSION}`,
    });
    const dataDir = app.getPath('userData');
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate({
          appName: app.getName(),
          platform: process.platform,
          isPackaged: app.isPackaged,
          onShowDataFolder: () => void shell.openPath(dataDir),
        }),
      ),
    );
    const ready = services;
    win = createWindow(ready);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) win = createWindow(ready);
    });
  });
}

if (app.requestSingleInstanceLock()) start();
else app.quit();
